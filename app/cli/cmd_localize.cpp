// `hint localize`: weakly supervised localization with a concept classifier (METHOD.md section 6), under
// the original HINT protocol and the standard ones, beside baselines on the same images.
#include "commands.h"
#include "progress_reporter.h"

#include "data/localization_datasets.h"
#include "localization/localization_run.h"
#include "localization/localization_request.h"
#include "model/network.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace hint::cli {
namespace {

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty()) items.push_back(item);
    return items;
}

Result<data::Dataset> datasetFromArgs(const Args& args, jobs::JobContext& job)
{
    const int sources = (args.has("images") ? 1 : 0) + (args.has("voc") ? 1 : 0) + (args.has("cub") ? 1 : 0);
    if (sources != 1) throw UsageError("give exactly one of --images (with --boxes), --voc or --cub");
    if (args.has("voc")) return data::openVoc(args.get("voc"), args.get("image-set", ""), &job);
    if (args.has("cub")) {
        const std::string split = args.get("split", "test");
        return data::openCub(args.get("cub"), split == "all" ? "" : split, &job);
    }
    if (!args.has("boxes")) throw UsageError("--images needs --boxes (a boxes CSV or a folder of XML annotations)");
    auto dataset = data::openImagenetVal(args.get("images"), args.get("boxes"), &job);
    if (dataset && args.has("masks"))
        if (auto attached = data::attachMaskFolder(dataset.value(), args.get("masks")); !attached) return attached.error();
    return dataset;
}

}  // namespace

