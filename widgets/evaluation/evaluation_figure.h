// EvaluationFigure: the numbers the Evaluation view draws for one localization result, derived once
// from LocalizationResults: the grouped metric bars (methods x metrics), the per-image IoU histogram,
// the neuron-ablation bars and the best and worst localized images. No Qt: what is drawn is testable
// as data, and the painter only lays it out.
#pragma once

#include "localization_results.h"

#include <optional>
#include <string>
#include <vector>

namespace hint::widgets {

struct FigureBar {
    std::string method;  // summary.json's name ("concept", "gradcam", "ablation_shap", ...)
    std::string metric;  // summary.json's key ("hint_iou50_accuracy", ...; "maxboxacc_v2@30" for by-IoU)
    double value = 0.0;
};

// Bars grouped by metric, one bar per method in each group; a method without a value (PxAP without
// masks) has no bar there.
struct BarChart {
    std::vector<std::string> metrics;
    std::vector<std::string> methods;
    std::vector<std::string> methodLabels;  // the legend's names, parallel to methods
    std::vector<FigureBar> bars;  // metric-major, methods in order within a metric
    std::optional<double> value(const std::string& method, const std::string& metric) const;
};

struct IouHistogram {
    std::vector<int> counts;  // equal bins over [0, 1]; bin i holds [i/n, (i+1)/n), the last one also 1
    double threshold = 0.5;   // the HINT protocol's hit line
    int total() const;
    static int binOf(double iou, int bins);
};

struct RankedImage {
    std::string path;
    double iou = 0.0;
};

struct EvaluationFigure {
    std::string title, subtitle;
    std::string classifierName;
    BarChart metrics;   // the concept classifier and the baselines
    BarChart ablation;  // the extra classifiers (and the full classifier for reference)
    IouHistogram histogram;  // the classifier's per-image IoU, HINT protocol
    std::vector<RankedImage> best, worst;  // by HINT IoU: best first, worst first
};

EvaluationFigure buildEvaluationFigure(const LocalizationResults& results, int rankedImages = 5, int histogramBins = 10);

// "hint_iou50_accuracy" -> "HINT acc. (IoU \u2265 0.5)", "gradcam" -> "Grad-CAM", ...
std::string metricLabel(const std::string& metric);
std::string methodLabel(const std::string& method, const std::string& classifierName);

}  // namespace hint::widgets
