// The dry-run estimate (pipeline/run_estimate.h): counts from the plan and the cache, costs from a cost
// model, and `hint run --dry-run` computing and writing nothing.
#include "pipeline_fixture.h"

#include "pipeline/pipeline_run.h"
#include "pipeline/run_estimate.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using namespace hint;
using pipeline::Step;

// Round numbers per image, so the expected totals can be worked out by hand.
nlohmann::json costModel(const std::string& tap)
{
    return {{"measured", "test"},
            {"models",
             {{"shapesnet",
               {{"taps",
                 {{tap,
                   {{"extract", {{"seconds_per_image", 2.0}, {"bytes_per_image", 1000}}},
                    {"regions", {{"seconds_per_image", 0.5}, {"bytes_per_image", 100}}},
                    {"train", {{"seconds_per_image", 0.1}, {"bytes_per_image", 10}}},
                    {"shapley", {{"seconds_per_image", 0.01}, {"bytes_per_image", 1}}}}}}}}}}}};
}

const pipeline::StepEstimate* stepOf(const pipeline::RunEstimate& e, Step step)
{
    for (const auto& s : e.steps)
        if (s.step == step) return &s;
    return nullptr;
}

TEST(RunEstimate, CountsImagesAndCostsPerStep)
{
    REQUIRE_WORDNET();
    test::TempDir dir("estimate_counts");
    auto plan = pipeline::buildPlan(test::pipelineProject(dir.path()));
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    ASSERT_EQ(static_cast<int64_t>(plan->tasks.size()), test::kPipelineEntries);
    std::vector<bool> stored(plan->tasks.size(), false);
    const auto e = pipeline::estimateRun(plan.value(), pipeline::allSteps(), stored, costModel("features.13"));
    EXPECT_EQ(e.entries, 10);
    EXPECT_EQ(e.toCompute, 10);
    EXPECT_EQ(e.stored, 0);
    // 3 classes x 3 images (images_per_leaf 3), each extracted once; each of the 2 trains reads its group
    // of 3 concepts = 9 images.
    EXPECT_EQ(e.imagesToExtract, 9);
    ASSERT_NE(stepOf(e, Step::Train), nullptr);
    EXPECT_EQ(stepOf(e, Step::Train)->images, 18);
    EXPECT_EQ(stepOf(e, Step::Localize), nullptr);  // no data set with boxes
    EXPECT_NEAR(e.cpuSeconds, 9 * 2.0 + 9 * 0.5 + 18 * 0.1 + 18 * 0.01, 1e-9);
    EXPECT_EQ(e.diskBytes, 9 * 1000 + 9 * 100 + 18 * 10 + 18 * 1);
    EXPECT_TRUE(e.notes.empty());

    // Stored extractions are neither computed nor costed; a shapley-only run of stored trains needs nothing else.
    for (size_t i = 0; i < plan->tasks.size(); ++i) stored[i] = plan->tasks[i].step == Step::Extract;
    const auto partial = pipeline::estimateRun(plan.value(), pipeline::allSteps(), stored, costModel("features.13"));
    EXPECT_EQ(partial.stored, 3);
    EXPECT_EQ(partial.toCompute, 7);
    EXPECT_EQ(partial.imagesToExtract, 0);
    EXPECT_NEAR(partial.cpuSeconds, 9 * 0.5 + 18 * 0.1 + 18 * 0.01, 1e-9);
    for (size_t i = 0; i < plan->tasks.size(); ++i) stored[i] = plan->tasks[i].step != Step::Shapley;
    const auto shapleyOnly = pipeline::estimateRun(plan.value(), {Step::Shapley}, stored, costModel("features.13"));
    EXPECT_EQ(shapleyOnly.entries, 4);  // the 2 shapley entries and the 2 stored trains they read
    EXPECT_EQ(shapleyOnly.stored, 2);
    EXPECT_EQ(shapleyOnly.toCompute, 2);
    EXPECT_NEAR(shapleyOnly.cpuSeconds, 18 * 0.01, 1e-9);
}

