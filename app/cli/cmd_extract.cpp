// `hint extract`: feature and saliency maps of one layer for a set of images (HINT step 1's input).
// Several layers (--layer A,B,C) come from one pass per batch, into DIR/<layer>/ each.
#include "commands.h"
#include "image_inputs.h"
#include "progress_reporter.h"

#include "common/output_folder.h"
#include "model/network.h"
#include "saliency/extraction.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

namespace hint::cli {
namespace {

namespace fs = std::filesystem;

// An earlier extraction in DIR, of either layout, may be replaced: its marker is the manifest it holds
// (DIR/manifest.json, else the first DIR/<layer>/manifest.json); a folder with neither is refused.
std::string extractionMarker(const std::string& dir, const std::string& firstLayer)
{
    std::error_code ec;
    if (fs::exists(fs::path(dir) / "manifest.json", ec)) return "manifest.json";
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (fs::exists(it->path() / "manifest.json", ec)) return it->path().filename().string() + "/manifest.json";
    return firstLayer + "/manifest.json";
}

// Several layers: DIR is staged whole and published once every DIR/<layer>/ is complete.
Result<std::vector<saliency::ExtractionSummary>> extractLayers(const model::Network& net,
                                                               const saliency::ExtractionRequest& request,
                                                               const std::vector<std::string>& layers,
                                                               jobs::JobContext& job)
{
    OutputFolder whole(request.outDir, extractionMarker(request.outDir, layers.front()), "an extraction");
    if (auto status = whole.create(); !status) return status.error();
    std::vector<saliency::TapOutput> taps;
    for (const auto& layer : layers) taps.push_back({layer, whole.path(layer)});
    auto summaries = saliency::runExtractionAtTaps(net, request, taps, job);
    if (!summaries) return summaries.error();
    if (auto status = whole.publish(); !status) return status.error();
    return summaries;
}

}  // namespace

Command extractCommand()
{
    CommandSpec spec{
        "extract",
        "Compute feature maps and saliency maps at one or more layers for every image, streamed to disk.",
        "--arch A --weights W --layer TAP[,TAP...] --method M --images DIR|LIST --out DIR [options]",
        {{"arch", "A", "architecture (see hint models)", ""},
         {"weights", "W", "weights file: PyTorch .pth state dict or .safetensors", ""},
         {"random-weights", "", "use seeded random weights instead of --weights (tests, benchmarks)", ""},
         {"layer", "TAP[,TAP...]", "tap name (see hint layers); several: one pass, DIR/<tap>/ each",
          "the architecture's default layer"},
         {"method", "M", "guided | vanilla | smoothgrad | integrated-gradients | gradient-x-input | gradcam | guided-gradcam", "guided"},
         {"images", "DIR|LIST", "image folder (labels from wnid folder or file names) or a list file", ""},
         {"labels", "FILE", "file,class_index CSV overriding labels", ""},
         {"out", "DIR", "output folder (written whole or not at all)", ""},
         {"target", "T", "label | predicted | class INDEX: the logit explained", "label"},
         {"preprocess", "P", "hint | classify | caffe", "hint"},
         {"input-size", "S", "input side in pixels", "224 (caffe: 227)"},
         {"batch", "N", "images per batch", "16"},
         {"smoothgrad-samples", "N", "noisy copies for smoothgrad", "50"},
         {"ig-steps", "N", "steps for integrated gradients", "25"},
         {"precision", "P", "fp32 | bf16: arithmetic of the passes (bf16: faster on CPUs with bf16 units; arrays stay float32)", "fp32"}},
        "Writes DIR/features.npy (float32 N,C,H,W), DIR/saliency.npy (float32 N,C,H,W; N,1,H,W for gradcam),\n"
        "DIR/targets.npy (int64 N) and DIR/manifest.json; rows follow the manifest's images with status \"ok\".\n"
        "Unreadable images are skipped and listed in the manifest with the reason.\n"
        "With several layers, each batch's passes (one forward and backward pass; two for guided-gradcam; one\n"
        "per smoothgrad copy or integrated-gradients step) serve all of them, and DIR/<tap>/ holds exactly\n"
        "what --layer <tap> alone writes into DIR."};
    return {spec, [](const Args& args) {
                applyThreads(args);
                auto precision = model::parsePrecision(args.get("precision", "fp32"));
                if (!precision) return reportError(precision.error());
                auto network = model::Network::create(args.require("arch"));
                if (!network) return reportError(network.error());
                auto& net = *network.value();
                net.setPrecision(precision.value());
                if (args.flag("random-weights")) {
                    net.randomizeWeights(args.getSeed());
                } else if (auto status = net.loadWeights(args.require("weights")); !status) {
                    return reportError(status.error());
                }
                saliency::ExtractionRequest request;
                auto method = saliency::parseMethod(args.get("method", "guided"));
                if (!method) return reportError(method.error());
                auto target = saliency::parseTarget(args.get("target", "label"));
                if (!target) return reportError(target.error());
                auto mode = data::parsePreprocessMode(args.get("preprocess", "hint"));
                if (!mode) return reportError(mode.error());
                request.saliency.method = method.value();
                const std::vector<std::string> layers = args.getList("layer", net.info().defaultLayer);
                if (layers.empty()) return reportError(Error::badInput("--layer names no layer"));
                request.saliency.layer = layers.front();
                request.saliency.seed = args.getSeed();
                request.saliency.smoothGradSamples = args.getInt("smoothgrad-samples", 50);
                request.saliency.integratedGradientSteps = args.getInt("ig-steps", 25);
                request.target = target.value();
                request.preprocess = {mode.value(), args.getInt("input-size", data::defaultInputSize(mode.value()))};
                request.batchSize = args.getInt("batch", 16);
                request.outDir = args.require("out");
                auto items = imageItemsFromArgs(args);
                if (!items) return reportError(items.error());
                request.images = std::move(items.value());

                ProgressReporter progress(args.flag("quiet"));
                Result<std::vector<saliency::ExtractionSummary>> summaries =
                    layers.size() == 1 ? saliency::runExtractionAtTaps(net, request, {{layers.front(), request.outDir}}, progress)
                                       : extractLayers(net, request, layers, progress);
                if (!summaries) return reportError(summaries.error());
                const saliency::ExtractionSummary& summary = summaries->front();
                if (args.flag("json")) {
                    nlohmann::json line = {{"out", request.outDir},
                                           {"processed", summary.processed},
                                           {"skipped", summary.skipped},
                                           {"shape", summary.featureShape},
                                           {"seconds", summary.seconds}};
                    if (layers.size() > 1) {
                        // "shape" stays the first layer's; "layers" gives each one's folder and shape.
                        line["layers"] = nlohmann::json::array();
                        for (size_t i = 0; i < layers.size(); ++i)
                            line["layers"].push_back({{"layer", layers[i]},
                                                      {"out", (fs::path(request.outDir) / layers[i]).string()},
                                                      {"shape", (*summaries)[i].featureShape}});
                    }
                    std::cout << line.dump() << "\n";
                } else if (!args.flag("quiet")) {
                    std::cerr << "extracted " << summary.processed << " images (" << summary.skipped << " skipped) at "
                              << layers.size() << (layers.size() == 1 ? " layer" : " layers") << " into "
                              << request.outDir << " in " << summary.seconds << " s\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
