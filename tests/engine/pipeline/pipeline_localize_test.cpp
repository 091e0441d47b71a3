// The pipeline's localize step on the small generated project (pipeline_fixture.h) with a boxes CSV: one
// entry per concept x layer x data set with boxes, holding what runLocalization gives for the same
// classifier, images, baselines and ablation; reused by a second run; recomputed alone when the boxes
// change; absent from projects without boxes; pulled in with its inputs by --steps localize.
#include "pipeline_fixture.h"

#include "classifiers/concept_training.h"
#include "data/localization_datasets.h"
#include "localization/localization_run.h"
#include "localization/neuron_ablation.h"
#include "model/network.h"
#include "pipeline/pipeline_run.h"
#include "pipeline/stored_results.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

namespace {

namespace fs = std::filesystem;
using namespace hint;
using pipeline::Step;

// Shapes-class index of each pipeline class (the model's output index).
int shapesIndex(const std::string& wnid)
{
    const auto& classes = data::ShapesWorld::classes();
    for (size_t c = 0; c < classes.size(); ++c)
        if (classes[c].wnid == wnid) return static_cast<int>(c);
    return -1;
}

// The boxes of the fixture's images (the same Shapes-world samples), moved right and down by `shift` pixels.
void writeBoxes(const fs::path& csv, int shift)
{
    data::ShapesWorld world({96, 7, 0.3, 1.0});
    std::ofstream out(csv);
    out << "file,x0,y0,x1,y1\n";
    for (const auto& wnid : test::pipelineClasses())
        for (int i = 0; i < test::kPipelineImagesPerClass; ++i)
            for (const auto& shape : world.sample(data::ShapesSplit::Test, i, shapesIndex(wnid)).shapes)
                out << wnid << "/" << wnid << "_" << i << ".png," << shape.x0 + shift << "," << shape.y0 + shift << ","
                    << std::min(95, shape.x1 + shift) << "," << std::min(95, shape.y1 + shift) << "\n";
}

store::Project boxedProject(const test::TempDir& dir)
{
    auto project = test::pipelineProject(dir.path());
    writeBoxes(dir.path() / "boxes.csv", 0);
    project.datasets[0].extra["boxes"] = dir / "boxes.csv";
    return project;
}

int64_t countSteps(const pipeline::Plan& plan, Step step)
{
    int64_t n = 0;
    for (const auto& task : plan.tasks) n += task.step == step ? 1 : 0;
    return n;
}

nlohmann::json readJson(const fs::path& file)
{
    std::ifstream in(file);
    return nlohmann::json::parse(in);
}

void expectFigures(const localization::MethodSummary& expected, const nlohmann::json& stored)
{
    SCOPED_TRACE(expected.name);
    EXPECT_EQ(stored["n"].get<int64_t>(), expected.images);
    EXPECT_DOUBLE_EQ(stored["hint_iou50_accuracy"].get<double>(), expected.hintAccuracy);
    EXPECT_DOUBLE_EQ(stored["mean_iou"].get<double>(), expected.hintMeanIou);
    EXPECT_DOUBLE_EQ(stored["maxboxacc"].get<double>(), expected.maxBoxAcc);
    EXPECT_DOUBLE_EQ(stored["maxboxacc_v2"].get<double>(), expected.maxBoxAccV2);
    EXPECT_DOUBLE_EQ(stored["pointing_game"].get<double>(), expected.pointingGame);
}

TEST(PipelineLocalize, PlansOneEntryPerConceptLayerAndBoxedDataSet)
{
    REQUIRE_WORDNET();
    test::TempDir dir("localize_plan");
    auto withoutBoxes = pipeline::buildPlan(test::pipelineProject(dir.path()));
    ASSERT_TRUE(withoutBoxes.ok()) << withoutBoxes.error().message;
    EXPECT_EQ(countSteps(withoutBoxes.value(), Step::Localize), 0);
    EXPECT_EQ(static_cast<int64_t>(withoutBoxes->tasks.size()), test::kPipelineEntries);

    auto project = boxedProject(dir);
    project.layers = {"features.13", "features.10"};
    auto plan = pipeline::buildPlan(project);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(countSteps(plan.value(), Step::Localize), 4);  // 2 concepts x 2 layers x 1 data set
    EXPECT_EQ(static_cast<int64_t>(plan->tasks.size()), 2 * test::kPipelineEntries + 4);
    for (const auto& unit : plan->units) {
        ASSERT_EQ(unit.localizations.size(), 1u);
        const auto& task = plan->tasks[static_cast<size_t>(unit.localizations[0])];
        EXPECT_EQ(task.inputs, (std::vector<int>{unit.train, unit.shapley}));
        EXPECT_EQ(task.dataset, "shapes");
        EXPECT_EQ(task.layer, unit.layer);
        // Every image of the concept (the plan's sample has 3 per leaf), labelled with the model's class.
        ASSERT_EQ(static_cast<int>(task.boxed.size()), test::kPipelineImagesPerClass);
        for (size_t i = 0; i < task.boxed.size(); ++i) {
            EXPECT_EQ(task.boxed.images[i].wnid, unit.concept);
            EXPECT_EQ(task.boxed.images[i].classIndex, shapesIndex(unit.concept));
            EXPECT_FALSE(task.boxed.annotations[i].boxes.empty());
        }
    }
    // localize_images caps the images (a seeded sample), which changes only the localize keys.
    project.parameters["localize_images"] = 2;
    auto capped = pipeline::buildPlan(project);
    ASSERT_TRUE(capped.ok());
    for (size_t i = 0; i < capped->tasks.size(); ++i) {
        const bool localize = capped->tasks[i].step == Step::Localize;
        if (localize) {
            EXPECT_EQ(capped->tasks[i].boxed.size(), 2u);
        }
        EXPECT_EQ(capped->tasks[i].keyHex == plan->tasks[i].keyHex, !localize) << i;
    }
    project.parameters["localize_images"] = -1;
    auto bad = pipeline::buildPlan(project);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("parameters.localize_images"), std::string::npos);
    project.parameters["localize_images"] = 0;
    project.datasets[0].extra["boxes"] = dir / "missing.csv";
    bad = pipeline::buildPlan(project);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("datasets[0].boxes"), std::string::npos) << bad.error().message;

    auto steps = pipeline::parseSteps("localize");
    ASSERT_TRUE(steps.ok());
    EXPECT_EQ(steps.value(), std::vector<Step>{Step::Localize});
}