TEST(RunEstimate, UnmeasuredTapsAndModelsAreFlaggedNotInvented)
{
    REQUIRE_WORDNET();
    test::TempDir dir("estimate_unmeasured");
    auto plan = pipeline::buildPlan(test::pipelineProject(dir.path()));
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    const std::vector<bool> stored(plan->tasks.size(), false);
    // Another tap of the same model: its costs stand in, with a note.
    const auto otherTap = pipeline::estimateRun(plan.value(), pipeline::allSteps(), stored, costModel("features.5"));
    EXPECT_NEAR(otherTap.cpuSeconds, 9 * 2.0 + 9 * 0.5 + 18 * 0.1 + 18 * 0.01, 1e-9);
    ASSERT_FALSE(otherTap.notes.empty());
    EXPECT_NE(otherTap.notes.front().find("features.13"), std::string::npos) << otherTap.notes.front();
    // No measurement of the architecture at all: no cost, every step says so.
    const auto none = pipeline::estimateRun(plan.value(), pipeline::allSteps(), stored, nlohmann::json::object());
    EXPECT_EQ(none.toCompute, 10);
    EXPECT_EQ(none.cpuSeconds, 0.0);
    for (const auto& s : none.steps) EXPECT_FALSE(s.measured) << pipeline::stepName(s.step);
    EXPECT_FALSE(none.notes.empty());
}

TEST(RunEstimate, ShippedCostModelParsesAndCoversTheDemo)
{
    const auto& model = pipeline::shippedCostModel();
    ASSERT_TRUE(model.is_object());
    ASSERT_TRUE(model.contains("models"));
    // The demo's model and the worked example's two (docs/cluster.md) are measured.
    for (const char* arch : {"shapesnet", "vgg19", "resnet50"}) {
        ASSERT_TRUE(model["models"].contains(arch)) << arch;
        for (const auto& [tap, steps] : model["models"][arch]["taps"].items())
            EXPECT_GT(steps["extract"]["seconds_per_image"].get<double>(), 0.0) << arch << " " << tap;
    }
}

// `hint run --dry-run --json` writes nothing (no cache folder appears); after a run it says 0 to compute.
TEST(RunEstimate, CliDryRunComputesNothing)
{
    REQUIRE_WORDNET();
    test::TempDir dir("estimate_cli");
    auto project = test::pipelineProject(dir.path());
    const std::string projectFile = dir / "study.hintproj";
    ASSERT_TRUE(project.save(projectFile).ok());
    const std::string cli = std::string(HINT_CLI_PATH) + " run '" + projectFile + "' --threads 1 --quiet --json";
    auto dry = test::runCommand(cli + " --dry-run");
    ASSERT_EQ(dry.exitCode, 0) << dry.output;
    const auto before = nlohmann::json::parse(dry.output);
    EXPECT_EQ(before["entries"], test::kPipelineEntries);
    EXPECT_EQ(before["to_compute"], test::kPipelineEntries);
    EXPECT_EQ(before["images_to_extract"], 9);
    EXPECT_GT(before["estimate_cpu_seconds"].get<double>(), 0.0);
    EXPECT_GT(before["estimate_disk_bytes"].get<int64_t>(), 0);
    EXPECT_FALSE(fs::exists(project.cacheDir)) << "a dry run creates no cache";

    auto run = test::runCommand(cli);
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const auto ran = nlohmann::json::parse(run.output);
    EXPECT_EQ(ran["computed"], test::kPipelineEntries);
    EXPECT_GT(ran["steps"]["extract"]["seconds"].get<double>(), 0.0);
    auto after = test::runCommand(cli + " --dry-run");
    ASSERT_EQ(after.exitCode, 0) << after.output;
    const auto done = nlohmann::json::parse(after.output);
    EXPECT_EQ(done["stored"], test::kPipelineEntries);
    EXPECT_EQ(done["to_compute"], 0);
    EXPECT_EQ(done["estimate_cpu_seconds"].get<double>(), 0.0);
    EXPECT_GT(done["cache_bytes"].get<int64_t>(), 0);
}

}  // namespace
