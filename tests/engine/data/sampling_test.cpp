#include "data/sampling.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

using namespace hint::data;

TEST(Sampling, EngineIsTheStandardsMt19937_64)
{
    // The standard fixes the 10000th output of a default-seeded mt19937_64 (seed 5489).
    SeededRandom random(5489u);
    uint64_t value = 0;
    for (int i = 0; i < 10000; ++i) value = random.next();
    EXPECT_EQ(value, 9981545732273789042ull);
}

TEST(Sampling, BelowIsInRangeAndRoughlyUniform)
{
    SeededRandom random(7);
    std::vector<int> counts(6, 0);
    for (int i = 0; i < 60000; ++i) {
        const uint64_t v = random.below(6);
        ASSERT_LT(v, 6u);
        ++counts[v];
    }
    for (int c : counts) EXPECT_NEAR(c, 10000, 400);
    EXPECT_EQ(random.below(1), 0u);
    // A range just above 2^63 rejects almost half the draws and must still terminate in range.
    const uint64_t big = (1ull << 63) + 1;
    for (int i = 0; i < 100; ++i) EXPECT_LT(random.below(big), big);
}

TEST(Sampling, ChooseDrawsDistinctValuesReproducibly)
{
    SeededRandom a(42), b(42), c(43);
    const auto first = a.choose(100, 30);
    EXPECT_EQ(first, b.choose(100, 30));
    EXPECT_NE(first, c.choose(100, 30));
    EXPECT_EQ(std::set<size_t>(first.begin(), first.end()).size(), 30u);
    EXPECT_TRUE(std::all_of(first.begin(), first.end(), [](size_t v) { return v < 100; }));
    auto all = a.choose(5, 10);
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, (std::vector<size_t>{0, 1, 2, 3, 4}));
    EXPECT_TRUE(a.choose(0, 3).empty());
    // Every value is drawn about equally often as the first pick.
    std::vector<int> firstPicks(10, 0);
    SeededRandom d(1);
    for (int i = 0; i < 20000; ++i) ++firstPicks[d.choose(10, 3)[0]];
    for (int count : firstPicks) EXPECT_NEAR(count, 2000, 200);
}

TEST(Sampling, FollowsTheMethodsLimits)
{
    // 300 leaves: leaf i has (i % 3 == 0 ? 10 : 25) images, numbered leaf*100 + k.
    std::vector<std::vector<size_t>> leaves(300);
    for (size_t leaf = 0; leaf < leaves.size(); ++leaf)
        for (size_t k = 0; k < (leaf % 3 == 0 ? 10u : 25u); ++k) leaves[leaf].push_back(leaf * 100 + k);
    SamplingOptions options;
    options.seed = 3;
    const ConceptSample sample = sampleLeafImages(leaves, options);
    EXPECT_EQ(sample.leaves, 300u);
    EXPECT_EQ(sample.leavesDrawn, 233u);
    EXPECT_GT(sample.leavesUsed, 100u);  // about 2/3 of the drawn leaves have 25 images
    EXPECT_LT(sample.leavesUsed, 200u);
    EXPECT_EQ(sample.images.size(), 233u);
    EXPECT_TRUE(std::is_sorted(sample.images.begin(), sample.images.end()));
    EXPECT_EQ(std::set<size_t>(sample.images.begin(), sample.images.end()).size(), 233u);
    std::map<size_t, int> perLeaf;
    for (size_t image : sample.images) {
        const size_t leaf = image / 100;
        EXPECT_NE(leaf % 3, 0u) << "an image of a leaf with fewer than 20 images";
        ++perLeaf[leaf];
    }
    for (const auto& [leaf, count] : perLeaf) EXPECT_LE(count, 20);

    EXPECT_EQ(sampleLeafImages(leaves, options).images, sample.images);
    options.seed = 4;
    EXPECT_NE(sampleLeafImages(leaves, options).images, sample.images);
}

TEST(Sampling, SmallConceptKeepsTwentyPerLeafAndSkipsSmallLeaves)
{
    std::vector<std::vector<size_t>> leaves(3);
    for (size_t k = 0; k < 25; ++k) leaves[0].push_back(k);
    for (size_t k = 0; k < 19; ++k) leaves[1].push_back(100 + k);
    for (size_t k = 0; k < 20; ++k) leaves[2].push_back(200 + k);
    const ConceptSample sample = sampleLeafImages(leaves, SamplingOptions{});
    EXPECT_EQ(sample.leavesUsed, 2u);
    ASSERT_EQ(sample.images.size(), 40u);
    EXPECT_EQ(std::count_if(sample.images.begin(), sample.images.end(), [](size_t i) { return i < 100; }), 20);
    EXPECT_EQ(std::count_if(sample.images.begin(), sample.images.end(), [](size_t i) { return i >= 200; }), 20);
    EXPECT_TRUE(sampleLeafImages({{1, 2, 3}}, SamplingOptions{}).images.empty());
}
