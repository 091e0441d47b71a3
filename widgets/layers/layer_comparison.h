// LayerComparison: what the Layers view (GUI.md, view 5) shows for one concept studied at several layers
// of the network: the held-out F1 of its classifiers per layer, its top-k neurons per layer (Phi = mean
// |phi|), and one image's concept map at every layer. Plain C++ (no Qt): loadLayerComparison reads the
// stored folders and runs in a job; LayersPainter paints the result.
#pragma once

#include "analysis/associations.h"
#include "common/result.h"
#include "data/image.h"
#include "jobs/job_context.h"
#include "localization/map2d.h"
#include "pipeline/stored_results.h"

#include <optional>
#include <string>
#include <vector>

namespace hint::layers {

// One layer of the comparison.
struct LayerResult {
    std::string layer;
    int tapIndex = -1;  // position among the network's taps (forward order); -1 when not a known tap
    std::optional<double> linearF1, xgboostF1;
    std::vector<analysis::NeuronScore> top;  // the k strongest neurons, strongest first (empty: no scores)
    analysis::CollaborativeMass mass;
    // The chosen image's concept map at this layer: f = w.z + b of the layer's linear classifier at
    // feature resolution, and p = (clip(f,-1,1)+1)/2 bilinearly upsampled to the image. Empty with
    // `mapNote` saying why when the layer has no classifier or extraction, or not this image.
    localization::Map2d decision;
    localization::Map2d probability;
    int64_t imageRow = -1;  // the image's row in this layer's extraction
    std::string mapNote;
    bool hasMap() const { return !decision.empty(); }
};

struct LayerComparison {
    std::string concept;  // wnid
    std::string conceptName;
    std::string arch;
    int k = 10;
    std::vector<LayerResult> layers;  // in network forward order
    // The images offered by the picker: the rows of the first layer's extraction (forward order) that
    // has one; `imageRow` indexes them. Every layer's tile shows the image with the same path.
    std::vector<std::string> imagePaths;
    int imageRow = -1;
    std::string imagePath;
    data::ImageRgb8 image;  // S x S, as the network saw it
    std::string imageError;
    bool hasImage() const { return !image.empty(); }
};

// The tap names of `arch` at `inputSize` in forward order (a randomly initialised network run once on
// zeros: no weights needed). Cached per architecture and size.
Result<std::vector<std::string>> tapOrder(const std::string& arch, int inputSize);

// The comparison for the units of one concept (one per layer, any order; units of other concepts are a
// BadInput). `imageRow`: a row of the picker's images (clamped into range; -1 = the first). Reads each
// layer's extraction folder and linear classifier; F1 and scores come from the units.
Result<LayerComparison> loadLayerComparison(const std::vector<pipeline::StoredUnit>& unitsOfConcept, int imageRow,
                                            int k, jobs::JobContext& job);

}  // namespace hint::layers
