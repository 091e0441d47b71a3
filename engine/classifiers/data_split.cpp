#include "classifiers/data_split.h"

#include "classifiers/detail/seeded_rng.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace hint::classifiers {

DataSplit splitTrainValidation(int64_t rows, double validationFraction, uint64_t seed)
{
    detail::SeededRng rng(seed);
    std::vector<int64_t> order = rng.permutation(rows);
    auto held = static_cast<int64_t>(std::ceil(validationFraction * static_cast<double>(rows)));
    held = std::clamp<int64_t>(held, 0, rows);
    DataSplit split;
    split.validation.assign(order.begin(), order.begin() + held);
    split.train.assign(order.begin() + held, order.end());
    std::sort(split.validation.begin(), split.validation.end());
    std::sort(split.train.begin(), split.train.end());
    return split;
}

FloatTensor gatherRows(const FloatTensor& matrix, const std::vector<int64_t>& rows)
{
    const int64_t k = matrix.shape.size() == 2 ? matrix.shape[1] : 0;
    FloatTensor out({static_cast<int64_t>(rows.size()), k});
    for (size_t i = 0; i < rows.size(); ++i) {
        std::memcpy(out.data.data() + static_cast<int64_t>(i) * k, matrix.data.data() + rows[i] * k,
                    sizeof(float) * static_cast<size_t>(k));
    }
    return out;
}

std::vector<int64_t> gatherValues(const std::vector<int64_t>& values, const std::vector<int64_t>& rows)
{
    std::vector<int64_t> out;
    out.reserve(rows.size());
    for (int64_t r : rows) out.push_back(values[static_cast<size_t>(r)]);
    return out;
}

}  // namespace hint::classifiers
