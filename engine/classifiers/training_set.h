// The training matrix of one concept classifier (METHOD.md section 2), from the regions folders of a
// group of G concepts (as `hint regions` writes them: positives.npy (M_i,K), background.npy (B_i,K)).
// Rows: X_0 (group label 0), ..., X_{G-1} (label G-1), then floor(sum M_i / G) background vectors drawn
// without replacement (seeded) from the pooled backgrounds of the group (label G). Binary labels:
// 1 for the target concept's rows, 0 for every other row.
#pragma once

#include "common/float_tensor.h"
#include "common/result.h"
#include "jobs/job_context.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::classifiers {

struct TrainingSet {
    FloatTensor matrix;                 // (M, K) float32
    std::vector<int64_t> labels;        // M binary labels, 1 = target
    std::vector<int64_t> groupLabels;   // M labels in [0, G]: concept position, G = background
    std::vector<int64_t> conceptRows;   // M_i per concept
    int64_t backgroundRows = 0;         // rows drawn from the pooled background
    int64_t backgroundPool = 0;         // sum B_i
    int64_t features = 0;               // K
};

// regionsDirs: the group, in order; target: position of the target concept in it. A pool smaller than
// the requested background count is used whole (with a warning on the context).
Result<TrainingSet> buildTrainingSet(const std::vector<std::string>& regionsDirs, int target, uint64_t seed,
                                     jobs::JobContext& context);

}  // namespace hint::classifiers
