// Builds the Associations view's diagram, matrix and lists from the stored scores of one layer.
#include "associations/association_diagram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace hint::widgets {

namespace {

struct Candidate {
    const pipeline::StoredUnit* unit = nullptr;
    int depth = 0;
    bool selected = false;
};

// Concepts in subtree (preorder) order from `roots`: a parent comes before its children and siblings
// stay together, which keeps links short once the concepts are sorted by depth.
std::vector<int> preorder(const hierarchy::ConceptGraph& graph, const std::vector<int>& roots, bool subtree)
{
    std::vector<int> order;
    std::vector<char> seen(static_cast<size_t>(graph.size()), 0);
    std::vector<int> stack;
    for (int root : roots) {
        stack.push_back(root);
        while (!stack.empty()) {
            const int index = stack.back();
            stack.pop_back();
            if (seen[static_cast<size_t>(index)]) continue;
            seen[static_cast<size_t>(index)] = 1;
            order.push_back(index);
            if (!subtree) continue;
            const auto& children = graph.at(index).children;
            for (auto it = children.rbegin(); it != children.rend(); ++it)
                if (!seen[static_cast<size_t>(*it)]) stack.push_back(*it);
        }
    }
    return order;
}

std::vector<Candidate> candidates(const hierarchy::ConceptGraph& graph, const std::vector<pipeline::StoredUnit>& units,
                                  const std::vector<std::string>& selection, bool subtree, int& notStored)
{
    std::unordered_map<std::string, const pipeline::StoredUnit*> stored;
    for (const auto& unit : units)
        if (!unit.scores.empty()) stored.emplace(unit.concept, &unit);
    std::vector<Candidate> result;
    std::vector<int> roots;
    std::vector<char> named(static_cast<size_t>(graph.size()), 0);
    if (selection.empty()) {
        roots = graph.roots();
        subtree = true;
    }
    for (const auto& wnid : selection) {
        const int index = graph.indexOf(wnid);
        if (index >= 0) {
            roots.push_back(index);
            named[static_cast<size_t>(index)] = 1;
        } else if (const auto it = stored.find(wnid); it != stored.end()) {
            result.push_back({it->second, 0, true});  // stored under a wnid the graph lacks: no depth to use
            stored.erase(it);
        } else {
            ++notStored;
        }
    }
    for (int index : preorder(graph, roots, subtree)) {
        const auto& concept = graph.at(index);
        const auto it = stored.find(concept.wnid);
        if (it == stored.end()) {
            if (!selection.empty()) ++notStored;
            continue;
        }
        result.push_back({it->second, concept.maxDepth, named[static_cast<size_t>(index)] != 0});
        stored.erase(it);
    }
    if (selection.empty())  // everything stored is shown, also what the graph does not know
        for (const auto& unit : units)
            if (stored.count(unit.concept)) result.push_back({&unit, 0, false});
    std::stable_sort(result.begin(), result.end(), [](const Candidate& a, const Candidate& b) { return a.depth < b.depth; });
    return result;
}

}  // namespace

int AssociationDiagram::linkOf(int concept, int neuronNode) const
{
    if (neuronNode < 0 || neuronNode >= static_cast<int>(neurons.size())) return -1;
    for (int link : neurons[static_cast<size_t>(neuronNode)].links)
        if (links[static_cast<size_t>(link)].concept == concept) return link;
    return -1;
}

int AssociationDiagram::neuronNode(int neuronId) const
{
    for (size_t i = 0; i < neurons.size(); ++i)
        if (neurons[i].neuron == neuronId) return static_cast<int>(i);
    return -1;
}

int AssociationDiagram::conceptRow(const std::string& wnid) const
{
    for (size_t i = 0; i < concepts.size(); ++i)
        if (concepts[i].wnid == wnid) return static_cast<int>(i);
    return -1;
}

AssociationDiagram buildAssociationDiagram(const hierarchy::ConceptGraph& graph,
                                           const std::vector<pipeline::StoredUnit>& units,
                                           const std::vector<std::string>& selection, const AssociationOptions& options)
{
    AssociationDiagram diagram;
    diagram.topK = std::max(1, options.topK);
    for (const auto& unit : units)
        if (!unit.scores.empty()) {
            diagram.layer = unit.layer;
            break;
        }
    std::vector<Candidate> shown = candidates(graph, units, selection, options.subtree, diagram.conceptsNotStored);
    const size_t cap = static_cast<size_t>(std::max(1, options.maxConcepts));
    if (shown.size() > cap) {
        diagram.conceptsLeftOut = static_cast<int>(shown.size() - cap);
        shown.resize(cap);
    }
    if (shown.empty()) return diagram;

    const int shallowest = shown.front().depth;
    std::unordered_map<int, int> nodeOf;  // neuron id -> node
    double widest = 0.0;
    for (const auto& candidate : shown) {
        const auto& unit = *candidate.unit;
        DiagramConcept concept{unit.concept, unit.conceptName, candidate.depth, candidate.depth - shallowest,
                               candidate.selected, analysis::collaborativeMass(unit.scores, diagram.topK),
                               analysis::conceptTopNeurons(unit.scores, diagram.topK)};
        if (concept.name.empty()) concept.name = concept.wnid;
        const int row = static_cast<int>(diagram.concepts.size());
        for (const auto& top : concept.top) {
            auto [it, added] = nodeOf.emplace(top.neuron, static_cast<int>(diagram.neurons.size()));
            if (added) diagram.neurons.push_back({top.neuron, {}});
            diagram.neurons[static_cast<size_t>(it->second)].links.push_back(static_cast<int>(diagram.links.size()));
            diagram.links.push_back({row, it->second, top.score, top.rank, 0.0});
            widest = std::max(widest, top.score);
        }
        diagram.concepts.push_back(std::move(concept));
    }
    for (auto& link : diagram.links) link.weight = widest > 0.0 ? link.phi / widest : 0.0;

    diagram.matrix.reserve(shown.size() * diagram.neurons.size());
    for (const auto& candidate : shown)
        for (const auto& node : diagram.neurons) {
            const auto& scores = candidate.unit->scores;
            const double phi = static_cast<size_t>(node.neuron) < scores.size() ? scores[static_cast<size_t>(node.neuron)]
                                                                                : std::numeric_limits<double>::quiet_NaN();
            diagram.matrix.push_back(phi);
            if (std::isfinite(phi)) diagram.maxPhi = std::max(diagram.maxPhi, phi);
        }
    return diagram;
}

std::vector<MultimodalNeuron> layerMultimodalNeurons(const std::vector<pipeline::StoredUnit>& units, int k, int m)
{
    std::vector<analysis::ConceptScores> layer;
    std::unordered_map<std::string, std::string> names;
    for (const auto& unit : units) {
        if (unit.scores.empty()) continue;
        layer.push_back({unit.concept, unit.layer, unit.scores, unit.linearF1});
        names.emplace(unit.concept, unit.conceptName.empty() ? unit.concept : unit.conceptName);
    }
    std::vector<MultimodalNeuron> result;
    for (auto& entry : analysis::multimodalNeurons(layer, k, m)) {
        MultimodalNeuron neuron{entry.neuron, std::move(entry.concepts), {}};
        for (const auto& link : neuron.concepts) neuron.names.push_back(names[link.concept]);
        result.push_back(std::move(neuron));
    }
    return result;
}

}  // namespace hint::widgets
