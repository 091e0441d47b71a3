// ShapesNet and its training on the Shapes world: the architecture's taps, determinism for a seed, a
// reduced run that learns, cancellation, and the demo folder (`buildDemo`, `hint demo`).
#include "common/sha256.h"
#include "data/shapes_world.h"
#include "demo/demo_builder.h"
#include "demo/demo_project.h"
#include "hierarchy/word_net.h"
#include "demo/shapes_training.h"
#include "model/network.h"
#include "store/project.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

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
    options.shippedDirs = {};  // never the weights shipped in resources/demo
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
    for (const char* name : {"features.0", "features.15", "features.16", "pool", "classifier.0"})
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

    // The project opens the demo: its weights, the test images with boxes and masks, the default tap,
    // every demo synset (classes and WordNet ancestors), the seed.
    EXPECT_TRUE(r.trained);
    EXPECT_EQ(manifest["project"], "demo.hintproj");
    auto project = hint::store::Project::load(r.projectPath);
    ASSERT_TRUE(project.ok()) << project.error().message;
    EXPECT_EQ(project->model.arch, "shapesnet");
    EXPECT_EQ(fs::path(project->model.weights), fs::path(r.weightsPath));
    EXPECT_EQ(project->model.preprocessing["size"], 96);
    // Three distinct taps of at least 12x12, the default first: the explorer opens a project at its first layer.
    EXPECT_EQ(project->layers, hint::demo::demoLayers());
    ASSERT_EQ(project->layers.size(), 3u);
    EXPECT_EQ(project->layers.front(), hint::model::findArchitecture("shapesnet")->defaultLayer);
    EXPECT_EQ(std::set<std::string>(project->layers.begin(), project->layers.end()).size(), 3u);
    for (const auto& layer : project->layers) {
        auto tap = loaded.value()->findTap(layer, project->model.preprocessing["size"].get<int>());
        ASSERT_TRUE(tap.ok()) << tap.error().message;
        ASSERT_EQ(tap->shape.size(), 3u) << layer;
        EXPECT_GE(tap->shape[1], 12) << layer;
    }
    ASSERT_EQ(project->datasets.size(), 1u);
    EXPECT_EQ(fs::path(project->datasets[0].path), fs::path(r.imagesDir));
    EXPECT_EQ(project->datasets[0].kind, "folder");
    for (const char* key : {"boxes", "masks", "labels"})
        EXPECT_TRUE(fs::exists(fs::path(out) / project->datasets[0].extra[key].get<std::string>())) << key;
    EXPECT_EQ(project->seed, tinyDemo().seed);
    std::set<std::string> concepts(project->concepts.begin(), project->concepts.end());
    EXPECT_EQ(concepts.size(), project->concepts.size());
    EXPECT_EQ(static_cast<int64_t>(concepts.size()), r.concepts);
    for (const auto& c : ShapesWorld::classes()) EXPECT_EQ(concepts.count(c.wnid), 1u) << c.name;
    if (fs::exists(hint::hierarchy::WordNet::defaultPath())) {
        auto wnids = hint::demo::demoConceptWnids();
        ASSERT_TRUE(wnids.ok());
        EXPECT_EQ(concepts, std::set<std::string>(wnids->begin(), wnids->end()));
        EXPECT_GT(concepts.size(), ShapesWorld::classes().size());  // ancestors too
    }

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

// Shipped weights (here: an earlier demo folder) are copied instead of training, but only for the same
// seed and training options, intact, and unless asked to retrain.
TEST(DemoBuilder, ReusesShippedWeightsOfTheSameRecipeOnly)
{
    ThreadsGuard guard;
    hint::model::setComputeThreads(0);
    hint::test::TempDir scratch("demo_shipped");
    hint::jobs::SimpleJobContext job;
    auto made = hint::demo::buildDemo(scratch / "made", tinyDemo(), job);
    ASSERT_TRUE(made.ok()) << made.error().message;

    auto options = tinyDemo();
    options.shippedDirs = {scratch / "missing", scratch / "made"};
    auto copied = hint::demo::buildDemo(scratch / "copied", options, job);
    ASSERT_TRUE(copied.ok()) << copied.error().message;
    EXPECT_FALSE(copied->trained);
    EXPECT_EQ(copied->weightsSource, made->weightsPath);
    EXPECT_EQ(copied->weightsSha256, made->weightsSha256);
    EXPECT_EQ(copied->parametersSha256, made->parametersSha256);
    EXPECT_EQ(copied->test.accuracy, made->test.accuracy);
    EXPECT_TRUE(copied->training.epochs.empty());
    std::ifstream in(fs::path(copied->dir) / "demo.json");
    const auto manifest = nlohmann::json::parse(in);
    EXPECT_EQ(manifest["trained"], false);
    EXPECT_EQ(manifest["training"]["history"].size(), 2u);  // the record of the run that trained them
    EXPECT_TRUE(fs::exists(copied->projectPath));

    auto retrain = options;
    retrain.retrain = true;
    auto again = hint::demo::buildDemo(scratch / "again", retrain, job);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_TRUE(again->trained);
    EXPECT_EQ(again->weightsSha256, made->weightsSha256);  // deterministic

    auto otherSeed = options;
    otherSeed.seed = 7;
    auto other = hint::demo::buildDemo(scratch / "other", otherSeed, job);
    ASSERT_TRUE(other.ok()) << other.error().message;
    EXPECT_TRUE(other->trained);
    EXPECT_NE(other->weightsSha256, made->weightsSha256);

    // A weights file that is not the one its manifest names is not used.
    {
        std::fstream weights(made->weightsPath, std::ios::in | std::ios::out | std::ios::binary);
        weights.seekg(-1, std::ios::end);
        const char last = static_cast<char>(weights.get());
        weights.seekp(-1, std::ios::end);
        weights.put(static_cast<char>(last ^ 0x55));
    }
    auto tampered = hint::demo::buildDemo(scratch / "tampered", options, job);
    ASSERT_TRUE(tampered.ok()) << tampered.error().message;
    EXPECT_TRUE(tampered->trained);
    EXPECT_EQ(tampered->weightsSha256, again->weightsSha256);
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
