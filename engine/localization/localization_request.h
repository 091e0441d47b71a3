// What `hint localize` and the pipeline's localize step build a LocalizationRequest from, in one place so
// both localize a concept classifier the same way: the default baselines, the classifier of a `hint train`
// folder and the 20-neuron ablation's extra classifiers (METHOD.md sections 4 and 6).
#pragma once

#include "classifiers/linear_classifier.h"
#include "common/result.h"
#include "jobs/job_context.h"
#include "localization/localization_run.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::localization {

// Neurons kept by the ablation's classifiers unless told otherwise.
constexpr int kDefaultAblationK = 20;

// whole, centre, gradcam, and cam where the architecture has a global-average-pooling + linear head.
std::vector<std::string> defaultBaselines(const std::string& arch);

// The linear classifier of a `hint train` folder (its linear.json) or of a linear.json file.
Result<classifiers::LinearModel> loadConceptClassifier(const std::string& folderOrFile);

// Appends the ablation's classifiers to request.extraClassifiers as "ablation_shap", "ablation_weight" and
// "ablation_random": retrained on k neurons of the `hint train` folder's X.npy and y.npy, picked by the
// mean |phi| of `shapleyCsv` (a `hint shapley` CSV), by |w| and at random (seeded).
Status addAblationClassifiers(LocalizationRequest& request, const std::string& classifierDir,
                              const std::string& shapleyCsv, int k, uint64_t seed, jobs::JobContext& job);

}  // namespace hint::localization
