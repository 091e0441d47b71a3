// The 20-neuron ablation (METHOD.md section 4): linear concept classifiers retrained on only k neurons,
// picked by Shapley score (mean |phi|), by classifier weight |w_k| or at random, then localized like the
// full classifier (pointing game and IoU) to show which ranking keeps the concept.
#pragma once

#include "classifiers/linear_classifier.h"
#include "common/float_tensor.h"
#include "common/result.h"
#include "jobs/job_context.h"

#include <string>
#include <vector>

namespace hint::localization {

enum class NeuronRanking { Shap, Weight, Random };
std::string rankingName(NeuronRanking ranking);  // shap | weight | random

// Indices of the k largest scores (ties: lower index first).
std::vector<int> topNeurons(const std::vector<double>& scores, int k);
// k distinct neurons of 0..total-1 drawn with a seeded RNG, sorted.
std::vector<int> randomNeurons(int total, int k, uint64_t seed);
// mean_abs per neuron from a `hint shapley` CSV (neuron,mean_abs,...), in neuron order.
Result<std::vector<double>> readShapleyScores(const std::string& csvPath);

// Trains on the selected columns of X (M,K); the returned model has K weights, zero outside `neurons`,
// so it applies to full feature maps.
Result<classifiers::LinearModel> trainOnNeurons(const FloatTensor& matrix, const std::vector<int64_t>& labels,
                                                const std::vector<int>& neurons, const classifiers::SgdOptions& options,
                                                jobs::JobContext& job);

struct AblationClassifier {
    NeuronRanking ranking;
    std::vector<int> neurons;
    classifiers::LinearModel model;
};

// The three classifiers of the ablation from a classifier folder (X.npy, y.npy, linear.json) and the
// Shapley scores; options.loss/alpha come from the folder's linear.json.
Result<std::vector<AblationClassifier>> ablationClassifiers(const std::string& classifierDir,
                                                            const std::vector<double>& shapScores, int k, uint64_t seed,
                                                            jobs::JobContext& job);

}  // namespace hint::localization
