// The images a concept's classifier learns from: its leaf classes' images in a data set, sampled as
// METHOD.md section 1 says (data/sampling.h).
#pragma once

#include "common/result.h"
#include "data/dataset.h"
#include "data/sampling.h"
#include "hierarchy/concept_graph.h"

#include <map>
#include <string>
#include <vector>

namespace hint::hierarchy {

// imagesByWnid: Dataset::imagesByWnid(), computed once per data set. A concept without any leaf
// holding imagesPerLeaf images is a BadInput error naming it.
// contrastTo >= 0: the concept is a contrast concept in that target's group, and the leaves it shares
// with the target are left out. In the WordNet DAG a sibling can share leaves with the target (square
// is both a quadrilateral and, through isogon, a sibling of quadrilateral; dog is a domestic animal and
// a canine): those images are the target's positives, and labelling them contrast too would teach the
// classifier to ignore exactly the target's features. The original HINT keeps them on both sides.
Result<data::ConceptSample> sampleConceptImages(const ConceptGraph& graph, int concept,
                                                const std::map<std::string, std::vector<size_t>>& imagesByWnid,
                                                const data::SamplingOptions& options, int contrastTo = -1);
Result<data::ConceptSample> sampleConceptImages(const ConceptGraph& graph, int concept, const data::Dataset& dataset,
                                                const data::SamplingOptions& options);

// Image count per class of the graph (in class order) from a data set's labels.
std::vector<int64_t> classImageCounts(const ConceptGraph& graph,
                                      const std::map<std::string, std::vector<size_t>>& imagesByWnid);

}  // namespace hint::hierarchy
