#include "shapley/tree_shap.h"

#include <algorithm>
#include <cstring>

namespace hint::shapley {

Result<ShapleyValues> treeShap(const classifiers::XgbClassifier& model, const FloatTensor& matrix,
                               jobs::JobContext& context, int64_t batchRows)
{
    if (matrix.shape.size() != 2 || matrix.shape[0] < 1)
        return Error::badInput("TreeSHAP: X must be a non-empty 2-d (N,K) matrix");
    const int64_t n = matrix.shape[0];
    const int64_t k = matrix.shape[1];
    if (k != model.features())
        return Error::badInput("TreeSHAP: X has " + std::to_string(k) + " columns, the XGBoost model " +
                               std::to_string(model.features()) + " features");
    batchRows = std::max<int64_t>(batchRows, 1);

    ShapleyValues values;
    values.phi = FloatTensor({n, k});
    values.base.resize(static_cast<size_t>(n));
    for (int64_t first = 0; first < n; first += batchRows) {
        if (context.isCancelled()) return Error::cancelled();
        const int64_t count = std::min(batchRows, n - first);
        FloatTensor batch;
        batch.shape = {count, k};
        batch.data.assign(matrix.data.begin() + first * k, matrix.data.begin() + (first + count) * k);
        auto contributions = model.contributions(batch);
        if (!contributions) return contributions.error();
        for (int64_t i = 0; i < count; ++i) {
            const float* source = contributions->data.data() + i * (k + 1);
            std::memcpy(values.phi.data.data() + (first + i) * k, source, sizeof(float) * static_cast<size_t>(k));
            values.base[static_cast<size_t>(first + i)] = source[k];
        }
        context.progress(first + count, n, "tree shap");
    }
    return values;
}

}  // namespace hint::shapley
