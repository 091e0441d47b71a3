#include "shapley/neuron_scores.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <numeric>

namespace hint::shapley {

std::vector<NeuronScore> scoreNeurons(const ShapleyValues& values)
{
    const int64_t n = values.phi.shape.size() == 2 ? values.phi.shape[0] : 0;
    const int64_t k = values.phi.shape.size() == 2 ? values.phi.shape[1] : 0;
    const bool withError = values.standardError.numel() == values.phi.numel() && n > 0;
    std::vector<NeuronScore> scores(static_cast<size_t>(k));
    std::vector<double> column(static_cast<size_t>(n));
    for (int64_t j = 0; j < k; ++j) {
        double sumSquaredError = 0.0;
        for (int64_t i = 0; i < n; ++i) {
            column[static_cast<size_t>(i)] = std::fabs(values.phi.data[static_cast<size_t>(i * k + j)]);
            if (withError) {
                const double se = values.standardError.data[static_cast<size_t>(i * k + j)];
                sumSquaredError += se * se;
            }
        }
        NeuronScore& s = scores[static_cast<size_t>(j)];
        s.neuron = j;
        if (n > 0) {
            s.meanAbs = std::accumulate(column.begin(), column.end(), 0.0) / static_cast<double>(n);
            auto [lo, hi] = std::minmax_element(column.begin(), column.end());
            s.minAbs = *lo;
            s.maxAbs = *hi;
            const auto middle = column.begin() + n / 2;
            std::nth_element(column.begin(), middle, column.end());
            s.medianAbs = *middle;
            if (n % 2 == 0) s.medianAbs = 0.5 * (s.medianAbs + *std::max_element(column.begin(), middle));
        }
        const double half = withError ? 1.96 * std::sqrt(sumSquaredError) / static_cast<double>(n)
                                      : std::numeric_limits<double>::quiet_NaN();
        s.ciLow = s.meanAbs - half;
        s.ciHigh = s.meanAbs + half;
    }
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return scores[a].meanAbs > scores[b].meanAbs; });
    for (size_t r = 0; r < order.size(); ++r) scores[order[r]].rank = static_cast<int64_t>(r + 1);
    return scores;
}

Status writeNeuronScoresCsv(const std::string& path, const std::vector<NeuronScore>& scores, bool withInterval)
{
    const std::string part = path + ".part";
    std::FILE* file = std::fopen(part.c_str(), "wb");
    if (!file) return Error::runtime("cannot write " + part);
    std::fprintf(file, "neuron,mean_abs,median_abs,max_abs,min_abs,rank%s\n", withInterval ? ",ci95_low,ci95_high" : "");
    for (const auto& s : scores) {
        std::fprintf(file, "%lld,%.9g,%.9g,%.9g,%.9g,%lld", static_cast<long long>(s.neuron), s.meanAbs, s.medianAbs,
                     s.maxAbs, s.minAbs, static_cast<long long>(s.rank));
        if (withInterval) std::fprintf(file, ",%.9g,%.9g", s.ciLow, s.ciHigh);
        std::fputc('\n', file);
    }
    const bool ok = std::ferror(file) == 0;
    if (std::fclose(file) != 0 || !ok) {
        std::filesystem::remove(part);
        return Error::runtime("cannot write " + part);
    }
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec) return Error::runtime("cannot rename " + part + " to " + path + ": " + ec.message());
    return {};
}

}  // namespace hint::shapley
