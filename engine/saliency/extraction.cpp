#include "saliency/extraction.h"

#include "common/output_folder.h"
#include "common/memory_reuse.h"
#include "common/npy.h"
#include "data/image_io.h"
#include "saliency/detail/saliency_torch.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
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
    const auto start = std::chrono::steady_clock::now();
    const ReusedMemoryScope reuseBatchBuffers;
    auto tap = network.findTap(request.saliency.layer, request.preprocess.size);
    if (!tap) return tap.error();
    if (tap->shape.size() != 3)
        return Error::badInput("layer '" + request.saliency.layer + "' is not a convolutional feature map (C,H,W)");

    OutputFolder staging(request.outDir, "manifest.json", "an extraction");
    if (auto status = staging.create(); !status) return status.error();

    const std::vector<int64_t> featureRow = tap->shape;
    std::vector<int64_t> saliencyRow = featureRow;
    if (isSingleMap(request.saliency.method)) saliencyRow[0] = 1;
    NpyStreamWriter features, saliencyOut;
    if (auto s = features.open(staging.path("features.npy"), featureRow); !s) return s.error();
    if (auto s = saliencyOut.open(staging.path("saliency.npy"), saliencyRow); !s) return s.error();

    nlohmann::json manifestImages = nlohmann::json::array();
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
                auto out = detail::computeTorch(network.impl(), torch::stack(tensors), batchTargets, request.saliency, ids);
                torch::Tensor z = out.features.contiguous();
                torch::Tensor s = out.saliency.contiguous();
                if (auto st = features.appendRows(z.data_ptr<float>(), z.size(0)); !st) return st.error();
                if (auto st = saliencyOut.appendRows(s.data_ptr<float>(), s.size(0)); !st) return st.error();
                for (size_t k = 0; k < kept.size(); ++k) {
                    const int64_t t = out.targets[static_cast<int64_t>(k)].item<int64_t>();
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

    ExtractionSummary summary;
    summary.processed = static_cast<int64_t>(targets.size());
    summary.skipped = static_cast<int64_t>(total) - summary.processed;
    summary.featureShape = {summary.processed};
    summary.featureShape.insert(summary.featureShape.end(), featureRow.begin(), featureRow.end());
    summary.saliencyShape = {summary.processed};
    summary.saliencyShape.insert(summary.saliencyShape.end(), saliencyRow.begin(), saliencyRow.end());

    if (auto s = features.close(); !s) return s.error();
    if (auto s = saliencyOut.close(); !s) return s.error();
    if (auto s = writeNpy(staging.path("targets.npy"), targets); !s) return s.error();
    for (auto& row : rows) manifestImages.push_back(row);
    nlohmann::json manifest = {{"arch", network.info().name},
                               {"weights_sha256", network.weightsSha256()},
                               {"layer", request.saliency.layer},
                               {"method", methodName(request.saliency.method)},
                               {"target", targetName(request.target)},
                               {"preprocess", data::preprocessModeName(request.preprocess.mode)},
                               {"input_size", request.preprocess.size},
                               {"seed", request.saliency.seed},
                               {"shape", summary.featureShape},
                               {"saliency_shape", summary.saliencyShape},
                               {"processed", summary.processed},
                               {"skipped", summary.skipped},
                               {"images", manifestImages}};
    {
        std::ofstream out(staging.path("manifest.json"));
        out << manifest.dump(2) << "\n";
        if (!out) return Error::runtime("cannot write manifest.json in " + request.outDir);
    }
    if (job.isCancelled()) return Error::cancelled();
    if (auto s = staging.publish(); !s) return s.error();
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

}  // namespace hint::saliency
