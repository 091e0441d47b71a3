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
Result<data::ConceptSample> sampleConceptImages(const ConceptGraph& graph, int concept,
                                                const std::map<std::string, std::vector<size_t>>& imagesByWnid,
                                                const data::SamplingOptions& options);
Result<data::ConceptSample> sampleConceptImages(const ConceptGraph& graph, int concept, const data::Dataset& dataset,
                                                const data::SamplingOptions& options);

// Image count per class of the graph (in class order) from a data set's labels.
std::vector<int64_t> classImageCounts(const ConceptGraph& graph,
                                      const std::map<std::string, std::vector<size_t>>& imagesByWnid);

}  // namespace hint::hierarchy
