// ShapesNet and its training on the Shapes world: the architecture's taps, determinism for a seed, a
// reduced run that learns, cancellation, and the demo folder (`buildDemo`, `hint demo`).
#include "common/sha256.h"
#include "data/shapes_world.h"
#include "demo/demo_builder.h"
#include "demo/shapes_training.h"
#include "model/network.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using hint::data::ShapesWorld;
using hint::demo::TrainingOptions;
using hint::model::Network;

namespace {

// Restores the compute threads after tests that change them.
class ThreadsGuard {
public:
    ThreadsGuard() : m_threads(hint::model::computeThreads()) {}
    ~ThreadsGuard() { hint::model::setComputeThreads(m_threads); }

private:
    int m_threads;
};

std::shared_ptr<Network> shapesNet()
{
    auto net = Network::create("shapesnet", ShapesWorld::numClasses());
    return net.ok() ? net.value() : nullptr;
}

TrainingOptions tinyTraining(uint64_t seed)
{
    TrainingOptions options;
    options.seed = seed;
    options.epochs = 2;
    options.imagesPerEpoch = 48;
    options.batchSize = 16;
    return options;
}

std::string trainedHash(uint64_t seed, uint64_t worldSeed = 0)
{
    auto net = shapesNet();
    hint::data::ShapesWorldOptions worldOptions;
    worldOptions.seed = worldSeed;
    hint::jobs::SimpleJobContext job;
    auto report = hint::demo::trainShapesNet(*net, ShapesWorld(worldOptions), tinyTraining(seed), job);
    return report.ok() ? hint::demo::parametersSha256(*net) : "failed: " + report.error().message;
}

// The demo options of the reduced runs below.
hint::demo::DemoOptions tinyDemo()
{
    hint::demo::DemoOptions options;
    options.training = tinyTraining(0);
    options.testPerClass = 2;
    return options;
}

}  // namespace

TEST(ShapesNet, IsInTheZooWithA12x12DefaultTap)
{
    const auto* info = hint::model::findArchitecture("shapesnet");
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->inputSize, 96);
    EXPECT_EQ(info->numClasses, ShapesWorld::numClasses());
    EXPECT_EQ(info->defaultPreprocess, "hint");
    auto net = shapesNet();
    ASSERT_TRUE(net);
    auto tap = net->findTap(info->defaultLayer, info->inputSize);
    ASSERT_TRUE(tap.ok()) << tap.error().message;
    ASSERT_EQ(tap->shape.size(), 3u);
    EXPECT_GE(tap->shape[1], 12);
    EXPECT_GE(tap->shape[2], 12);
    auto taps = net->taps(info->inputSize);
    ASSERT_TRUE(taps.ok());
    std::vector<std::string> names;
    for (const auto& t : taps.value()) names.push_back(t.name);
    for (const char* name : {"features.0", "features.13", "features.14", "avgpool", "classifier.0"})
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    hint::FloatTensor input;
    input.shape = {2, 3, 96, 96};
    input.data.assign(2 * 3 * 96 * 96, 0.5f);
    auto logits = net->logits(input);
    ASSERT_TRUE(logits.ok());
    EXPECT_EQ(logits->shape, (std::vector<int64_t>{2, ShapesWorld::numClasses()}));
}

TEST(ShapesTraining, SameSeedSameWeights)
{
    ThreadsGuard guard;
    hint::model::setComputeThreads(0);
    const std::string first = trainedHash(4);
    EXPECT_EQ(first.size(), 64u) << first;
    EXPECT_EQ(trainedHash(4), first);
    EXPECT_NE(trainedHash(5), first);      // other initialisation
    EXPECT_NE(trainedHash(4, 9), first);   // other images
}

TEST(ShapesTraining, CancelStopsAndLeavesTheNetworkFrozen)
{
    auto net = shapesNet();
    hint::jobs::SimpleJobContext job;
    job.cancel();
    auto report = hint::demo::trainShapesNet(*net, ShapesWorld(), tinyTraining(1), job);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error().kind, hint::ErrorKind::Cancelled);
    hint::FloatTensor input;
    input.shape = {1, 3, 96, 96};
    input.data.assign(3 * 96 * 96, 0.1f);
    EXPECT_TRUE(net->logits(input).ok());

    auto wrong = Network::create("shapesnet", 3);
    ASSERT_TRUE(wrong.ok());
    hint::jobs::SimpleJobContext fresh;
    auto refused = hint::demo::trainShapesNet(*wrong.value(), ShapesWorld(), tinyTraining(1), fresh);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, hint::ErrorKind::BadInput);
}

