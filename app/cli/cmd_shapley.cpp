// `hint shapley`: per-neuron Shapley scores of a classifier folder written by `hint train` (METHOD.md 3).
#include "commands.h"
#include "progress_reporter.h"

#include "common/npy.h"
#include "shapley/neuron_shapley.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace hint::cli {

Command shapleyCommand()
{
    CommandSpec spec{
        "shapley",
        "Rank the neurons of a concept classifier by their Shapley values.",
        "--model DIR --method tree|linear|sampling --out FILE.csv [--values FILE.npy]",
        {{"model", "DIR", "classifier folder written by `hint train`", ""},
         {"method", "M", "tree (XGBoost TreeSHAP, needs xgboost.json) | linear (exact, linear.json) | sampling", "tree"},
         {"out", "FILE", "CSV of per-neuron scores", ""},
         {"values", "FILE", "also write the per-row values phi as float32 (N,K) .npy (sampling: the explained rows only, in X order)", ""},
         {"sampling-model", "C", "classifier explained by --method sampling: linear | xgboost", "linear"},
         {"permutations", "P", "sampling: permutations per row", "32"},
         {"rows", "N", "sampling: explain a seeded sample of N rows of X (0 = all)", "256"},
         {"no-antithetic", "", "sampling: do not pair each permutation with its reverse", ""}},
        "CSV columns: neuron,mean_abs,median_abs,max_abs,min_abs,rank (K rows in neuron order; rank 1 = largest\n"
        "mean |phi|), plus ci95_low,ci95_high for sampling. Values are in margin (log-odds for XGBoost) units:\n"
        "tree = XGBoost's exact path-dependent TreeSHAP on all rows of X.npy; linear = w_k (r_nk - E[r_k]);\n"
        "sampling = permutation estimate with absent neurons at their mean over X."};
    return {spec, [](const Args& args) {
                const std::string model = args.require("model");
                const std::string out = args.require("out");
                auto method = shapley::parseShapleyMethod(args.get("method", "tree"));
                if (!method) throw UsageError("--method must be tree, linear or sampling, got '" + args.get("method") + "'");
                shapley::NeuronShapleyOptions options;
                options.method = *method;
                const std::string samplingModel = args.get("sampling-model", "linear");
                if (samplingModel != "linear" && samplingModel != "xgboost")
                    throw UsageError("--sampling-model must be linear or xgboost, got '" + samplingModel + "'");
                options.samplingXgboost = samplingModel == "xgboost";
                options.sampling.permutations = args.getInt("permutations", 32);
                if (options.sampling.permutations < 2) throw UsageError("--permutations must be >= 2");
                options.sampling.maxRows = args.getInt("rows", 256);
                if (options.sampling.maxRows < 0) throw UsageError("--rows must be >= 0");
                options.sampling.antithetic = !args.flag("no-antithetic");
                options.sampling.seed = args.getSeed();
                options.threads = args.getInt("threads", 0);
                applyThreads(args);

                ProgressReporter reporter(args.flag("quiet"));
                auto result = shapley::computeNeuronShapley(model, options, reporter);
                if (!result) return reportError(result.error());
                const bool interval = options.method == shapley::ShapleyMethod::Sampling;
                if (auto s = shapley::writeNeuronScoresCsv(out, result->scores, interval); !s) return reportError(s.error());
                if (args.has("values")) {
                    if (auto s = writeNpy(args.get("values"), result->values.phi); !s) return reportError(s.error());
                }
                if (args.flag("json")) {
                    nlohmann::json top = nlohmann::json::array();
                    std::vector<const shapley::NeuronScore*> ranked;
                    for (const auto& score : result->scores) ranked.push_back(&score);
                    std::sort(ranked.begin(), ranked.end(), [](auto a, auto b) { return a->rank < b->rank; });
                    for (size_t i = 0; i < ranked.size() && i < 10; ++i)
                        top.push_back({{"neuron", ranked[i]->neuron}, {"mean_abs", ranked[i]->meanAbs}});
                    std::cout << nlohmann::json{{"out", out}, {"rows", result->values.phi.shape[0]},
                                                {"neurons", result->scores.size()}, {"top", top}}
                                     .dump()
                              << "\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
