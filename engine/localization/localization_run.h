// Localization of a data set with a concept classifier (`hint localize`): concept maps at one layer for
// every annotated image, scored under the HINT protocol, MaxBoxAcc, MaxBoxAccV2, PxAP (where masks
// exist), the pointing game and Top-1 Loc, beside baselines on the same images (trivial boxes,
// Grad-CAM, CAM, saliency maps) and optional extra classifiers (the 20-neuron ablation). Writes
// per_image.csv, summary.json and maps.npy into a folder that appears only when complete.
#pragma once

#include "classifiers/linear_classifier.h"
#include "common/result.h"
#include "data/dataset.h"
#include "data/preprocess.h"
#include "jobs/job_context.h"
#include "localization/concept_map.h"
#include "localization/method_evaluation.h"
#include "model/network.h"

#include <string>
#include <utility>
#include <vector>

namespace hint::localization {

// Baselines: "whole", "centre", "gradcam", "cam", or a saliency method name (guided, vanilla,
// smoothgrad, integrated-gradients, gradient-x-input, guided-gradcam; maps = L2 norm over channels).
const std::vector<std::string>& baselineNames();
Status checkBaselineName(const std::string& name);
// The tap whose output is global-average-pooled into a linear classifier ("" when the architecture
// has no such head): CAM's layer.
std::string camLayer(const std::string& arch);

struct LocalizationRequest {
    data::Dataset dataset;  // with annotations (boxes; masks optional)
    std::string layer;
    data::PreprocessSpec preprocess;  // HINT mode only: boxes scale linearly to the input
    classifiers::LinearModel classifier;
    std::string classifierName = "concept";
    std::vector<std::pair<std::string, classifiers::LinearModel>> extraClassifiers;
    MapScore score = MapScore::Decision;  // what MaxBoxAcc/PxAP threshold: f or p
    EvaluationOptions evaluation;
    Protocol protocol = Protocol::Hint;   // which IoU the "iou" column and mean_iou report
    std::vector<std::string> baselines;
    std::string baselineLayer;            // Grad-CAM and saliency baselines ("" = layer)
    double baselineThreshold = 0.5;       // continuous baseline maps, HINT protocol: cells >= t after min-max
    double centreFraction = 0.5;          // the centred box's side as a share of the image side
    int batchSize = 16;
    std::string outDir;                   // "" = write nothing
    // Filled in for summary.json.
    std::string arch, weightsSha256, classifierPath;
};

struct LocalizationSummary {
    MethodSummary main;
    std::vector<MethodSummary> baselines;
    std::vector<MethodSummary> extras;
    int64_t processed = 0;
    int64_t skipped = 0;      // unreadable images or images without a box
    std::vector<double> perImageIou;
    std::vector<std::string> images;
    double seconds = 0.0;
};

Result<LocalizationSummary> runLocalization(const model::Network& network, const LocalizationRequest& request,
                                            jobs::JobContext& job);

}  // namespace hint::localization
