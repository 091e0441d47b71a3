// The model behind the Associations view (GUI.md view 4, METHOD.md section 4), without Qt: from the
// concept graph, the stored scores of one layer and a selection of concepts, the bipartite diagram
// (concept nodes in depth order, the union of their top-k neurons as one node each, links weighted by
// Phi), the neuron x concept matrix, each concept's collaborative mass, and the layer's multimodal
// neurons. The painter draws exactly this, so tests can assert what is drawn here.
#pragma once

#include "analysis/associations.h"
#include "hierarchy/concept_graph.h"
#include "pipeline/stored_results.h"

#include <string>
#include <vector>

namespace hint::widgets {

struct AssociationOptions {
    int topK = 10;
    bool subtree = true;     // a selected concept brings its whole subtree; else only the selected ones
    int maxConcepts = 40;    // the shallowest ones are shown, the rest counted as left out
};

struct DiagramConcept {
    std::string wnid;
    std::string name;
    int depth = 0;           // the graph's maxDepth: every ancestor is shallower, so it is drawn above
    int level = 0;           // depth - the shallowest shown depth: the indent
    bool selected = false;   // named in the selection, not only reached through a subtree
    analysis::CollaborativeMass mass;
    std::vector<analysis::NeuronScore> top;  // the top-k neurons, strongest first
};

struct DiagramNeuron {
    int neuron = 0;          // the neuron's index in the layer
    std::vector<int> links;  // indices into AssociationDiagram::links, in concept order
    int conceptCount() const { return static_cast<int>(links.size()); }
};

struct DiagramLink {
    int concept = 0;      // index into AssociationDiagram::concepts
    int neuron = 0;       // index into AssociationDiagram::neurons (a node, not a neuron id)
    double phi = 0.0;
    int rank = 0;         // 1 = the concept's strongest neuron
    double weight = 0.0;  // phi / the largest phi of all links: the link's width relative to the widest
};

struct AssociationDiagram {
    std::string layer;
    int topK = 0;
    std::vector<DiagramConcept> concepts;  // by depth, then in subtree (preorder) order
    std::vector<DiagramNeuron> neurons;    // by first appearance over the concepts' top-k lists
    std::vector<DiagramLink> links;        // by concept, strongest first within a concept
    // Phi of every concept (row) for every neuron column, row-major; NaN where a score vector is short.
    std::vector<double> matrix;
    double maxPhi = 0.0;        // the largest matrix value: the top of the colour scale (0 is the bottom)
    int conceptsLeftOut = 0;    // stored concepts beyond maxConcepts (the deepest ones)
    int conceptsNotStored = 0;  // selected or subtree concepts without scores at this layer

    bool empty() const { return concepts.empty(); }
    double cell(int row, int column) const { return matrix[static_cast<size_t>(row) * neurons.size() + static_cast<size_t>(column)]; }
    // The link of (concept, neuron node), -1 when the neuron is not in the concept's top-k.
    int linkOf(int concept, int neuronNode) const;
    int neuronNode(int neuronId) const;            // -1 when not shown
    int conceptRow(const std::string& wnid) const;  // -1 when not shown
};

// `units`: the stored results of one layer (units without scores are ignored). An empty selection
// shows every concept with scores. Selected wnids unknown to the graph count as not stored.
AssociationDiagram buildAssociationDiagram(const hierarchy::ConceptGraph& graph,
                                           const std::vector<pipeline::StoredUnit>& units,
                                           const std::vector<std::string>& selection, const AssociationOptions& options);

struct MultimodalNeuron {
    int neuron = 0;
    std::vector<analysis::ConceptLink> concepts;  // strongest Phi first
    std::vector<std::string> names;               // the concepts' names, same order
};

// Neurons in the top-k of at least m concepts of the whole layer: most concepts first, then by index.
std::vector<MultimodalNeuron> layerMultimodalNeurons(const std::vector<pipeline::StoredUnit>& units, int k, int m);

}  // namespace hint::widgets
