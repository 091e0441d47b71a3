#include "classifiers/linear_classifier.h"
#include "classifiers/xgb_classifier.h"
#include "engine/classifiers/classifier_test_data.h"
#include "shapley/linear_shap.h"
#include "shapley/neuron_scores.h"
#include "shapley/sampling_shap.h"
#include "shapley/tree_shap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>

namespace {

using namespace hint;
using namespace hint::shapley;

TEST(TreeShap, EqualsPythonXgboostAndIsLocallyAccurate)
{
    if (!testdata::pythonHas("xgboost, numpy")) GTEST_SKIP() << "Debian python3 with xgboost not available";
    const auto data = testdata::makeLinearData(400, 12, 51);
    jobs::SimpleJobContext context;
    classifiers::XgbOptions options;  // the HINT defaults: depth 10, eta 1, 50 rounds, hist
    options.threads = 2;
    auto model = classifiers::XgbClassifier::train(data.x, data.y, options, context);
    ASSERT_TRUE(model.ok()) << model.error().message;
    const auto dir = testdata::freshDir("treeshap");
    ASSERT_TRUE(model->save((dir / "xgboost.json").string()).ok());
    ASSERT_TRUE(writeNpy((dir / "X.npy").string(), data.x).ok());

    auto values = treeShap(*model, data.x, context, 64);  // several batches
    ASSERT_TRUE(values.ok()) << values.error().message;
    ASSERT_EQ(values->phi.shape, (std::vector<int64_t>{400, 12}));

    const std::string command = testdata::pythonScript("xgboost_contribs_reference.py") + " " + (dir / "xgboost.json").string() +
                                " " + (dir / "X.npy").string() + " " + (dir / "contribs.npy").string() + " " +
                                (dir / "margin.npy").string();
    ASSERT_EQ(testdata::runCommand(command), 0) << command;
    auto reference = readNpyFloat((dir / "contribs.npy").string());
    auto margin = readNpyFloat((dir / "margin.npy").string());
    ASSERT_TRUE(reference.ok() && margin.ok());
    ASSERT_EQ(reference->shape, (std::vector<int64_t>{400, 13}));
    double worst = 0.0;
    double largest = 0.0;
    for (int64_t i = 0; i < 400; ++i) {
        for (int64_t j = 0; j <= 12; ++j) {
            const double ours = j < 12 ? values->phi.data[static_cast<size_t>(i * 12 + j)] : values->base[static_cast<size_t>(i)];
            const double theirs = reference->data[static_cast<size_t>(i * 13 + j)];
            worst = std::max(worst, std::fabs(ours - theirs) / std::max(std::fabs(theirs), 1e-3));
            largest = std::max(largest, std::fabs(theirs));
        }
    }
    std::printf("TreeSHAP vs Python xgboost: max relative error %.3g (largest |phi| %.3g)\n", worst, largest);
    EXPECT_LT(worst, 1e-5);
    EXPECT_GT(largest, 0.1);  // the values are not trivially zero

    auto ours = model->predictMargin(data.x);
    ASSERT_TRUE(ours.ok());
    for (int64_t i = 0; i < 400; ++i) {
        double sum = values->base[static_cast<size_t>(i)];
        for (int64_t j = 0; j < 12; ++j) sum += values->phi.data[static_cast<size_t>(i * 12 + j)];
        EXPECT_NEAR(sum, (*ours)[static_cast<size_t>(i)], 1e-4 * std::max(1.0, std::fabs(sum)));
        EXPECT_NEAR((*ours)[static_cast<size_t>(i)], margin->data[static_cast<size_t>(i)], 1e-5);
    }
}

TEST(TreeShap, CancelAndFeatureMismatch)
{
    const auto data = testdata::makeLinearData(100, 5, 52);
    jobs::SimpleJobContext context;
    classifiers::XgbOptions options;
    options.rounds = 3;
    auto model = classifiers::XgbClassifier::train(data.x, data.y, options, context);
    ASSERT_TRUE(model.ok());
    FloatTensor wrong({10, 4});
    EXPECT_EQ(treeShap(*model, wrong, context).error().kind, ErrorKind::BadInput);
    context.cancel();
    EXPECT_EQ(treeShap(*model, data.x, context).error().kind, ErrorKind::Cancelled);
}

TEST(LinearShap, EqualsFormulaAndIsLocallyAccurate)
{
    const auto data = testdata::makeLinearData(50, 7, 53);
    const std::vector<double> w = {0.5, -1.0, 2.0, 0.0, 0.25, -0.75, 1.5};
    const double b = -0.4;
    auto values = linearShap(w, b, data.x);
    ASSERT_TRUE(values.ok());
    std::vector<double> mean(7, 0.0);
    for (int64_t i = 0; i < 50; ++i)
        for (int64_t j = 0; j < 7; ++j) mean[static_cast<size_t>(j)] += data.x.data[static_cast<size_t>(i * 7 + j)] / 50.0;
    for (int64_t i = 0; i < 50; ++i) {
        double f = b;
        double sum = values->base[static_cast<size_t>(i)];
        for (int64_t j = 0; j < 7; ++j) {
            const double r = data.x.data[static_cast<size_t>(i * 7 + j)];
            f += w[static_cast<size_t>(j)] * r;
            const double phi = values->phi.data[static_cast<size_t>(i * 7 + j)];
            sum += phi;
            EXPECT_NEAR(phi, w[static_cast<size_t>(j)] * (r - mean[static_cast<size_t>(j)]), 1e-5);
        }
        EXPECT_NEAR(sum, f, 1e-5);
    }
    EXPECT_FALSE(linearShap(std::vector<double>(3, 1.0), 0.0, data.x).ok());
}

TEST(SamplingShap, EqualsExactValuesOnALinearModel)
{
    const auto data = testdata::makeLinearData(40, 9, 54);
    classifiers::LinearModel model;
    model.weights = {1.0, -2.0, 0.5, 0.0, 3.0, -0.25, 1.25, -1.5, 0.75};
    model.bias = 0.1;
    RowScore score = [&model](const float* row, int64_t) { return model.decision(row); };
    SamplingOptions options;
    options.permutations = 4;
    jobs::SimpleJobContext context;
    auto sampled = samplingShap(score, data.x, options, context);
    auto exact = linearShap(model, data.x);
    ASSERT_TRUE(sampled.ok() && exact.ok());
    ASSERT_EQ(sampled->phi.shape, exact->phi.shape);
    // For an additive game every permutation gives the exact value.
    for (size_t i = 0; i < exact->phi.data.size(); ++i) EXPECT_NEAR(sampled->phi.data[i], exact->phi.data[i], 1e-4);
    EXPECT_NEAR(sampled->base[0], exact->base[0], 1e-4);
}

// A game with interactions: f(r) = w.r + 0.8 r0 r1 - 0.5 r2 r3 r4 + sin(r5). Its exact Shapley values
// (absent = column mean) by enumerating all 2^6 coalitions.
double game(const float* r)
{
    return 0.3 * r[0] - 0.7 * r[1] + 0.2 * r[3] + 0.8 * r[0] * r[1] - 0.5 * r[2] * r[3] * r[4] + std::sin(2.0 * r[5]);
}

std::vector<double> exactShapley(const float* x, const std::vector<double>& mean)
{
    const int k = 6;
    std::vector<double> phi(k, 0.0);
    std::vector<double> factorial(k + 1, 1.0);
    for (int i = 1; i <= k; ++i) factorial[i] = factorial[i - 1] * i;
    auto value = [&](unsigned mask) {
        float z[6];
        for (int j = 0; j < k; ++j) z[j] = (mask >> j) & 1u ? x[j] : static_cast<float>(mean[static_cast<size_t>(j)]);
        return game(z);
    };
    for (unsigned mask = 0; mask < (1u << k); ++mask) {
        const int size = __builtin_popcount(mask);
        for (int j = 0; j < k; ++j) {
            if ((mask >> j) & 1u) continue;
            const double weight = factorial[size] * factorial[k - size - 1] / factorial[k];
            phi[static_cast<size_t>(j)] += weight * (value(mask | (1u << j)) - value(mask));
        }
    }
    return phi;
}

struct SamplingError {
    double rmse = 0.0;
    double coverage = 0.0;
};

SamplingError samplingError(const testdata::LabelledData& data, int permutations, bool antithetic)
{
    SamplingOptions options;
    options.permutations = permutations;
    options.antithetic = antithetic;
    options.seed = 77;
    jobs::SimpleJobContext context;
    RowScore score = [](const float* row, int64_t) { return game(row); };
    auto sampled = samplingShap(score, data.x, options, context);
    EXPECT_TRUE(sampled.ok());
    const auto mean = columnMeans(data.x);
    SamplingError e;
    int covered = 0;
    const int64_t n = data.x.shape[0];
    for (int64_t i = 0; i < n; ++i) {
        const float* x = data.x.data.data() + i * 6;
        const auto truth = exactShapley(x, mean);
        double sum = sampled->base[static_cast<size_t>(i)];
        for (int j = 0; j < 6; ++j) {
            const auto at = static_cast<size_t>(i * 6 + j);
            const double d = sampled->phi.data[at] - truth[static_cast<size_t>(j)];
            e.rmse += d * d;
            sum += sampled->phi.data[at];
            // A zero standard error happens only where every permutation agrees (then the value is exact).
            covered += std::fabs(d) <= 1.96 * sampled->standardError.data[at] + 1e-5 ? 1 : 0;
        }
        EXPECT_NEAR(sum, game(x), 1e-4);  // local accuracy holds for every permutation
    }
    e.rmse = std::sqrt(e.rmse / static_cast<double>(n * 6));
    e.coverage = covered / static_cast<double>(n * 6);
    return e;
}

TEST(SamplingShap, ConvergesToExactValuesWithCoveringIntervals)
{
    const auto data = testdata::makeLinearData(60, 6, 55);
    const auto few = samplingError(data, 8, false);
    const auto many = samplingError(data, 128, false);
    const auto paired = samplingError(data, 128, true);
    std::printf("sampling RMSE: 8 perms %.4g, 128 perms %.4g, 128 antithetic %.4g; coverage %.3f / %.3f\n", few.rmse,
                many.rmse, paired.rmse, many.coverage, paired.coverage);
    // Error ~ 1/sqrt(permutations): 16x the permutations should cut it about 4x.
    EXPECT_GT(few.rmse, 1e-3);
    EXPECT_LT(many.rmse, few.rmse / 2.5);
    EXPECT_LT(paired.rmse, few.rmse / 2.5);
    EXPECT_GT(many.coverage, 0.88);
    EXPECT_GT(paired.coverage, 0.88);
}

TEST(SamplingShap, SubsetOfRowsAndCancel)
{
    const auto data = testdata::makeLinearData(30, 6, 56);
    SamplingOptions options;
    options.permutations = 2;
    options.maxRows = 5;
    jobs::SimpleJobContext context;
    RowScore score = [](const float* row, int64_t) { return game(row); };
    auto sampled = samplingShap(score, data.x, options, context);
    ASSERT_TRUE(sampled.ok());
    EXPECT_EQ(sampled->phi.shape, (std::vector<int64_t>{5, 6}));
    ASSERT_EQ(sampled->rows.size(), 5u);
    EXPECT_TRUE(std::is_sorted(sampled->rows.begin(), sampled->rows.end()));
    context.cancel();
    EXPECT_EQ(samplingShap(score, data.x, options, context).error().kind, ErrorKind::Cancelled);
}

TEST(NeuronScores, StatisticsRanksAndCsv)
{
    ShapleyValues values;
    values.phi = FloatTensor({4, 3});
    // neuron 0: |.| = 1,2,3,4 ; neuron 1: 0,0,0,10 ; neuron 2: 2,2,2,2
    values.phi.data = {1, 0, -2, -2, 0, 2, 3, 0, -2, -4, -10, 2};
    const auto scores = scoreNeurons(values);
    ASSERT_EQ(scores.size(), 3u);
    EXPECT_DOUBLE_EQ(scores[0].meanAbs, 2.5);
    EXPECT_DOUBLE_EQ(scores[0].medianAbs, 2.5);
    EXPECT_DOUBLE_EQ(scores[0].maxAbs, 4.0);
    EXPECT_DOUBLE_EQ(scores[0].minAbs, 1.0);
    EXPECT_DOUBLE_EQ(scores[1].meanAbs, 2.5);
    EXPECT_DOUBLE_EQ(scores[1].medianAbs, 0.0);
    EXPECT_DOUBLE_EQ(scores[2].meanAbs, 2.0);
    EXPECT_EQ(scores[0].rank, 1);  // tie with neuron 1 goes to the lower index
    EXPECT_EQ(scores[1].rank, 2);
    EXPECT_EQ(scores[2].rank, 3);
    EXPECT_TRUE(std::isnan(scores[0].ciLow));

    values.standardError = FloatTensor({4, 3}, 0.5f);
    const auto withError = scoreNeurons(values);
    EXPECT_NEAR(withError[2].ciHigh - withError[2].meanAbs, 1.96 * std::sqrt(4 * 0.25) / 4, 1e-12);

    const auto path = (testdata::freshDir("scores") / "s.csv").string();
    ASSERT_TRUE(writeNeuronScoresCsv(path, scores, false).ok());
    std::ifstream in(path);
    std::string header, first;
    std::getline(in, header);
    std::getline(in, first);
    EXPECT_EQ(header, "neuron,mean_abs,median_abs,max_abs,min_abs,rank");
    EXPECT_EQ(first, "0,2.5,2.5,4,1,1");
}

}  // namespace
