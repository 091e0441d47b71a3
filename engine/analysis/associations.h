// Associations between concepts and neurons over stored Shapley scores (METHOD.md section 4). A score
// vector holds Phi_k(e) = mean_n |phi_nk| for every neuron k of one layer (shapley.csv's mean_abs).
// Rankings break ties towards the lower neuron index, as the ablation's topNeurons does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hint::analysis {

struct ConceptScores {
    std::string concept;  // wnid (or any name)
    std::string layer;
    std::vector<double> scores;  // Phi per neuron, in neuron order
    std::optional<double> f1;    // held-out F1 of the concept's classifier, when known
};

struct NeuronScore {
    int neuron = 0;
    double score = 0.0;
    int rank = 0;  // 1 = the concept's strongest neuron
};

// concept -> neurons: the k highest-scoring neurons, strongest first.
std::vector<NeuronScore> conceptTopNeurons(const std::vector<double>& scores, int k);

struct ConceptLink {
    std::string concept;
    double score = 0.0;  // the neuron's Phi for this concept
    int rank = 0;        // the neuron's rank within the concept's top-k
};

struct NeuronConcepts {
    int neuron = 0;
    std::vector<ConceptLink> concepts;  // every concept whose top-k holds the neuron, strongest Phi first
};

// neuron -> concepts over the concepts of one layer: the neurons in at least one top-k, by neuron index.
std::vector<NeuronConcepts> neuronConcepts(const std::vector<ConceptScores>& layer, int k);

// Multimodal neurons: in the top-k of at least m concepts; most concepts first, then by neuron index.
std::vector<NeuronConcepts> multimodalNeurons(const std::vector<ConceptScores>& layer, int k, int m);

struct CollaborativeMass {
    double total = 0.0;       // sum of Phi over all neurons
    double topShare = 0.0;    // share of the total held by the top-k (0 when the total is 0)
    int neuronsToHalf = 0;    // fewest strongest neurons holding at least half the total
    int neurons = 0;
};
CollaborativeMass collaborativeMass(const std::vector<double>& scores, int k);

// Per-layer comparison of one concept: a row per layer where it has scores, in the order given.
struct LayerRow {
    std::string layer;
    std::optional<double> f1;
    CollaborativeMass mass;
    std::vector<NeuronScore> top;
};
std::vector<LayerRow> compareLayers(const std::vector<ConceptScores>& results, const std::string& concept, int k);

}  // namespace hint::analysis
