// FloatTensor: a plain, Torch-free n-d float array (row-major) for the engine's public API.
#pragma once

#include <cstdint>
#include <functional>
#include <numeric>
#include <vector>

namespace hint {

struct FloatTensor {
    std::vector<int64_t> shape;
    std::vector<float> data;

    FloatTensor() = default;
    explicit FloatTensor(std::vector<int64_t> s, float fill = 0.0f)
        : shape(std::move(s)), data(static_cast<size_t>(elementCount(shape)), fill) {}

    static int64_t elementCount(const std::vector<int64_t>& s)
    {
        return std::accumulate(s.begin(), s.end(), int64_t{1}, std::multiplies<int64_t>());
    }
    int64_t numel() const { return static_cast<int64_t>(data.size()); }
    int64_t dim(size_t i) const { return shape.at(i); }
};

}  // namespace hint