TEST(DemoBuilder, WritesAFolderTheAppsCanOpenAndReplacesOnlyADemo)
{
    ThreadsGuard guard;
    hint::model::setComputeThreads(0);
    hint::test::TempDir scratch("demo_builder");
    const std::string out = scratch / "demo";
    hint::jobs::SimpleJobContext job;
    auto built = hint::demo::buildDemo(out, tinyDemo(), job);
    ASSERT_TRUE(built.ok()) << built.error().message;
    const auto& r = built.value();
    EXPECT_EQ(r.test.images, 2 * ShapesWorld::numClasses());
    EXPECT_GE(r.test.accuracy, 0.0);
    EXPECT_EQ(hint::sha256File(r.weightsPath).value(), r.weightsSha256);
    EXPECT_EQ(static_cast<int64_t>(fs::file_size(r.weightsPath)), r.weightsBytes);

    std::ifstream in(fs::path(out) / "demo.json");
    const auto manifest = nlohmann::json::parse(in);
    EXPECT_EQ(manifest["arch"], "shapesnet");
    EXPECT_EQ(manifest["weights_sha256"], r.weightsSha256);
    EXPECT_EQ(manifest["classes"].size(), ShapesWorld::classes().size());
    EXPECT_EQ(manifest["classes"][0]["wnid"], ShapesWorld::classes()[0].wnid);
    for (const char* key : {"images", "masks", "boxes", "labels", "weights"})
        EXPECT_TRUE(fs::exists(fs::path(out) / manifest[key].get<std::string>())) << key;
    auto loaded = Network::create("shapesnet", ShapesWorld::numClasses());
    ASSERT_TRUE(loaded.ok());
    EXPECT_TRUE(loaded.value()->loadWeights((fs::path(out) / manifest["weights"].get<std::string>()).string()).ok());

    // Same seed, same weights file; the earlier demo is replaced and no temporary folder is left.
    auto again = hint::demo::buildDemo(out, tinyDemo(), job);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->weightsSha256, r.weightsSha256);
    int entries = 0;
    for (const auto& e : fs::directory_iterator(scratch.path())) entries += e.path().filename() == "demo" ? 0 : 1;
    EXPECT_EQ(entries, 0);

    // A folder holding something else is refused and left alone.
    const std::string other = scratch / "other";
    fs::create_directories(other);
    std::ofstream(fs::path(other) / "notes.txt") << "mine";
    auto refused = hint::demo::buildDemo(other, tinyDemo(), job);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, hint::ErrorKind::BadInput);
    EXPECT_TRUE(fs::exists(fs::path(other) / "notes.txt"));

    // Cancelled: nothing appears.
    hint::jobs::SimpleJobContext cancelled;
    cancelled.cancel();
    auto none = hint::demo::buildDemo(scratch / "never", tinyDemo(), cancelled);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().kind, hint::ErrorKind::Cancelled);
    EXPECT_FALSE(fs::exists(scratch / "never"));
    entries = 0;
    for (auto it = fs::directory_iterator(scratch.path()); it != fs::directory_iterator(); ++it) ++entries;
    EXPECT_EQ(entries, 2);  // demo and other
}

TEST(DemoCommand, PrintsTheReportAsJson)
{
    hint::test::TempDir scratch("demo_cli");
    const std::string out = scratch / "demo";
    const auto run = hint::test::runCommand(std::string(HINT_CLI_PATH) + " demo --json --quiet --out '" + out +
                                            "' --epochs 1 --images-per-epoch 32 --batch 16 --test-per-class 1 --seed 3");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const auto report = nlohmann::json::parse(run.output);
    for (const char* key : {"test_accuracy", "seconds", "cpu_seconds", "weights", "weights_sha256", "classes", "layer"})
        EXPECT_TRUE(report.contains(key)) << key;
    EXPECT_EQ(report["classes"].size(), ShapesWorld::classes().size());
    EXPECT_EQ(report["test_images"], ShapesWorld::numClasses());
    EXPECT_EQ(hint::sha256File(report["weights"].get<std::string>()).value(), report["weights_sha256"].get<std::string>());

    const auto bad = hint::test::runCommand(std::string(HINT_CLI_PATH) + " demo --out '" + out + "' --epochs 0 2>&1");
    EXPECT_EQ(bad.exitCode, 2) << bad.output;
    EXPECT_NE(bad.output.find("--epochs"), std::string::npos);
}
