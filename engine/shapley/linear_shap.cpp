#include "shapley/linear_shap.h"

namespace hint::shapley {

std::vector<double> columnMeans(const FloatTensor& matrix)
{
    const int64_t n = matrix.shape.size() == 2 ? matrix.shape[0] : 0;
    const int64_t k = matrix.shape.size() == 2 ? matrix.shape[1] : 0;
    std::vector<double> mean(static_cast<size_t>(k), 0.0);
    for (int64_t i = 0; i < n; ++i) {
        const float* row = matrix.data.data() + i * k;
        for (int64_t j = 0; j < k; ++j) mean[static_cast<size_t>(j)] += row[j];
    }
    if (n > 0)
        for (double& m : mean) m /= static_cast<double>(n);
    return mean;
}

Result<ShapleyValues> linearShap(const std::vector<double>& weights, double bias, const FloatTensor& matrix)
{
    if (matrix.shape.size() != 2 || matrix.shape[0] < 1)
        return Error::badInput("linear SHAP: X must be a non-empty 2-d (N,K) matrix");
    const int64_t n = matrix.shape[0];
    const int64_t k = matrix.shape[1];
    if (static_cast<int64_t>(weights.size()) != k)
        return Error::badInput("linear SHAP: the model has " + std::to_string(weights.size()) + " weights, X has " +
                               std::to_string(k) + " columns");
    const std::vector<double> mean = columnMeans(matrix);
    double expected = bias;
    for (int64_t j = 0; j < k; ++j) expected += weights[static_cast<size_t>(j)] * mean[static_cast<size_t>(j)];

    ShapleyValues values;
    values.phi = FloatTensor({n, k});
    values.base.assign(static_cast<size_t>(n), expected);
    for (int64_t i = 0; i < n; ++i) {
        const float* row = matrix.data.data() + i * k;
        float* out = values.phi.data.data() + i * k;
        for (int64_t j = 0; j < k; ++j) {
            const auto jj = static_cast<size_t>(j);
            out[j] = static_cast<float>(weights[jj] * (static_cast<double>(row[j]) - mean[jj]));
        }
    }
    return values;
}

Result<ShapleyValues> linearShap(const classifiers::LinearModel& model, const FloatTensor& matrix)
{
    return linearShap(model.weights, model.bias, matrix);
}

}  // namespace hint::shapley
