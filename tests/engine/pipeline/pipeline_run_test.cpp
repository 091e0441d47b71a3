// The pipeline on a small generated project: every entry holds the CLI's files, a re-run reuses all,
// a cancelled run leaves only whole entries and the next run computes exactly the missing ones.
#include "pipeline_fixture.h"

#include "common/npy.h"
#include "pipeline/pipeline_run.h"
#include "pipeline/stored_results.h"
#include "store/result_cache.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using namespace hint;
using pipeline::Step;

std::vector<std::string> filesOf(Step step)
{
    switch (step) {
    case Step::Extract: return {"manifest.json", "features.npy", "saliency.npy", "targets.npy"};
    case Step::Regions: return {"positives.npy", "background.npy", "regions.json", "manifest.json"};
    case Step::Train: return {"X.npy", "y.npy", "linear.json", "xgboost.json", "metrics.json", "manifest.json"};
    case Step::Shapley: return {"shapley.csv", "manifest.json"};
    case Step::Localize: return {"per_image.csv", "summary.json", "maps.npy", "manifest.json"};
    }
    return {};
}

// Cancels the run once the named stage has reported progress past its start (between two batches).
class CancelDuring : public jobs::JobContext {
public:
    explicit CancelDuring(std::string stagePrefix) : m_prefix(std::move(stagePrefix)) {}
    bool isCancelled() const override { return m_cancelled; }
    void progress(int64_t done, int64_t, const std::string& stage) override
    {
        if (stage.rfind(m_prefix, 0) != 0) return;
        if (m_seen >= 0 && done > m_seen) m_cancelled = true;
        if (m_seen < 0) m_seen = done;
    }
    void warning(const std::string&) override {}

private:
    std::string m_prefix;
    int64_t m_seen = -1;
    bool m_cancelled = false;
};

// Records the plan's step progress: every report's units, total and units per step.
class RecordsSteps : public jobs::SimpleJobContext {
public:
    struct Report {
        int64_t done, total, unitsPerStep;
    };
    void stepProgress(int64_t done, int64_t total, int64_t unitsPerStep, const std::string& stage) override
    {
        reports.push_back({done, total, unitsPerStep});
        SimpleJobContext::progress(done, total, stage);
    }
    std::vector<Report> reports;
};

TEST(Pipeline, PlanDeduplicatesTheGroupsAndShardsSplitIt)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_plan");
    auto plan = pipeline::buildPlan(test::pipelineProject(dir.path()));
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    ASSERT_EQ(static_cast<int64_t>(plan->tasks.size()), test::kPipelineEntries);
    ASSERT_EQ(plan->units.size(), 2u);
    // The target, then its siblings with images by name: hexagon, pentagon / hexagon, triangle.
    EXPECT_EQ(plan->units[0].group, (std::vector<std::string>{"n13879320", "n13882276", "n13882201"}));
    EXPECT_EQ(plan->units[1].group, (std::vector<std::string>{"n13882201", "n13882276", "n13879320"}));
    // Both units read the same three regions entries, in their own group order.
    EXPECT_EQ(plan->units[0].regions[1], plan->units[1].regions[1]);
    EXPECT_EQ(plan->units[0].regions[2], plan->units[1].regions[0]);
    EXPECT_EQ(plan->units[0].regions[0], plan->units[1].regions[2]);
    for (const auto& task : plan->tasks)
        for (int input : task.inputs) EXPECT_LT(&plan->tasks[static_cast<size_t>(input)], &task);
    for (int e : plan->units[0].extracts) EXPECT_EQ(plan->tasks[static_cast<size_t>(e)].images.size(), 3u);

    auto first = pipeline::buildPlan(test::pipelineProject(dir.path()), {0, 2});
    auto second = pipeline::buildPlan(test::pipelineProject(dir.path()), {1, 2});
    ASSERT_TRUE(first.ok() && second.ok());
    ASSERT_EQ(first->units.size(), 1u);
    ASSERT_EQ(second->units.size(), 1u);
    EXPECT_EQ(first->units[0].concept, "n13879320");
    EXPECT_EQ(second->units[0].concept, "n13882201");
    EXPECT_EQ(first->tasks[static_cast<size_t>(first->units[0].shapley)].keyHex,
              plan->tasks[static_cast<size_t>(plan->units[0].shapley)].keyHex);

    auto project = test::pipelineProject(dir.path());
    project.parameters["threshold"] = 0.6;  // a new threshold changes regions and everything after it
    auto changed = pipeline::buildPlan(project);
    ASSERT_TRUE(changed.ok());
    EXPECT_EQ(changed->tasks[0].keyHex, plan->tasks[0].keyHex);
    EXPECT_NE(changed->tasks[static_cast<size_t>(changed->units[0].shapley)].keyHex,
              plan->tasks[static_cast<size_t>(plan->units[0].shapley)].keyHex);
}

