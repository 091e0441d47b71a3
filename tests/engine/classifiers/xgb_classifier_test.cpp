#include "classifiers/binary_metrics.h"
#include "classifiers/xgb_classifier.h"
#include "engine/classifiers/classifier_test_data.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

using namespace hint;
using namespace hint::classifiers;

XgbOptions smallOptions()
{
    XgbOptions options;
    options.rounds = 10;
    options.maxDepth = 4;
    options.threads = 1;
    return options;
}

TEST(XgbClassifier, LearnsSavesAsJsonAndReloadsIdentically)
{
    const auto train = testdata::makeLinearData(600, 8, 31, 0.1);
    const auto test = testdata::makeLinearData(300, 8, 32, 0.1);
    jobs::SimpleJobContext context;
    auto model = XgbClassifier::train(train.x, train.y, smallOptions(), context);
    ASSERT_TRUE(model.ok()) << model.error().message;
    EXPECT_EQ(model->features(), 8);
    EXPECT_EQ(context.done(), 10);

    auto probability = model->predictProbability(test.x);
    ASSERT_TRUE(probability.ok());
    std::vector<int64_t> guess;
    for (float p : *probability) guess.push_back(p > 0.5f ? 1 : 0);
    EXPECT_GT(computeBinaryMetrics(test.y, guess).accuracy, 0.8);

    const auto path = (testdata::freshDir("xgb") / "xgboost.json").string();
    ASSERT_TRUE(model->save(path).ok());
    std::ifstream file(path);
    const auto json = nlohmann::json::parse(file);  // XGBoost's JSON format, not its binary one
    EXPECT_TRUE(json.contains("learner"));

    auto loaded = XgbClassifier::load(path, 1);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(loaded->features(), 8);
    EXPECT_EQ(loaded->rounds(), 10);
    auto before = model->predictMargin(test.x);
    auto after = loaded->predictMargin(test.x);
    ASSERT_TRUE(before.ok() && after.ok());
    EXPECT_EQ(*before, *after);
    // binary:logistic: probability = sigmoid(margin)
    EXPECT_NEAR((*probability)[0], 1.0 / (1.0 + std::exp(-(*before)[0])), 1e-6);
}

TEST(XgbClassifier, SameSeedSameModel)
{
    const auto train = testdata::makeLinearData(300, 5, 41);
    jobs::SimpleJobContext context;
    auto a = XgbClassifier::train(train.x, train.y, smallOptions(), context);
    auto b = XgbClassifier::train(train.x, train.y, smallOptions(), context);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a->predictMargin(train.x), *b->predictMargin(train.x));
}

TEST(XgbClassifier, ContributionsHaveBiasColumn)
{
    const auto train = testdata::makeLinearData(200, 6, 42);
    jobs::SimpleJobContext context;
    auto model = XgbClassifier::train(train.x, train.y, smallOptions(), context);
    ASSERT_TRUE(model.ok());
    auto phi = model->contributions(train.x);
    ASSERT_TRUE(phi.ok()) << phi.error().message;
    EXPECT_EQ(phi->shape, (std::vector<int64_t>{200, 7}));
}

TEST(XgbClassifier, CancelBetweenRoundsAndBadInput)
{
    const auto train = testdata::makeLinearData(100, 4, 43);
    jobs::SimpleJobContext context;
    context.cancel();
    auto cancelled = XgbClassifier::train(train.x, train.y, smallOptions(), context);
    ASSERT_FALSE(cancelled.ok());
    EXPECT_EQ(cancelled.error().kind, ErrorKind::Cancelled);

    jobs::SimpleJobContext fresh;
    auto model = XgbClassifier::train(train.x, train.y, smallOptions(), fresh);
    ASSERT_TRUE(model.ok());
    FloatTensor wrong({3, 5});
    auto bad = model->predictMargin(wrong);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, ErrorKind::BadInput);
    auto missing = XgbClassifier::load("/nonexistent/xgboost.json");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("/nonexistent/xgboost.json"), std::string::npos);
}

}  // namespace
