// Pillow's resampling (libImaging/Resample.c, Pillow 9.4), written from its description and checked
// against Pillow itself (tests/engine/data/pil_resize_test.cpp). Hand-written because no Debian library
// reproduces Pillow's arithmetic to the level: OpenCV's INTER_LANCZOS4 is a fixed 8-tap kernel without
// antialiasing, torch's antialiased interpolate works in float without 8-bit rounding between passes,
// and both place and normalize the taps differently. The original's pixels are what HINT was run on.
#include "data/pil_resize.h"
#include "common/numbers.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace hint::data {
namespace {

// Fixed point with 22 fractional bits: 8 bits of result and 2 bits of headroom for the overshoot of
// filters with negative lobes leave 22 of int32's bits for the fraction.
constexpr int kPrecisionBits = 32 - 8 - 2;

// The filters in Pillow's exact floating-point form (same operations, same order), so that the
// double coefficients, and hence their rounding to fixed point, are bit for bit Pillow's.
double bilinearFilter(double x)
{
    if (x < 0.0) x = -x;
    return x < 1.0 ? 1.0 - x : 0.0;
}

double bicubicFilter(double x)
{
    constexpr double a = -0.5;
    if (x < 0.0) x = -x;
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

double sinc(double x)
{
    if (x == 0.0) return 1.0;
    x = x * kPi;
    return std::sin(x) / x;
}

double lanczosFilter(double x)
{
    if (-3.0 <= x && x < 3.0) return sinc(x) * sinc(x / 3);
    return 0.0;
}

struct Filter {
    double (*weight)(double);
    double support;  // at scale 1
};

Filter filterOf(PilFilter filter)
{
    switch (filter) {
    case PilFilter::Bilinear: return {bilinearFilter, 1.0};
    case PilFilter::Bicubic: return {bicubicFilter, 2.0};
    case PilFilter::Lanczos: return {lanczosFilter, 3.0};
    }
    return {lanczosFilter, 3.0};
}

// The taps of one axis: output i reads inputs first[i] .. first[i] + count[i] - 1 with the fixed-point
// weights weights[i * stride + k].
struct Taps {
    int stride = 0;
    std::vector<int> first;
    std::vector<int> count;
    std::vector<int32_t> weights;
};

Taps computeTaps(int inSize, int outSize, PilFilter which)
{
    const Filter filter = filterOf(which);
    // Pillow takes the source extent from a float box; (float)inSize is exact below 2^24.
    const double scale = static_cast<double>(static_cast<float>(inSize)) / outSize;
    // Downscaling widens the filter by the scale factor: this is Pillow's antialiasing.
    const double filterScale = std::max(scale, 1.0);
    const double support = filter.support * filterScale;
    const double inverse = 1.0 / filterScale;

    Taps taps;
    taps.stride = static_cast<int>(std::ceil(support)) * 2 + 1;
    taps.first.resize(static_cast<size_t>(outSize));
    taps.count.resize(static_cast<size_t>(outSize));
    taps.weights.assign(static_cast<size_t>(outSize) * static_cast<size_t>(taps.stride), 0);
    std::vector<double> w(static_cast<size_t>(taps.stride));
    for (int i = 0; i < outSize; ++i) {
        const double center = (i + 0.5) * scale;
        // Truncation after +0.5 as Pillow does (only differs from floor below 0, which is clamped anyway).
        const int lo = std::max(0, static_cast<int>(center - support + 0.5));
        const int hi = std::min(inSize, static_cast<int>(center + support + 0.5));
        const int n = hi - lo;
        double total = 0.0;
        for (int k = 0; k < n; ++k) {
            w[static_cast<size_t>(k)] = filter.weight((static_cast<double>(k + lo) - center + 0.5) * inverse);
            total += w[static_cast<size_t>(k)];
        }
        int32_t* fixed = taps.weights.data() + static_cast<size_t>(i) * static_cast<size_t>(taps.stride);
        for (int k = 0; k < n; ++k) {
            const double v = total != 0.0 ? w[static_cast<size_t>(k)] / total : w[static_cast<size_t>(k)];
            // Rounded half away from zero, as Pillow's (int)(v * 2^22 +- 0.5).
            fixed[k] = v < 0 ? static_cast<int32_t>(-0.5 + v * (1 << kPrecisionBits))
                             : static_cast<int32_t>(0.5 + v * (1 << kPrecisionBits));
        }
        taps.first[static_cast<size_t>(i)] = lo;
        taps.count[static_cast<size_t>(i)] = n;
    }
    return taps;
}

// Back to 8 bits: the accumulators start at one half (rounding), the shift floors, then clip.
inline uint8_t clip8(int32_t sum)
{
    const int32_t v = sum >> kPrecisionBits;
    return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
}

// The accumulators are int32 like Pillow's: with weights summing to 1 in 22-bit fixed point, 255 times
// the sum of |weights| (at most ~1.3 for Lanczos) stays far below 2^31.
constexpr int32_t kHalf = 1 << (kPrecisionBits - 1);

// Rows [rowBegin, rowEnd) of the input resampled horizontally to taps.first.size() columns.
ImageRgb8 horizontalPass(const ImageRgb8& in, int rowBegin, int rowEnd, const Taps& taps)
{
    ImageRgb8 out;
    out.width = static_cast<int>(taps.first.size());
    out.height = rowEnd - rowBegin;
    out.pixels.resize(static_cast<size_t>(out.width) * static_cast<size_t>(out.height) * 3);
    for (int y = 0; y < out.height; ++y) {
        const uint8_t* src = in.row(rowBegin + y);
        uint8_t* dst = out.row(y);
        for (int x = 0; x < out.width; ++x) {
            const int32_t* k = taps.weights.data() + static_cast<size_t>(x) * static_cast<size_t>(taps.stride);
            const uint8_t* p = src + static_cast<size_t>(taps.first[static_cast<size_t>(x)]) * 3;
            int32_t r = kHalf, g = kHalf, b = kHalf;
            for (int t = 0, n = taps.count[static_cast<size_t>(x)]; t < n; ++t, p += 3) {
                r += p[0] * k[t];
                g += p[1] * k[t];
                b += p[2] * k[t];
            }
            dst[x * 3 + 0] = clip8(r);
            dst[x * 3 + 1] = clip8(g);
            dst[x * 3 + 2] = clip8(b);
        }
    }
    return out;
}

// Vertical pass over `in`, whose row 0 is the source's row `firstRow`. Row by row rather than Pillow's
// column walk: integer sums do not depend on the order, so the result is the same.
ImageRgb8 verticalPass(const ImageRgb8& in, int firstRow, const Taps& taps)
{
    ImageRgb8 out;
    out.width = in.width;
    out.height = static_cast<int>(taps.first.size());
    out.pixels.resize(static_cast<size_t>(out.width) * static_cast<size_t>(out.height) * 3);
    const size_t rowValues = static_cast<size_t>(in.width) * 3;
    std::vector<int32_t> sum(rowValues);
    for (int y = 0; y < out.height; ++y) {
        std::fill(sum.begin(), sum.end(), kHalf);
        const int32_t* k = taps.weights.data() + static_cast<size_t>(y) * static_cast<size_t>(taps.stride);
        const int first = taps.first[static_cast<size_t>(y)] - firstRow;
        for (int t = 0, n = taps.count[static_cast<size_t>(y)]; t < n; ++t) {
            const uint8_t* src = in.row(first + t);
            const int32_t weight = k[t];
            for (size_t i = 0; i < rowValues; ++i) sum[i] += src[i] * weight;
        }
        uint8_t* dst = out.row(y);
        for (size_t i = 0; i < rowValues; ++i) dst[i] = clip8(sum[i]);
    }
    return out;
}

}  // namespace

ImageRgb8 pilResize(const ImageRgb8& image, int width, int height, PilFilter filter)
{
    if (image.empty() || width <= 0 || height <= 0) return {};
    // Pillow skips a pass whose axis keeps its size (and copies when both do).
    const bool horizontal = width != image.width;
    const bool vertical = height != image.height;
    if (!horizontal && !vertical) return image;

    if (!horizontal) return verticalPass(image, 0, computeTaps(image.height, height, filter));
    const Taps columns = computeTaps(image.width, width, filter);
    if (!vertical) return horizontalPass(image, 0, image.height, columns);
    // Both axes: the horizontal pass only computes the rows the vertical one reads.
    const Taps rows = computeTaps(image.height, height, filter);
    const int rowBegin = rows.first.front();
    const int rowEnd = rows.first.back() + rows.count.back();
    return verticalPass(horizontalPass(image, rowBegin, rowEnd, columns), rowBegin, rows);
}

}  // namespace hint::data
