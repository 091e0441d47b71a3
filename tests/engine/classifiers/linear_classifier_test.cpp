#include "classifiers/binary_metrics.h"
#include "classifiers/data_split.h"
#include "classifiers/linear_classifier.h"
#include "engine/classifiers/classifier_test_data.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <set>

namespace {

using namespace hint;
using namespace hint::classifiers;

struct SklearnFit {
    std::vector<double> coef;
    double intercept = 0.0;
    int nIter = 0;
    double objective = 0.0;
    double accuracy = 0.0;
};

// Runs scikit-learn's SGDClassifier on the same rows (tests/python/sklearn_sgd_reference.py).
SklearnFit sklearnFit(const testdata::LabelledData& train, const testdata::LabelledData& test, const std::string& loss,
                      bool shuffle, const std::string& tag)
{
    const auto dir = testdata::freshDir("sgd_" + tag);
    EXPECT_TRUE(writeNpy((dir / "xtr.npy").string(), train.x).ok());
    EXPECT_TRUE(writeNpy((dir / "ytr.npy").string(), train.y).ok());
    EXPECT_TRUE(writeNpy((dir / "xte.npy").string(), test.x).ok());
    EXPECT_TRUE(writeNpy((dir / "yte.npy").string(), test.y).ok());
    std::string out;
    const std::string command = testdata::pythonScript("sklearn_sgd_reference.py") + " " + (dir / "xtr.npy").string() +
                                " " + (dir / "ytr.npy").string() + " " + (dir / "xte.npy").string() + " " +
                                (dir / "yte.npy").string() + " " + loss + " 0.01 " + (shuffle ? "1" : "0") + " 0";
    EXPECT_EQ(testdata::runCommand(command, &out), 0) << command;
    const auto j = nlohmann::json::parse(out);
    return {j["coef"].get<std::vector<double>>(), j["intercept"].get<double>(), j["n_iter"].get<int>(),
            j["objective"].get<double>(), j["accuracy"].get<double>()};
}

double accuracy(const LinearModel& model, const testdata::LabelledData& d)
{
    return computeBinaryMetrics(d.y, model.predict(d.x)).accuracy;
}

class SgdMatchesSklearn : public ::testing::TestWithParam<std::string> {};

// Without shuffling, both run the same sequence of updates: the weights must agree to rounding.
TEST_P(SgdMatchesSklearn, SameWeightsAndEpochsWithoutShuffle)
{
    if (!testdata::pythonHas("sklearn, numpy")) GTEST_SKIP() << "Debian python3 with sklearn not available";
    const auto train = testdata::makeLinearData(400, 10, 11);
    const auto test = testdata::makeLinearData(200, 10, 12);
    const auto loss = parseLoss(GetParam());
    ASSERT_TRUE(loss);
    SgdOptions options;
    options.loss = *loss;
    options.shuffle = false;
    jobs::SimpleJobContext context;
    auto model = trainSgd(train.x, train.y, options, context);
    ASSERT_TRUE(model.ok()) << model.error().message;
    const SklearnFit reference = sklearnFit(train, test, lossName(*loss), false, GetParam());
    EXPECT_EQ(model->epochs, reference.nIter);
    ASSERT_EQ(model->weights.size(), reference.coef.size());
    double largest = 0.0;
    for (double v : reference.coef) largest = std::max(largest, std::fabs(v));
    for (size_t j = 0; j < reference.coef.size(); ++j) EXPECT_NEAR(model->weights[j], reference.coef[j], 1e-9 * largest);
    EXPECT_NEAR(model->bias, reference.intercept, 1e-9 * std::max(1.0, std::fabs(reference.intercept)));
}

INSTANTIATE_TEST_SUITE_P(Losses, SgdMatchesSklearn, ::testing::Values("modified_huber", "hinge", "log_loss"));

// With shuffling the orders differ (our RNG, not numpy's), so compare what the fit reaches.
TEST(SgdClassifier, ShuffledFitReachesSklearnObjectiveAndAccuracy)
{
    if (!testdata::pythonHas("sklearn, numpy")) GTEST_SKIP() << "Debian python3 with sklearn not available";
    const auto train = testdata::makeLinearData(1500, 16, 21);
    const auto test = testdata::makeLinearData(500, 16, 22);
    jobs::SimpleJobContext context;
    SgdOptions options;
    options.seed = 5;
    auto model = trainSgd(train.x, train.y, options, context);
    ASSERT_TRUE(model.ok()) << model.error().message;
    const SklearnFit reference = sklearnFit(train, test, "modified_huber", true, "shuffled");
    const double objective = sgdObjective(*model, train.x, train.y);
    std::printf("objective ours %.5f sklearn %.5f; held-out accuracy ours %.4f sklearn %.4f; epochs ours %d sklearn %d\n",
                objective, reference.objective, accuracy(*model, test), reference.accuracy, model->epochs, reference.nIter);
    // A zero model scores 1.0 (every margin 0); a real fit is far below it.
    EXPECT_LT(reference.objective, 0.6);
    EXPECT_NEAR(objective, reference.objective, 0.05 * reference.objective);
    EXPECT_NEAR(accuracy(*model, test), reference.accuracy, 0.03);
    EXPECT_TRUE(model->converged);
}

TEST(SgdClassifier, ShuffleIsSeeded)
{
    const auto train = testdata::makeLinearData(300, 6, 3);
    jobs::SimpleJobContext context;
    SgdOptions options;
    options.seed = 1;
    auto a = trainSgd(train.x, train.y, options, context);
    auto b = trainSgd(train.x, train.y, options, context);
    options.seed = 2;
    auto c = trainSgd(train.x, train.y, options, context);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_EQ(a->weights, b->weights);
    EXPECT_NE(a->weights, c->weights);
}

// Standardizing is folded back into w and b: the decision on raw rows does not change when a column is
// rescaled and shifted, because the classifier only ever sees z-scores.
TEST(SgdClassifier, StandardizedWeightsApplyToRawFeatures)
{
    auto data = testdata::makeLinearData(600, 5, 8);
    auto scaled = data;
    for (int64_t i = 0; i < 600; ++i) {
        scaled.x.data[static_cast<size_t>(i * 5 + 2)] = scaled.x.data[static_cast<size_t>(i * 5 + 2)] * 500.0f + 40.0f;
    }
    jobs::SimpleJobContext context;
    SgdOptions options;
    options.standardize = true;
    auto plain = trainSgd(data.x, data.y, options, context);
    auto wide = trainSgd(scaled.x, scaled.y, options, context);
    ASSERT_TRUE(plain.ok() && wide.ok());
    EXPECT_TRUE(wide->standardized);
    for (int64_t i = 0; i < 600; i += 37) {
        EXPECT_NEAR(plain->decision(data.x.data.data() + i * 5), wide->decision(scaled.x.data.data() + i * 5), 2e-3);
    }
    EXPECT_NEAR(wide->weights[2] * 500.0, plain->weights[2], 1e-3 * std::fabs(plain->weights[2]) + 1e-6);
    EXPECT_GT(accuracy(*wide, scaled), 0.85);
}

TEST(SgdClassifier, ProbabilityIsClippedDecision)
{
    LinearModel model;
    model.weights = {2.0, -1.0};
    model.bias = 0.25;
    const float low[] = {-1.0f, 0.0f};   // f = -1.75
    const float mid[] = {0.1f, 0.2f};    // f = 0.25
    const float high[] = {1.0f, -1.0f};  // f = 3.25
    EXPECT_DOUBLE_EQ(model.decision(mid), 0.25);
    EXPECT_DOUBLE_EQ(model.probability(low), 0.0);
    EXPECT_NEAR(model.probability(mid), 0.625, 1e-12);
    EXPECT_DOUBLE_EQ(model.probability(high), 1.0);
    model.loss = LinearLoss::Logistic;
    EXPECT_NEAR(model.probability(mid), 1.0 / (1.0 + std::exp(-0.25)), 1e-12);
}

TEST(SgdClassifier, CancelBetweenEpochs)
{
    const auto train = testdata::makeLinearData(100, 4, 1);
    jobs::SimpleJobContext context;
    context.cancel();
    auto model = trainSgd(train.x, train.y, SgdOptions{}, context);
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.error().kind, ErrorKind::Cancelled);
}

