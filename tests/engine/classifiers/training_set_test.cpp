#include "classifiers/training_set.h"
#include "engine/classifiers/classifier_test_data.h"

#include <gtest/gtest.h>

#include <set>

namespace {

using namespace hint;
using namespace hint::classifiers;

// A regions folder whose vectors say where they come from: column 0 = +/-(1000 * (concept + 1) + row).
std::string makeRegions(const std::string& name, int concept, int64_t positives, int64_t background, int64_t k = 4)
{
    const auto dir = testdata::freshDir(name);
    FloatTensor pos({positives, k}), bg({background, k});
    for (int64_t r = 0; r < positives; ++r) pos.data[static_cast<size_t>(r * k)] = static_cast<float>(1000 * (concept + 1) + r);
    for (int64_t r = 0; r < background; ++r) bg.data[static_cast<size_t>(r * k)] = -static_cast<float>(1000 * (concept + 1) + r);
    EXPECT_TRUE(writeNpy((dir / "positives.npy").string(), pos).ok());
    EXPECT_TRUE(writeNpy((dir / "background.npy").string(), bg).ok());
    return dir.string();
}

TEST(TrainingSet, ConceptsThenSampledPooledBackground)
{
    const std::vector<std::string> group = {makeRegions("ts_a", 0, 10, 30), makeRegions("ts_b", 1, 7, 20),
                                            makeRegions("ts_c", 2, 5, 25)};
    jobs::SimpleJobContext context;
    auto set = buildTrainingSet(group, 1, 9, context);
    ASSERT_TRUE(set.ok()) << set.error().message;
    const int64_t background = (10 + 7 + 5) / 3;  // 7
    EXPECT_EQ(set->backgroundRows, background);
    EXPECT_EQ(set->backgroundPool, 75);
    EXPECT_EQ(set->matrix.shape, (std::vector<int64_t>{22 + background, 4}));
    EXPECT_EQ(set->conceptRows, (std::vector<int64_t>{10, 7, 5}));
    // Concept rows in order with their group label; y = 1 only for the target's rows.
    for (int64_t r = 0; r < 22; ++r) {
        const int concept = r < 10 ? 0 : (r < 17 ? 1 : 2);
        const int64_t within = r - (concept == 0 ? 0 : (concept == 1 ? 10 : 17));
        EXPECT_EQ(set->matrix.data[static_cast<size_t>(r * 4)], 1000 * (concept + 1) + within);
        EXPECT_EQ(set->groupLabels[static_cast<size_t>(r)], concept);
        EXPECT_EQ(set->labels[static_cast<size_t>(r)], concept == 1 ? 1 : 0);
    }
    std::set<float> drawn;
    for (int64_t r = 22; r < 22 + background; ++r) {
        const float v = set->matrix.data[static_cast<size_t>(r * 4)];
        EXPECT_LT(v, 0.0f);  // from a background file
        drawn.insert(v);
        EXPECT_EQ(set->groupLabels[static_cast<size_t>(r)], 3);
        EXPECT_EQ(set->labels[static_cast<size_t>(r)], 0);
    }
    EXPECT_EQ(static_cast<int64_t>(drawn.size()), background);  // without replacement

    auto again = buildTrainingSet(group, 1, 9, context);
    auto other = buildTrainingSet(group, 1, 10, context);
    ASSERT_TRUE(again.ok() && other.ok());
    EXPECT_EQ(again->matrix.data, set->matrix.data);
    EXPECT_NE(other->matrix.data, set->matrix.data);
}

TEST(TrainingSet, SmallPoolIsUsedWholeWithWarning)
{
    const std::vector<std::string> group = {makeRegions("sp_a", 0, 40, 3), makeRegions("sp_b", 1, 20, 2)};
    jobs::SimpleJobContext context;
    auto set = buildTrainingSet(group, 0, 1, context);
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->backgroundRows, 5);
    EXPECT_EQ(context.warnings(), 1);
}

TEST(TrainingSet, BadInputNamesTheProblem)
{
    jobs::SimpleJobContext context;
    const std::string a = makeRegions("bad_a", 0, 5, 5, 4);
    const std::string wide = makeRegions("bad_wide", 1, 5, 5, 6);
    auto range = buildTrainingSet({a}, 3, 0, context);
    ASSERT_FALSE(range.ok());
    EXPECT_EQ(range.error().kind, ErrorKind::BadInput);
    EXPECT_NE(range.error().message.find("--target"), std::string::npos);

    auto shape = buildTrainingSet({a, wide}, 0, 0, context);
    ASSERT_FALSE(shape.ok());
    EXPECT_NE(shape.error().message.find("bad_wide/positives.npy"), std::string::npos);

    const std::string noBackground = makeRegions("bad_nobg", 1, 5, 5, 4);
    std::filesystem::remove(std::filesystem::path(noBackground) / "background.npy");
    auto missing = buildTrainingSet({a, noBackground}, 0, 0, context);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("bad_nobg/background.npy"), std::string::npos);

    auto folder = buildTrainingSet({a, "/nonexistent/regions"}, 0, 0, context);
    ASSERT_FALSE(folder.ok());
    EXPECT_NE(folder.error().message.find("/nonexistent/regions"), std::string::npos);
}

}  // namespace
