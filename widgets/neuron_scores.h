// NeuronScores: what the neuron-contributions view shows for one concept at one layer: a score per
// neuron for each kind of score (TreeSHAP mean |phi|, median, max, linear SHAP, |weight|, ...).
#pragma once

#include <string>
#include <vector>

namespace hint::widgets {

struct ScoreSeries {
    std::string kind;           // shown in the score switch and on the value axis
    std::vector<float> values;  // one per neuron, in the order of NeuronScores::neuronIds
    // A 95% interval per neuron (permutation-sampling estimates), in the same order; empty when exact.
    std::vector<float> low, high;
    bool hasInterval() const { return !values.empty() && low.size() == values.size() && high.size() == values.size(); }
};

struct NeuronScores {
    std::string conceptName;  // "dog"
    std::string conceptId;    // "n02084071" (may be empty)
    std::string layer;        // "features.30" (may be empty)
    std::vector<int> neuronIds;
    std::vector<ScoreSeries> scores;
};

}  // namespace hint::widgets
