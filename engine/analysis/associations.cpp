#include "analysis/associations.h"

#include "localization/neuron_ablation.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace hint::analysis {

std::vector<NeuronScore> conceptTopNeurons(const std::vector<double>& scores, int k)
{
    std::vector<NeuronScore> top;
    const std::vector<int> neurons = localization::topNeurons(scores, k);
    for (size_t i = 0; i < neurons.size(); ++i)
        top.push_back({neurons[i], scores[static_cast<size_t>(neurons[i])], static_cast<int>(i) + 1});
    return top;
}

std::vector<NeuronConcepts> neuronConcepts(const std::vector<ConceptScores>& layer, int k)
{
    std::map<int, std::vector<ConceptLink>> links;
    for (const auto& concept : layer)
        for (const auto& top : conceptTopNeurons(concept.scores, k))
            links[top.neuron].push_back({concept.concept, top.score, top.rank});
    std::vector<NeuronConcepts> result;
    for (auto& [neuron, concepts] : links) {
        std::stable_sort(concepts.begin(), concepts.end(),
                         [](const ConceptLink& a, const ConceptLink& b) { return a.score > b.score; });
        result.push_back({neuron, std::move(concepts)});
    }
    return result;
}

std::vector<NeuronConcepts> multimodalNeurons(const std::vector<ConceptScores>& layer, int k, int m)
{
    std::vector<NeuronConcepts> result;
    for (auto& entry : neuronConcepts(layer, k))
        if (static_cast<int>(entry.concepts.size()) >= m) result.push_back(std::move(entry));
    std::stable_sort(result.begin(), result.end(), [](const NeuronConcepts& a, const NeuronConcepts& b) {
        return a.concepts.size() > b.concepts.size();
    });
    return result;
}

CollaborativeMass collaborativeMass(const std::vector<double>& scores, int k)
{
    CollaborativeMass mass;
    mass.neurons = static_cast<int>(scores.size());
    mass.total = std::accumulate(scores.begin(), scores.end(), 0.0);
    const std::vector<int> ranked = localization::topNeurons(scores, mass.neurons);
    double running = 0.0;
    for (size_t i = 0; i < ranked.size(); ++i) {
        running += scores[static_cast<size_t>(ranked[i])];
        if (static_cast<int>(i) + 1 == k && mass.total > 0.0) mass.topShare = running / mass.total;
        if (mass.neuronsToHalf == 0 && mass.total > 0.0 && running >= 0.5 * mass.total) mass.neuronsToHalf = static_cast<int>(i) + 1;
    }
    if (k >= mass.neurons && mass.total > 0.0) mass.topShare = 1.0;
    return mass;
}

std::vector<LayerRow> compareLayers(const std::vector<ConceptScores>& results, const std::string& concept, int k)
{
    std::vector<LayerRow> rows;
    for (const auto& result : results)
        if (result.concept == concept && !result.scores.empty())
            rows.push_back({result.layer, result.f1, collaborativeMass(result.scores, k), conceptTopNeurons(result.scores, k)});
    return rows;
}

}  // namespace hint::analysis
