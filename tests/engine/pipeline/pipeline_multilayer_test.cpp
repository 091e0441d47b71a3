// A project with several layers extracts each image set once for all of them (one pass per batch), and
// still stores one extraction entry per layer, equal to that layer's extraction alone, so projects with
// fewer or other layers reuse them.
#include "pipeline_fixture.h"

#include "common/npy.h"
#include "pipeline/pipeline_run.h"
#include "saliency/extraction.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace {

namespace fs = std::filesystem;
using namespace hint;
using pipeline::Step;

const std::vector<std::string> kLayers = {"features.13", "features.10", "features.16"};

// Counts the warnings that name one file: an extraction pass reports an unreadable image once.
class CountsWarnings : public jobs::SimpleJobContext {
public:
    explicit CountsWarnings(std::string needle) : m_needle(std::move(needle)) {}
    void warning(const std::string& message) override
    {
        if (message.find(m_needle) != std::string::npos) ++matching;
        SimpleJobContext::warning(message);
    }
    int matching = 0;

private:
    std::string m_needle;
};

// The pipeline's images, one of the triangles replaced by a file that does not decode; with as many
// images per leaf as each folder holds, every file is sampled.
store::Project multilayerProject(const fs::path& dir, const std::vector<std::string>& layers)
{
    static const std::string images = [] {
        const std::string folder = test::writeShapesFolder(test::pipelineClasses(), "pipeline_multilayer_images");
        const fs::path triangles = fs::path(folder) / "n13879320";
        fs::remove(triangles / ("n13879320_" + std::to_string(test::kPipelineImagesPerClass - 1) + ".png"));
        std::ofstream(triangles / "broken.png") << "not a png";
        return folder;
    }();
    auto project = test::pipelineProject(dir);
    project.datasets[0].path = images;
    project.layers = layers;
    project.parameters["images_per_leaf"] = test::kPipelineImagesPerClass;
    project.parameters["batch"] = 3;
    return project;
}

TEST(PipelineMultilayer, EachImageSetIsExtractedOnceForAllLayers)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_multilayer");
    const auto project = multilayerProject(dir.path(), kLayers);
    CountsWarnings job("broken.png");
    auto run = pipeline::runProject(project, {}, job);
    ASSERT_TRUE(run.ok()) << run.error().message;
    // 3 image sets (one per polygon) x 3 layers = 9 entries from 3 passes; the triangle set holds the broken
    // file, reported once (one pass) instead of once per layer.
    EXPECT_EQ(run->computedOf(Step::Extract), 9);
    EXPECT_EQ(run->extractionPasses, 3);
    EXPECT_EQ(job.matching, 1);
    EXPECT_EQ(run->computed, 3 * test::kPipelineEntries);
    EXPECT_EQ(job.done(), job.total());

    // Every extraction entry equals that layer's extraction alone (as the pipeline asked for it).
    auto plan = pipeline::buildPlan(project);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    auto network = model::Network::create("shapesnet");
    ASSERT_TRUE(network.ok());
    network.value()->randomizeWeights(project.seed);
    int compared = 0;
    for (size_t i = 0; i < plan->tasks.size(); ++i) {
        const auto& task = plan->tasks[i];
        if (task.step != Step::Extract) continue;
        const auto& outcome = run->tasks.at(i);
        ASSERT_EQ(outcome.key, task.keyHex);
        saliency::ExtractionRequest request;
        request.images = task.images;
        request.saliency.layer = task.layer;
        request.saliency.seed = project.seed;
        request.preprocess = {data::PreprocessMode::Hint, plan->preprocessing["size"].get<int>()};
        request.batchSize = 3;  // as the project's: oneDNN's sums may differ by 1e-6 between batch sizes
        request.outDir = dir / ("alone-" + std::to_string(i));
        jobs::SimpleJobContext aloneJob;
        ASSERT_TRUE(saliency::runExtraction(*network.value(), request, aloneJob).ok());
        for (const char* name : {"features.npy", "saliency.npy"}) {
            auto stored = readNpyFloat(outcome.dir + "/" + name);
            auto alone = readNpyFloat(request.outDir + "/" + name);
            ASSERT_TRUE(stored.ok() && alone.ok()) << outcome.dir << " " << name;
            ASSERT_EQ(stored->shape, alone->shape) << task.layer << " " << name;
            EXPECT_LE(test::maxRelativeError(stored.value(), alone.value()), 1e-6) << task.layer << " " << name;
        }
        std::ifstream in(outcome.dir + "/manifest.json");
        EXPECT_EQ(nlohmann::json::parse(in)["layer"], task.layer);
        ++compared;
    }
    EXPECT_EQ(compared, 9);
}

TEST(PipelineMultilayer, EntriesStayPerLayerAndAreReusedByOtherLayerLists)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_multilayer_reuse");
    const pipeline::RunOptions extractOnly{{Step::Extract}, {}, 0};
    jobs::SimpleJobContext job;
    auto one = pipeline::runProject(multilayerProject(dir.path(), {"features.13"}), extractOnly, job);
    ASSERT_TRUE(one.ok()) << one.error().message;
    EXPECT_EQ(one->computedOf(Step::Extract), 3);
    EXPECT_EQ(one->extractionPasses, 3);

    // Adding two layers: the stored layer is reused, the two new ones share one pass per image set.
    auto three = pipeline::runProject(multilayerProject(dir.path(), kLayers), extractOnly, job);
    ASSERT_TRUE(three.ok()) << three.error().message;
    EXPECT_EQ(three->reusedOf(Step::Extract), 3);
    EXPECT_EQ(three->computedOf(Step::Extract), 6);
    EXPECT_EQ(three->extractionPasses, 3);
    EXPECT_EQ(test::countEntries(dir.path() / "cache"), 9);

    // A project of one of those layers alone finds its entries stored.
    auto alone = pipeline::runProject(multilayerProject(dir.path(), {"features.16"}), extractOnly, job);
    ASSERT_TRUE(alone.ok()) << alone.error().message;
    EXPECT_EQ(alone->computed, 0);
    EXPECT_EQ(alone->reusedOf(Step::Extract), 3);
    EXPECT_EQ(alone->extractionPasses, 0);
}

}  // namespace