TEST(PipelineLocalize, EntryEqualsRunLocalizationAndReruns)
{
    REQUIRE_WORDNET();
    test::TempDir dir("localize_run");
    const auto project = boxedProject(dir);
    jobs::SimpleJobContext job;
    pipeline::RunOptions options;
    options.steps = {Step::Localize};  // pulls in every step it reads
    auto run = pipeline::runProject(project, options, job);
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(run->computed, test::kPipelineEntries + 2);
    EXPECT_EQ(run->computedOf(Step::Localize), 2);
    EXPECT_EQ(run->computedOf(Step::Train), 2);
    EXPECT_EQ(run->computedOf(Step::Extract), 3);
    EXPECT_EQ(job.done(), job.total());
    EXPECT_EQ(test::countEntries(project.cacheDir), test::kPipelineEntries + 2);

    auto plan = pipeline::buildPlan(project);
    ASSERT_TRUE(plan.ok());
    auto network = model::Network::create(plan->arch, plan->numClasses);
    ASSERT_TRUE(network.ok());
    network.value()->randomizeWeights(project.seed);
    EXPECT_EQ(localization::camLayer(plan->arch), "");  // ShapesNet: no CAM baseline
    std::map<std::string, std::string> dirOf;
    for (const auto& task : run->tasks) dirOf[task.key] = task.dir;

    auto listed = data::openImagenetVal(project.datasets[0].path, dir / "boxes.csv");
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    for (const auto& unit : plan->units) {
        SCOPED_TRACE(unit.concept);
        const std::string trainDir = dirOf.at(plan->tasks[static_cast<size_t>(unit.train)].keyHex);
        const std::string shapleyDir = dirOf.at(plan->tasks[static_cast<size_t>(unit.shapley)].keyHex);
        const std::string entry = dirOf.at(plan->tasks[static_cast<size_t>(unit.localizations.at(0))].keyHex);
        for (const char* file : {"per_image.csv", "summary.json", "maps.npy", "manifest.json"})
            EXPECT_TRUE(fs::exists(fs::path(entry) / file)) << file;

        // `hint localize --images --boxes --classifier TRAIN --ablation SHAPLEY` on the concept's images.
        localization::LocalizationRequest request;
        for (size_t i = 0; i < listed->size(); ++i) {
            if (listed->images[i].wnid != unit.concept) continue;
            request.dataset.images.push_back(listed->images[i]);
            request.dataset.images.back().classIndex = shapesIndex(unit.concept);
            request.dataset.annotations.push_back(listed->annotations[i]);
        }
        request.dataset.kind = listed->kind;
        request.dataset.root = listed->root;
        request.layer = unit.layer;
        request.arch = plan->arch;
        const int size = plan->preprocessing["size"].get<int>();
        request.preprocess = {data::PreprocessMode::Hint, size};
        request.evaluation.size = size;
        auto classifier = classifiers::loadLinearModel(trainDir + "/" + classifiers::kLinearFile);
        ASSERT_TRUE(classifier.ok());
        request.classifier = classifier.value();
        request.baselines = {"whole", "centre", "gradcam"};
        auto scores = localization::readShapleyScores(shapleyDir + "/shapley.csv");
        ASSERT_TRUE(scores.ok());
        auto ablation = localization::ablationClassifiers(trainDir, scores.value(), 20, project.seed, job);
        ASSERT_TRUE(ablation.ok()) << ablation.error().message;
        for (auto& a : ablation.value()) request.extraClassifiers.emplace_back("ablation_" + localization::rankingName(a.ranking), a.model);
        auto expected = localization::runLocalization(*network.value(), request, job);
        ASSERT_TRUE(expected.ok()) << expected.error().message;

        const auto summary = readJson(fs::path(entry) / "summary.json");
        EXPECT_EQ(summary["processed"].get<int64_t>(), test::kPipelineImagesPerClass);
        expectFigures(expected->main, summary);
        ASSERT_EQ(summary["baselines"].size(), 3u);
        for (const auto& b : expected->baselines) expectFigures(b, summary["baselines"][b.name]);
        ASSERT_EQ(summary["extra_classifiers"].size(), 3u);
        for (const auto& e : expected->extras) expectFigures(e, summary["extra_classifiers"][e.name]);
        const auto manifest = readJson(fs::path(entry) / "manifest.json");
        EXPECT_EQ(manifest["step"], "localize");
        EXPECT_EQ(manifest["dataset"], "shapes");
        EXPECT_DOUBLE_EQ(manifest["maxboxacc"].get<double>(), expected->main.maxBoxAcc);
    }

    // The store lists each unit's localization with summary.json's figures.
    auto stored = pipeline::listStoredResults(project);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->entriesStored, test::kPipelineEntries + 2);
    for (const auto& unit : stored->units) {
        ASSERT_EQ(unit.localizations.size(), 1u);
        const auto& l = unit.localizations[0];
        EXPECT_EQ(l.dataset, "shapes");
        ASSERT_FALSE(l.dir.empty());
        const auto summary = readJson(fs::path(l.dir) / "summary.json");
        EXPECT_EQ(l.concept.images, test::kPipelineImagesPerClass);
        EXPECT_DOUBLE_EQ(l.concept.hintAccuracy, summary["hint_iou50_accuracy"].get<double>());
        EXPECT_DOUBLE_EQ(l.concept.meanIou, summary["mean_iou"].get<double>());
        EXPECT_DOUBLE_EQ(l.concept.maxBoxAcc, summary["maxboxacc"].get<double>());
        ASSERT_NE(l.baseline("whole"), nullptr);
        EXPECT_DOUBLE_EQ(l.baseline("whole")->maxBoxAcc, summary["baselines"]["whole"]["maxboxacc"].get<double>());
        EXPECT_EQ(l.baseline("cam"), nullptr);
        EXPECT_EQ(l.ablations.size(), 3u);
    }

    auto rerun = pipeline::runProject(project, {}, job);
    ASSERT_TRUE(rerun.ok()) << rerun.error().message;
    EXPECT_EQ(rerun->computed, 0);
    EXPECT_EQ(rerun->reusedOf(Step::Localize), 2);

    // New boxes: only the localize entries are computed again.
    writeBoxes(dir.path() / "boxes.csv", 3);
    auto moved = pipeline::runProject(project, {}, job);
    ASSERT_TRUE(moved.ok()) << moved.error().message;
    EXPECT_EQ(moved->computed, 2);
    EXPECT_EQ(moved->computedOf(Step::Localize), 2);
    EXPECT_EQ(moved->reused, test::kPipelineEntries);
}

