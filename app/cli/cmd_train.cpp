// `hint train`: the concept classifiers of one target concept in its group (METHOD.md section 2).
#include "commands.h"
#include "progress_reporter.h"

#include "classifiers/concept_training.h"

#include <nlohmann/json.hpp>

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

nlohmann::json metricsLine(const classifiers::BinaryMetrics& m)
{
    return {{"accuracy", m.accuracy}, {"precision", m.precision}, {"recall", m.recall}, {"f1", m.f1}};
}

}  // namespace

Command trainCommand()
{
    CommandSpec spec{
        "train",
        "Train the concept classifiers of a target concept against its group and the background.",
        "--concepts REGIONS_DIR[,REGIONS_DIR...] --target I --out DIR [--classifier sgd-huber|hinge|logistic] "
        "[--xgboost] [--seed S]",
        {{"concepts", "DIRS", "comma-separated regions folders of the group (from `hint regions`)", ""},
         {"target", "I", "position of the target concept in --concepts (0-based)", ""},
         {"out", "DIR", "classifier folder (written to a temp folder, renamed at the end)", ""},
         {"classifier", "C", "linear classifier loss: sgd-huber | hinge | logistic", "sgd-huber"},
         {"alpha", "A", "L2 regularization strength of the SGD classifier", "0.01"},
         {"max-iter", "N", "maximum SGD epochs", "1000"},
         {"standardize", "", "train the linear classifier on z-scored features (weights still apply to raw ones)", ""},
         {"validation", "F", "held-out fraction for the metrics (seeded, not stratified)", "0.25"},
         {"xgboost", "", "also train the XGBoost classifier (needed by `hint shapley --method tree`)", ""},
         {"rounds", "N", "XGBoost boosting rounds", "50"},
         {"max-depth", "D", "XGBoost tree depth", "10"},
         {"eta", "E", "XGBoost learning rate", "1"}},
        "Rows: each concept's positives.npy (label i), then floor(sum M_i / G) background vectors sampled\n"
        "without replacement from the group's pooled background.npy files; y = 1 for the target's rows.\n"
        "Both classifiers train on the same seeded 75% and are evaluated on the held-out 25%.\n"
        "Writes DIR/X.npy (float32 M,K), DIR/y.npy (int64 M), DIR/group.npy (int64 M, 0..G-1 concept, G = background),\n"
        "DIR/linear.json {\"weights\":[K],\"bias\",\"loss\",\"alpha\",...}, DIR/xgboost.json (XGBoost's JSON model,\n"
        "with --xgboost) and DIR/metrics.json (held-out accuracy, precision, recall, f1 of the linear classifier,\n"
        "sizes, and an \"xgboost\" object with its own held-out metrics). --json prints the metrics on stdout."};
    return {spec, [](const Args& args) {
                const std::vector<std::string> concepts = splitList(args.require("concepts"));
                if (concepts.empty()) throw UsageError("--concepts lists no folder");
                const int target = args.getInt("target", -1);
                if (!args.has("target")) throw UsageError("missing required option --target");
                if (target < 0 || target >= static_cast<int>(concepts.size()))
                    throw UsageError("--target " + args.get("target") + " is out of range: --concepts lists " +
                                     std::to_string(concepts.size()) + " folders (0.." +
                                     std::to_string(concepts.size() - 1) + ")");
                const std::string out = args.require("out");
                classifiers::ConceptTrainingOptions options;
                auto loss = classifiers::parseLoss(args.get("classifier", "sgd-huber"));
                if (!loss) throw UsageError("--classifier must be sgd-huber, hinge or logistic, got '" + args.get("classifier") + "'");
                options.sgd.loss = *loss;
                options.sgd.alpha = args.getDouble("alpha", 0.01);
                if (!(options.sgd.alpha > 0.0)) throw UsageError("--alpha must be > 0");
                options.sgd.maxIter = args.getInt("max-iter", 1000);
                if (options.sgd.maxIter < 1) throw UsageError("--max-iter must be >= 1");
                options.sgd.standardize = args.flag("standardize");
                options.validationFraction = args.getDouble("validation", 0.25);
                if (!(options.validationFraction > 0.0 && options.validationFraction < 1.0))
                    throw UsageError("--validation must be in (0, 1)");
                options.xgboost = args.flag("xgboost");
                options.xgb.rounds = args.getInt("rounds", 50);
                options.xgb.maxDepth = args.getInt("max-depth", 10);
                options.xgb.eta = args.getDouble("eta", 1.0);
                if (options.xgb.rounds < 1 || options.xgb.maxDepth < 1 || !(options.xgb.eta > 0.0))
                    throw UsageError("--rounds, --max-depth and --eta must be positive");
                options.xgb.threads = args.getInt("threads", 0);
                options.seed = args.getSeed();
                applyThreads(args);

                ProgressReporter reporter(args.flag("quiet"));
                auto summary = classifiers::trainConceptClassifier(concepts, target, out, options, reporter);
                if (!summary) return reportError(summary.error());
                const auto& s = summary.value();
                nlohmann::json line = metricsLine(s.linearMetrics);
                line["out"] = out;
                line["rows"] = s.rows;
                line["features"] = s.features;
                line["epochs"] = s.linear.epochs;
                if (s.hasXgboost) line["xgboost"] = metricsLine(s.xgboostMetrics);
                if (args.flag("json")) {
                    std::cout << line.dump() << "\n";
                } else if (!args.flag("quiet")) {
                    std::cout << "linear (" << classifiers::lossName(s.linear.loss) << "): held-out accuracy "
                              << s.linearMetrics.accuracy << ", F1 " << s.linearMetrics.f1 << "\n";
                    if (s.hasXgboost)
                        std::cout << "xgboost: held-out accuracy " << s.xgboostMetrics.accuracy << ", F1 "
                                  << s.xgboostMetrics.f1 << "\n";
                    std::cout << s.rows << " rows x " << s.features << " neurons written to " << out << "\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
