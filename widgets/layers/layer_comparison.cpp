// One concept across layers: F1, top-k neurons and one image's concept map per layer, from stored folders.
#include "layers/layer_comparison.h"

#include "concept_maps.h"
#include "data/image_io.h"
#include "data/preprocess.h"
#include "model/network.h"
#include "stored_results.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>

namespace hint::layers {

namespace {

// Lets computeConceptMaps poll cancellation and warn without moving the loader's own progress.
class NestedJob : public jobs::JobContext {
public:
    explicit NestedJob(jobs::JobContext& outer) : m_outer(outer) {}
    bool isCancelled() const override { return m_outer.isCancelled(); }
    void progress(int64_t, int64_t, const std::string&) override {}
    void warning(const std::string& message) override { m_outer.warning(message); }

private:
    jobs::JobContext& m_outer;
};

struct LayerSource {
    const pipeline::StoredUnit* unit = nullptr;
    std::optional<widgets::ExtractionData> extraction;
    int tapIndex = -1;
};

std::string normalizedPath(const std::string& path)
{
    return std::filesystem::path(path).lexically_normal().string();
}

int64_t rowOfImage(const widgets::ExtractionData& extraction, const std::string& path)
{
    const std::string wanted = normalizedPath(path);
    for (size_t i = 0; i < extraction.folder.images.size(); ++i)
        if (normalizedPath(extraction.folder.images[i].path) == wanted) return int64_t(i);
    return -1;
}

// Fills `result`'s map from the layer's extraction and classifier; a missing piece is a note, not an error.
Status computeLayerMap(const LayerSource& source, const std::string& imagePath, LayerComparison& comparison,
                       LayerResult& result, jobs::JobContext& job)
{
    const pipeline::StoredUnit& unit = *source.unit;
    if (!source.extraction) {
        result.mapNote = "no stored extraction";
        return {};
    }
    if (unit.trainDir.empty()) {
        result.mapNote = "no stored classifier";
        return {};
    }
    result.imageRow = rowOfImage(*source.extraction, imagePath);
    if (result.imageRow < 0) {
        result.mapNote = "image not extracted at this layer";
        return {};
    }
    auto classifier = widgets::readClassifier(unit.trainDir);
    if (!classifier) return classifier.error();
    widgets::ConceptMapRequest request;
    request.extraction = *source.extraction;
    request.row = result.imageRow;
    request.classifiers.push_back({unit.conceptName, classifier->model, classifier->metrics});
    NestedJob nested(job);
    auto maps = widgets::computeConceptMaps(request, nested);
    if (!maps) return Error{maps.error().kind, unit.layer + ": " + maps.error().message};
    result.decision = std::move(maps->panels.front().decision);
    result.probability = std::move(maps->panels.front().probability);
    if (!comparison.hasImage()) {
        comparison.image = std::move(maps->image);
        comparison.imageError = maps->imageError;
    }
    return {};
}

// The picker's image as the network saw it, for when no layer has a map to bring it along.
void readImage(const widgets::ExtractionData& extraction, LayerComparison& comparison)
{
    auto image = data::decodeImage(comparison.imagePath);
    if (!image) {
        comparison.imageError = image.error().message;
        return;
    }
    comparison.image = data::resizedForDisplay(image.value(), extraction.preprocess);
}

}  // namespace

Result<std::vector<std::string>> tapOrder(const std::string& arch, int inputSize)
{
    // Building a large network takes a second or two: once per architecture and size is enough.
    static std::mutex mutex;
    static std::map<std::pair<std::string, int>, std::vector<std::string>> cache;
    std::lock_guard<std::mutex> lock(mutex);
    const auto key = std::make_pair(arch, inputSize);
    if (auto found = cache.find(key); found != cache.end()) return found->second;
    auto network = model::Network::create(arch);
    if (!network) return network.error();
    auto taps = network.value()->taps(inputSize);
    if (!taps) return taps.error();
    std::vector<std::string> names;
    for (const auto& tap : taps.value()) names.push_back(tap.name);
    cache[key] = names;
    return names;
}

Result<LayerComparison> loadLayerComparison(const std::vector<pipeline::StoredUnit>& unitsOfConcept, int imageRow,
                                            int k, jobs::JobContext& job)
{
    if (unitsOfConcept.empty()) return Error::badInput("no layer to compare");
    LayerComparison comparison;
    comparison.concept = unitsOfConcept.front().concept;
    comparison.conceptName = unitsOfConcept.front().conceptName;
    comparison.k = k;
    const int64_t steps = 2 * int64_t(unitsOfConcept.size()) + 1;
    int64_t done = 0;

    std::vector<LayerSource> sources;
    for (const auto& unit : unitsOfConcept) {
        if (unit.concept != comparison.concept)
            return Error::badInput("layer comparison of " + comparison.concept + " was given a unit of " + unit.concept);
        if (job.isCancelled()) return Error::cancelled();
        job.progress(done++, steps, "read extractions");
        LayerSource source;
        source.unit = &unit;
        if (!unit.extractDir.empty()) {
            auto extraction = widgets::readExtraction(unit.extractDir);
            if (!extraction) return extraction.error();
            if (comparison.arch.empty()) comparison.arch = extraction->arch;
            source.extraction = std::move(extraction).value();
        }
        sources.push_back(std::move(source));
    }

    // Network forward order; layers that are not taps of the architecture keep their order, after the rest.
    job.progress(done++, steps, "order layers");
    const auto withExtraction = std::find_if(sources.begin(), sources.end(), [](const auto& s) { return bool(s.extraction); });
    if (withExtraction != sources.end() && !comparison.arch.empty()) {
        auto order = tapOrder(comparison.arch, withExtraction->extraction->preprocess.size);
        if (!order) job.warning("layers kept in the given order: " + order.error().message);
        for (auto& source : sources) {
            const auto& names = order ? order.value() : std::vector<std::string>{};
            const auto found = std::find(names.begin(), names.end(), source.unit->layer);
            source.tapIndex = found == names.end() ? -1 : int(found - names.begin());
        }
    }
    std::stable_sort(sources.begin(), sources.end(), [](const LayerSource& a, const LayerSource& b) {
        const auto rank = [](int index) { return index < 0 ? std::numeric_limits<int>::max() : index; };
        return rank(a.tapIndex) < rank(b.tapIndex);
    });

    std::vector<analysis::ConceptScores> scores;
    for (const auto& source : sources)
        scores.push_back({comparison.concept, source.unit->layer, source.unit->scores, source.unit->linearF1});
    const std::vector<analysis::LayerRow> rows = analysis::compareLayers(scores, comparison.concept, k);

    const auto reference = std::find_if(sources.begin(), sources.end(), [](const auto& s) { return bool(s.extraction); });
    if (reference != sources.end()) {
        for (const auto& image : reference->extraction->folder.images) comparison.imagePaths.push_back(image.path);
        if (!comparison.imagePaths.empty()) {
            comparison.imageRow = std::clamp(imageRow < 0 ? 0 : imageRow, 0, int(comparison.imagePaths.size()) - 1);
            comparison.imagePath = comparison.imagePaths[size_t(comparison.imageRow)];
        }
    }

    for (const auto& source : sources) {
        if (job.isCancelled()) return Error::cancelled();
        job.progress(done++, steps, "concept maps");
        LayerResult result;
        result.layer = source.unit->layer;
        result.tapIndex = source.tapIndex;
        result.linearF1 = source.unit->linearF1;
        result.xgboostF1 = source.unit->xgboostF1;
        for (const auto& row : rows)
            if (row.layer == result.layer) {
                result.top = row.top;
                result.mass = row.mass;
            }
        if (comparison.imagePath.empty()) result.mapNote = "no stored extraction";
        else if (auto status = computeLayerMap(source, comparison.imagePath, comparison, result, job); !status)
            return status.error();
        comparison.layers.push_back(std::move(result));
    }
    if (!comparison.hasImage() && !comparison.imagePath.empty()) readImage(*reference->extraction, comparison);
    job.progress(steps, steps, "concept maps");
    return comparison;
}

}  // namespace hint::layers
