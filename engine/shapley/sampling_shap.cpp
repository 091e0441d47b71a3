#include "shapley/sampling_shap.h"

#include "classifiers/detail/seeded_rng.h"
#include "shapley/linear_shap.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hint::shapley {

namespace {

// Rows (K+1, K): row j has the first j neurons of the order switched from the mean to x.
void fillPath(const std::vector<float>& mean, const float* x, const std::vector<int64_t>& order, FloatTensor& path)
{
    const auto k = static_cast<int64_t>(mean.size());
    std::copy(mean.begin(), mean.end(), path.data.begin());
    for (int64_t j = 0; j < k; ++j) {
        float* row = path.data.data() + (j + 1) * k;
        std::copy(path.data.begin() + j * k, path.data.begin() + (j + 1) * k, row);
        const auto neuron = order[static_cast<size_t>(j)];
        row[neuron] = x[neuron];
    }
}

// Marginal contribution of every neuron along one order, added into contribution (K).
Status walk(const BatchScore& score, const std::vector<float>& mean, const float* x, const std::vector<int64_t>& order,
            FloatTensor& path, std::vector<double>& contribution)
{
    fillPath(mean, x, order, path);
    auto margins = score(path);
    if (!margins) return margins.error();
    if (margins->size() != order.size() + 1)
        return Error::runtime("sampling SHAP: the score returned " + std::to_string(margins->size()) + " values for " +
                              std::to_string(order.size() + 1) + " rows");
    for (size_t j = 0; j < order.size(); ++j)
        contribution[static_cast<size_t>(order[j])] += (*margins)[j + 1] - (*margins)[j];
    return {};
}

}  // namespace

Result<ShapleyValues> samplingShap(const BatchScore& score, const FloatTensor& matrix, const SamplingOptions& options,
                                   jobs::JobContext& context)
{
    if (matrix.shape.size() != 2 || matrix.shape[0] < 1 || matrix.shape[1] < 1)
        return Error::badInput("sampling SHAP: X must be a non-empty 2-d (N,K) matrix");
    if (options.permutations < 1) return Error::badInput("sampling SHAP: permutations must be >= 1");
    const int64_t n = matrix.shape[0];
    const int64_t k = matrix.shape[1];
    const std::vector<double> meanDouble = columnMeans(matrix);
    const std::vector<float> mean(meanDouble.begin(), meanDouble.end());

    classifiers::detail::SeededRng rng(options.seed);
    ShapleyValues values;
    if (options.maxRows > 0 && options.maxRows < n) values.rows = rng.sampleWithoutReplacement(n, options.maxRows);
    const int64_t rows = values.rows.empty() ? n : static_cast<int64_t>(values.rows.size());

    FloatTensor meanRow({1, k});
    std::copy(mean.begin(), mean.end(), meanRow.data.begin());
    auto baseScore = score(meanRow);
    if (!baseScore) return baseScore.error();
    if (baseScore->size() != 1) return Error::runtime("sampling SHAP: the score returned a wrong number of values");

    values.phi = FloatTensor({rows, k});
    values.standardError = FloatTensor({rows, k});
    values.base.assign(static_cast<size_t>(rows), (*baseScore)[0]);
    FloatTensor path({k + 1, k});
    std::vector<int64_t> order(static_cast<size_t>(k));
    std::vector<double> sample(static_cast<size_t>(k));
    std::vector<double> sum(static_cast<size_t>(k));
    std::vector<double> sumSquares(static_cast<size_t>(k));
    const double samples = options.permutations;
    for (int64_t r = 0; r < rows; ++r) {
        if (context.isCancelled()) return Error::cancelled();
        const int64_t source = values.rows.empty() ? r : values.rows[static_cast<size_t>(r)];
        const float* x = matrix.data.data() + source * k;
        std::fill(sum.begin(), sum.end(), 0.0);
        std::fill(sumSquares.begin(), sumSquares.end(), 0.0);
        for (int p = 0; p < options.permutations; ++p) {
            order = rng.permutation(k);
            std::fill(sample.begin(), sample.end(), 0.0);
            if (auto s = walk(score, mean, x, order, path, sample); !s) return s.error();
            if (options.antithetic) {
                std::reverse(order.begin(), order.end());
                if (auto s = walk(score, mean, x, order, path, sample); !s) return s.error();
                for (double& v : sample) v *= 0.5;
            }
            for (size_t j = 0; j < sample.size(); ++j) {
                sum[j] += sample[j];
                sumSquares[j] += sample[j] * sample[j];
            }
        }
        for (int64_t j = 0; j < k; ++j) {
            const auto jj = static_cast<size_t>(j);
            const double m = sum[jj] / samples;
            double se = std::numeric_limits<double>::quiet_NaN();
            if (options.permutations > 1) {
                const double variance = std::max(0.0, (sumSquares[jj] - samples * m * m) / (samples - 1.0));
                se = std::sqrt(variance / samples);
            }
            values.phi.data[static_cast<size_t>(r * k + j)] = static_cast<float>(m);
            values.standardError.data[static_cast<size_t>(r * k + j)] = static_cast<float>(se);
        }
        context.progress(r + 1, rows, "sampling shap");
    }
    return values;
}

Result<ShapleyValues> samplingShap(const RowScore& score, const FloatTensor& matrix, const SamplingOptions& options,
                                   jobs::JobContext& context)
{
    BatchScore batch = [&score](const FloatTensor& rows) -> Result<std::vector<double>> {
        const int64_t n = rows.shape[0];
        const int64_t k = rows.shape[1];
        std::vector<double> out(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) out[static_cast<size_t>(i)] = score(rows.data.data() + i * k, k);
        return out;
    };
    return samplingShap(batch, matrix, options, context);
}

}  // namespace hint::shapley
