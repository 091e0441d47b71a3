// Map2d and BinaryMask: the plain 2-D arrays localization works on (score maps, concept maps, pixel
// masks), row-major. Doubles, because the protocols we reproduce run in numpy float64.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hint::localization {

struct Map2d {
    int height = 0;
    int width = 0;
    std::vector<double> values;  // height * width

    Map2d() = default;
    Map2d(int h, int w, double fill = 0.0)
        : height(h), width(w), values(static_cast<size_t>(h) * static_cast<size_t>(w), fill) {}

    bool empty() const { return height == 0 || width == 0; }
    double& at(int y, int x) { return values[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)]; }
    double at(int y, int x) const { return values[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)]; }
};

struct BinaryMask {
    int height = 0;
    int width = 0;
    std::vector<uint8_t> values;  // 0 or 1 (pixel masks for PxAP also use kIgnore)

    static constexpr uint8_t kIgnore = 255;

    BinaryMask() = default;
    BinaryMask(int h, int w, uint8_t fill = 0)
        : height(h), width(w), values(static_cast<size_t>(h) * static_cast<size_t>(w), fill) {}

    uint8_t& at(int y, int x) { return values[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)]; }
    uint8_t at(int y, int x) const { return values[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)]; }
    int64_t count() const
    {
        int64_t n = 0;
        for (uint8_t v : values) n += v == 1 ? 1 : 0;
        return n;
    }
};

// An integer box in pixel coordinates, x0,y0 <= x1,y1, both ends inclusive.
struct PixelBox {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool operator==(const PixelBox& o) const { return x0 == o.x0 && y0 == o.y0 && x1 == o.x1 && y1 == o.y1; }
};

}  // namespace hint::localization
