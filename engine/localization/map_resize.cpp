#include "localization/map_resize.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace hint::localization {
namespace {

// ndimage's 'mirror' boundary for a coordinate (period 2n - 2, reflecting about the end samples).
double mirrorCoordinate(double c, int n)
{
    if (n <= 1) return 0.0;
    const double period = 2.0 * (n - 1);
    if (c < 0.0) {
        c = period * static_cast<int64_t>(-c / period) + c;
        c = c <= 1 - n ? c + period : -c;
    }
    if (c > n - 1) {
        c = c - period * static_cast<int64_t>(c / period);
        if (c > n - 1) c = period - c;
    }
    return c;
}

int mirrorIndex(int64_t i, int n)
{
    if (n <= 1) return 0;
    const int64_t period = 2 * static_cast<int64_t>(n - 1);
    i %= period;
    if (i < 0) i += period;
    return static_cast<int>(i < n ? i : period - i);
}

// Per output index along one axis: the two source indices and their weights.
struct Taps {
    std::vector<int> lo, hi;
    std::vector<double> wLo, wHi;
};

Taps linearTaps(int inSize, int outSize)
{
    Taps taps;
    const double zoom = static_cast<double>(inSize) / static_cast<double>(outSize);
    for (int o = 0; o < outSize; ++o) {
        const double c = mirrorCoordinate((o + 0.5) * zoom - 0.5, inSize);
        const double f = std::floor(c);
        const double t = c - f;
        taps.lo.push_back(mirrorIndex(static_cast<int64_t>(f), inSize));
        taps.hi.push_back(mirrorIndex(static_cast<int64_t>(f) + 1, inSize));
        taps.wLo.push_back(1.0 - t);
        taps.wHi.push_back(t);
    }
    return taps;
}

cv::Mat toMat(const Map2d& map)
{
    cv::Mat mat(map.height, map.width, CV_64F);
    for (int y = 0; y < map.height; ++y)
        for (int x = 0; x < map.width; ++x) mat.at<double>(y, x) = map.at(y, x);
    return mat;
}

}  // namespace

Result<Upsampling> parseUpsampling(const std::string& name)
{
    if (name == "cubic") return Upsampling::Cubic;
    if (name == "bilinear") return Upsampling::Bilinear;
    if (name == "skimage") return Upsampling::SkimageLinear;
    return Error::badInput("unknown upsampling '" + name + "' (cubic, bilinear or skimage)");
}

std::string upsamplingName(Upsampling mode)
{
    switch (mode) {
    case Upsampling::Cubic: return "cubic";
    case Upsampling::Bilinear: return "bilinear";
    case Upsampling::SkimageLinear: return "skimage";
    }
    return "cubic";
}

Result<Map2d> resizeLinearSkimage(const Map2d& map, int outH, int outW)
{
    if (map.empty()) return Error::badInput("cannot resize an empty map");
    if (outH < map.height || outW < map.width)
        return Error::badInput("resizeLinearSkimage only upsamples (skimage would anti-alias when shrinking)");
    const Taps ty = linearTaps(map.height, outH);
    const Taps tx = linearTaps(map.width, outW);
    Map2d out(outH, outW);
    for (int y = 0; y < outH; ++y) {
        for (int x = 0; x < outW; ++x) {
            // Same order of terms as ndimage's order-1 zoom: rows outer, columns inner.
            const double v = ty.wLo[y] * (tx.wLo[x] * map.at(ty.lo[y], tx.lo[x]) + tx.wHi[x] * map.at(ty.lo[y], tx.hi[x])) +
                             ty.wHi[y] * (tx.wLo[x] * map.at(ty.hi[y], tx.lo[x]) + tx.wHi[x] * map.at(ty.hi[y], tx.hi[x]));
            out.at(y, x) = v;
        }
    }
    const auto [lo, hi] = std::minmax_element(map.values.begin(), map.values.end());
    for (double& v : out.values) v = std::clamp(v, *lo, *hi);
    return out;
}

Result<Map2d> resizeOpenCv(const Map2d& map, int outH, int outW, bool cubic)
{
    if (map.empty()) return Error::badInput("cannot resize an empty map");
    try {
        cv::Mat resized;
        cv::resize(toMat(map), resized, cv::Size(outW, outH), 0, 0, cubic ? cv::INTER_CUBIC : cv::INTER_LINEAR);
        Map2d out(outH, outW);
        for (int y = 0; y < outH; ++y)
            for (int x = 0; x < outW; ++x) out.at(y, x) = resized.at<double>(y, x);
        return out;
    } catch (const cv::Exception& e) {
        return Error::runtime(std::string("OpenCV resize failed: ") + e.what());
    }
}

Result<Map2d> resizeMap(const Map2d& map, int outH, int outW, Upsampling mode)
{
    if (map.height == outH && map.width == outW) return map;
    switch (mode) {
    case Upsampling::Cubic: return resizeOpenCv(map, outH, outW, true);
    case Upsampling::Bilinear: return resizeOpenCv(map, outH, outW, false);
    case Upsampling::SkimageLinear: return resizeLinearSkimage(map, outH, outW);
    }
    return Error::badInput("unknown upsampling mode");
}

Map2d normalizeMinMax(const Map2d& map)
{
    Map2d out = map;
    if (map.values.empty()) return out;
    if (std::any_of(map.values.begin(), map.values.end(), [](double v) { return std::isnan(v); })) {
        std::fill(out.values.begin(), out.values.end(), 0.0);
        return out;
    }
    const auto [lo, hi] = std::minmax_element(map.values.begin(), map.values.end());
    if (*lo == *hi) {
        std::fill(out.values.begin(), out.values.end(), 0.0);
        return out;
    }
    const double minValue = *lo;
    for (double& v : out.values) v -= minValue;
    const double maxValue = *std::max_element(out.values.begin(), out.values.end());
    for (double& v : out.values) v /= maxValue;
    return out;
}

}  // namespace hint::localization
