// ConceptMaps: everything the "Concept maps and localization" view shows for one image: the image as
// the network saw it, its saliency map and responsible-region mask (METHOD.md section 1), and for each
// chosen concept classifier its concept map, the box the HINT protocol predicts and the IoU with the
// ground-truth boxes. Computed by the engine on a worker (computeConceptMaps), painted by ConceptMapView.
#pragma once

#include "classifiers/linear_classifier.h"
#include "common/result.h"
#include "data/annotation_readers.h"
#include "data/image.h"
#include "jobs/job_context.h"
#include "localization/hint_protocol.h"
#include "localization/map2d.h"
#include "regions/region_mask.h"
#include "stored_results.h"

#include <optional>
#include <string>
#include <vector>

namespace hint::widgets {

struct ConceptClassifier {
    std::string conceptName;
    classifiers::LinearModel model;
    std::optional<ClassifierMetrics> metrics;
};

struct ConceptMapPanel {
    std::string conceptName;
    std::optional<ClassifierMetrics> metrics;
    localization::Map2d decision;      // f at feature resolution
    localization::Map2d probability;   // (clip(f,-1,1)+1)/2, upsampled (bilinear) to the image
    localization::HintLocalization localization;  // boxes in image pixels (S x S)
};

struct ConceptMaps {
    std::string imagePath;
    int64_t row = 0;
    std::string layer;
    int originalWidth = 0, originalHeight = 0;
    data::ImageRgb8 image;                        // S x S, as the network saw it
    std::string imageError;
    localization::Map2d saliency;                 // normalized map, upsampled to the image
    localization::BinaryMask regionCells;         // responsible positions, feature resolution
    localization::BinaryMask regionMask;          // the same, nearest-neighbour at the image's size
    std::vector<data::Box> groundTruth;           // as stored (original pixels)
    std::vector<localization::PixelBox> groundTruthScaled;  // in image pixels (S x S)
    std::vector<ConceptMapPanel> panels;
    bool hasGroundTruth() const { return !groundTruth.empty(); }
};

struct ConceptMapRequest {
    ExtractionData extraction;
    int64_t row = 0;
    std::vector<ConceptClassifier> classifiers;  // one panel each (the target and, say, its siblings)
    std::vector<data::Box> groundTruth;
    regions::MaskParams mask;                    // METHOD.md defaults: norm, P99, 0.5
};

Result<ConceptMaps> computeConceptMaps(const ConceptMapRequest& request, jobs::JobContext& job);

// One classifier's concept map over row `row` of N,C,H,W features: its decision and probability maps,
// the latter upsampled to imageHeight x imageWidth (the panel's localization is left empty). Errors name
// the concept.
Result<ConceptMapPanel> conceptMapPanel(const FloatTensor& features, int64_t row, const ConceptClassifier& classifier,
                                        int imageHeight, int imageWidth);

}  // namespace hint::widgets
