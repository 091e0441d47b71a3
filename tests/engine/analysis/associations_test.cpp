// Associations over Shapley scores, against sums and rankings worked out by hand.
#include "analysis/associations.h"

#include <gtest/gtest.h>

namespace {

using namespace hint::analysis;

TEST(Associations, ConceptTopNeuronsRankStrongestFirstWithTiesToTheLowerIndex)
{
    const std::vector<double> scores = {0.1, 0.5, 0.3, 0.5, 0.0};
    const auto top = conceptTopNeurons(scores, 3);
    ASSERT_EQ(top.size(), 3u);
    EXPECT_EQ(top[0].neuron, 1);
    EXPECT_EQ(top[1].neuron, 3);
    EXPECT_EQ(top[2].neuron, 2);
    EXPECT_DOUBLE_EQ(top[2].score, 0.3);
    EXPECT_EQ(top[2].rank, 3);
    EXPECT_EQ(conceptTopNeurons(scores, 10).size(), 5u);
}

TEST(Associations, CollaborativeMassIsTheTopShareAndTheNeuronsToHalf)
{
    // Total 10; sorted 4, 3, 2, 1: top-2 hold 7/10; 4 < 5 <= 4+3, so 2 neurons reach half.
    const auto mass = collaborativeMass({1.0, 4.0, 2.0, 3.0}, 2);
    EXPECT_DOUBLE_EQ(mass.total, 10.0);
    EXPECT_DOUBLE_EQ(mass.topShare, 0.7);
    EXPECT_EQ(mass.neuronsToHalf, 2);
    EXPECT_EQ(mass.neurons, 4);
    // Exactly half with the first neuron: 5 of 10.
    EXPECT_EQ(collaborativeMass({5.0, 1.0, 1.0, 3.0}, 1).neuronsToHalf, 1);
    // Eight equal neurons: the top-3 hold 3/8 and it takes 4 to reach half.
    const auto flat = collaborativeMass(std::vector<double>(8, 0.25), 3);
    EXPECT_DOUBLE_EQ(flat.topShare, 0.375);
    EXPECT_EQ(flat.neuronsToHalf, 4);
    const auto zero = collaborativeMass({0.0, 0.0}, 1);
    EXPECT_EQ(zero.topShare, 0.0);
    EXPECT_EQ(zero.neuronsToHalf, 0);
    EXPECT_DOUBLE_EQ(collaborativeMass({1.0, 2.0}, 5).topShare, 1.0);
}

std::vector<ConceptScores> layerOfThree()
{
    //                       neuron:  0    1    2    3    4
    return {{"dog", "l", {0.9, 0.8, 0.1, 0.0, 0.2}, 0.8},
            {"cat", "l", {0.7, 0.1, 0.6, 0.0, 0.2}, 0.7},
            {"car", "l", {0.0, 0.2, 0.1, 0.9, 0.5}, 0.9}};
}

TEST(Associations, NeuronConceptsListEveryConceptWhoseTopKHoldsTheNeuron)
{
    // top-2: dog {0, 1}, cat {0, 2}, car {3, 4}.
    const auto links = neuronConcepts(layerOfThree(), 2);
    ASSERT_EQ(links.size(), 5u);
    EXPECT_EQ(links[0].neuron, 0);
    ASSERT_EQ(links[0].concepts.size(), 2u);
    EXPECT_EQ(links[0].concepts[0].concept, "dog");  // Phi 0.9 before cat's 0.7
    EXPECT_EQ(links[0].concepts[1].concept, "cat");
    EXPECT_EQ(links[0].concepts[1].rank, 1);
    EXPECT_EQ(links[2].neuron, 2);
    ASSERT_EQ(links[2].concepts.size(), 1u);
    EXPECT_EQ(links[2].concepts[0].concept, "cat");
    EXPECT_EQ(links[2].concepts[0].rank, 2);
}

TEST(Associations, MultimodalNeuronsAreInTheTopKOfAtLeastMConcepts)
{
    auto multimodal = multimodalNeurons(layerOfThree(), 2, 2);
    ASSERT_EQ(multimodal.size(), 1u);
    EXPECT_EQ(multimodal[0].neuron, 0);
    // top-3: dog {0,1,4}, cat {0,2,4}, car {3,4,1}: neuron 4 in all three, then 0 and 1 in two each.
    multimodal = multimodalNeurons(layerOfThree(), 3, 2);
    ASSERT_EQ(multimodal.size(), 3u);
    EXPECT_EQ(multimodal[0].neuron, 4);
    EXPECT_EQ(multimodal[0].concepts.size(), 3u);
    EXPECT_EQ(multimodal[1].neuron, 0);
    EXPECT_EQ(multimodal[2].neuron, 1);
    EXPECT_TRUE(multimodalNeurons(layerOfThree(), 3, 4).empty());
}

TEST(Associations, CompareLayersGivesOneRowPerLayerOfTheConcept)
{
    std::vector<ConceptScores> results = layerOfThree();
    results.push_back({"dog", "deeper", {0.0, 1.0, 3.0}, 0.9});
    results.push_back({"dog", "missing", {}, std::nullopt});
    const auto rows = compareLayers(results, "dog", 1);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].layer, "l");
    EXPECT_DOUBLE_EQ(*rows[0].f1, 0.8);
    EXPECT_EQ(rows[0].top.at(0).neuron, 0);
    EXPECT_EQ(rows[1].layer, "deeper");
    EXPECT_DOUBLE_EQ(rows[1].mass.topShare, 0.75);
    EXPECT_EQ(rows[1].mass.neuronsToHalf, 1);
    EXPECT_EQ(rows[1].top.at(0).neuron, 2);
}

}  // namespace