TEST(SgdClassifier, RejectsOneClassAndWrongLabelCount)
{
    auto data = testdata::makeLinearData(50, 3, 1);
    jobs::SimpleJobContext context;
    std::vector<int64_t> ones(50, 1);
    auto one = trainSgd(data.x, ones, SgdOptions{}, context);
    ASSERT_FALSE(one.ok());
    EXPECT_EQ(one.error().kind, ErrorKind::BadInput);
    data.y.pop_back();
    EXPECT_FALSE(trainSgd(data.x, data.y, SgdOptions{}, context).ok());
}

TEST(SgdClassifier, JsonRoundTrip)
{
    LinearModel model;
    model.weights = {0.1, -2.5, 1e-7};
    model.bias = -0.3;
    model.loss = LinearLoss::Hinge;
    model.alpha = 0.02;
    const auto path = (testdata::freshDir("json") / "linear.json").string();
    ASSERT_TRUE(saveLinearModel(path, model).ok());
    auto back = loadLinearModel(path);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->weights, model.weights);
    EXPECT_EQ(back->bias, model.bias);
    EXPECT_EQ(back->loss, LinearLoss::Hinge);
    EXPECT_EQ(back->alpha, 0.02);
    auto missing = loadLinearModel(path + ".nope");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("linear.json.nope"), std::string::npos);
}

TEST(BinaryMetrics, NamesAreNotSwapped)
{
    // TP = 3, FP = 1, FN = 2, TN = 4: precision 3/4, recall 3/5.
    const std::vector<int64_t> truth = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    const std::vector<int64_t> guess = {1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
    const auto m = computeBinaryMetrics(truth, guess);
    EXPECT_EQ(m.truePositives, 3);
    EXPECT_EQ(m.falsePositives, 1);
    EXPECT_DOUBLE_EQ(m.accuracy, 0.7);
    EXPECT_DOUBLE_EQ(m.precision, 0.75);
    EXPECT_DOUBLE_EQ(m.recall, 0.6);
    EXPECT_NEAR(m.f1, 2 * 0.75 * 0.6 / 1.35, 1e-12);
    const auto none = computeBinaryMetrics({0, 1}, {0, 0});
    EXPECT_EQ(none.precision, 0.0);
    EXPECT_EQ(none.f1, 0.0);
}

TEST(DataSplit, SeededDisjointQuarterHeldOut)
{
    const auto a = splitTrainValidation(101, 0.25, 7);
    EXPECT_EQ(a.validation.size(), 26u);  // ceil(25.25), as train_test_split
    EXPECT_EQ(a.train.size(), 75u);
    std::set<int64_t> all(a.train.begin(), a.train.end());
    all.insert(a.validation.begin(), a.validation.end());
    EXPECT_EQ(all.size(), 101u);
    EXPECT_EQ(*all.rbegin(), 100);
    EXPECT_EQ(splitTrainValidation(101, 0.25, 7).validation, a.validation);
    EXPECT_NE(splitTrainValidation(101, 0.25, 8).validation, a.validation);
}

}  // namespace
