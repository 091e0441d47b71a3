#include "saliency/extraction.h"

#include "common/output_folder.h"
#include "common/memory_reuse.h"
#include "common/npy.h"
#include "data/image_io.h"
#include "saliency/detail/saliency_torch.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <unistd.h>

namespace hint::saliency {
namespace {

namespace fs = std::filesystem;

struct DecodedBatch {
    std::vector<size_t> indices;  // into request.images, the images that decoded
    std::vector<FloatTensor> inputs;
    std::vector<std::pair<size_t, std::string>> failures;  // index, reason
};

DecodedBatch decodeBatch(const ExtractionRequest& request, size_t first, size_t count)
{
    DecodedBatch batch;
    for (size_t i = first; i < first + count && i < request.images.size(); ++i) {
        auto image = data::decodeImage(request.images[i].path);
        if (!image) {
            batch.failures.emplace_back(i, image.error().message);
            continue;
        }
        batch.indices.push_back(i);
        batch.inputs.push_back(data::preprocessImage(image.value(), request.preprocess));
    }
    return batch;
}

int64_t targetFor(const TargetSpec& spec, const ImageItem& item)
{
    switch (spec.mode) {
    case TargetMode::Label: return item.labelIndex;
    case TargetMode::Predicted: return -1;
    case TargetMode::Index: return spec.index;
    }
    return -1;
}

// One tap's output folder: its two streamed arrays, then targets.npy and manifest.json.
class TapWriter {
public:
    TapWriter(const TapOutput& tap, const std::vector<int64_t>& featureRow, bool singleMap)
        : m_layer(tap.layer), m_outDir(tap.outDir), m_staging(tap.outDir, "manifest.json", "an extraction"),
          m_featureRow(featureRow), m_saliencyRow(featureRow)
    {
        if (singleMap) m_saliencyRow[0] = 1;
    }

    Status open()
    {
        if (auto status = m_staging.create(); !status) return status;
        if (auto s = m_features.open(m_staging.path("features.npy"), m_featureRow); !s) return s;
        return m_saliency.open(m_staging.path("saliency.npy"), m_saliencyRow);
    }

    Status append(const torch::Tensor& features, const torch::Tensor& saliency)
    {
        torch::Tensor z = features.contiguous();
        torch::Tensor s = saliency.contiguous();
        if (auto st = m_features.appendRows(z.data_ptr<float>(), z.size(0)); !st) return st;
        return m_saliency.appendRows(s.data_ptr<float>(), s.size(0));
    }

    // Closes the arrays and writes targets.npy and manifest.json (`common` plus this tap's keys).
    Result<ExtractionSummary> finish(const std::vector<int64_t>& targets, int64_t total, nlohmann::json manifest)
    {
        ExtractionSummary summary;
        summary.processed = static_cast<int64_t>(targets.size());
        summary.skipped = total - summary.processed;
        summary.featureShape = {summary.processed};
        summary.featureShape.insert(summary.featureShape.end(), m_featureRow.begin(), m_featureRow.end());
        summary.saliencyShape = {summary.processed};
        summary.saliencyShape.insert(summary.saliencyShape.end(), m_saliencyRow.begin(), m_saliencyRow.end());
        if (auto s = m_features.close(); !s) return s.error();
        if (auto s = m_saliency.close(); !s) return s.error();
        if (auto s = writeNpy(m_staging.path("targets.npy"), targets); !s) return s.error();
        manifest["layer"] = m_layer;
        manifest["shape"] = summary.featureShape;
        manifest["saliency_shape"] = summary.saliencyShape;
        manifest["processed"] = summary.processed;
        manifest["skipped"] = summary.skipped;
        std::ofstream out(m_staging.path("manifest.json"));
        out << manifest.dump(2) << "\n";
        if (!out) return Error::runtime("cannot write manifest.json in " + m_outDir);
        return summary;
    }