// WordNet's square is a quadrilateral and (through isogon, "regular polygon") a sibling of it. In
// quadrilateral's group the contrast concepts give only images that are not quadrilaterals: isogon,
// whose only leaf with images is square, stays out; triangle stays in.
TEST(Pipeline, SiblingsSharingLeavesWithTheTargetGiveOnlyTheirOwnImages)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_dag");
    const std::string square = "n13878634", rectangle = "n13883346", triangle = "n13879320";
    const std::string quadrilateral = "n13879126", isogon = "n13866515";
    auto project = test::pipelineProject(dir.path());
    project.datasets[0].path = test::writeShapesFolder({square, rectangle, triangle}, "pipeline_dag_images");
    project.concepts = {quadrilateral, isogon};
    auto plan = pipeline::buildPlan(project);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    ASSERT_EQ(plan->units.size(), 2u);
    EXPECT_EQ(plan->units[0].group, (std::vector<std::string>{quadrilateral, triangle}));
    // Isogon's own unit keeps its siblings' other leaves: quadrilateral contributes only its rectangles.
    EXPECT_EQ(plan->units[1].group, (std::vector<std::string>{isogon, quadrilateral, triangle}));
    const auto& contrast = plan->tasks[static_cast<size_t>(plan->units[1].extracts[1])];
    ASSERT_FALSE(contrast.images.empty());
    for (const auto& item : contrast.images) EXPECT_NE(item.path.find(rectangle), std::string::npos) << item.path;
    std::filesystem::remove_all(project.datasets[0].path);
}

TEST(Pipeline, BadProjectsAreBadInputNamingTheKey)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_bad");
    auto project = test::pipelineProject(dir.path());
    project.concepts = {"n99999999"};
    auto plan = pipeline::buildPlan(project);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().kind, ErrorKind::BadInput);
    EXPECT_NE(plan.error().message.find("n99999999"), std::string::npos);
    project = test::pipelineProject(dir.path());
    project.parameters["threshold"] = "high";
    plan = pipeline::buildPlan(project);
    ASSERT_FALSE(plan.ok());
    EXPECT_NE(plan.error().message.find("parameters.threshold"), std::string::npos);
    EXPECT_FALSE(pipeline::parseShard("2/2").ok());
    EXPECT_FALSE(pipeline::parseShard("1").ok());
    EXPECT_FALSE(pipeline::parseSteps("extract,bogus").ok());
    auto steps = pipeline::parseSteps("train,extract");
    ASSERT_TRUE(steps.ok());
    EXPECT_EQ(steps.value(), (std::vector<Step>{Step::Train, Step::Extract}));
}

