#include "classifiers/concept_training.h"
#include "jobs/progress_slice.h"
#include "engine/classifiers/classifier_test_data.h"

#include <gtest/gtest.h>

#include <fstream>

namespace {

using namespace hint;
using namespace hint::classifiers;
namespace fs = std::filesystem;

std::string makeRegions(const fs::path& dir, float shift)
{
    fs::create_directories(dir);
    auto data = testdata::makeLinearData(80, 5, static_cast<uint64_t>(shift * 10 + 30));
    const auto background = testdata::makeLinearData(80, 5, static_cast<uint64_t>(shift * 10 + 60));
    for (auto& v : data.x.data) v += shift;
    EXPECT_TRUE(writeNpy((dir / "positives.npy").string(), data.x).ok());
    EXPECT_TRUE(writeNpy((dir / "background.npy").string(), background.x).ok());
    return dir.string();
}

TEST(ConceptTraining, CancelledRunLeavesNothingBehind)
{
    const auto root = testdata::freshDir("ct_cancel");
    const std::vector<std::string> group = {makeRegions(root / "a", 2.0f), makeRegions(root / "b", -2.0f)};
    jobs::SimpleJobContext context;
    context.cancel();
    auto result = trainConceptClassifier(group, 0, (root / "out").string(), ConceptTrainingOptions{}, context);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::Cancelled);
    int entries = 0;
    for (const auto& entry : fs::directory_iterator(root)) entries += entry.path().filename() == "out" || entry.path().filename().string()[0] == '.';
    EXPECT_EQ(entries, 0);
}

TEST(ConceptTraining, RefusesToOverwriteAForeignFolderButReplacesItsOwn)
{
    const auto root = testdata::freshDir("ct_out");
    const std::vector<std::string> group = {makeRegions(root / "a", 2.0f), makeRegions(root / "b", -2.0f)};
    fs::create_directories(root / "foreign");
    std::ofstream(root / "foreign" / "notes.txt") << "keep me";
    jobs::SimpleJobContext context;
    auto refused = trainConceptClassifier(group, 0, (root / "foreign").string(), ConceptTrainingOptions{}, context);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::BadInput);
    EXPECT_TRUE(fs::exists(root / "foreign" / "notes.txt"));

    ConceptTrainingOptions options;
    options.seed = 4;
    auto first = trainConceptClassifier(group, 1, (root / "clf").string(), options, context);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->rows, 160 + 80);
    EXPECT_EQ(first->validationRows, 60);
    EXPECT_GT(first->linearMetrics.accuracy, 0.9);  // concepts and background differ by 2 in every neuron
    auto second = trainConceptClassifier(group, 1, (root / "clf").string(), options, context);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(second->linear.weights, first->linear.weights);  // same seed, same model
    EXPECT_TRUE(fs::exists(root / "clf" / kMetricsFile));
}

// Records every progress report, to check that one bar moves forward through the phases.
class RecordingContext : public jobs::JobContext {
public:
    bool isCancelled() const override { return false; }
    void progress(int64_t done, int64_t total, const std::string& stage) override
    {
        reports.push_back({done, total, stage});
    }
    void warning(const std::string&) override {}
    struct Report {
        int64_t done, total;
        std::string stage;
    };
    std::vector<Report> reports;
};

TEST(ConceptTraining, ProgressMovesForwardWithinTheStepThroughEveryPhase)
{
    const auto root = testdata::freshDir("ct_progress");
    const std::vector<std::string> group = {makeRegions(root / "a", 2.0f), makeRegions(root / "b", -2.0f)};
    ConceptTrainingOptions options;
    options.xgboost = true;
    options.xgb.rounds = 20;
    RecordingContext context;
    auto result = trainConceptClassifier(group, 0, (root / "clf").string(), options, context);
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_FALSE(context.reports.empty());
    int64_t last = 0, xgboostReports = 0;
    for (const auto& report : context.reports) {
        EXPECT_EQ(report.total, jobs::ProgressSlice::kScale);  // one scale for the whole call
        EXPECT_GE(report.done, last) << report.stage << " went back";
        last = report.done;
        if (report.stage == "xgboost" && report.done > 300 && report.done < jobs::ProgressSlice::kScale) ++xgboostReports;
    }
    EXPECT_EQ(last, jobs::ProgressSlice::kScale);  // the last XGBoost round ends the bar
    EXPECT_GE(xgboostReports, 10);                 // and the rounds before it move it inside the step
}

}  // namespace
