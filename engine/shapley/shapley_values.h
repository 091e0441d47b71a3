// Per-sample Shapley values of the K neurons of a layer for one concept classifier: phi (N,K) in the
// classifier's margin units, with phi_0 per row so that sum_k phi_nk + phi_0n = f(x_n) (local accuracy).
#pragma once

#include "common/float_tensor.h"

#include <cstdint>
#include <vector>

namespace hint::shapley {

struct ShapleyValues {
    FloatTensor phi;                // (N, K)
    std::vector<double> base;       // N values of phi_0 (the expected margin, or the tree ensemble's bias)
    FloatTensor standardError;      // (N, K) for sampling estimates; empty for exact methods
    std::vector<int64_t> rows;      // the rows of X that phi's rows explain; empty = all rows, in order
};

}  // namespace hint::shapley
