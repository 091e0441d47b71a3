#include "classifiers/binary_metrics.h"

#include <algorithm>

namespace hint::classifiers {

BinaryMetrics computeBinaryMetrics(const std::vector<int64_t>& truth, const std::vector<int64_t>& predicted)
{
    BinaryMetrics m;
    const size_t n = std::min(truth.size(), predicted.size());
    m.rows = static_cast<int64_t>(n);
    for (size_t i = 0; i < n; ++i) {
        const bool t = truth[i] != 0;
        const bool p = predicted[i] != 0;
        if (t && p) ++m.truePositives;
        else if (!t && p) ++m.falsePositives;
        else if (!t && !p) ++m.trueNegatives;
        else ++m.falseNegatives;
    }
    auto ratio = [](int64_t a, int64_t b) { return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0; };
    m.accuracy = ratio(m.truePositives + m.trueNegatives, m.rows);
    m.precision = ratio(m.truePositives, m.truePositives + m.falsePositives);
    m.recall = ratio(m.truePositives, m.truePositives + m.falseNegatives);
    m.f1 = m.precision + m.recall > 0.0 ? 2.0 * m.precision * m.recall / (m.precision + m.recall) : 0.0;
    return m;
}

}  // namespace hint::classifiers
