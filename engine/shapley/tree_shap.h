// Exact path-dependent TreeSHAP of the XGBoost concept classifier, computed by XGBoost itself
// (prediction with contributions), in margin (log-odds) units: identical to shap.TreeExplainer on the
// booster and to Python's Booster.predict(DMatrix(X), pred_contribs=True).
#pragma once

#include "classifiers/xgb_classifier.h"
#include "common/result.h"
#include "jobs/job_context.h"
#include "shapley/shapley_values.h"

#include <cstdint>

namespace hint::shapley {

// All rows of X, in batches of batchRows (cancel is checked between batches).
Result<ShapleyValues> treeShap(const classifiers::XgbClassifier& model, const FloatTensor& matrix,
                               jobs::JobContext& context, int64_t batchRows = 2048);

}  // namespace hint::shapley
