#include "localization/localization_run.h"

#include "common/output_folder.h"
#include "common/npy.h"
#include "data/image_io.h"
#include "localization/localization_report.h"
#include "saliency/saliency.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

namespace hint::localization {
namespace {

namespace fs = std::filesystem;

Map2d plane(const FloatTensor& batch, size_t n, int64_t channel)
{
    const int64_t h = batch.shape[2], w = batch.shape[3];
    Map2d map(static_cast<int>(h), static_cast<int>(w));
    const float* p = batch.data.data() + (static_cast<size_t>(n) * static_cast<size_t>(batch.shape[1]) + static_cast<size_t>(channel)) *
                                             static_cast<size_t>(h * w);
    for (size_t i = 0; i < map.values.size(); ++i) map.values[i] = p[i];
    return map;
}

// Sum (CAM) or L2 norm (saliency maps, METHOD.md's `norm`) over channels.
Map2d reduceChannels(const FloatTensor& batch, size_t n, bool l2)
{
    Map2d out = plane(batch, n, 0);
    if (l2)
        for (double& v : out.values) v = v * v;
    for (int64_t c = 1; c < batch.shape[1]; ++c) {
        const Map2d p = plane(batch, n, c);
        for (size_t i = 0; i < out.values.size(); ++i) out.values[i] += l2 ? p.values[i] * p.values[i] : p.values[i];
    }
    if (l2)
        for (double& v : out.values) v = std::sqrt(v);
    return out;
}

BinaryMask thresholdCells(const Map2d& map, double threshold)
{
    const Map2d normalized = normalizeMinMax(map);
    BinaryMask cells(map.height, map.width);
    for (size_t i = 0; i < cells.values.size(); ++i) cells.values[i] = normalized.values[i] >= threshold ? 1 : 0;
    return cells;
}

// One baseline's maps for a batch, at the resolution of the layer it is computed at.
Result<std::vector<Map2d>> baselineMaps(const model::Network& network, const LocalizationRequest& request,
                                        const std::string& name, const FloatTensor& input,
                                        const std::vector<int64_t>& targets)
{
    saliency::Options options;
    bool sum = false;
    if (name == "cam") {
        // For a GAP + linear head, d logit_c / d z_k = w_ck / HW everywhere, so the channel sum of
        // gradient x input is the class activation map sum_k w_ck z_k.
        options.method = saliency::Method::GradientXInput;
        options.layer = camLayer(request.arch);
        sum = true;
    } else {
        auto method = saliency::parseMethod(name);
        if (!method) return method.error();
        options.method = method.value();
        options.layer = request.baselineLayer.empty() ? request.layer : request.baselineLayer;
    }
    options.seed = 0;
    auto output = saliency::compute(network, input, targets, options);
    if (!output) return output.error();
    const FloatTensor& s = output->saliency;
    std::vector<Map2d> maps;
    for (size_t n = 0; n < static_cast<size_t>(s.shape[0]); ++n)
        maps.push_back(s.shape[1] == 1 ? plane(s, n, 0) : reduceChannels(s, n, !sum));
    return maps;
}

PixelBox centredBox(int size, double fraction)
{
    const int margin = static_cast<int>((1.0 - std::clamp(fraction, 0.0, 1.0)) / 2.0 * size);
    return {margin, margin, size - 1 - margin, size - 1 - margin};
}

struct DecodedImage {
    size_t index = 0;
    data::ImageRgb8 image;
};

}  // namespace

const std::vector<std::string>& baselineNames()
{
    static const std::vector<std::string> names = {"whole", "centre", "gradcam", "cam", "guided", "vanilla", "smoothgrad",
                                                   "integrated-gradients", "gradient-x-input", "guided-gradcam"};
    return names;
}

Status checkBaselineName(const std::string& name)
{
    const auto& names = baselineNames();
    if (std::find(names.begin(), names.end(), name) != names.end()) return {};
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return Error::badInput("unknown baseline '" + name + "' (" + list + ")");
}

std::string camLayer(const std::string& arch)
{
    if (arch.rfind("resnet", 0) == 0) return "layer4";
    if (arch == "mobilenet_v2") return "features.18";
    if (arch.rfind("shufflenet", 0) == 0) return "conv5";
    if (arch == "inception_v3") return "Mixed_7c";
    if (arch.rfind("squeezenet", 0) == 0) return "classifier.2";
    return "";
}

Result<LocalizationSummary> runLocalization(const model::Network& network, const LocalizationRequest& request,
                                            jobs::JobContext& job)
{
    const auto start = std::chrono::steady_clock::now();
    if (request.preprocess.mode != data::PreprocessMode::Hint)
        return Error::badInput("localization needs HINT preprocessing (plain resize): boxes must scale linearly to the input");
    if (request.dataset.annotations.size() != request.dataset.size())
        return Error::badInput("the data set has no box annotations");
    const int size = request.preprocess.size;
    if (request.evaluation.size != size) return Error::badInput("evaluation size must equal the input size");
    auto tap = network.findTap(request.layer, size);
    if (!tap) return tap.error();
    if (tap->shape.size() != 3) return Error::badInput("layer '" + request.layer + "' is not a feature map (C,H,W)");
    for (const auto& name : request.baselines) {
        if (auto status = checkBaselineName(name); !status) return status.error();
        if (name == "cam" && camLayer(request.arch).empty())
            return Error::badInput("baseline 'cam' needs a global-average-pooling + linear head; " + request.arch + " has none");
    }
    const bool modelLabels =
        request.dataset.kind == data::DatasetKind::Images || request.dataset.kind == data::DatasetKind::ImagenetVal;

    MethodEvaluation main(request.classifierName, request.evaluation);
    std::vector<std::unique_ptr<MethodEvaluation>> baselines, extras;
    for (const auto& name : request.baselines) baselines.push_back(std::make_unique<MethodEvaluation>(name, request.evaluation));
    for (const auto& extra : request.extraClassifiers)
        extras.push_back(std::make_unique<MethodEvaluation>(extra.first, request.evaluation));

    std::vector<ReportImage> reportImages;
    std::vector<std::string> skipped;
    FloatTensor maps({0, tap->shape[1], tap->shape[2]});
    const size_t total = request.dataset.size();
    const size_t batchSize = static_cast<size_t>(std::max(1, request.batchSize));
    for (size_t first = 0; first < total; first += batchSize) {
        if (job.isCancelled()) return Error::cancelled();
        job.progress(static_cast<int64_t>(first), static_cast<int64_t>(total), "localize");
        std::vector<DecodedImage> batch;
        for (size_t i = first; i < std::min(total, first + batchSize); ++i) {
            const std::string path = request.dataset.path(i);
            if (request.dataset.annotations[i].boxes.empty()) {
                skipped.push_back(path + ": no ground-truth box");
                job.warning(path + ": no ground-truth box, skipped");
                continue;
            }
            auto image = data::decodeImage(path);
            if (!image) {
                skipped.push_back(path + ": " + image.error().message);
                job.warning(image.error().message);
                continue;
            }
            batch.push_back({i, std::move(image.value())});
        }
        if (batch.empty()) continue;
        FloatTensor input({static_cast<int64_t>(batch.size()), 3, size, size});
        const size_t inputRow = static_cast<size_t>(3 * size * size);
        for (size_t b = 0; b < batch.size(); ++b) {
            const FloatTensor x = data::preprocessImage(batch[b].image, request.preprocess);
            std::copy(x.data.begin(), x.data.end(), input.data.begin() + static_cast<std::ptrdiff_t>(b * inputRow));
        }
        auto features = network.features(input, request.layer);
        if (!features) return features.error();
        std::vector<int64_t> labels(batch.size(), -1), predicted(batch.size(), -1);
        if (modelLabels) {
            for (size_t b = 0; b < batch.size(); ++b) {
                const int c = request.dataset.images[batch[b].index].classIndex;
                if (c >= 0 && c < network.numClasses()) labels[b] = c;
            }
            if (std::any_of(labels.begin(), labels.end(), [](int64_t l) { return l >= 0; })) {
                auto logits = network.logits(input);
                if (!logits) return logits.error();
                const int64_t classes = logits->shape[1];
                for (size_t b = 0; b < batch.size(); ++b) {
                    const float* row = logits->data.data() + b * static_cast<size_t>(classes);
                    predicted[b] = std::max_element(row, row + classes) - row;
                }
            }
        }
        std::vector<std::vector<Map2d>> baselineBatch(request.baselines.size());
        for (size_t k = 0; k < request.baselines.size(); ++k) {
            const std::string& name = request.baselines[k];
            if (name == "whole" || name == "centre") continue;
            auto mapsOfBaseline = baselineMaps(network, request, name, input, labels);
            if (!mapsOfBaseline) return mapsOfBaseline.error();
            baselineBatch[k] = std::move(mapsOfBaseline.value());
        }
        for (size_t b = 0; b < batch.size(); ++b) {
            const size_t i = batch[b].index;
            const auto& annotation = request.dataset.annotations[i];
            ImageTruth truth = makeTruth(annotation.boxes, batch[b].image.width, batch[b].image.height, size);
            truth.label = static_cast<int>(labels[b]);
            truth.predicted = static_cast<int>(predicted[b]);
            if (!annotation.maskPath.empty()) {
                auto mask = readSegmentationMask(annotation.maskPath, size);
                if (!mask) return mask.error();
                truth.segmentation = std::move(mask.value());
            }
            auto decision = decisionMap(features.value(), b, request.classifier);
            if (!decision) return decision.error();
            if (auto s = main.addCellMap(binaryMap(*decision), scoreMap(*decision, request.score), truth); !s) return s.error();
            maps.shape[0] += 1;
            for (double v : decision->values) maps.data.push_back(static_cast<float>(v));
            for (size_t e = 0; e < extras.size(); ++e) {
                auto extraMap = decisionMap(features.value(), b, request.extraClassifiers[e].second);
                if (!extraMap) return extraMap.error();
                if (auto s = extras[e]->addCellMap(binaryMap(*extraMap), scoreMap(*extraMap, request.score), truth); !s)
                    return s.error();
            }
            for (size_t k = 0; k < baselines.size(); ++k) {
                const std::string& name = request.baselines[k];
                if (name == "whole") {
                    baselines[k]->addBox({0, 0, size - 1, size - 1}, truth);
                } else if (name == "centre") {
                    baselines[k]->addBox(centredBox(size, request.centreFraction), truth);
                } else {
                    const Map2d& m = baselineBatch[k][b];
                    if (auto s = baselines[k]->addCellMap(thresholdCells(m, request.baselineThreshold), m, truth); !s)
                        return s.error();
                }
            }
            reportImages.push_back({request.dataset.path(i), batch[b].image.width, batch[b].image.height,
                                    static_cast<int>(labels[b]), static_cast<int>(predicted[b])});
        }
    }
    job.progress(static_cast<int64_t>(total), static_cast<int64_t>(total), "localize");
    if (reportImages.empty()) return Error::badInput("no image could be localized (no readable image with a box)");
    if (request.protocol == Protocol::PxAP && !main.summary().pxap)
        return Error::badInput("protocol pxap needs segmentation masks (VOC SegmentationObject, CUB segmentations or --masks)");

    LocalizationSummary summary;
    summary.main = main.summary();
    for (const auto& b : baselines) summary.baselines.push_back(b->summary());
    for (const auto& e : extras) summary.extras.push_back(e->summary());
    summary.processed = static_cast<int64_t>(reportImages.size());
    summary.skipped = static_cast<int64_t>(skipped.size());
    summary.perImageIou = main.perImageIou(request.protocol == Protocol::PxAP ? Protocol::Hint : request.protocol);
    for (const auto& image : reportImages) summary.images.push_back(image.path);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (!request.outDir.empty()) {
        OutputFolder out(request.outDir, "summary.json", "a localization result");
        if (auto s = out.create(); !s) return s.error();
        std::vector<const MethodEvaluation*> others;
        for (const auto& b : baselines) others.push_back(b.get());
        for (const auto& e : extras) others.push_back(e.get());
        if (auto s = writePerImageCsv(out.path("per_image.csv"), reportImages, main, others, request.protocol); !s)
            return s.error();
        if (auto s = writeNpy(out.path("maps.npy"), maps); !s) return s.error();
        std::ofstream json(out.path("summary.json"));
        json << summaryJson(request, summary, skipped);
        json.close();
        if (!json) return Error::runtime("cannot write summary.json");
        if (auto s = out.publish(); !s) return s.error();
    }
    return summary;
}

}  // namespace hint::localization
