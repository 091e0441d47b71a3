// Top-activating images of a neuron, streamed from features.npy.
#include "neuron_heatmaps.h"

#include "common/npy.h"
#include "data/image_io.h"
#include "data/preprocess.h"
#include "localization/map_resize.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hint::widgets {

namespace {

constexpr int64_t kBatchRows = 32;

localization::Map2d channelMap(const FloatTensor& rows, int64_t row, int neuron, int height, int width)
{
    localization::Map2d map(height, width);
    const size_t cells = size_t(height) * size_t(width);
    const size_t rowSize = size_t(rows.numel() / rows.shape[0]);
    const float* start = rows.data.data() + size_t(row) * rowSize + size_t(neuron) * cells;
    for (size_t i = 0; i < cells; ++i) map.values[i] = double(start[i]);
    return map;
}

}  // namespace

Result<NeuronHeatmaps> computeNeuronHeatmaps(const ExtractionData& extraction, int neuron, int count,
                                             jobs::JobContext& job)
{
    const int64_t n = extraction.rows();
    const int64_t channels = extraction.channels();
    const int height = int(extraction.cellsHigh());
    const int width = int(extraction.cellsWide());
    if (neuron < 0 || neuron >= channels)
        return Error::badInput("neuron " + std::to_string(neuron) + " is outside 0.." + std::to_string(channels - 1) +
                               " of " + extraction.folder.featuresPath());
    if (count < 1) return Error::badInput("at least one image must be asked for");

    // Pass 1: each row's maximum activation of the neuron.
    std::vector<double> maxima(static_cast<size_t>(n), 0.0);
    for (int64_t first = 0; first < n; first += kBatchRows) {
        if (job.isCancelled()) return Error::cancelled();
        const int64_t rows = std::min(kBatchRows, n - first);
        auto batch = readNpyFloatRows(extraction.folder.featuresPath(), first, rows);
        if (!batch) return batch.error();
        for (int64_t r = 0; r < rows; ++r) {
            const auto map = channelMap(batch.value(), r, neuron, height, width);
            maxima[size_t(first + r)] = *std::max_element(map.values.begin(), map.values.end());
        }
        job.progress(first + rows, n + count, "rank images");
    }
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), int64_t(0));
    const size_t keep = std::min(size_t(count), order.size());
    // Ties by row, so the choice does not depend on the sort.
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(keep), order.end(), [&](int64_t a, int64_t b) {
        if (maxima[size_t(a)] != maxima[size_t(b)]) return maxima[size_t(a)] > maxima[size_t(b)];
        return a < b;
    });
    order.resize(keep);

    // Pass 2: the kept rows' maps and images.
    NeuronHeatmaps result;
    result.layer = extraction.layer;
    result.neuron = neuron;
    result.channels = channels;
    result.imagesScanned = n;
    const int side = extraction.preprocess.size;
    for (size_t i = 0; i < order.size(); ++i) {
        if (job.isCancelled()) return Error::cancelled();
        const int64_t row = order[i];
        auto rowData = readNpyFloatRows(extraction.folder.featuresPath(), row, 1);
        if (!rowData) return rowData.error();
        HeatmapTile tile;
        tile.row = row;
        tile.imagePath = extraction.folder.images[size_t(row)].path;
        tile.cells = channelMap(rowData.value(), 0, neuron, height, width);
        tile.maxActivation = maxima[size_t(row)];
        tile.meanActivation =
            std::accumulate(tile.cells.values.begin(), tile.cells.values.end(), 0.0) / double(tile.cells.values.size());
        if (auto image = data::decodeImage(tile.imagePath)) {
            tile.image = data::resizedForDisplay(image.value(), extraction.preprocess);
        } else {
            tile.imageError = image.error().message;
            tile.image.width = tile.image.height = side;
            tile.image.pixels.assign(size_t(side) * size_t(side) * 3, 128);
        }
        auto upsampled = localization::resizeMap(tile.cells, tile.image.height, tile.image.width,
                                                 localization::Upsampling::Bilinear);
        if (!upsampled) return upsampled.error();
        tile.upsampled = std::move(upsampled).value();
        result.scaleMax = std::max(result.scaleMax, tile.maxActivation);
        result.tiles.push_back(std::move(tile));
        job.progress(n + int64_t(i) + 1, n + count, "load images");
    }
    return result;
}

}  // namespace hint::widgets
