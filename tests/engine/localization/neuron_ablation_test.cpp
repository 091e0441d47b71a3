// Neuron selection and retraining of the 20-neuron ablation.
#include "jobs/job_context.h"
#include "localization/neuron_ablation.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <set>

using namespace hint::localization;

TEST(NeuronAblation, TopNeuronsAreDescendingWithLowIndexTies)
{
    EXPECT_EQ(topNeurons({0.1, 0.5, 0.3, 0.5, 0.0}, 3), (std::vector<int>{1, 3, 2}));
    EXPECT_EQ(topNeurons({1.0, 2.0}, 5), (std::vector<int>{1, 0}));
}

TEST(NeuronAblation, RandomNeuronsAreDistinctSortedAndSeeded)
{
    const auto a = randomNeurons(96, 20, 7);
    ASSERT_EQ(a.size(), 20u);
    EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
    EXPECT_EQ(std::set<int>(a.begin(), a.end()).size(), 20u);
    EXPECT_EQ(a, randomNeurons(96, 20, 7));
    EXPECT_NE(a, randomNeurons(96, 20, 8));
    EXPECT_LT(a.back(), 96);
}

TEST(NeuronAblation, ReadsShapleyCsv)
{
    hint::test::TempDir dir("ablation_csv");
    std::ofstream(dir / "s.csv") << "neuron,mean_abs,median_abs,max_abs,min_abs,rank\n2,0.5,0,0,0,1\n0,0.25,0,0,0,2\n1,0.1,0,0,0,3\n";
    auto scores = readShapleyScores(dir / "s.csv");
    ASSERT_TRUE(scores.ok());
    EXPECT_EQ(scores.value(), (std::vector<double>{0.25, 0.1, 0.5}));
    std::ofstream(dir / "bad.csv") << "neuron,mean_abs\n0,x\n";
    auto bad = readShapleyScores(dir / "bad.csv");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find(":2:"), std::string::npos);
}

TEST(NeuronAblation, RetrainedModelKeepsOnlyTheSelectedNeurons)
{
    // Label = [x3 > 0]; the other columns are noise. Trained on {3, 5}, the model separates the data and has
    // zero weight outside the two columns.
    std::mt19937 rng(3);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    const int rows = 400, columns = 8;
    hint::FloatTensor x({rows, columns});
    std::vector<int64_t> y(rows);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) x.data[static_cast<size_t>(r * columns + c)] = normal(rng);
        y[static_cast<size_t>(r)] = x.data[static_cast<size_t>(r * columns + 3)] > 0 ? 1 : 0;
    }
    hint::jobs::SimpleJobContext job;
    hint::classifiers::SgdOptions options;
    options.seed = 1;
    auto model = trainOnNeurons(x, y, {3, 5}, options, job);
    ASSERT_TRUE(model.ok());
    ASSERT_EQ(model->weights.size(), static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
        if (c == 3 || c == 5) continue;
        EXPECT_EQ(model->weights[static_cast<size_t>(c)], 0.0) << c;
    }
    EXPECT_GT(model->weights[3], 0.0);
    const auto predicted = model->predict(x);
    int correct = 0;
    for (int r = 0; r < rows; ++r) correct += predicted[static_cast<size_t>(r)] == y[static_cast<size_t>(r)] ? 1 : 0;
    EXPECT_GT(correct, rows * 9 / 10);
    EXPECT_FALSE(trainOnNeurons(x, y, {8}, options, job).ok());
}