TEST(Pipeline, RunStoresTheCliFilesAndARerunComputesNothing)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_run");
    const auto project = test::pipelineProject(dir.path());
    jobs::SimpleJobContext job;
    auto run = pipeline::runProject(project, {}, job);
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(run->computed, test::kPipelineEntries);
    EXPECT_EQ(run->reused, 0);
    EXPECT_EQ(run->computedOf(Step::Extract), 3);
    EXPECT_EQ(run->computedOf(Step::Shapley), 2);
    EXPECT_EQ(job.done(), job.total());  // progress reached the end of the whole plan
    for (const auto& task : run->tasks)
        for (const auto& file : filesOf(task.step)) EXPECT_TRUE(fs::exists(fs::path(task.dir) / file)) << task.dir << "/" << file;
    EXPECT_EQ(test::countEntries(project.cacheDir), test::kPipelineEntries);

    // The shapley entry ranks every channel of the tap; the train entry's y marks the target's rows.
    const auto& shapleyTask = run->tasks.at(7);
    ASSERT_EQ(shapleyTask.step, Step::Shapley);
    auto features = readNpyHeader(run->tasks.at(0).dir + "/features.npy");
    ASSERT_TRUE(features.ok());
    auto stored = pipeline::listStoredResults(project);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->entriesStored, test::kPipelineEntries);
    ASSERT_EQ(stored->units.size(), 2u);
    for (const auto& unit : stored->units) {
        EXPECT_EQ(static_cast<int64_t>(unit.scores.size()), features->shape.at(1));
        ASSERT_TRUE(unit.linearF1.has_value() && unit.xgboostF1.has_value());
        EXPECT_GE(*unit.xgboostF1, 0.0);
        EXPECT_LE(*unit.xgboostF1, 1.0);
        EXPECT_EQ(unit.groupStored, 3);
    }
    EXPECT_EQ(stored->units[0].shapleyDir, shapleyTask.dir);

    RecordsSteps again;
    auto rerun = pipeline::runProject(project, {}, again);
    ASSERT_TRUE(rerun.ok()) << rerun.error().message;
    EXPECT_EQ(rerun->computed, 0);
    EXPECT_EQ(rerun->reused, test::kPipelineEntries);
    for (size_t i = 0; i < rerun->tasks.size(); ++i) EXPECT_EQ(rerun->tasks[i].dir, run->tasks[i].dir);
    // Progress is one count over the plan's steps, which views show as whole steps: each task
    // starts on a step boundary, and the count only moves on, to the end.
    ASSERT_EQ(static_cast<int64_t>(again.reports.size()), test::kPipelineEntries + 1);
    for (size_t i = 0; i < again.reports.size(); ++i) {
        const auto& report = again.reports[i];
        EXPECT_EQ(report.unitsPerStep, 1000);
        EXPECT_EQ(report.total, test::kPipelineEntries * 1000);
        EXPECT_EQ(report.done, static_cast<int64_t>(i) * 1000);
    }
}

// mean |phi| per neuron of a shapley.csv, in neuron order, and whether it has the interval columns.
std::vector<double> meanAbsOf(const std::string& csv, bool* withInterval)
{
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);
    *withInterval = line.find("ci95_low,ci95_high") != std::string::npos;
    std::vector<double> values;
    while (std::getline(in, line)) values.push_back(std::stod(line.substr(line.find(',') + 1)));
    return values;
}

