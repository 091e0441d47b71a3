// ImageRgb8: a decoded image, 8-bit RGB, row-major, the engine's Torch/OpenCV-free image type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hint::data {

struct ImageRgb8 {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // height * width * 3, RGB

    bool empty() const { return width == 0 || height == 0; }
    uint8_t* row(int y) { return pixels.data() + static_cast<size_t>(y) * static_cast<size_t>(width) * 3; }
    const uint8_t* row(int y) const { return pixels.data() + static_cast<size_t>(y) * static_cast<size_t>(width) * 3; }
};

}  // namespace hint::data
