// Step 3 of HINT as one call: the neuron Shapley values of a classifier folder written by
// trainConceptClassifier (X.npy + linear.json / xgboost.json), summarized per neuron.
#pragma once

#include "common/result.h"
#include "jobs/job_context.h"
#include "shapley/neuron_scores.h"
#include "shapley/sampling_shap.h"
#include "shapley/shapley_values.h"

#include <optional>
#include <string>
#include <vector>

namespace hint::shapley {

enum class ShapleyMethod {
    Tree,      // exact TreeSHAP of xgboost.json on all rows of X (the HINT default)
    Linear,    // exact linear SHAP of linear.json
    Sampling,  // permutation sampling of the chosen classifier
};

std::optional<ShapleyMethod> parseShapleyMethod(const std::string& name);  // tree | linear | sampling

struct NeuronShapleyOptions {
    ShapleyMethod method = ShapleyMethod::Tree;
    bool samplingXgboost = false;  // sampling explains xgboost.json instead of linear.json
    SamplingOptions sampling;
    int threads = 0;               // XGBoost threads, 0 = all cores
};

struct NeuronShapleyResult {
    ShapleyValues values;
    std::vector<NeuronScore> scores;
};

Result<NeuronShapleyResult> computeNeuronShapley(const std::string& modelDir, const NeuronShapleyOptions& options,
                                                 jobs::JobContext& context);

}  // namespace hint::shapley
