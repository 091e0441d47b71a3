// Step 1 of HINT per image (METHOD.md section 1): aggregate a saliency map over channels, normalize it
// by its minimum and 99th percentile, and threshold it into the responsible-region mask.
#pragma once

#include "common/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::regions {

enum class AggregationMode {
    Norm,        // L2 over channels (the paper's choice)
    Sum,
    FilterNorm,  // L2 of the positive part
    Max,
    AbsSum,
    AbsMax,
};

// "norm", "sum", "filter_norm", "max", "abs_sum", "abs_max"; anything else is BadInput listing these.
Result<AggregationMode> parseAggregationMode(const std::string& name);
std::string aggregationModeName(AggregationMode mode);

struct MaskParams {
    double threshold = 0.5;
    double percentile = 99.0;  // 0..100
    AggregationMode mode = AggregationMode::Norm;
};

// saliency: channels x positions, row-major (C,H,W flattened). With channels == 1 the map is taken as it
// is (gradcam-type maps) and the mode is not applied.
std::vector<float> aggregateSaliency(const float* saliency, int64_t channels, int64_t positions, AggregationMode mode);

// numpy.percentile(values, p) with its default linear interpolation. values must not be empty.
double percentileLinear(std::vector<float> values, double p);

// a~ = clip((a - min a) / (P(a) - min a), 0, 1); returns false (and leaves the map alone) if P <= min.
bool normalizeMap(std::vector<float>& map, double percentile);

struct ImageMask {
    std::vector<float> map;     // aggregated and (when possible) normalized, one value per position
    std::vector<uint8_t> mask;  // 1 = responsible position (map > threshold)
    bool normalized = false;
    int64_t positives = 0;
    int64_t nonFinite = 0;  // NaN/inf aggregates, counted as 0
};

ImageMask computeMask(const float* saliency, int64_t channels, int64_t positions, const MaskParams& params);

}  // namespace hint::regions
