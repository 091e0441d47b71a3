// `hint demo`: builds the built-in demo (Shapes world images + a trained ShapesNet) into one folder.
#include "commands.h"
#include "progress_reporter.h"

#include "demo/demo_builder.h"
#include "model/network.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace hint::cli {
namespace {

int positiveOption(const Args& args, const std::string& name, int fallback)
{
    const int value = args.getInt(name, fallback);
    if (value < 1) throw UsageError("--" + name + " must be >= 1");
    return value;
}

}  // namespace

Command demoCommand()
{
    const demo::DemoOptions defaults;
    CommandSpec spec{
        "demo",
        "Build the built-in demo: the Shapes world data set and a ShapesNet trained on it (CPU, a few minutes).",
        "[--out DIR] [--seed S] [--retrain] [--epochs N] [--images-per-epoch N] [--test-per-class N] [--json]",
        {{"out", "DIR", "demo folder (built in a temporary sibling, renamed at the end)", demo::defaultDemoDir()},
         {"retrain", "", "train even when shipped weights of the same seed and options exist", ""},
         {"epochs", "N", "training epochs (each draws new images)", std::to_string(defaults.training.epochs)},
         {"images-per-epoch", "N", "training images per epoch", std::to_string(defaults.training.imagesPerEpoch)},
         {"plain-epochs", "N", "first epochs without clutter", std::to_string(defaults.training.plainEpochs)},
         {"batch", "N", "training batch size", std::to_string(defaults.training.batchSize)},
         {"lr", "X", "peak learning rate (AdamW)", std::to_string(defaults.training.learningRate)},
         {"test-per-class", "N", "held-out images per class, scored and written", std::to_string(defaults.testPerClass)},
         {"write-train", "N", "also write the first N training images as DIR/train (ImageNet layout)", "0"}},
        "Deterministic for a seed (images and weights; see README for threads). Shipped weights made with the\n"
        "same seed and training options (resources/demo, installed as share/hint-explorer/demo) are copied\n"
        "instead of training unless --retrain. Writes DIR/demo.json, DIR/demo.hintproj (the project for\n"
        "`hint run` and the GUI),\n"
        "DIR/shapesnet.safetensors, DIR/test/images/<wnid>/*.png, DIR/test/masks/<wnid>/*.png (0 = background,\n"
        "k = instance k), DIR/test/boxes.csv (file,x0,y0,x1,y1,wnid,shape_index,instance,pixels; 0-based,\n"
        "inclusive) and DIR/test/labels.csv (file,class_index = ShapesNet output). An existing DIR is replaced\n"
        "only if it is empty or an earlier demo.\n"
        "JSON: {\"test_accuracy\",\"seconds\",\"cpu_seconds\",\"weights\",\"weights_sha256\",\"classes\",...}"};
    return {spec, [](const Args& args) {
                applyThreads(args);
                const demo::DemoOptions defaults;
                demo::DemoOptions options;
                // The app's default seed unless given: the one the shipped weights were trained with.
                options.seed = args.has("seed") ? args.getSeed() : defaults.seed;
                options.training.epochs = positiveOption(args, "epochs", defaults.training.epochs);
                options.training.imagesPerEpoch =
                    positiveOption(args, "images-per-epoch", static_cast<int>(defaults.training.imagesPerEpoch));
                options.training.batchSize = positiveOption(args, "batch", defaults.training.batchSize);
                options.training.plainEpochs = args.getInt("plain-epochs", defaults.training.plainEpochs);
                if (options.training.plainEpochs < 0) throw UsageError("--plain-epochs must be >= 0");
                options.training.learningRate = args.getDouble("lr", defaults.training.learningRate);
                if (!(options.training.learningRate > 0.0)) throw UsageError("--lr must be > 0");
                options.testPerClass = positiveOption(args, "test-per-class", static_cast<int>(defaults.testPerClass));
                options.trainImagesToWrite = args.getInt("write-train", 0);
                options.retrain = args.flag("retrain");
                if (options.trainImagesToWrite < 0) throw UsageError("--write-train must be >= 0");
                const std::string out = args.get("out", demo::defaultDemoDir());

                ProgressReporter reporter(args.flag("quiet"));
                auto built = demo::buildDemo(out, options, reporter);
                if (!built) return reportError(built.error());
                const auto& r = built.value();
                nlohmann::json classes = nlohmann::json::array();
                for (size_t i = 0; i < data::ShapesWorld::classes().size(); ++i) {
                    const auto& c = data::ShapesWorld::classes()[i];
                    classes.push_back({{"index", i}, {"wnid", c.wnid}, {"name", c.name},
                                       {"test_accuracy", r.test.perClassAccuracy.at(i)}});
                }
                nlohmann::json epochs = nlohmann::json::array();
                for (const auto& e : r.training.epochs)
                    epochs.push_back({{"epoch", e.epoch}, {"loss", e.loss}, {"accuracy", e.accuracy}, {"seconds", e.seconds}});
                const auto* info = model::findArchitecture(demo::kDemoArch);
                const nlohmann::json report = {
                    {"test_accuracy", r.test.accuracy},  {"test_images", r.test.images},
                    {"seconds", r.seconds},              {"cpu_seconds", r.cpuSeconds},
                    {"training_seconds", r.training.seconds},
                    {"generate_seconds", r.training.generateSeconds},
                    {"weights", r.weightsPath},          {"weights_sha256", r.weightsSha256},
                    {"weights_bytes", r.weightsBytes},   {"parameters_sha256", r.parametersSha256},
                    {"classes", classes},                {"out", r.dir},
                    {"images", r.imagesDir},             {"masks", r.masksDir},
                    {"boxes", r.boxesCsv},               {"labels", r.labelsCsv},
                    {"arch", demo::kDemoArch},           {"layer", info ? info->defaultLayer : ""},
                    {"input_size", info ? info->inputSize : 0},
                    {"seed", options.seed},              {"threads", r.threads},
                    {"trained", r.trained},              {"weights_source", r.weightsSource},
                    {"project", r.projectPath},          {"concepts", r.concepts},
                    {"epochs", epochs}};
                if (args.flag("json")) {
                    std::cout << report.dump(2) << "\n";
                } else {
                    char line[256];
                    std::snprintf(line, sizeof line, "test accuracy %.4f on %lld images, %.1f s (%.1f s CPU, %d threads)\n",
                                  r.test.accuracy, static_cast<long long>(r.test.images), r.seconds, r.cpuSeconds,
                                  r.threads);
                    std::cout << "demo: " << r.dir << "\n" << line << "weights: " << r.weightsPath
                              << (r.trained ? " (trained here)" : " (copied from " + r.weightsSource + ")")
                              << "\nsha256: " << r.weightsSha256 << "\nproject: " << r.projectPath << "\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