// The pipeline's permutation sampling explains the linear classifier with absent neurons at their mean:
// for that additive game every permutation gives each neuron the same credit, so on all rows it equals
// exact linear SHAP. Switching the method recomputes only the shapley entries.
TEST(Pipeline, SamplingShapleyOnAllRowsEqualsLinearShapAndReusesTheClassifiers)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_sampling");
    auto project = test::pipelineProject(dir.path());
    project.parameters["shapley"] = "linear";
    jobs::SimpleJobContext job;
    auto linear = pipeline::runProject(project, {}, job);
    ASSERT_TRUE(linear.ok()) << linear.error().message;
    project.parameters["shapley"] = "sampling";
    project.parameters["shapley_rows"] = 0;
    project.parameters["permutations"] = 4;
    auto sampling = pipeline::runProject(project, {}, job);
    ASSERT_TRUE(sampling.ok()) << sampling.error().message;
    EXPECT_EQ(sampling->computed, 2);
    EXPECT_EQ(sampling->computedOf(Step::Shapley), 2);
    for (size_t i = 0; i < sampling->tasks.size(); ++i) {
        if (sampling->tasks[i].step != Step::Shapley) continue;
        bool linearInterval = true, samplingInterval = false;
        const auto exact = meanAbsOf(linear->tasks[i].dir + "/shapley.csv", &linearInterval);
        const auto estimate = meanAbsOf(sampling->tasks[i].dir + "/shapley.csv", &samplingInterval);
        EXPECT_FALSE(linearInterval);
        EXPECT_TRUE(samplingInterval);
        ASSERT_EQ(exact.size(), estimate.size());
        ASSERT_FALSE(exact.empty());
        const double largest = *std::max_element(exact.begin(), exact.end());
        EXPECT_GT(largest, 1e-6);
        for (size_t k = 0; k < exact.size(); ++k) EXPECT_NEAR(estimate[k], exact[k], 1e-3 * largest) << "neuron " << k;
    }
    project.parameters["permutations"] = 1;
    auto bad = pipeline::buildPlan(project);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("parameters.permutations"), std::string::npos);
}

TEST(Pipeline, CancelMidwayKeepsWholeEntriesOnlyAndTheRerunComputesTheRest)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_cancel");
    const auto project = test::pipelineProject(dir.path());
    CancelDuring cancel("extract n13882276");  // the second extraction (hexagon), after its first batch
    auto run = pipeline::runProject(project, {}, cancel);
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.error().kind, ErrorKind::Cancelled);
    int temps = 0;
    EXPECT_EQ(test::countEntries(project.cacheDir, &temps), 1);  // the first extraction only
    EXPECT_EQ(temps, 0);  // the cancelled entry's temp folder is gone

    jobs::SimpleJobContext job;
    auto rerun = pipeline::runProject(project, {}, job);
    ASSERT_TRUE(rerun.ok()) << rerun.error().message;
    EXPECT_EQ(rerun->reused, 1);
    EXPECT_EQ(rerun->reusedOf(Step::Extract), 1);
    EXPECT_EQ(rerun->computed, test::kPipelineEntries - 1);
}

TEST(Pipeline, StepsRunOnlyWhatTheyNeed)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_steps");
    const auto project = test::pipelineProject(dir.path());
    jobs::SimpleJobContext job;
    pipeline::RunOptions options;
    options.steps = {Step::Regions};
    options.shard = {1, 2};  // pentagon's group: the same three concepts
    auto run = pipeline::runProject(project, options, job);
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(run->computed, 6);
    EXPECT_EQ(run->computedOf(Step::Train), 0);
    options.steps = {Step::Shapley};
    options.shard = {};
    auto rest = pipeline::runProject(project, options, job);
    ASSERT_TRUE(rest.ok()) << rest.error().message;
    EXPECT_EQ(rest->reused, 3);  // the stored regions; the extractions behind them are not needed
    EXPECT_EQ(rest->reusedOf(Step::Extract), 0);
    EXPECT_EQ(rest->computed, 4);
    EXPECT_EQ(rest->computedOf(Step::Train), 2);
}

