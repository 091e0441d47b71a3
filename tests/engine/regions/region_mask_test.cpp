// Region masks against a direct numpy computation (tests/python/regions_reference.py) for every aggregation
// mode, gradcam-type maps and maps whose 99th percentile equals their minimum.
#include "regions/region_mask.h"

#include "common/npy.h"
#include "engine/regions/extraction_fixture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

namespace {

using hint::regions::AggregationMode;

struct Reference {
    std::vector<int64_t> masks;
    hint::FloatTensor maps;
    std::vector<int64_t> normalized;
};

Reference runNumpy(const std::filesystem::path& dir, const std::string& mode, double percentile, double threshold)
{
    const std::string command = std::string(HINT_PYTHON3) + " " + HINT_SOURCE_DIR + "/tests/python/regions_reference.py " +
                                (dir / "saliency.npy").string() + " " + mode + " " + std::to_string(percentile) + " " +
                                std::to_string(threshold) + " " + dir.string();
    Reference ref;
    if (std::system(command.c_str()) != 0) {
        ADD_FAILURE() << "numpy reference failed: " << command;
        return ref;
    }
    ref.masks = hint::readNpyInt64((dir / "ref_masks.npy").string()).value();
    ref.maps = hint::readNpyFloat((dir / "ref_maps.npy").string()).value();
    ref.normalized = hint::readNpyInt64((dir / "ref_normalized.npy").string()).value();
    return ref;
}

// Compares every image's mask with numpy's. A differing bit is only tolerated where numpy's value sits within
// float rounding of the threshold (summation order differs), and there must be almost none.
void expectMasksMatch(const hint::test::FakeExtraction& fake, const Reference& ref, const hint::regions::MaskParams& params)
{
    const int64_t positions = fake.h * fake.w;
    int64_t borderline = 0, positivesSeen = 0;
    for (int64_t i = 0; i < fake.n; ++i) {
        const float* s = fake.saliency.data.data() + i * fake.saliencyChannels * positions;
        auto mask = hint::regions::computeMask(s, fake.saliencyChannels, positions, params);
        EXPECT_EQ(mask.normalized, ref.normalized[static_cast<size_t>(i)] == 1) << "image " << i;
        for (int64_t p = 0; p < positions; ++p) {
            const size_t at = static_cast<size_t>(i * positions + p);
            const float expected = ref.maps.data[at];
            EXPECT_NEAR(mask.map[static_cast<size_t>(p)], expected, 1e-5 * std::max(1.0f, std::fabs(expected)))
                << "image " << i << " position " << p;
            positivesSeen += ref.masks[at];
            if (mask.mask[static_cast<size_t>(p)] != ref.masks[at]) {
                ++borderline;
                EXPECT_LT(std::fabs(expected - params.threshold), 1e-5) << "image " << i << " position " << p;
            }
        }
    }
    EXPECT_LE(borderline, 1);
    EXPECT_GT(positivesSeen, 0);
}

class RegionMaskModes : public ::testing::TestWithParam<std::string> {};

TEST_P(RegionMaskModes, EqualsNumpyReference)
{
    auto dir = hint::test::scratchDir("mask_" + GetParam());
    hint::test::FakeExtraction fake;
    fake.n = 5;
    fake.k = 16;
    fake.h = 9;
    fake.w = 11;
    fake.saliencyChannels = 16;
    fake.seed = 7;
    fake.write(dir);
    hint::regions::MaskParams params;
    params.mode = hint::regions::parseAggregationMode(GetParam()).value();
    EXPECT_EQ(hint::regions::aggregationModeName(params.mode), GetParam());
    for (auto [percentile, threshold] : {std::pair{99.0, 0.5}, std::pair{90.0, 0.3}}) {
        params.percentile = percentile;
        params.threshold = threshold;
        expectMasksMatch(fake, runNumpy(dir, GetParam(), percentile, threshold), params);
    }
}

INSTANTIATE_TEST_SUITE_P(AllModes, RegionMaskModes,
                         ::testing::Values("norm", "sum", "filter_norm", "max", "abs_sum", "abs_max"));

TEST(RegionMask, GradcamMapsAreUsedAsTheyAre)
{
    auto dir = hint::test::scratchDir("mask_gradcam");
    hint::test::FakeExtraction fake;
    fake.saliencyChannels = 1;
    fake.write(dir);
    hint::regions::MaskParams params;
    params.mode = AggregationMode::AbsMax;  // ignored for single-channel maps
    expectMasksMatch(fake, runNumpy(dir, "abs_max", 99.0, 0.5), params);
}

TEST(RegionMask, PercentileAtMinimumLeavesTheMapUnnormalized)
{
    auto dir = hint::test::scratchDir("mask_flat");
    hint::test::FakeExtraction fake;
    fake.n = 3;
    fake.k = 2;
    fake.h = 15;
    fake.w = 15;
    fake.saliencyChannels = 1;
    fake.saliency = hint::FloatTensor({3, 1, 15, 15}, 0.0f);
    // With 225 positions the 99th percentile interpolates between the 222nd and 223rd smallest values, so up
    // to two positions may exceed the minimum while P99 stays equal to it.
    // Image 0: constant 2.0. Image 1: zeros with 3.0 and 0.4. Image 2: -1 with 0.7, 0.2 and 5.0 (normalized).
    constexpr int kP = 225;
    auto* s = fake.saliency.data.data();
    for (int p = 0; p < kP; ++p) s[p] = 2.0f;
    s[kP + 10] = 3.0f;
    s[kP + 11] = 0.4f;
    for (int p = 0; p < kP; ++p) s[2 * kP + p] = -1.0f;
    s[2 * kP + 5] = 0.7f;
    s[2 * kP + 6] = 0.2f;
    s[2 * kP + 7] = 5.0f;
    fake.write(dir);
    hint::regions::MaskParams params;
    auto ref = runNumpy(dir, "norm", 99.0, 0.5);
    ASSERT_EQ(ref.normalized, (std::vector<int64_t>{0, 0, 1}));
    expectMasksMatch(fake, ref, params);
    // Unnormalized: the raw values are thresholded (constant 2.0 > 0.5 everywhere; only the 3.0 in image 1).
    auto flat = hint::regions::computeMask(s, 1, kP, params);
    EXPECT_FALSE(flat.normalized);
    EXPECT_EQ(flat.positives, kP);
    auto pair = hint::regions::computeMask(s + kP, 1, kP, params);
    EXPECT_FALSE(pair.normalized);
    EXPECT_EQ(pair.positives, 1);
    EXPECT_EQ(pair.mask[10], 1);
}

TEST(RegionMask, PercentileMatchesNumpyLinearInterpolation)
{
    // np.percentile([1, 2, 3, 4, 10], q) for q = 0, 99, 50, 90, 100: 1, 9.76, 3, 7.6, 10
    std::vector<float> v = {4, 10, 1, 3, 2};
    EXPECT_DOUBLE_EQ(hint::regions::percentileLinear(v, 0), 1.0);
    EXPECT_NEAR(hint::regions::percentileLinear(v, 99), 9.76, 1e-12);
    EXPECT_DOUBLE_EQ(hint::regions::percentileLinear(v, 50), 3.0);
    EXPECT_NEAR(hint::regions::percentileLinear(v, 90), 7.6, 1e-12);
    EXPECT_DOUBLE_EQ(hint::regions::percentileLinear(v, 100), 10.0);
    EXPECT_DOUBLE_EQ(hint::regions::percentileLinear({5.0f}, 99), 5.0);
}

TEST(RegionMask, NonFiniteSaliencyCountsAsZero)
{
    std::vector<float> map(100);
    for (size_t i = 0; i < map.size(); ++i) map[i] = static_cast<float>((i * 37) % 100) * 0.1f;
    std::vector<float> withNan = map;
    withNan[3] = std::nanf("");
    withNan[4] = INFINITY;
    map[3] = 0.0f;
    map[4] = 0.0f;
    hint::regions::MaskParams params;
    auto expected = hint::regions::computeMask(map.data(), 1, 100, params);
    auto got = hint::regions::computeMask(withNan.data(), 1, 100, params);
    EXPECT_EQ(got.nonFinite, 2);
    EXPECT_EQ(got.mask, expected.mask);
    EXPECT_GT(got.positives, 0);
}

TEST(RegionMask, UnknownModeIsBadInputListingTheModes)
{
    auto mode = hint::regions::parseAggregationMode("l3");
    ASSERT_FALSE(mode.ok());
    EXPECT_EQ(mode.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(mode.error().message.find("filter_norm"), std::string::npos);
}

}  // namespace
