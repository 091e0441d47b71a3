// Step 2 of HINT as one call: build a concept's training matrix from the group's regions folders, split
// it 75/25 (seeded), train the linear classifier (and optionally XGBoost) on the 75%, evaluate both on
// the held-out 25%, and publish a classifier folder: X.npy, y.npy, linear.json, xgboost.json, metrics.json.
// The folder is written to a temp folder beside it and renamed at the end, so nothing is half-written.
#pragma once

#include "classifiers/binary_metrics.h"
#include "classifiers/linear_classifier.h"
#include "classifiers/xgb_classifier.h"
#include "common/result.h"
#include "jobs/job_context.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::classifiers {

struct ConceptTrainingOptions {
    SgdOptions sgd;                   // sgd.seed is replaced by a stream derived from seed
    bool xgboost = false;
    XgbOptions xgb;                   // xgb.seed is replaced by a stream derived from seed
    double validationFraction = 0.25;
    uint64_t seed = 0;                // background sample, split, shuffles and XGBoost all derive from it
};

struct ConceptTrainingSummary {
    int64_t rows = 0;
    int64_t features = 0;
    int64_t trainRows = 0;
    int64_t validationRows = 0;
    int64_t targetRows = 0;
    int64_t backgroundRows = 0;
    int64_t backgroundPool = 0;
    std::vector<int64_t> conceptRows;
    LinearModel linear;
    BinaryMetrics linearMetrics;      // held-out
    bool hasXgboost = false;
    BinaryMetrics xgboostMetrics;     // held-out
    double linearSeconds = 0.0;
    double xgboostSeconds = 0.0;
};

// An existing outDir is replaced only when it is empty or a classifier folder (holds metrics.json).
Result<ConceptTrainingSummary> trainConceptClassifier(const std::vector<std::string>& regionsDirs, int target,
                                                      const std::string& outDir, const ConceptTrainingOptions& options,
                                                      jobs::JobContext& context);

// Files of a classifier folder.
inline constexpr const char* kMatrixFile = "X.npy";
inline constexpr const char* kLabelsFile = "y.npy";
inline constexpr const char* kLinearFile = "linear.json";
inline constexpr const char* kXgboostFile = "xgboost.json";
inline constexpr const char* kMetricsFile = "metrics.json";

}  // namespace hint::classifiers