// `hint run` on stderr (not a terminal: one line per report) counts whole steps of the plan, never the
// plan's internal units, and ends at "10/10 steps (100%)".
TEST(Pipeline, CliRunReportsWholeSteps)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_cli_steps");
    auto project = test::pipelineProject(dir.path());
    const std::string projectFile = dir / "study.hintproj";
    ASSERT_TRUE(project.save(projectFile).ok());
    const auto run = test::runCommand(std::string(HINT_CLI_PATH) + " run '" + projectFile + "' --threads 1 2>&1 >/dev/null");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    std::istringstream lines(run.output);
    std::string line;
    int stepLines = 0;
    int64_t last = -1;
    const std::string total = "/" + std::to_string(test::kPipelineEntries) + " steps";
    while (std::getline(lines, line)) {
        const size_t at = line.find(total);
        if (at == std::string::npos) continue;
        ++stepLines;
        const size_t start = line.rfind(' ', at) + 1;
        const int64_t done = std::stoll(line.substr(start, at - start));
        EXPECT_GE(done, last) << line;
        EXPECT_LE(done, test::kPipelineEntries) << line;
        EXPECT_NE(line.find("ETA"), std::string::npos) << line;
        last = done;
    }
    EXPECT_GE(stepLines, test::kPipelineEntries) << run.output;
    EXPECT_EQ(last, test::kPipelineEntries) << run.output;
    EXPECT_NE(run.output.find(total + " (100%)"), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find("/10000"), std::string::npos) << run.output;
}

TEST(Pipeline, KilledCliRunLeavesNoPartialEntryAndResumes)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_kill");
    auto project = test::pipelineProject(dir.path());
    const std::string projectFile = dir / "study.hintproj";
    ASSERT_TRUE(project.save(projectFile).ok());
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::execl(HINT_CLI_PATH, HINT_CLI_PATH, "run", projectFile.c_str(), "--quiet", "--threads", "1",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Kill as soon as the first entry is published: the run is then mid-way, writing the next one.
    int stored = 0;
    for (int i = 0; i < 180000 && stored == 0; ++i) {  // up to 3 min on a loaded machine
        ::usleep(1000);
        stored = test::countEntries(project.cacheDir);
    }
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended before it could be killed";
    stored = test::countEntries(project.cacheDir);
    ASSERT_GE(stored, 1);
    ASSERT_LT(stored, test::kPipelineEntries);
    // Every published entry is whole; whatever the kill interrupted is only a temp folder.
    store::ResultCache cache(project.cacheDir);
    for (const auto& entry : cache.list()) {
        auto manifest = cache.manifest(entry.key);
        ASSERT_TRUE(manifest.ok());
        auto step = pipeline::parseSteps((*manifest)["step"].get<std::string>());
        ASSERT_TRUE(step.ok());
        for (const auto& file : filesOf(step->front())) EXPECT_TRUE(fs::exists(fs::path(entry.dir) / file)) << entry.dir << "/" << file;
    }

    jobs::SimpleJobContext job;
    auto rerun = pipeline::runProject(project, {}, job);
    ASSERT_TRUE(rerun.ok()) << rerun.error().message;
    EXPECT_EQ(rerun->reused, stored);
    EXPECT_EQ(rerun->computed, test::kPipelineEntries - stored);
    EXPECT_EQ(test::countEntries(project.cacheDir), test::kPipelineEntries);
}

TEST(Pipeline, AProjectOpensAndListsWithoutItsCache)
{
    REQUIRE_WORDNET();
    test::TempDir dir("pipeline_nocache");
    auto project = test::pipelineProject(dir.path());
    const std::string projectFile = dir / "study.hintproj";
    ASSERT_TRUE(project.save(projectFile).ok());
    auto loaded = store::Project::load(projectFile);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    auto stored = pipeline::listStoredResults(loaded.value());
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->entriesStored, 0);
    EXPECT_EQ(stored->entriesTotal, test::kPipelineEntries);
    ASSERT_EQ(stored->units.size(), 2u);
    for (const auto& unit : stored->units) {
        EXPECT_TRUE(unit.extractDir.empty() && unit.trainDir.empty() && unit.shapleyDir.empty());
        EXPECT_FALSE(unit.linearF1.has_value());
        EXPECT_TRUE(unit.scores.empty());
    }
    EXPECT_FALSE(fs::exists(project.cacheDir));  // listing creates nothing
}

}  // namespace
