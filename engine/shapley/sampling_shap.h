// Model-agnostic Shapley values by permutation sampling (Strumbelj & Kononenko): for a random order of
// the neurons, switch them one by one from their mean over X ("absent") to the row's value and credit each
// with the change of the score. Unbiased for the same game as exact linear SHAP (absent = mean); each row
// gets a standard error, so every estimate comes with a confidence interval.
#pragma once

#include "common/float_tensor.h"
#include "common/result.h"
#include "jobs/job_context.h"
#include "shapley/shapley_values.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace hint::shapley {

// The classifier's margin for one row of K floats.
using RowScore = std::function<double(const float* row, int64_t features)>;
// Margins for many rows at once (R,K) -> R values; lets a tree ensemble score a whole permutation per call.
using BatchScore = std::function<Result<std::vector<double>>(const FloatTensor& rows)>;

struct SamplingOptions {
    int permutations = 32;   // permutations per row (>= 2 for a standard error)
    bool antithetic = true;  // also run each permutation reversed and average the pair (halves the variance
                             // of near-additive games; twice the evaluations)
    int64_t maxRows = 0;     // explain at most this many rows of X (seeded choice, increasing order); 0 = all
    uint64_t seed = 0;
};

// Cost: rows x permutations x (K+1) score evaluations (x2 when antithetic). Cancel is checked per row.
Result<ShapleyValues> samplingShap(const BatchScore& score, const FloatTensor& matrix, const SamplingOptions& options,
                                   jobs::JobContext& context);
Result<ShapleyValues> samplingShap(const RowScore& score, const FloatTensor& matrix, const SamplingOptions& options,
                                   jobs::JobContext& context);

}  // namespace hint::shapley