// `hint run --json` counts the localize entries and `hint report` prints their figures; the boxes path is
// saved relative to the project file and read back.
TEST(PipelineLocalize, CliRunAndReportShowTheLocalizations)
{
    REQUIRE_WORDNET();
    test::TempDir dir("localize_cli");
    auto project = boxedProject(dir);
    const std::string projectFile = dir / "study.hintproj";
    ASSERT_TRUE(project.save(projectFile).ok());
    EXPECT_EQ(readJson(projectFile)["datasets"][0]["boxes"], "boxes.csv");
    const auto run = test::runCommand(std::string(HINT_CLI_PATH) + " run '" + projectFile + "' --threads 1 --json 2>/dev/null");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const auto json = nlohmann::json::parse(run.output);
    EXPECT_EQ(json["computed"], test::kPipelineEntries + 2);
    EXPECT_EQ(json["steps"]["localize"]["computed"], 2);

    const auto report = test::runCommand(std::string(HINT_CLI_PATH) + " report '" + projectFile + "' 2>&1");
    ASSERT_EQ(report.exitCode, 0) << report.output;
    auto stored = pipeline::listStoredResults(project);
    ASSERT_TRUE(stored.ok());
    for (const auto& unit : stored->units) {
        const auto& l = unit.localizations.at(0);
        char line[160];
        std::snprintf(line, sizeof line, "localization on shapes (4 images): HINT acc %.3f, mean IoU %.3f, MaxBoxAcc %.3f; whole image %.3f",
                      l.concept.hintAccuracy, l.concept.meanIou, l.concept.maxBoxAcc, l.baseline("whole")->hintAccuracy);
        EXPECT_NE(report.output.find(line), std::string::npos) << line << "\n" << report.output;
    }
}

}  // namespace
