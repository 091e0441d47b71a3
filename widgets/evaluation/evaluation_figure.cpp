// What the Evaluation view draws, from a localization result.
#include "evaluation_figure.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace hint::widgets {

namespace {

constexpr int kV2Thresholds[] = {30, 50, 70};

// A metric of a method by its summary.json key; nothing where the method has none.
std::optional<double> metricOf(const MethodMetrics& m, const std::string& metric)
{
    if (metric == "hint_iou50_accuracy") return m.hintAccuracy;
    if (metric == "hint_mean_iou") return m.hintMeanIou;
    if (metric == "maxboxacc") return m.maxBoxAcc;
    if (metric == "maxboxacc_v2") return m.maxBoxAccV2;
    if (metric == "pxap") return m.pxap;
    if (metric == "pointing_game") return m.pointingGame;
    for (int t : kV2Thresholds)
        if (metric == "maxboxacc_v2@" + std::to_string(t)) return m.v2AccuracyAt(t);
    return std::nullopt;
}

BarChart chartOf(const std::vector<const MethodMetrics*>& methods, const std::vector<std::string>& candidates,
                 const std::string& classifierName)
{
    BarChart chart;
    for (const auto* m : methods) {
        chart.methods.push_back(m->name);
        chart.methodLabels.push_back(methodLabel(m->name, classifierName));
    }
    // A metric no method has (PxAP without masks) is left out rather than drawn as an empty group.
    for (const auto& metric : candidates) {
        std::vector<FigureBar> group;
        for (const auto* m : methods)
            if (const auto value = metricOf(*m, metric)) group.push_back({m->name, metric, *value});
        if (group.empty()) continue;
        chart.metrics.push_back(metric);
        chart.bars.insert(chart.bars.end(), group.begin(), group.end());
    }
    return chart;
}

std::string fixed(double value, int decimals)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

}  // namespace

std::optional<double> BarChart::value(const std::string& method, const std::string& metric) const
{
    for (const auto& bar : bars)
        if (bar.method == method && bar.metric == metric) return bar.value;
    return std::nullopt;
}

int IouHistogram::total() const
{
    return std::accumulate(counts.begin(), counts.end(), 0);
}

int IouHistogram::binOf(double iou, int bins)
{
    return std::clamp(int(std::floor(iou * bins)), 0, bins - 1);
}

EvaluationFigure buildEvaluationFigure(const LocalizationResults& results, int rankedImages, int histogramBins)
{
    EvaluationFigure figure;
    figure.classifierName = results.classifier.name;
    const std::string concept = results.conceptName.empty() ? results.classifier.name : results.conceptName;
    figure.title = "Localization with the " + concept + " classifier";
    if (!results.layer.empty()) figure.title += " at " + results.layer;
    if (!results.datasetName.empty()) figure.title += " \u00b7 " + results.datasetName;
    figure.subtitle = std::to_string(results.classifier.images) + " images";
    if (results.skipped > 0) figure.subtitle += " (" + std::to_string(results.skipped) + " skipped)";
    if (!results.arch.empty()) figure.subtitle += " \u00b7 " + results.arch;
    figure.subtitle += " \u00b7 HINT accuracy " + fixed(results.classifier.hintAccuracy, 3) + ", mean IoU " +
                       fixed(results.classifier.hintMeanIou, 3);

    std::vector<const MethodMetrics*> compared{&results.classifier};
    for (const auto& b : results.baselines) compared.push_back(&b);
    figure.metrics = chartOf(compared, {"hint_iou50_accuracy", "hint_mean_iou", "maxboxacc", "maxboxacc_v2",
                                        "maxboxacc_v2@30", "maxboxacc_v2@50", "maxboxacc_v2@70", "pxap"},
                              figure.classifierName);
    if (!results.extras.empty()) {
        std::vector<const MethodMetrics*> ablation;
        for (const auto& e : results.extras) ablation.push_back(&e);
        ablation.push_back(&results.classifier);
        figure.ablation = chartOf(ablation, {"pointing_game", "hint_mean_iou"}, figure.classifierName);
        figure.ablation.methodLabels.back() = "All neurons";
    }

    const int bins = std::max(1, histogramBins);
    figure.histogram.counts.assign(size_t(bins), 0);
    std::vector<RankedImage> ranked;
    for (const auto& image : results.images) {
        ++figure.histogram.counts[size_t(IouHistogram::binOf(image.hintIou, bins))];
        ranked.push_back({image.path, image.hintIou});
    }
    // Ties by path, so the lists do not depend on the order of the rows.
    const auto better = [](const RankedImage& a, const RankedImage& b) {
        return a.iou != b.iou ? a.iou > b.iou : a.path < b.path;
    };
    std::sort(ranked.begin(), ranked.end(), better);
    const size_t n = std::min(ranked.size(), size_t(std::max(0, rankedImages)));
    figure.best.assign(ranked.begin(), ranked.begin() + std::ptrdiff_t(n));
    figure.worst.assign(ranked.rbegin(), ranked.rbegin() + std::ptrdiff_t(n));
    return figure;
}

std::string metricLabel(const std::string& metric)
{
    if (metric == "hint_iou50_accuracy") return "HINT acc. (IoU \u2265 0.5)";
    if (metric == "hint_mean_iou") return "HINT mean IoU";
    if (metric == "maxboxacc") return "MaxBoxAcc";
    if (metric == "maxboxacc_v2") return "MaxBoxAccV2";
    if (metric == "pxap") return "PxAP";
    if (metric == "pointing_game") return "Pointing game";
    const std::string v2 = "maxboxacc_v2@";
    if (metric.rfind(v2, 0) == 0) return "V2 at IoU " + metric.substr(v2.size());
    return metric;
}

std::string methodLabel(const std::string& method, const std::string& classifierName)
{
    if (method == classifierName) return "Concept classifier";
    if (method == "whole") return "Whole image";
    if (method == "centre") return "Centred box";
    if (method == "cam") return "CAM";
    if (method == "gradcam") return "Grad-CAM";
    if (method == "ablation_shap") return "Top by SHAP";
    if (method == "ablation_weight") return "Top by |w|";
    if (method == "ablation_random") return "Random";
    return method;
}

}  // namespace hint::widgets
