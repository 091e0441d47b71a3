// Exact SHAP values of a linear model f(r) = w.r + b with independent features (interventional):
// phi_nk = w_k (r_nk - E[r_k]), the expectation taken over the rows of X; phi_0 = w.E[r] + b.
#pragma once

#include "classifiers/linear_classifier.h"
#include "common/result.h"
#include "shapley/shapley_values.h"

#include <vector>

namespace hint::shapley {

Result<ShapleyValues> linearShap(const std::vector<double>& weights, double bias, const FloatTensor& matrix);
Result<ShapleyValues> linearShap(const classifiers::LinearModel& model, const FloatTensor& matrix);

// Column means of a (N,K) matrix, accumulated in double.
std::vector<double> columnMeans(const FloatTensor& matrix);

}  // namespace hint::shapley
