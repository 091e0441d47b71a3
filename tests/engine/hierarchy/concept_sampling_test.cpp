#include "hierarchy/concept_sampling.h"

#include <gtest/gtest.h>

using namespace hint::hierarchy;

namespace {

// entity -> pet -> dog, kitty; entity -> rock.
const char* kPets =
    "00000001 03 n 01 entity 0 000 | root\n"
    "00000004 05 n 01 dog 0 001 @ 00000005 n 0000 | d\n"
    "00000005 05 n 01 pet 0 001 @ 00000001 n 0000 | p\n"
    "00000007 05 n 01 kitty 0 001 @ 00000005 n 0000 | k\n"
    "00000008 17 n 01 rock 0 001 @ 00000001 n 0000 | r\n";

}  // namespace

TEST(ConceptSampling, DrawsOnlyFromTheConceptsLeaves)
{
    auto wn = WordNet::parse(kPets, "pets");
    ASSERT_TRUE(wn.ok());
    auto graph = ConceptGraph::build(wn.value(), {"n00000004", "n00000007", "n00000008"});
    ASSERT_TRUE(graph.ok()) << graph.error().message;
    // A data set: 30 dogs (0..29), 5 kitties (30..34), 40 rocks (35..74).
    hint::data::Dataset dataset;
    for (int i = 0; i < 75; ++i)
        dataset.images.push_back({"img" + std::to_string(i) + ".jpg", i < 30 ? "n00000004" : i < 35 ? "n00000007" : "n00000008", -1});
    hint::data::SamplingOptions options;
    options.seed = 11;
    auto pet = sampleConceptImages(graph.value(), graph->indexOf("n00000005"), dataset, options);
    ASSERT_TRUE(pet.ok()) << pet.error().message;
    EXPECT_EQ(pet->leaves, 2u);
    EXPECT_EQ(pet->leavesUsed, 1u);  // kitty has fewer than 20 images
    ASSERT_EQ(pet->images.size(), 20u);
    for (size_t i : pet->images) EXPECT_LT(i, 30u);
    auto entity = sampleConceptImages(graph.value(), graph->root(), dataset, options);
    ASSERT_TRUE(entity.ok());
    EXPECT_EQ(entity->images.size(), 40u);

    auto kitty = sampleConceptImages(graph.value(), graph->indexOf("n00000007"), dataset, options);
    ASSERT_FALSE(kitty.ok());
    EXPECT_EQ(kitty.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(kitty.error().message.find("kitty"), std::string::npos);
    EXPECT_FALSE(sampleConceptImages(graph.value(), 99, dataset, options).ok());

    const auto counts = classImageCounts(graph.value(), dataset.imagesByWnid());
    EXPECT_EQ(counts, (std::vector<int64_t>{30, 5, 40}));
}

// A DAG: dog is both a pet and a canine, so canine is a sibling of pet that shares a leaf with it.
// As pet's contrast, canine gives only its other leaf's images (wolves): dogs are pet's positives.
TEST(ConceptSampling, AContrastSiblingLeavesOutTheLeavesItSharesWithTheTarget)
{
    const char* kDag =
        "00000001 03 n 01 entity 0 000 | root\n"
        "00000004 05 n 01 dog 0 002 @ 00000005 n 0000 @ 00000006 n 0000 | d\n"
        "00000005 05 n 01 pet 0 001 @ 00000001 n 0000 | p\n"
        "00000006 05 n 01 canine 0 001 @ 00000001 n 0000 | c\n"
        "00000007 05 n 01 kitty 0 001 @ 00000005 n 0000 | k\n"
        "00000008 05 n 01 wolf 0 001 @ 00000006 n 0000 | w\n";
    auto wn = WordNet::parse(kDag, "dag");
    ASSERT_TRUE(wn.ok()) << wn.error().message;
    auto graph = ConceptGraph::build(wn.value(), {"n00000004", "n00000007", "n00000008"});
    ASSERT_TRUE(graph.ok()) << graph.error().message;
    const int pet = graph->indexOf("n00000005"), canine = graph->indexOf("n00000006");
    ASSERT_EQ(graph->siblings(pet), std::vector<int>{canine});
    // 25 dogs (0..24), 25 kitties (25..49), 25 wolves (50..74).
    hint::data::Dataset dataset;
    for (int i = 0; i < 75; ++i)
        dataset.images.push_back({"img" + std::to_string(i) + ".jpg", i < 25 ? "n00000004" : i < 50 ? "n00000007" : "n00000008", -1});
    hint::data::SamplingOptions options;
    options.seed = 5;
    const auto byWnid = dataset.imagesByWnid();

    auto alone = sampleConceptImages(graph.value(), canine, byWnid, options);
    ASSERT_TRUE(alone.ok());
    EXPECT_EQ(alone->images.size(), 40u);  // on its own, canine has dogs and wolves
    auto contrast = sampleConceptImages(graph.value(), canine, byWnid, options, pet);
    ASSERT_TRUE(contrast.ok()) << contrast.error().message;
    ASSERT_EQ(contrast->images.size(), 20u);
    for (size_t i : contrast->images) EXPECT_GE(i, 50u) << "image " << i << " is a dog, one of pet's own";

    // A contrast concept all of whose leaves are the target's has nothing to give: an error naming it.
    const int dog = graph->indexOf("n00000004");
    auto none = sampleConceptImages(graph.value(), dog, byWnid, options, pet);
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find("dog"), std::string::npos);
    EXPECT_FALSE(sampleConceptImages(graph.value(), canine, byWnid, options, 99).ok());
}