Command localizeCommand()
{
    CommandSpec spec{
        "localize",
        "Localize objects with a concept classifier under the HINT protocol, MaxBoxAcc, MaxBoxAccV2 and PxAP.",
        "--arch A --weights W --layer TAP --classifier DIR (--images DIR|LIST --boxes CSV | --voc DIR | --cub DIR) "
        "--out DIR [--protocol hint|maxboxacc|maxboxacc-v2|pxap] [options]",
        {{"arch", "A", "architecture (see hint models)", ""},
         {"weights", "W", "weights file: PyTorch .pth state dict or .safetensors", ""},
         {"random-weights", "", "use seeded random weights instead of --weights (tests)", ""},
         {"layer", "TAP", "tap the classifier was trained at", "the architecture's default layer"},
         {"classifier", "DIR", "classifier folder from `hint train` (its linear.json), or a linear.json file", ""},
         {"images", "DIR|LIST", "image folder or list file (ILSVRC val style)", ""},
         {"boxes", "CSV|DIR", "boxes CSV (file,x0,y0,x1,y1[,class_index,...], original pixels) or a folder of XML files", ""},
         {"voc", "DIR", "PASCAL VOC 2007 root (Annotations/, JPEGImages/, SegmentationObject/)", ""},
         {"image-set", "S", "VOC image set (ImageSets/Main/S.txt)", "all annotated images"},
         {"masks", "DIR", "with --images: segmentation masks for PxAP, DIR/<image path>.png (as hint demo writes)", ""},
         {"cub", "DIR", "CUB-200-2011 root (images.txt, bounding_boxes.txt, segmentations/)", ""},
         {"split", "S", "CUB split: train, test or all", "test"},
         {"out", "DIR", "output folder (written whole or not at all)", ""},
         {"protocol", "P", "hint | maxboxacc | maxboxacc-v2 | pxap: the IoU of the iou column and mean_iou", "hint"},
         {"preprocess", "P", "only hint (plain resize: boxes scale linearly)", "hint"},
         {"input-size", "S", "input side in pixels", "224"},
         {"score", "S", "map thresholded by MaxBoxAcc and PxAP: decision (f) or probability (p)", "decision"},
         {"upsample", "U", "score map to input size: cubic (wsolevaluation) | bilinear | skimage", "cubic"},
         {"cam-curve-interval", "D", "threshold step of MaxBoxAcc and PxAP", "0.01"},
         {"baselines", "LIST", "comma list of whole, centre, gradcam, cam, guided, vanilla, smoothgrad, "
                               "integrated-gradients, gradient-x-input, guided-gradcam; 'none' for none",
          "whole,centre,gradcam,cam (cam where the model has a GAP + linear head)"},
         {"baseline-layer", "TAP", "layer of the Grad-CAM and saliency baselines", "--layer"},
         {"baseline-threshold", "T", "continuous baseline maps under the HINT protocol: cells >= T after min-max", "0.5"},
         {"centre-fraction", "F", "side of the centred box as a share of the image side", "0.5"},
         {"ablation", "CSV", "neuron scores from `hint shapley`: also localize with classifiers retrained on the top "
                             "neurons by Shapley score, by |w| and at random (uses the classifier folder's X.npy, y.npy)", ""},
         {"ablation-k", "K", "neurons kept by the ablation", "20"},
         {"pointing-tolerance", "PX", "pointing game tolerance in the file's pixels", "15"},
         {"batch", "N", "images per batch", "16"}},
        "Writes DIR/per_image.csv (image,width,height,label,predicted,iou,hint_iou,has_box,positive_cells,\n"
        "box_x0..box_y1 [HINT box, input pixels],maxboxacc_iou,maxboxacc_x0..y1,maxboxacc_v2_iou,pointing_hit, then\n"
        "<baseline>_iou per baseline and ablation classifier), DIR/maps.npy (float32 N,H,W decision maps) and\n"
        "DIR/summary.json {\"n\",\"mean_iou\",\"hint_iou50_accuracy\",\"maxboxacc\",\"maxboxacc_v2\",\"best_threshold\",\n"
        "\"pxap\",\"pointing_game\",\"top1_loc_hint\",...,\"baselines\":{...},\"extra_classifiers\":{...}}.\n"
        "Accuracies are fractions in [0, 1]. HINT protocol: box of all cells with f > 0 upsampled as the original\n"
        "(skimage order-1 resize, > 0), against the union of the int-truncated, inclusive ground-truth boxes;\n"
        "an empty map scores IoU 0. MaxBoxAcc/V2/PxAP follow clovaai/wsolevaluation (IoU 50, largest contour;\n"
        "mean of IoU 30/50/70, all contours; +1 pixel box convention). --json prints summary.json."};
    return {spec, [](const Args& args) {
                applyThreads(args);
                if (!args.has("out")) throw UsageError("missing required option --out");
                if (!args.has("classifier")) throw UsageError("missing required option --classifier");
                auto network = model::Network::create(args.require("arch"));
                if (!network) return reportError(network.error());
                auto& net = *network.value();
                if (args.flag("random-weights")) {
                    net.randomizeWeights(args.getSeed());
                } else if (auto status = net.loadWeights(args.require("weights")); !status) {
                    return reportError(status.error());
                }
                localization::LocalizationRequest request;
                request.arch = net.info().name;
                request.weightsSha256 = net.weightsSha256();
                request.layer = args.get("layer", net.info().defaultLayer);
                auto mode = data::parsePreprocessMode(args.get("preprocess", "hint"));
                if (!mode) return reportError(mode.error());
                if (mode.value() != data::PreprocessMode::Hint)
                    throw UsageError("--preprocess must be hint: localization maps boxes through a plain resize");
                request.preprocess = {mode.value(), args.getInt("input-size", 224)};
                request.evaluation.size = request.preprocess.size;
                auto protocol = localization::parseProtocol(args.get("protocol", "hint"));
                if (!protocol) return reportError(protocol.error());
                request.protocol = protocol.value();
                auto score = localization::parseMapScore(args.get("score", "decision"));
                if (!score) return reportError(score.error());
                request.score = score.value();
                auto upsampling = localization::parseUpsampling(args.get("upsample", "cubic"));
                if (!upsampling) return reportError(upsampling.error());
                request.evaluation.upsampling = upsampling.value();
                request.evaluation.camCurveInterval = args.getDouble("cam-curve-interval", 0.01);
                if (!(request.evaluation.camCurveInterval > 0.0 && request.evaluation.camCurveInterval < 1.0))
                    throw UsageError("--cam-curve-interval must be in (0, 1)");
                request.evaluation.pointingTolerance = args.getDouble("pointing-tolerance", 15.0);
                request.classifierPath = args.get("classifier");
                auto classifier = localization::loadConceptClassifier(request.classifierPath);
                if (!classifier) return reportError(classifier.error());
                request.classifier = std::move(classifier.value());
                if (!args.has("baselines")) request.baselines = localization::defaultBaselines(request.arch);
                else if (args.get("baselines") != "none") request.baselines = splitList(args.get("baselines"));
                for (const auto& name : request.baselines)
                    if (auto s = localization::checkBaselineName(name); !s) throw UsageError(s.error().message);
                request.baselineLayer = args.get("baseline-layer", "");
                request.baselineThreshold = args.getDouble("baseline-threshold", 0.5);
                request.centreFraction = args.getDouble("centre-fraction", 0.5);
                if (!(request.centreFraction > 0.0 && request.centreFraction <= 1.0))
                    throw UsageError("--centre-fraction must be in (0, 1]");
                request.batchSize = args.getInt("batch", 16);
                request.outDir = args.get("out");

                ProgressReporter progress(args.flag("quiet"));
                if (args.has("ablation")) {
                    std::error_code ec;
                    if (!std::filesystem::is_directory(request.classifierPath, ec))
                        throw UsageError("--ablation needs --classifier to be a `hint train` folder (X.npy, y.npy)");
                    if (auto s = localization::addAblationClassifiers(request, request.classifierPath, args.get("ablation"),
                                                                      args.getInt("ablation-k", localization::kDefaultAblationK),
                                                                      args.getSeed(), progress);
                        !s)
                        return reportError(s.error());
                }
                auto dataset = datasetFromArgs(args, progress);
                if (!dataset) return reportError(dataset.error());
                request.dataset = std::move(dataset.value());

                auto summary = localization::runLocalization(net, request, progress);
                if (!summary) return reportError(summary.error());
                if (args.flag("json")) {
                    std::ifstream in(std::filesystem::path(request.outDir) / "summary.json");
                    std::cout << in.rdbuf();
                } else if (!args.flag("quiet")) {
                    const auto& m = summary->main;
                    std::cout << m.images << " images (" << summary->skipped << " skipped) -> " << request.outDir << "\n";
                    std::cout << "method\thint_iou50\tmean_iou\tmaxboxacc\tmaxboxacc_v2\tpointing\n";
                    auto line = [](const localization::MethodSummary& s) {
                        std::cout << s.name << "\t" << s.hintAccuracy << "\t" << s.hintMeanIou << "\t" << s.maxBoxAcc
                                  << "\t" << s.maxBoxAccV2 << "\t" << s.pointingGame << "\n";
                    };
                    line(m);
                    for (const auto& b : summary->baselines) line(b);
                    for (const auto& e : summary->extras) line(e);
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
