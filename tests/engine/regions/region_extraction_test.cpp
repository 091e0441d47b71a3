// computeRegions over generated extraction folders: counts and contents of positives/background, the
// sampling caps (respected, seeded, deterministic), cancellation and bad input.
#include "regions/region_extraction.h"

#include "common/npy.h"
#include "engine/regions/extraction_fixture.h"

#include <gtest/gtest.h>

#include <set>

namespace {

namespace fs = std::filesystem;
using hint::regions::RegionParams;

struct Output {
    hint::FloatTensor positives, background;
    std::vector<int64_t> positivesIndex, backgroundIndex;
};

Output readOutput(const fs::path& out)
{
    Output o;
    o.positives = hint::readNpyFloat((out / "positives.npy").string()).value();
    o.background = hint::readNpyFloat((out / "background.npy").string()).value();
    o.positivesIndex = hint::readNpyInt64((out / "positives_index.npy").string()).value();
    o.backgroundIndex = hint::readNpyInt64((out / "background_index.npy").string()).value();
    return o;
}

// Every output row is z[:, position] of its image, and its mask bit is the expected one.
void expectRowsAreFeatureColumns(const hint::test::FakeExtraction& fake, const hint::FloatTensor& rows,
                                 const std::vector<int64_t>& index, uint8_t wantedMask, const RegionParams& params)
{
    const int64_t positions = fake.h * fake.w;
    ASSERT_EQ(rows.shape.size(), 2u);
    ASSERT_EQ(rows.shape[1], fake.k);
    ASSERT_EQ(static_cast<int64_t>(index.size()), rows.shape[0] * 2);
    for (int64_t r = 0; r < rows.shape[0]; ++r) {
        const int64_t image = index[static_cast<size_t>(2 * r)], position = index[static_cast<size_t>(2 * r + 1)];
        ASSERT_TRUE(image >= 0 && image < fake.n && position >= 0 && position < positions);
        const float* s = fake.saliency.data.data() + image * fake.saliencyChannels * positions;
        auto mask = hint::regions::computeMask(s, fake.saliencyChannels, positions, params.mask);
        EXPECT_EQ(mask.mask[static_cast<size_t>(position)], wantedMask);
        for (int64_t c = 0; c < fake.k; ++c)
            ASSERT_EQ(rows.data[static_cast<size_t>(r * fake.k + c)],
                      fake.features.data[static_cast<size_t>((image * fake.k + c) * positions + position)]);
    }
}

bool hasTempSiblings(const fs::path& parent)
{
    for (const auto& entry : fs::directory_iterator(parent))
        if (entry.path().filename().string().find(".tmp-") != std::string::npos) return true;
    return false;
}

TEST(RegionExtraction, WritesEveryPositionOnceSplitByTheMask)
{
    auto dir = hint::test::scratchDir("regions_all");
    hint::test::FakeExtraction fake;
    fake.write(dir / "extract", 2);
    RegionParams params;
    hint::jobs::SimpleJobContext context;
    auto summary = hint::regions::computeRegions((dir / "extract").string(), (dir / "out").string(), params, context);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    const int64_t positions = fake.h * fake.w;
    ASSERT_EQ(static_cast<int64_t>(summary->images.size()), fake.n);
    EXPECT_EQ(summary->images[1].path, "img1.png");  // the skipped manifest entries have no rows
    EXPECT_EQ(context.done(), fake.n);
    int64_t expectedPositives = 0;
    for (int64_t i = 0; i < fake.n; ++i) {
        const float* s = fake.saliency.data.data() + i * fake.k * positions;
        const int64_t p = hint::regions::computeMask(s, fake.k, positions, params.mask).positives;
        EXPECT_EQ(summary->images[static_cast<size_t>(i)].positives, p);
        EXPECT_EQ(summary->images[static_cast<size_t>(i)].background, positions - p);
        expectedPositives += p;
    }
    EXPECT_EQ(summary->positivesTotal, expectedPositives);
    EXPECT_EQ(summary->positivesWritten, expectedPositives);
    EXPECT_EQ(summary->backgroundWritten, fake.n * positions - expectedPositives);
    // With t = 0.5 after the P99 normalization some but not all positions are responsible.
    EXPECT_GT(expectedPositives, 0);
    EXPECT_LT(expectedPositives, fake.n * positions / 2);

    auto out = readOutput(dir / "out");
    EXPECT_EQ(out.positives.shape, (std::vector<int64_t>{expectedPositives, fake.k}));
    EXPECT_EQ(out.background.shape, (std::vector<int64_t>{fake.n * positions - expectedPositives, fake.k}));
    expectRowsAreFeatureColumns(fake, out.positives, out.positivesIndex, 1, params);
    expectRowsAreFeatureColumns(fake, out.background, out.backgroundIndex, 0, params);
    // Together the two index lists cover every (image, position) exactly once.
    std::set<std::pair<int64_t, int64_t>> seen;
    for (const auto* list : {&out.positivesIndex, &out.backgroundIndex})
        for (size_t r = 0; r < list->size(); r += 2) seen.insert({(*list)[r], (*list)[r + 1]});
    EXPECT_EQ(static_cast<int64_t>(seen.size()), fake.n * positions);

    std::ifstream jsonFile(dir / "out" / "regions.json");
    auto json = nlohmann::json::parse(jsonFile);
    EXPECT_EQ(json["positives"], expectedPositives);
    EXPECT_EQ(json["parameters"]["mode"], "norm");
    EXPECT_EQ(json["images"].size(), static_cast<size_t>(fake.n));
    EXPECT_EQ(json["images"][2]["target_index"], 2);
    EXPECT_FALSE(hasTempSiblings(dir));
}

TEST(RegionExtraction, CapsAreRespectedSeededAndDeterministic)
{
    auto dir = hint::test::scratchDir("regions_cap");
    hint::test::FakeExtraction fake;
    fake.n = 10;
    fake.write(dir / "extract");
    RegionParams params;
    params.maxPositives = 25;
    params.maxBackground = 40;
    params.seed = 5;
    hint::jobs::SimpleJobContext context;
    auto run = [&](const std::string& name) {
        auto summary = hint::regions::computeRegions((dir / "extract").string(), (dir / name).string(), params, context);
        EXPECT_TRUE(summary.ok()) << summary.error().message;
        return readOutput(dir / name);
    };
    auto first = run("a");
    auto again = run("b");
    params.seed = 6;
    auto other = run("c");
    params.seed = 5;

    EXPECT_EQ(first.positives.shape, (std::vector<int64_t>{25, fake.k}));
    EXPECT_EQ(first.background.shape, (std::vector<int64_t>{40, fake.k}));
    expectRowsAreFeatureColumns(fake, first.positives, first.positivesIndex, 1, params);
    expectRowsAreFeatureColumns(fake, first.background, first.backgroundIndex, 0, params);
    EXPECT_EQ(first.positives.data, again.positives.data);
    EXPECT_EQ(first.backgroundIndex, again.backgroundIndex);
    EXPECT_NE(first.positivesIndex, other.positivesIndex);
    EXPECT_NE(first.backgroundIndex, other.backgroundIndex);
    // Kept rows come in stream order (image, then position) and are distinct.
    for (size_t r = 2; r < first.backgroundIndex.size(); r += 2) {
        auto prev = std::make_pair(first.backgroundIndex[r - 2], first.backgroundIndex[r - 1]);
        EXPECT_LT(prev, std::make_pair(first.backgroundIndex[r], first.backgroundIndex[r + 1]));
    }
    // The sample spreads over the images rather than filling up with the first ones.
    std::set<int64_t> images;
    for (size_t r = 0; r < first.backgroundIndex.size(); r += 2) images.insert(first.backgroundIndex[r]);
    EXPECT_GE(images.size(), 6u);
}

TEST(RegionExtraction, CapLargerThanTheStreamKeepsEverything)
{
    auto dir = hint::test::scratchDir("regions_bigcap");
    hint::test::FakeExtraction fake;
    fake.write(dir / "extract");
    RegionParams all, capped;
    capped.maxPositives = 1000000;
    hint::jobs::SimpleJobContext context;
    auto a = hint::regions::computeRegions((dir / "extract").string(), (dir / "a").string(), all, context);
    auto b = hint::regions::computeRegions((dir / "extract").string(), (dir / "b").string(), capped, context);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(readOutput(dir / "a").positives.data, readOutput(dir / "b").positives.data);
}

class CancelAfter : public hint::jobs::SimpleJobContext {
public:
    explicit CancelAfter(int64_t images) : m_images(images) {}
    void progress(int64_t done, int64_t total, const std::string& stage) override
    {
        SimpleJobContext::progress(done, total, stage);
        if (done >= m_images) cancel();
    }

private:
    int64_t m_images;
};

TEST(RegionExtraction, CancelledRunPublishesNothingAndKeepsTheOldOutput)
{
    auto dir = hint::test::scratchDir("regions_cancel");
    hint::test::FakeExtraction fake;
    fake.write(dir / "extract");
    CancelAfter cancelAfterTwo(2);
    auto summary = hint::regions::computeRegions((dir / "extract").string(), (dir / "out").string(), {}, cancelAfterTwo);
    ASSERT_FALSE(summary.ok());
    EXPECT_EQ(summary.error().kind, hint::ErrorKind::Cancelled);
    EXPECT_EQ(cancelAfterTwo.done(), 2);
    EXPECT_FALSE(fs::exists(dir / "out"));
    EXPECT_FALSE(hasTempSiblings(dir));

    hint::jobs::SimpleJobContext plain;
    ASSERT_TRUE(hint::regions::computeRegions((dir / "extract").string(), (dir / "out").string(), {}, plain).ok());
    const auto before = readOutput(dir / "out").positives.data;
    RegionParams other;
    other.mask.threshold = 0.2;
    CancelAfter cancelAgain(1);
    ASSERT_FALSE(hint::regions::computeRegions((dir / "extract").string(), (dir / "out").string(), other, cancelAgain).ok());
    EXPECT_EQ(readOutput(dir / "out").positives.data, before);
    // A finished run replaces an earlier regions output.
    ASSERT_TRUE(hint::regions::computeRegions((dir / "extract").string(), (dir / "out").string(), other, plain).ok());
    EXPECT_GT(readOutput(dir / "out").positives.shape[0], static_cast<int64_t>(before.size()) / fake.k);
    EXPECT_FALSE(hasTempSiblings(dir));
}

TEST(RegionExtraction, BadInputNamesTheFolderOrFile)
{
    auto dir = hint::test::scratchDir("regions_bad");
    hint::jobs::SimpleJobContext context;
    auto missing = hint::regions::computeRegions((dir / "nowhere").string(), (dir / "out").string(), {}, context);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(missing.error().message.find("nowhere"), std::string::npos);

    hint::test::FakeExtraction fake;
    fake.write(dir / "extract");
    hint::FloatTensor wrong({fake.n, 3, fake.h, fake.w});
    ASSERT_TRUE(hint::writeNpy((dir / "extract" / "saliency.npy").string(), wrong).ok());
    auto mismatch = hint::regions::computeRegions((dir / "extract").string(), (dir / "out").string(), {}, context);
    ASSERT_FALSE(mismatch.ok());
    EXPECT_EQ(mismatch.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(mismatch.error().message.find("saliency.npy"), std::string::npos);

    // An --out folder holding something else is never overwritten.
    fake.write(dir / "extract");
    fs::create_directories(dir / "precious");
    std::ofstream(dir / "precious" / "notes.txt") << "keep";
    auto refused = hint::regions::computeRegions((dir / "extract").string(), (dir / "precious").string(), {}, context);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, hint::ErrorKind::BadInput);
    EXPECT_TRUE(fs::exists(dir / "precious" / "notes.txt"));
    EXPECT_FALSE(fs::exists(dir / "precious" / "regions.json"));
}

}  // namespace
