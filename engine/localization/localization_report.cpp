#include "localization/localization_report.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iomanip>
#include <sstream>

namespace hint::localization {
namespace {

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

nlohmann::json optional(const std::optional<double>& value)
{
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

double meanIou(const MethodSummary& s, Protocol protocol)
{
    switch (protocol) {
    case Protocol::MaxBoxAcc: return s.maxBoxAccMeanIou;
    case Protocol::MaxBoxAccV2: return s.maxBoxAccV2MeanIou;
    case Protocol::Hint:
    case Protocol::PxAP: break;
    }
    return s.hintMeanIou;
}

nlohmann::json methodJson(const MethodSummary& s, Protocol protocol)
{
    nlohmann::json byIou = nlohmann::json::object(), bestByIou = nlohmann::json::object();
    for (size_t i = 0; i < s.v2IouThresholds.size(); ++i) {
        const std::string key = std::to_string(s.v2IouThresholds[i]);
        if (i < s.v2Accuracy.size()) byIou[key] = s.v2Accuracy[i];
        if (i < s.v2BestThreshold.size()) bestByIou[key] = s.v2BestThreshold[i];
    }
    return {{"n", s.images},
            {"mean_iou", meanIou(s, protocol)},
            {"hint_mean_iou", s.hintMeanIou},
            {"hint_iou50_accuracy", s.hintAccuracy},
            {"empty_maps", s.emptyMaps},
            {"maxboxacc", s.maxBoxAcc},
            {"best_threshold", s.bestThreshold},
            {"maxboxacc_mean_iou", s.maxBoxAccMeanIou},
            {"maxboxacc_v2", s.maxBoxAccV2},
            {"maxboxacc_v2_mean_iou", s.maxBoxAccV2MeanIou},
            {"maxboxacc_v2_by_iou", byIou},
            {"best_threshold_v2", bestByIou},
            {"pxap", optional(s.pxap)},
            {"pointing_game", s.pointingGame},
            {"top1_cls", optional(s.top1Cls)},
            {"top1_loc_hint", optional(s.top1LocHint)},
            {"top1_loc_maxboxacc", optional(s.top1LocMaxBoxAcc)}};
}

}  // namespace

Status writePerImageCsv(const std::string& path, const std::vector<ReportImage>& images, const MethodEvaluation& main,
                        const std::vector<const MethodEvaluation*>& others, Protocol protocol)
{
    std::ofstream out(path);
    if (!out) return Error::runtime("cannot write " + path);
    out << std::setprecision(10);
    out << "image,width,height,label,predicted,iou,hint_iou,has_box,positive_cells,box_x0,box_y0,box_x1,box_y1,"
           "maxboxacc_iou,maxboxacc_x0,maxboxacc_y0,maxboxacc_x1,maxboxacc_y1,maxboxacc_v2_iou,pointing_hit";
    for (const auto* other : others) out << "," << other->name() << "_iou";
    out << "\n";
    const std::vector<double> chosen = main.perImageIou(protocol);
    const std::vector<double> boxIous = main.perImageIou(Protocol::MaxBoxAcc);
    const std::vector<double> v2Ious = main.perImageIou(Protocol::MaxBoxAccV2);
    std::vector<std::vector<double>> otherIous;
    for (const auto* other : others) otherIous.push_back(other->perImageIou(protocol));
    for (size_t i = 0; i < images.size() && i < main.images().size(); ++i) {
        const auto& image = images[i];
        const auto& score = main.images()[i];
        const PixelBox box = main.maxBoxAccBox(i);
        out << csvField(image.path) << "," << image.width << "," << image.height << "," << image.label << ","
            << image.predicted << "," << chosen[i] << "," << score.hint.iou << "," << (score.hint.hasBox ? 1 : 0) << ","
            << score.hint.positiveCells << ",";
        if (score.hint.hasBox) {
            const auto& b = score.hint.predictedBox;
            out << b.x0 << "," << b.y0 << "," << b.x1 << "," << b.y1 << ",";
        } else {
            out << ",,,,";
        }
        out << boxIous[i] << "," << box.x0 << "," << box.y0 << "," << box.x1 << "," << box.y1 << "," << v2Ious[i] << ","
            << (score.pointingHit ? 1 : 0);
        for (const auto& ious : otherIous) out << "," << (i < ious.size() ? ious[i] : 0.0);
        out << "\n";
    }
    out.flush();
    if (!out) return Error::runtime("cannot write " + path);
    return {};
}

std::string summaryJson(const LocalizationRequest& request, const LocalizationSummary& summary,
                        const std::vector<std::string>& skipped)
{
    nlohmann::json json = methodJson(summary.main, request.protocol);
    json["classifier_name"] = summary.main.name;
    json["arch"] = request.arch;
    json["weights_sha256"] = request.weightsSha256;
    json["layer"] = request.layer;
    json["classifier"] = request.classifierPath;
    json["protocol"] = protocolName(request.protocol);
    json["score"] = mapScoreName(request.score);
    json["upsampling"] = upsamplingName(request.evaluation.upsampling);
    json["cam_curve_interval"] = request.evaluation.camCurveInterval;
    json["input_size"] = request.evaluation.size;
    json["preprocess"] = data::preprocessModeName(request.preprocess.mode);
    json["baseline_layer"] = request.baselineLayer.empty() ? request.layer : request.baselineLayer;
    json["baseline_threshold"] = request.baselineThreshold;
    json["centre_fraction"] = request.centreFraction;
    json["processed"] = summary.processed;
    json["skipped"] = skipped;
    json["seconds"] = summary.seconds;
    nlohmann::json baselines = nlohmann::json::object();
    for (const auto& b : summary.baselines) baselines[b.name] = methodJson(b, request.protocol);
    json["baselines"] = baselines;
    nlohmann::json extras = nlohmann::json::object();
    for (const auto& e : summary.extras) extras[e.name] = methodJson(e, request.protocol);
    json["extra_classifiers"] = extras;
    return json.dump(2) + "\n";
}

}  // namespace hint::localization
