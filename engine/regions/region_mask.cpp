#include "regions/region_mask.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hint::regions {
namespace {

struct ModeName {
    AggregationMode mode;
    const char* name;
};

constexpr ModeName kModes[] = {
    {AggregationMode::Norm, "norm"},       {AggregationMode::Sum, "sum"},         {AggregationMode::FilterNorm, "filter_norm"},
    {AggregationMode::Max, "max"},         {AggregationMode::AbsSum, "abs_sum"},  {AggregationMode::AbsMax, "abs_max"},
};

}  // namespace

Result<AggregationMode> parseAggregationMode(const std::string& name)
{
    std::string known;
    for (const auto& m : kModes) {
        if (name == m.name) return m.mode;
        known += known.empty() ? m.name : std::string(", ") + m.name;
    }
    return Error::badInput("unknown saliency aggregation mode '" + name + "' (known: " + known + ")");
}

std::string aggregationModeName(AggregationMode mode)
{
    for (const auto& m : kModes)
        if (m.mode == mode) return m.name;
    return "norm";
}

std::vector<float> aggregateSaliency(const float* saliency, int64_t channels, int64_t positions, AggregationMode mode)
{
    const auto n = static_cast<size_t>(positions);
    if (channels == 1) return std::vector<float>(saliency, saliency + n);
    // Accumulate in double over channel rows (contiguous reads), then round once like numpy's float32 result.
    const bool isMax = mode == AggregationMode::Max || mode == AggregationMode::AbsMax;
    std::vector<double> acc(n, isMax ? -std::numeric_limits<double>::infinity() : 0.0);
    for (int64_t c = 0; c < channels; ++c) {
        const float* row = saliency + c * positions;
        switch (mode) {
        case AggregationMode::Norm:
            for (size_t i = 0; i < n; ++i) acc[i] += static_cast<double>(row[i]) * row[i];
            break;
        case AggregationMode::FilterNorm:
            for (size_t i = 0; i < n; ++i) {
                const double v = row[i] > 0.0f ? row[i] : 0.0;
                acc[i] += v * v;
            }
            break;
        case AggregationMode::Sum:
            for (size_t i = 0; i < n; ++i) acc[i] += row[i];
            break;
        case AggregationMode::AbsSum:
            for (size_t i = 0; i < n; ++i) acc[i] += std::fabs(row[i]);
            break;
        case AggregationMode::Max:
            for (size_t i = 0; i < n; ++i) acc[i] = std::max(acc[i], static_cast<double>(row[i]));
            break;
        case AggregationMode::AbsMax:
            for (size_t i = 0; i < n; ++i) acc[i] = std::max(acc[i], static_cast<double>(std::fabs(row[i])));
            break;
        }
    }
    std::vector<float> out(n);
    const bool isNorm = mode == AggregationMode::Norm || mode == AggregationMode::FilterNorm;
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(isNorm ? std::sqrt(acc[i]) : acc[i]);
    return out;
}

double percentileLinear(std::vector<float> values, double p)
{
    const double index = p / 100.0 * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(index));
    const size_t hi = std::min(lo + 1, values.size() - 1);
    // Two partial selections instead of a full sort: the two neighbours around the fractional index.
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
    const double below = values[lo];
    double above = below;
    if (hi != lo) above = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(hi), values.end());
    const double fraction = index - static_cast<double>(lo);
    // numpy's _lerp: interpolate from the nearer end so the result stays within [below, above].
    if (fraction >= 0.5) return above - (above - below) * (1.0 - fraction);
    return below + (above - below) * fraction;
}

bool normalizeMap(std::vector<float>& map, double percentile)
{
    if (map.empty()) return false;
    const double low = *std::min_element(map.begin(), map.end());
    const double high = percentileLinear(map, percentile);
    if (!(high > low)) return false;
    const double scale = 1.0 / (high - low);
    for (float& v : map) v = static_cast<float>(std::clamp((v - low) * scale, 0.0, 1.0));
    return true;
}

ImageMask computeMask(const float* saliency, int64_t channels, int64_t positions, const MaskParams& params)
{
    ImageMask result;
    result.map = aggregateSaliency(saliency, channels, positions, params.mode);
    // NaN would break the selection's ordering; a non-finite gradient carries no usable saliency.
    for (float& v : result.map) {
        if (!std::isfinite(v)) {
            v = 0.0f;
            ++result.nonFinite;
        }
    }
    result.normalized = normalizeMap(result.map, params.percentile);
    result.mask.resize(result.map.size());
    for (size_t i = 0; i < result.map.size(); ++i) {
        result.mask[i] = result.map[i] > params.threshold ? 1 : 0;
        result.positives += result.mask[i];
    }
    return result;
}

}  // namespace hint::regions
