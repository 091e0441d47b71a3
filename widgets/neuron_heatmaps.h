// NeuronHeatmaps: the top-activating images of one neuron (channel) in an extraction, each with the
// neuron's activation map at feature resolution and upsampled to the image as the network saw it.
// Computed on a worker (computeNeuronHeatmaps streams features.npy), painted by NeuronHeatmapView.
#pragma once

#include "common/result.h"
#include "data/image.h"
#include "jobs/job_context.h"
#include "localization/map2d.h"
#include "stored_results.h"

#include <string>
#include <vector>

namespace hint::widgets {

struct HeatmapTile {
    std::string imagePath;
    int64_t row = 0;                  // in the extraction
    double maxActivation = 0.0;       // what the images are ranked by
    double meanActivation = 0.0;
    data::ImageRgb8 image;            // resized as the network's input (S x S for "hint" preprocessing)
    localization::Map2d cells;        // H x W activations of the neuron
    localization::Map2d upsampled;    // bilinear, the image's size
    std::string imageError;           // why the image could not be shown (moved, unreadable); "" when fine
};

struct NeuronHeatmaps {
    std::string conceptName;  // whose extraction was ranked ("" for a whole data set)
    std::string layer;
    int neuron = 0;
    int64_t channels = 0;
    int64_t imagesScanned = 0;
    double scaleMax = 0.0;    // the largest activation over the tiles: one colour scale for all
    std::vector<HeatmapTile> tiles;  // highest maxActivation first
};

// Ranks every row of the extraction by the neuron's maximum activation and keeps the top `count`.
// Reads features.npy in batches (memory: one batch plus the tiles). BadInput for a neuron outside 0..C-1.
Result<NeuronHeatmaps> computeNeuronHeatmaps(const ExtractionData& extraction, int neuron, int count,
                                             jobs::JobContext& job);

}  // namespace hint::widgets
