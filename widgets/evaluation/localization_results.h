// LocalizationResults: one localization cache entry (what `hint localize` writes: summary.json and
// per_image.csv) read back for the Evaluation view. Plain C++ (no Qt): the reader runs on a job worker.
#pragma once

#include "common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hint::widgets {

// One map source's figures: the concept classifier, a baseline or an extra (ablation) classifier.
// Accuracies are fractions in [0, 1], as summary.json stores them.
struct MethodMetrics {
    std::string name;  // summary.json's key: the classifier's name, "whole", "gradcam", "ablation_shap", ...
    int64_t images = 0;
    double meanIou = 0.0;  // under the run's protocol (summary.json "mean_iou")
    double hintMeanIou = 0.0;
    double hintAccuracy = 0.0;  // IoU >= 0.5 under the HINT protocol
    int64_t emptyMaps = 0;
    double maxBoxAcc = 0.0;
    double bestThreshold = 0.0;
    double maxBoxAccMeanIou = 0.0;
    double maxBoxAccV2 = 0.0;
    double maxBoxAccV2MeanIou = 0.0;
    std::vector<std::pair<int, double>> v2Accuracy;  // (IoU threshold in percent, accuracy), ascending
    std::optional<double> pxap;                      // only where segmentation masks exist
    double pointingGame = 0.0;
    std::optional<double> top1Cls, top1LocHint, top1LocMaxBoxAcc;  // only with class labels

    std::optional<double> v2AccuracyAt(int iouPercent) const;
};

struct ImageIou {
    std::string path;
    double hintIou = 0.0;  // HINT protocol ("hint_iou")
    double iou = 0.0;      // the run's protocol ("iou")
    bool hasBox = false;
    bool pointingHit = false;
};

struct LocalizationResults {
    std::string entryDir;
    // Not in the files: the caller names the concept and the data set (the data-set picker shows it).
    std::string conceptName, datasetName;
    std::string layer, arch, protocol, classifierPath;
    int64_t processed = 0;
    int64_t skipped = 0;
    MethodMetrics classifier;
    std::vector<MethodMetrics> baselines;  // whole, centre, cam, gradcam first, then the rest by name
    std::vector<MethodMetrics> extras;     // ablation_shap, ablation_weight, ablation_random first
    std::vector<ImageIou> images;          // per_image.csv's rows, in its order
};

// Reads ENTRY/summary.json and ENTRY/per_image.csv. Errors name the file and the key or line.
Result<LocalizationResults> readLocalizationResults(const std::string& entryDir);

}  // namespace hint::widgets
