// `hint extract`: feature and saliency maps of one layer for a set of images (HINT step 1's input).
#include "commands.h"
#include "image_inputs.h"
#include "progress_reporter.h"

#include "model/network.h"
#include "saliency/extraction.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace hint::cli {

Command extractCommand()
{
    CommandSpec spec{
        "extract",
        "Compute feature maps and saliency maps at one layer for every image, streamed to disk.",
        "--arch A --weights W --layer TAP --method M --images DIR|LIST --out DIR [options]",
        {{"arch", "A", "architecture (see hint models)", ""},
         {"weights", "W", "weights file: PyTorch .pth state dict or .safetensors", ""},
         {"random-weights", "", "use seeded random weights instead of --weights (tests, benchmarks)", ""},
         {"layer", "TAP", "tap name (see hint layers)", "the architecture's default layer"},
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
        "Unreadable images are skipped and listed in the manifest with the reason."};
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
                request.saliency.layer = args.get("layer", net.info().defaultLayer);
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
                auto summary = saliency::runExtraction(net, request, progress);
                if (!summary) return reportError(summary.error());
                if (args.flag("json")) {
                    std::cout << nlohmann::json{{"out", request.outDir},
                                                {"processed", summary->processed},
                                                {"skipped", summary->skipped},
                                                {"shape", summary->featureShape},
                                                {"seconds", summary->seconds}}
                                     .dump()
                              << "\n";
                } else if (!args.flag("quiet")) {
                    std::cerr << "extracted " << summary->processed << " images (" << summary->skipped
                              << " skipped) into " << request.outDir << " in " << summary->seconds << " s\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