    Status publish() { return m_staging.publish(); }

private:
    std::string m_layer, m_outDir;
    OutputFolder m_staging;
    std::vector<int64_t> m_featureRow, m_saliencyRow;
    NpyStreamWriter m_features, m_saliency;
};

}  // namespace

Result<TargetSpec> parseTarget(const std::string& text)
{
    if (text == "label") return TargetSpec{TargetMode::Label, -1};
    if (text == "predicted") return TargetSpec{TargetMode::Predicted, -1};
    try {
        size_t used = 0;
        long long index = std::stoll(text, &used);
        if (used == text.size() && index >= 0) return TargetSpec{TargetMode::Index, index};
    } catch (...) {
    }
    return Error::badInput("--target must be label, predicted or a class index, not '" + text + "'");
}

std::string targetName(const TargetSpec& target)
{
    switch (target.mode) {
    case TargetMode::Label: return "label";
    case TargetMode::Predicted: return "predicted";
    case TargetMode::Index: return std::to_string(target.index);
    }
    return "label";
}

Result<ExtractionSummary> runExtraction(const model::Network& network, const ExtractionRequest& request,
                                        jobs::JobContext& job)
{
    auto summaries = runExtractionAtTaps(network, request, {{request.saliency.layer, request.outDir}}, job);
    if (!summaries) return summaries.error();
    return summaries->front();
}

Result<std::vector<ExtractionSummary>> runExtractionAtTaps(const model::Network& network,
                                                           const ExtractionRequest& request,
                                                           const std::vector<TapOutput>& taps, jobs::JobContext& job)
{
    const auto start = std::chrono::steady_clock::now();
    const ReusedMemoryScope reuseBatchBuffers;
    if (taps.empty()) return Error::badInput("no layer to extract");
    std::vector<std::unique_ptr<TapWriter>> writers;
    std::vector<std::string> layers;
    for (const auto& tap : taps) {
        if (std::find(layers.begin(), layers.end(), tap.layer) != layers.end())
            return Error::badInput("layer '" + tap.layer + "' is listed twice");
        layers.push_back(tap.layer);
        auto info = network.findTap(tap.layer, request.preprocess.size);
        if (!info) return info.error();
        if (info->shape.size() != 3)
            return Error::badInput("layer '" + tap.layer + "' is not a convolutional feature map (C,H,W)");
        writers.push_back(std::make_unique<TapWriter>(tap, info->shape, isSingleMap(request.saliency.method)));
        if (auto s = writers.back()->open(); !s) return s.error();
    }

    std::vector<nlohmann::json> rows(request.images.size());
    std::vector<int64_t> targets;
    const size_t total = request.images.size();
    const size_t batchSize = static_cast<size_t>(std::max(1, request.batchSize));

    // Decoding the next batch overlaps with the network on the current one.
    std::future<DecodedBatch> next = std::async(std::launch::async, decodeBatch, std::cref(request), 0, batchSize);
    for (size_t first = 0; first < total; first += batchSize) {
        DecodedBatch batch = next.get();
        if (first + batchSize < total)
            next = std::async(std::launch::async, decodeBatch, std::cref(request), first + batchSize, batchSize);
        if (job.isCancelled()) {
            if (next.valid()) next.wait();
            return Error::cancelled();
        }
        for (const auto& [index, reason] : batch.failures) {
            job.warning("skipped " + reason);
            rows[index] = {{"path", request.images[index].path}, {"label_index", request.images[index].labelIndex},
                           {"target_index", -1}, {"status", "skipped"}, {"error", reason}};
        }
        std::vector<int64_t> batchTargets;
        std::vector<uint64_t> ids;
        std::vector<size_t> kept;
        std::vector<FloatTensor> inputs;
        for (size_t k = 0; k < batch.indices.size(); ++k) {
            const size_t index = batch.indices[k];
            const int64_t target = targetFor(request.target, request.images[index]);
            if (request.target.mode == TargetMode::Label && target < 0) {
                const std::string reason = request.images[index].path + ": no class label (use --target predicted)";
                job.warning("skipped " + reason);
                rows[index] = {{"path", request.images[index].path}, {"label_index", -1}, {"target_index", -1},
                               {"status", "skipped"}, {"error", reason}};
                continue;
            }
            kept.push_back(index);
            batchTargets.push_back(target);
            ids.push_back(index);
            inputs.push_back(std::move(batch.inputs[k]));
        }
        if (!kept.empty()) {
            try {
                std::vector<torch::Tensor> tensors;
                for (const auto& in : inputs) tensors.push_back(model::detail::toTorch(in));
                auto outs = detail::computeTorchAtTaps(network.impl(), torch::stack(tensors), batchTargets,
                                                       request.saliency, layers, ids);
                for (size_t t = 0; t < writers.size(); ++t)
                    if (auto st = writers[t]->append(outs[t].features, outs[t].saliency); !st) return st.error();
                for (size_t k = 0; k < kept.size(); ++k) {
                    const int64_t t = outs.front().targets[static_cast<int64_t>(k)].item<int64_t>();
                    targets.push_back(t);
                    rows[kept[k]] = {{"path", request.images[kept[k]].path},
                                     {"label_index", request.images[kept[k]].labelIndex},
                                     {"target_index", t},
                                     {"status", "ok"}};
                }
            } catch (const std::invalid_argument& e) {
                return Error::badInput(e.what());
            } catch (const std::exception& e) {
                return Error::runtime(std::string("extraction failed: ") + std::string(e.what()).substr(0, 300));
            }
        }
        job.progress(static_cast<int64_t>(std::min(total, first + batchSize)), static_cast<int64_t>(total), "extract");
    }

    nlohmann::json manifestImages = nlohmann::json::array();
    for (auto& row : rows) manifestImages.push_back(row);
    const nlohmann::json common = {{"arch", network.info().name},
                                   {"weights_sha256", network.weightsSha256()},
                                   {"method", methodName(request.saliency.method)},
                                   {"target", targetName(request.target)},
                                   {"preprocess", data::preprocessModeName(request.preprocess.mode)},
                                   {"input_size", request.preprocess.size},
                                   {"seed", request.saliency.seed},
                                   {"images", manifestImages}};
    std::vector<ExtractionSummary> summaries;
    for (auto& writer : writers) {
        auto summary = writer->finish(targets, static_cast<int64_t>(total), common);
        if (!summary) return summary.error();
        summaries.push_back(summary.value());
    }
    if (job.isCancelled()) return Error::cancelled();
    for (auto& writer : writers)
        if (auto s = writer->publish(); !s) return s.error();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (auto& summary : summaries) summary.seconds = seconds;
    return summaries;
}

}  // namespace hint::saliency
