#include "localization/attack_comparison.h"

#include "common/npy.h"
#include "data/image_io.h"
#include "localization/concept_map.h"
#include "localization/hint_protocol.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <unistd.h>

namespace hint::localization {
namespace {

namespace fs = std::filesystem;

std::vector<int64_t> argmaxRows(const FloatTensor& logits)
{
    std::vector<int64_t> out;
    const int64_t classes = logits.shape[1];
    for (int64_t n = 0; n < logits.shape[0]; ++n) {
        const float* row = logits.data.data() + n * classes;
        out.push_back(std::max_element(row, row + classes) - row);
    }
    return out;
}

// Spatial mean of a channel of row n of an N,C,H,W batch.
double channelMean(const FloatTensor& batch, size_t n, int channel)
{
    const size_t plane = static_cast<size_t>(batch.shape[2] * batch.shape[3]);
    const float* p = batch.data.data() + (n * static_cast<size_t>(batch.shape[1]) + static_cast<size_t>(channel)) * plane;
    double sum = 0.0;
    for (size_t i = 0; i < plane; ++i) sum += p[i];
    return sum / static_cast<double>(plane);
}

double meanOf(const std::vector<double>& v)
{
    double s = 0.0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

// Softmax of row n of N,classes logits, in double.
std::vector<double> softmaxRow(const FloatTensor& logits, size_t n)
{
    const size_t classes = static_cast<size_t>(logits.shape[1]);
    const float* row = logits.data.data() + n * classes;
    const double top = *std::max_element(row, row + classes);
    std::vector<double> p(classes);
    double sum = 0.0;
    for (size_t c = 0; c < classes; ++c) sum += p[c] = std::exp(row[c] - top);
    for (double& v : p) v /= sum;
    return p;
}

std::vector<double> topMeans(const FloatTensor& features, size_t n, const std::vector<int>& neurons)
{
    std::vector<double> out;
    for (int k : neurons) out.push_back(channelMean(features, n, k));
    return out;
}

// The largest pixel change between rows b of two normalized N,3,S,S batches, in [0, 1] pixel units.
double pixelLinf(const FloatTensor& clean, const FloatTensor& adversarial, size_t b, const AttackOptions& attack)
{
    const size_t plane = static_cast<size_t>(clean.shape[2] * clean.shape[3]), row = 3 * plane;
    double linf = 0.0;
    for (size_t j = 0; j < row; ++j)
        linf = std::max(linf, std::fabs(adversarial.data[b * row + j] - clean.data[b * row + j]) * attack.std[j / plane]);
    return linf;
}

// Row n of a normalized N,3,S,S batch back in 8-bit RGB pixels (caffe inputs hold BGR channels).
data::ImageRgb8 denormalizedImage(const FloatTensor& batch, size_t n, const AttackOptions& attack, bool bgr)
{
    data::ImageRgb8 image;
    image.height = static_cast<int>(batch.shape[2]);
    image.width = static_cast<int>(batch.shape[3]);
    const size_t plane = static_cast<size_t>(image.width) * static_cast<size_t>(image.height);
    image.pixels.resize(plane * 3);
    const float* x = batch.data.data() + n * 3 * plane;
    for (size_t c = 0; c < 3; ++c) {
        const size_t rgb = bgr ? 2 - c : c;
        for (size_t i = 0; i < plane; ++i) {
            const double pixel = std::clamp(x[c * plane + i] * attack.std[c] + attack.mean[c], 0.0, 1.0);
            image.pixels[i * 3 + rgb] = static_cast<uint8_t>(std::lround(pixel * 255.0));
        }
    }
    return image;
}

// The layer, which must be a feature map (C,H,W) holding every neuron compared.
Result<model::TapInfo> checkedLayer(const model::Network& network, const std::string& layer, int inputSize,
                                    const std::vector<int>& neurons)
{
    auto tap = network.findTap(layer, inputSize);
    if (!tap) return tap.error();
    if (tap->shape.size() != 3) return Error::badInput("layer '" + layer + "' is not a feature map (C,H,W)");
    for (int k : neurons)
        if (k < 0 || k >= tap->shape[0]) return Error::badInput("neuron " + std::to_string(k) + " is outside the layer");
    return tap;
}

// One batch attacked, and what both comparisons read of it: logits and features of both inputs.
struct AttackedBatch {
    FloatTensor adversarial;
    FloatTensor cleanLogits, adversarialLogits;
    FloatTensor cleanFeatures, adversarialFeatures;
};

Result<AttackedBatch> attackBatch(const model::Network& network, const FloatTensor& input,
                                  const std::vector<int64_t>& labels, const std::string& layer, const AttackOptions& attack)
{
    AttackedBatch out;
    auto adversarial = attackInputs(network, input, labels, attack);
    if (!adversarial) return adversarial.error();
    out.adversarial = std::move(adversarial).value();
    auto cleanLogits = network.logits(input);
    if (!cleanLogits) return cleanLogits.error();
    auto advLogits = network.logits(out.adversarial);
    if (!advLogits) return advLogits.error();
    auto cleanFeatures = network.features(input, layer);
    if (!cleanFeatures) return cleanFeatures.error();
    auto advFeatures = network.features(out.adversarial, layer);
    if (!advFeatures) return advFeatures.error();
    out.cleanLogits = std::move(cleanLogits).value();
    out.adversarialLogits = std::move(advLogits).value();
    out.cleanFeatures = std::move(cleanFeatures).value();
    out.adversarialFeatures = std::move(advFeatures).value();
    return out;
}

Status writeOutputs(const std::string& dir, const AttackRequest& request, const AttackSummary& summary,
                    const FloatTensor& cleanMaps, const FloatTensor& advMaps)
{
    const fs::path target = fs::absolute(dir);
    const fs::path staging = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
    std::error_code ec;
    if (fs::exists(target, ec) && !fs::is_empty(target, ec) && !fs::exists(target / "attack.csv", ec))
        return Error::badInput("output folder " + target.string() + " exists and is not an attack result; refusing to overwrite it");
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec) return Error::badInput("cannot create " + staging.string() + ": " + ec.message());
    auto fail = [&](Error e) {
        fs::remove_all(staging, ec);
        return e;
    };
    {
        std::ofstream csv(staging / "attack.csv");
        csv << std::setprecision(10);
        csv << "image,label,clean_prediction,adversarial_prediction,clean_positive_cells,adversarial_positive_cells,"
               "map_iou,clean_mean_decision,adversarial_mean_decision,linf";
        for (int k : request.topNeurons) csv << ",clean_n" << k << ",adversarial_n" << k;
        csv << "\n";
        for (const auto& r : summary.images) {
            csv << r.path << "," << r.label << "," << r.cleanPrediction << "," << r.adversarialPrediction << ","
                << r.cleanPositive << "," << r.adversarialPositive << "," << r.mapIoU << "," << r.cleanMeanDecision << ","
                << r.adversarialMeanDecision << "," << r.linf;
            for (size_t k = 0; k < r.cleanTop.size(); ++k) csv << "," << r.cleanTop[k] << "," << r.adversarialTop[k];
            csv << "\n";
        }
        if (!csv) return fail(Error::runtime("cannot write attack.csv"));
    }
    if (auto s = writeNpy((staging / "clean_maps.npy").string(), cleanMaps); !s) return fail(s.error());
    if (auto s = writeNpy((staging / "adversarial_maps.npy").string(), advMaps); !s) return fail(s.error());
    nlohmann::json neurons = nlohmann::json::array();
    for (size_t k = 0; k < request.topNeurons.size(); ++k)
        neurons.push_back({{"neuron", request.topNeurons[k]},
                           {"clean_mean", summary.meanCleanTop[k]},
                           {"adversarial_mean", summary.meanAdversarialTop[k]}});
    const auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    nlohmann::json json = {{"n", summary.images.size()},
                           {"skipped", summary.skipped},
                           {"attack", attackMethodName(request.attack.method)},
                           {"epsilon", request.attack.epsilon},
                           {"steps", request.attack.method == AttackMethod::Pgd ? request.attack.steps : 1},
                           {"layer", request.layer},
                           {"prediction_changed", summary.predictionChanged},
                           {"clean_accuracy", opt(summary.cleanAccuracy)},
                           {"adversarial_accuracy", opt(summary.adversarialAccuracy)},
                           {"mean_map_iou", summary.meanMapIoU},
                           {"mean_clean_positive_cells", summary.meanCleanPositive},
                           {"mean_adversarial_positive_cells", summary.meanAdversarialPositive},
                           {"top_neuron_source", request.topNeuronSource},
                           {"top_neurons", neurons}};
    std::ofstream(staging / "summary.json") << json.dump(2) << "\n";
    fs::remove_all(target, ec);
    fs::rename(staging, target, ec);
    if (ec) return fail(Error::runtime("cannot publish " + target.string() + ": " + ec.message()));
    return {};
}

}  // namespace

Result<AttackSummary> runAttackComparison(const model::Network& network, const AttackRequest& request,
                                          jobs::JobContext& job)
{
    auto tap = checkedLayer(network, request.layer, request.preprocess.size, request.topNeurons);
    if (!tap) return tap.error();
    const AttackOptions attack = attackNormalization(request.attack, request.preprocess.mode);
    const int size = request.preprocess.size;
    AttackSummary summary;
    FloatTensor cleanMaps({0, tap->shape[1], tap->shape[2]}), advMaps({0, tap->shape[1], tap->shape[2]});
    const size_t batchSize = static_cast<size_t>(std::max(1, request.batchSize));
    for (size_t first = 0; first < request.images.size(); first += batchSize) {
        if (job.isCancelled()) return Error::cancelled();
        job.progress(static_cast<int64_t>(first), static_cast<int64_t>(request.images.size()), "attack");
        std::vector<size_t> indices;
        std::vector<float> inputData;
        for (size_t i = first; i < std::min(request.images.size(), first + batchSize); ++i) {
            auto image = data::decodeImage(request.images[i].path);
            if (!image) {
                job.warning(image.error().message);
                ++summary.skipped;
                continue;
            }
            const FloatTensor x = data::preprocessImage(image.value(), request.preprocess);
            inputData.insert(inputData.end(), x.data.begin(), x.data.end());
            indices.push_back(i);
        }
        if (indices.empty()) continue;
        FloatTensor input;
        input.shape = {static_cast<int64_t>(indices.size()), 3, size, size};
        input.data = std::move(inputData);
        std::vector<int64_t> labels;
        for (size_t i : indices) labels.push_back(request.images[i].label);
        auto batch = attackBatch(network, input, labels, request.layer, attack);
        if (!batch) return batch.error();
        const auto cleanPred = argmaxRows(batch->cleanLogits), advPred = argmaxRows(batch->adversarialLogits);
        for (size_t b = 0; b < indices.size(); ++b) {
            AttackImageResult r;
            r.path = request.images[indices[b]].path;
            r.label = labels[b];
            r.cleanPrediction = cleanPred[b];
            r.adversarialPrediction = advPred[b];
            auto clean = decisionMap(batch->cleanFeatures, b, request.classifier);
            if (!clean) return clean.error();
            auto adv = decisionMap(batch->adversarialFeatures, b, request.classifier);
            if (!adv) return adv.error();
            const BinaryMask cleanCells = binaryMap(*clean), advCells = binaryMap(*adv);
            r.cleanPositive = static_cast<int>(cleanCells.count());
            r.adversarialPositive = static_cast<int>(advCells.count());
            r.mapIoU = r.cleanPositive == 0 && r.adversarialPositive == 0 ? 1.0 : maskIoU(cleanCells, advCells);
            r.cleanMeanDecision = meanOf(clean->values);
            r.adversarialMeanDecision = meanOf(adv->values);
            r.linf = pixelLinf(input, batch->adversarial, b, attack);
            r.cleanTop = topMeans(batch->cleanFeatures, b, request.topNeurons);
            r.adversarialTop = topMeans(batch->adversarialFeatures, b, request.topNeurons);
            cleanMaps.shape[0] += 1;
            advMaps.shape[0] += 1;
            for (double v : clean->values) cleanMaps.data.push_back(static_cast<float>(v));
            for (double v : adv->values) advMaps.data.push_back(static_cast<float>(v));
            summary.images.push_back(std::move(r));
        }
    }
    job.progress(static_cast<int64_t>(request.images.size()), static_cast<int64_t>(request.images.size()), "attack");
    if (summary.images.empty()) return Error::badInput("no image could be read");
    const double n = static_cast<double>(summary.images.size());
    int64_t changed = 0, labelled = 0, cleanRight = 0, advRight = 0;
    std::vector<double> ious, cleanPos, advPos;
    summary.meanCleanTop.assign(request.topNeurons.size(), 0.0);
    summary.meanAdversarialTop.assign(request.topNeurons.size(), 0.0);
    for (const auto& r : summary.images) {
        changed += r.cleanPrediction != r.adversarialPrediction ? 1 : 0;
        if (r.label >= 0) {
            ++labelled;
            cleanRight += r.cleanPrediction == r.label ? 1 : 0;
            advRight += r.adversarialPrediction == r.label ? 1 : 0;
        }
        ious.push_back(r.mapIoU);
        cleanPos.push_back(r.cleanPositive);
        advPos.push_back(r.adversarialPositive);
        for (size_t k = 0; k < r.cleanTop.size(); ++k) {
            summary.meanCleanTop[k] += r.cleanTop[k] / n;
            summary.meanAdversarialTop[k] += r.adversarialTop[k] / n;
        }
    }
    summary.predictionChanged = static_cast<double>(changed) / n;
    if (labelled > 0) {
        summary.cleanAccuracy = static_cast<double>(cleanRight) / static_cast<double>(labelled);
        summary.adversarialAccuracy = static_cast<double>(advRight) / static_cast<double>(labelled);
    }
    summary.meanMapIoU = meanOf(ious);
    summary.meanCleanPositive = meanOf(cleanPos);
    summary.meanAdversarialPositive = meanOf(advPos);
    if (!request.outDir.empty())
        if (auto s = writeOutputs(request.outDir, request, summary, cleanMaps, advMaps); !s) return s.error();
    return summary;
}

AttackOptions attackNormalization(AttackOptions options, data::PreprocessMode mode)
{
    if (mode == data::PreprocessMode::Caffe) {
        options.mean = {104.0 / 255.0, 117.0 / 255.0, 123.0 / 255.0};
        options.std = {1.0 / 255.0, 1.0 / 255.0, 1.0 / 255.0};
    } else {
        options.mean = {0.485, 0.456, 0.406};
        options.std = {0.229, 0.224, 0.225};
    }
    return options;
}

Result<AttackedImage> attackImage(const model::Network& network, const AttackImageRequest& request,
                                  jobs::JobContext& job)
{
    if (auto tap = checkedLayer(network, request.layer, request.preprocess.size, request.topNeurons); !tap)
        return tap.error();
    if (job.isCancelled()) return Error::cancelled();
    job.progress(0, 1, "attack");
    auto image = data::decodeImage(request.image.path);
    if (!image) return image.error();
    const int size = request.preprocess.size;
    FloatTensor input = data::preprocessImage(image.value(), request.preprocess);
    input.shape = {1, 3, size, size};
    const AttackOptions attack = attackNormalization(request.attack, request.preprocess.mode);
    auto batch = attackBatch(network, input, {request.image.label}, request.layer, attack);
    if (!batch) return batch.error();
    if (job.isCancelled()) return Error::cancelled();

    AttackedImage out;
    out.path = request.image.path;
    out.cleanPrediction = argmaxRows(batch->cleanLogits)[0];
    out.adversarialPrediction = argmaxRows(batch->adversarialLogits)[0];
    out.label = request.image.label >= 0 ? request.image.label : out.cleanPrediction;
    out.cleanProbabilities = softmaxRow(batch->cleanLogits, 0);
    out.adversarialProbabilities = softmaxRow(batch->adversarialLogits, 0);
    const bool bgr = request.preprocess.mode == data::PreprocessMode::Caffe;
    out.clean = denormalizedImage(input, 0, attack, bgr);
    out.adversarial = denormalizedImage(batch->adversarial, 0, attack, bgr);
    out.linf = pixelLinf(input, batch->adversarial, 0, attack);
    out.cleanTop = topMeans(batch->cleanFeatures, 0, request.topNeurons);
    out.adversarialTop = topMeans(batch->adversarialFeatures, 0, request.topNeurons);
    out.cleanFeatures = std::move(batch->cleanFeatures);
    out.adversarialFeatures = std::move(batch->adversarialFeatures);
    job.progress(1, 1, "attack");
    return out;
}

}  // namespace hint::localization
