// Extraction at several taps (saliency::runExtractionAtTaps and `hint extract --layer A,B`): each tap's
// folder holds exactly the files a single-tap extraction writes, with the same manifest and arrays equal
// to 1e-6; skipped images are listed in every tap's manifest; bad layer lists write nothing.
#include "common/npy.h"
#include "engine/pipeline/pipeline_fixture.h"
#include "model/network.h"
#include "saliency/extraction.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

namespace {

namespace fs = std::filesystem;
using hint::test::maxRelativeError;

std::string hintCli() { return HINT_CLI_PATH; }

nlohmann::json readJson(const fs::path& file)
{
    std::ifstream in(file);
    return nlohmann::json::parse(in);
}

std::set<std::string> namesIn(const fs::path& dir)
{
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
    return names;
}

// The same files, the same manifest, targets equal and float arrays within 1e-6.
void expectSameExtraction(const fs::path& got, const fs::path& expected, const std::string& what)
{
    EXPECT_EQ(namesIn(got), namesIn(expected)) << what;
    EXPECT_EQ(readJson(got / "manifest.json"), readJson(expected / "manifest.json")) << what;
    for (const char* name : {"features.npy", "saliency.npy"}) {
        auto a = hint::readNpyFloat((got / name).string());
        auto b = hint::readNpyFloat((expected / name).string());
        ASSERT_TRUE(a.ok() && b.ok()) << what << " " << name;
        ASSERT_EQ(a->shape, b->shape) << what << " " << name;
        EXPECT_LE(maxRelativeError(a.value(), b.value()), 1e-6) << what << " " << name;
    }
    auto ta = hint::readNpyInt64((got / "targets.npy").string());
    auto tb = hint::readNpyInt64((expected / "targets.npy").string());
    ASSERT_TRUE(ta.ok() && tb.ok()) << what;
    EXPECT_EQ(ta.value(), tb.value()) << what;
}

// Shapes images of two classes plus one file that is not an image.
std::string imagesWithABrokenOne(const std::string& tag)
{
    const std::string dir = hint::test::writeShapesFolder({"n13879320", "n13882201"}, tag);
    std::ofstream(fs::path(dir) / "n13879320" / "broken.png") << "not a png";
    return dir;
}

TEST(MultiTapExtraction, EachTapFolderEqualsASingleTapExtraction)
{
    hint::test::TempDir dir("multi_tap_extraction");
    const std::string images = imagesWithABrokenOne("multi_tap_extraction_images");
    auto network = hint::model::Network::create("shapesnet");
    ASSERT_TRUE(network.ok());
    network.value()->randomizeWeights(5);

    hint::saliency::ExtractionRequest request;
    for (const auto& entry : fs::recursive_directory_iterator(images))
        if (entry.is_regular_file()) request.images.push_back({entry.path().string(), 2});
    std::sort(request.images.begin(), request.images.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    request.images.back().labelIndex = -1;  // no label: skipped under --target label
    request.preprocess = {hint::data::PreprocessMode::Hint, 96};
    request.batchSize = 3;  // batches that do not divide the image count
    const std::vector<std::string> layers = {"features.16", "features.10", "features.13"};

    for (auto method : {hint::saliency::Method::Guided, hint::saliency::Method::GradCam}) {
        request.saliency.method = method;
        const std::string tag = hint::saliency::methodName(method);
        std::vector<hint::saliency::TapOutput> taps;
        for (const auto& layer : layers) taps.push_back({layer, (dir.path() / (tag + "-together") / layer).string()});
        hint::jobs::SimpleJobContext job;
        auto summaries = hint::saliency::runExtractionAtTaps(*network.value(), request, taps, job);
        ASSERT_TRUE(summaries.ok()) << summaries.error().message;
        ASSERT_EQ(summaries->size(), layers.size());
        // One pass: the broken image and the unlabelled one are each reported once, not once per tap.
        EXPECT_EQ(job.warnings(), 2);

        for (size_t t = 0; t < layers.size(); ++t) {
            request.saliency.layer = layers[t];
            request.outDir = dir / (tag + "-alone-" + layers[t]);
            hint::jobs::SimpleJobContext aloneJob;
            auto alone = hint::saliency::runExtraction(*network.value(), request, aloneJob);
            ASSERT_TRUE(alone.ok()) << alone.error().message;
            EXPECT_EQ((*summaries)[t].featureShape, alone->featureShape);
            EXPECT_EQ((*summaries)[t].saliencyShape, alone->saliencyShape);
            EXPECT_EQ((*summaries)[t].processed, static_cast<int64_t>(request.images.size()) - 2);
            expectSameExtraction(taps[t].outDir, request.outDir, tag + " " + layers[t]);
        }
        const auto manifest = readJson(fs::path(taps[0].outDir) / "manifest.json");
        int skipped = 0;
        for (const auto& row : manifest["images"]) skipped += row["status"] == "skipped" ? 1 : 0;
        EXPECT_EQ(skipped, 2);
    }
}

TEST(MultiTapExtraction, ARepeatedOrUnknownLayerWritesNothing)
{
    hint::test::TempDir dir("multi_tap_bad");
    auto network = hint::model::Network::create("shapesnet");
    ASSERT_TRUE(network.ok());
    network.value()->randomizeWeights(5);
    hint::saliency::ExtractionRequest request;
    request.images = {{"missing.png", 1}};
    request.preprocess = {hint::data::PreprocessMode::Hint, 96};
    hint::jobs::SimpleJobContext job;
    for (const std::vector<std::string>& layers : {std::vector<std::string>{"features.10", "features.10"},
                                                   std::vector<std::string>{"features.10", "features.77"}}) {
        std::vector<hint::saliency::TapOutput> taps;
        for (size_t t = 0; t < layers.size(); ++t) taps.push_back({layers[t], dir / ("out" + std::to_string(t))});
        auto result = hint::saliency::runExtractionAtTaps(*network.value(), request, taps, job);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().kind, hint::ErrorKind::BadInput);
        EXPECT_NE(result.error().message.find(layers[1]), std::string::npos) << result.error().message;
        EXPECT_TRUE(fs::is_empty(dir.path())) << "something was left behind";
    }
}

TEST(MultiTapExtractCli, SeveralLayersWriteOneFolderPerTapAsASingleTapRunWould)
{
    hint::test::TempDir dir("multi_tap_cli");
    const std::string images = imagesWithABrokenOne("multi_tap_cli_images");
    const std::string common = hintCli() + " extract --arch shapesnet --random-weights --seed 4 --method gradient-x-input "
                                       "--target predicted --batch 4 --input-size 96 --images " + images;
    const fs::path out = dir.path() / "out";
    auto run = hint::test::runCommand(common + " --layer features.16,features.10 --json --out " + out.string() + " 2>&1");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_EQ(namesIn(out), (std::set<std::string>{"features.16", "features.10"}));
    EXPECT_NE(run.output.find("\"layers\""), std::string::npos) << run.output;
    EXPECT_TRUE(namesIn(dir.path()) == std::set<std::string>{"out"}) << "a staging folder was left behind";
    for (const std::string layer : {"features.16", "features.10"}) {
        const fs::path alone = dir.path() / ("alone-" + layer);
        auto single = hint::test::runCommand(common + " --layer " + layer + " --quiet --out " + alone.string() + " 2>&1");
        ASSERT_EQ(single.exitCode, 0) << single.output;
        expectSameExtraction(out / layer, alone, layer);
        EXPECT_EQ(readJson(out / layer / "manifest.json")["layer"], layer);
    }

    // Re-running replaces the earlier result whole, even with another list of layers.
    run = hint::test::runCommand(common + " --layer features.13,features.10 --quiet --out " + out.string() + " 2>&1");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_EQ(namesIn(out), (std::set<std::string>{"features.13", "features.10"}));

    // An unknown layer in the list: exit 2 naming it, the earlier result untouched.
    run = hint::test::runCommand(common + " --layer features.13,features.99 --quiet --out " + out.string() + " 2>&1");
    EXPECT_EQ(run.exitCode, 2) << run.output;
    EXPECT_NE(run.output.find("features.99"), std::string::npos) << run.output;
    EXPECT_EQ(namesIn(out), (std::set<std::string>{"features.13", "features.10"}));

    // A folder that holds no extraction is never overwritten.
    const fs::path foreign = dir.path() / "foreign";
    fs::create_directories(foreign);
    std::ofstream(foreign / "notes.txt") << "mine";
    run = hint::test::runCommand(common + " --layer features.13,features.10 --quiet --out " + foreign.string() + " 2>&1");
    EXPECT_EQ(run.exitCode, 2) << run.output;
    EXPECT_EQ(namesIn(foreign), std::set<std::string>{"notes.txt"});
}

}  // namespace
