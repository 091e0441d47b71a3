// `hint attack`: explaining an adversarial attack with a concept classifier: concept maps and the top
// neurons' activations on clean vs FGSM/PGD-attacked images (METHOD.md section 4).
#include "commands.h"
#include "image_inputs.h"
#include "progress_reporter.h"

#include "classifiers/concept_training.h"
#include "localization/attack_comparison.h"
#include "localization/neuron_ablation.h"
#include "model/network.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace hint::cli {

Command attackCommand()
{
    CommandSpec spec{
        "attack",
        "Compare concept maps and top-neuron activations on clean and FGSM/PGD-attacked images.",
        "--arch A --weights W --layer TAP --classifier DIR --images DIR|LIST --out DIR [--attack fgsm|pgd] "
        "[--epsilon E] [--steps N] [options]",
        {{"arch", "A", "architecture (see hint models)", ""},
         {"weights", "W", "weights file: PyTorch .pth state dict or .safetensors", ""},
         {"random-weights", "", "use seeded random weights instead of --weights (tests)", ""},
         {"layer", "TAP", "tap the classifier was trained at", "the architecture's default layer"},
         {"classifier", "DIR", "classifier folder from `hint train` (its linear.json), or a linear.json file", ""},
         {"images", "DIR|LIST", "image folder (labels from wnid names) or list file", ""},
         {"labels", "FILE", "file,class_index CSV overriding labels", ""},
         {"out", "DIR", "output folder (written whole or not at all)", ""},
         {"attack", "M", "fgsm | pgd (untargeted, L-infinity, on the cross-entropy of the label)", "fgsm"},
         {"epsilon", "E", "L-infinity radius in 0..255 pixel units", "2"},
         {"steps", "N", "PGD iterations", "10"},
         {"step-size", "S", "PGD step in 0..255 pixel units", "2.5 * epsilon / steps"},
         {"random-start", "", "PGD: start from a random point of the epsilon ball (seeded by --seed)", ""},
         {"shapley", "CSV", "neuron scores from `hint shapley`: compare the top neurons by Shapley score", "top |w|"},
         {"top", "K", "top neurons compared", "10"},
         {"input-size", "S", "input side in pixels", "224"},
         {"batch", "N", "images per batch", "8"}},
        "Images without a label are attacked away from their predicted class. Preprocessing is HINT's.\n"
        "Writes DIR/attack.csv (image,label,clean_prediction,adversarial_prediction,clean_positive_cells,\n"
        "adversarial_positive_cells,map_iou,clean_mean_decision,adversarial_mean_decision,linf,clean_nK,adversarial_nK...),\n"
        "DIR/clean_maps.npy and DIR/adversarial_maps.npy (float32 N,H,W decision maps) and DIR/summary.json\n"
        "{\"n\",\"prediction_changed\",\"clean_accuracy\",\"adversarial_accuracy\",\"mean_map_iou\",\"top_neurons\":[...]}."};
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
                localization::AttackRequest request;
                request.layer = args.get("layer", net.info().defaultLayer);
                request.preprocess = {data::PreprocessMode::Hint, args.getInt("input-size", 224)};
                auto method = localization::parseAttackMethod(args.get("attack", "fgsm"));
                if (!method) return reportError(method.error());
                request.attack.method = method.value();
                request.attack.epsilon = args.getDouble("epsilon", 2.0) / 255.0;
                if (!(request.attack.epsilon >= 0.0)) throw UsageError("--epsilon must be >= 0");
                request.attack.steps = args.getInt("steps", 10);
                if (request.attack.steps < 1) throw UsageError("--steps must be >= 1");
                request.attack.stepSize = args.getDouble("step-size", 0.0) / 255.0;
                request.attack.randomStart = args.flag("random-start");
                request.attack.seed = args.getSeed();
                request.batchSize = args.getInt("batch", 8);
                request.outDir = args.get("out");

                const std::string classifierPath = args.get("classifier");
                std::error_code ec;
                const std::string linearFile = std::filesystem::is_directory(classifierPath, ec)
                                                   ? (std::filesystem::path(classifierPath) / classifiers::kLinearFile).string()
                                                   : classifierPath;
                auto classifier = classifiers::loadLinearModel(linearFile);
                if (!classifier) return reportError(classifier.error());
                request.classifier = std::move(classifier.value());
                const int top = args.getInt("top", 10);
                if (top < 0) throw UsageError("--top must be >= 0");
                if (args.has("shapley")) {
                    auto scores = localization::readShapleyScores(args.get("shapley"));
                    if (!scores) return reportError(scores.error());
                    request.topNeurons = localization::topNeurons(scores.value(), top);
                    request.topNeuronSource = "shap";
                } else {
                    std::vector<double> absWeights;
                    for (double w : request.classifier.weights) absWeights.push_back(std::fabs(w));
                    request.topNeurons = localization::topNeurons(absWeights, top);
                    request.topNeuronSource = "weight";
                }
                auto items = imageItemsFromArgs(args);
                if (!items) return reportError(items.error());
                for (const auto& item : items.value()) request.images.push_back({item.path, item.labelIndex});

                ProgressReporter progress(args.flag("quiet"));
                auto summary = localization::runAttackComparison(net, request, progress);
                if (!summary) return reportError(summary.error());
                if (args.flag("json")) {
                    std::ifstream in(std::filesystem::path(request.outDir) / "summary.json");
                    std::cout << in.rdbuf();
                } else if (!args.flag("quiet")) {
                    std::cout << summary->images.size() << " images attacked (" << localization::attackMethodName(request.attack.method)
                              << ", epsilon " << args.getDouble("epsilon", 2.0) << "/255): prediction changed on "
                              << summary->predictionChanged << ", concept map IoU clean vs attacked "
                              << summary->meanMapIoU << ", positive cells " << summary->meanCleanPositive << " -> "
                              << summary->meanAdversarialPositive << "\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
