#include "hierarchy/concept_sampling.h"

#include <algorithm>

namespace hint::hierarchy {

Result<data::ConceptSample> sampleConceptImages(const ConceptGraph& graph, int concept,
                                                const std::map<std::string, std::vector<size_t>>& imagesByWnid,
                                                const data::SamplingOptions& options, int contrastTo)
{
    if (concept < 0 || concept >= graph.size())
        return Error::badInput("concept index " + std::to_string(concept) + " is not in the hierarchy");
    if (contrastTo >= graph.size())
        return Error::badInput("concept index " + std::to_string(contrastTo) + " is not in the hierarchy");
    const Concept& target = graph.at(concept);
    static const std::vector<int> kNoLeaves;
    const std::vector<int>& shared = contrastTo >= 0 ? graph.at(contrastTo).leaves : kNoLeaves;
    static const std::vector<size_t> kNone;
    std::vector<std::vector<size_t>> imagesOfLeaf;
    for (int leaf : target.leaves) {
        if (std::find(shared.begin(), shared.end(), leaf) != shared.end()) continue;
        auto found = imagesByWnid.find(graph.at(leaf).wnid);
        imagesOfLeaf.push_back(found == imagesByWnid.end() ? kNone : found->second);
    }
    data::ConceptSample sample = data::sampleLeafImages(imagesOfLeaf, options);
    if (sample.images.empty())
        return Error::badInput("concept '" + target.name + "' (" + target.wnid + ") has no leaf class with at least " +
                               std::to_string(options.imagesPerLeaf) + " images in the data set (" +
                               std::to_string(target.leaves.size()) + " leaf classes)");
    return sample;
}

Result<data::ConceptSample> sampleConceptImages(const ConceptGraph& graph, int concept, const data::Dataset& dataset,
                                                const data::SamplingOptions& options)
{
    return sampleConceptImages(graph, concept, dataset.imagesByWnid(), options);
}

std::vector<int64_t> classImageCounts(const ConceptGraph& graph,
                                      const std::map<std::string, std::vector<size_t>>& imagesByWnid)
{
    std::vector<int64_t> counts;
    for (int leaf : graph.classConcepts()) {
        auto found = imagesByWnid.find(graph.at(leaf).wnid);
        counts.push_back(found == imagesByWnid.end() ? 0 : static_cast<int64_t>(found->second.size()));
    }
    return counts;
}

}  // namespace hint::hierarchy
