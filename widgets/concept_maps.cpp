// One image's saliency, region mask, concept maps and HINT boxes, through the engine.
#include "concept_maps.h"

#include "common/npy.h"
#include "data/image_io.h"
#include "data/preprocess.h"
#include "localization/concept_map.h"
#include "localization/map_resize.h"

#include <algorithm>
#include <cmath>

namespace hint::widgets {

namespace {

localization::Map2d toMap(const std::vector<float>& values, int height, int width)
{
    localization::Map2d map(height, width);
    for (size_t i = 0; i < map.values.size() && i < values.size(); ++i) map.values[i] = double(values[i]);
    return map;
}

localization::BinaryMask nearestUpsample(const localization::BinaryMask& cells, int height, int width)
{
    localization::BinaryMask out(height, width);
    for (int y = 0; y < height; ++y) {
        const int cy = std::min(cells.height - 1, y * cells.height / height);
        for (int x = 0; x < width; ++x) out.at(y, x) = cells.at(cy, std::min(cells.width - 1, x * cells.width / width));
    }
    return out;
}

// x0,y0,x1,y1 of the file's pixels scaled linearly to size x size (HINT preprocessing squashes the image).
localization::PixelBox scaleBox(const data::Box& box, int width, int height, int size)
{
    const double sx = double(size) / std::max(1, width);
    const double sy = double(size) / std::max(1, height);
    const auto clampPixel = [size](double v) { return std::clamp(int(v), 0, size - 1); };
    return {clampPixel(box.x0 * sx), clampPixel(box.y0 * sy), clampPixel(box.x1 * sx), clampPixel(box.y1 * sy)};
}

}  // namespace

Result<ConceptMaps> computeConceptMaps(const ConceptMapRequest& request, jobs::JobContext& job)
{
    const ExtractionData& extraction = request.extraction;
    if (request.row < 0 || request.row >= extraction.rows())
        return Error::badInput("row " + std::to_string(request.row) + " is outside the " +
                               std::to_string(extraction.rows()) + " images of " + extraction.folder.dir);
    const int height = int(extraction.cellsHigh());
    const int width = int(extraction.cellsWide());
    const int size = extraction.preprocess.size;

    ConceptMaps maps;
    maps.row = request.row;
    maps.layer = extraction.layer;
    maps.imagePath = extraction.folder.images[size_t(request.row)].path;
    maps.groundTruth = request.groundTruth;
    job.progress(0, 3, "read image");
    if (auto image = data::decodeImage(maps.imagePath)) {
        maps.originalWidth = image->width;
        maps.originalHeight = image->height;
        maps.image = data::resizedForDisplay(image.value(), extraction.preprocess);
    } else {
        maps.imageError = image.error().message;
        maps.originalWidth = maps.originalHeight = size;
        maps.image.width = maps.image.height = size;
        maps.image.pixels.assign(size_t(size) * size_t(size) * 3, 128);
    }
    for (const auto& box : maps.groundTruth)
        maps.groundTruthScaled.push_back(scaleBox(box, maps.originalWidth, maps.originalHeight, maps.image.width));

    if (job.isCancelled()) return Error::cancelled();
    job.progress(1, 3, "saliency");
    auto saliency = readNpyFloatRows(extraction.folder.saliencyPath(), request.row, 1);
    if (!saliency) return saliency.error();
    const int64_t positions = int64_t(height) * width;
    const int64_t saliencyChannels = saliency->numel() / positions;
    const regions::ImageMask mask = regions::computeMask(saliency->data.data(), saliencyChannels, positions, request.mask);
    auto saliencyMap = localization::resizeMap(toMap(mask.map, height, width), maps.image.height, maps.image.width,
                                               localization::Upsampling::Bilinear);
    if (!saliencyMap) return saliencyMap.error();
    maps.saliency = std::move(saliencyMap).value();
    maps.regionCells = localization::BinaryMask(height, width);
    for (size_t i = 0; i < mask.mask.size(); ++i) maps.regionCells.values[i] = mask.mask[i];
    maps.regionMask = nearestUpsample(maps.regionCells, maps.image.height, maps.image.width);

    if (job.isCancelled()) return Error::cancelled();
    job.progress(2, 3, "concept maps");
    auto features = readNpyFloatRows(extraction.folder.featuresPath(), request.row, 1);
    if (!features) return features.error();
    for (const auto& classifier : request.classifiers) {
        auto made = conceptMapPanel(features.value(), 0, classifier, maps.image.height, maps.image.width);
        if (!made) return made.error();
        ConceptMapPanel panel = std::move(made).value();
        // The protocol scores at the input size; the boxes land in the displayed image's pixels.
        auto located = localization::hintLocalize(localization::binaryMap(panel.decision), maps.groundTruth,
                                                  maps.originalWidth, maps.originalHeight, maps.image.width);
        if (!located) return located.error();
        panel.localization = located.value();
        maps.panels.push_back(std::move(panel));
    }
    job.progress(3, 3, "concept maps");
    return maps;
}

Result<ConceptMapPanel> conceptMapPanel(const FloatTensor& features, int64_t row, const ConceptClassifier& classifier,
                                        int imageHeight, int imageWidth)
{
    ConceptMapPanel panel;
    panel.conceptName = classifier.conceptName;
    panel.metrics = classifier.metrics;
    auto decision = localization::decisionMap(features, size_t(row), classifier.model);
    if (!decision) return Error::badInput(classifier.conceptName + ": " + decision.error().message);
    panel.decision = std::move(decision).value();
    auto probability = localization::resizeMap(localization::softMap(panel.decision), imageHeight, imageWidth,
                                               localization::Upsampling::Bilinear);
    if (!probability) return probability.error();
    panel.probability = std::move(probability).value();
    return panel;
}

}  // namespace hint::widgets
