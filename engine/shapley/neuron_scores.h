// The neuron ranking of one concept: Phi_k = mean_n |phi_nk| (also median, max, min), rank 1 = largest
// mean. For sampling estimates, a 95% confidence interval of mean |phi| per neuron.
#pragma once

#include "common/result.h"
#include "shapley/shapley_values.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::shapley {

struct NeuronScore {
    int64_t neuron = 0;
    double meanAbs = 0.0;
    double medianAbs = 0.0;  // numpy's median: mean of the two middle values for even N
    double maxAbs = 0.0;
    double minAbs = 0.0;
    int64_t rank = 0;        // 1 = largest meanAbs; ties go to the lower neuron index
    // 95% interval of meanAbs from the per-sample standard errors (delta method: |phi| is treated as locally
    // linear, half-width 1.96 sqrt(sum_n se_nk^2) / N); NaN for exact methods.
    double ciLow = 0.0;
    double ciHigh = 0.0;
};

// One entry per neuron, in neuron order.
std::vector<NeuronScore> scoreNeurons(const ShapleyValues& values);

// CSV: neuron,mean_abs,median_abs,max_abs,min_abs,rank (+ ci95_low,ci95_high when withInterval), K rows in
// neuron order; written to "<path>.part" and renamed.
Status writeNeuronScoresCsv(const std::string& path, const std::vector<NeuronScore>& scores, bool withInterval);

}  // namespace hint::shapley
