// A seeded, platform-independent RNG for splits, shuffles and subsampling. std::uniform_int_distribution
// and std::shuffle are implementation-defined, so results would differ between standard libraries.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

namespace hint::classifiers::detail {

class SeededRng {
public:
    explicit SeededRng(uint64_t seed) : m_engine(seed) {}

    // Uniform integer in [0, bound) by rejection (no modulo bias); bound > 0.
    uint64_t below(uint64_t bound)
    {
        const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % bound;
        uint64_t value = 0;
        do {
            value = m_engine();
        } while (value >= limit);
        return value % bound;
    }

    // Uniform double in [0, 1).
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }

    // Fisher-Yates, front to back.
    template <class T>
    void shuffle(std::vector<T>& values)
    {
        for (size_t i = 0; i + 1 < values.size(); ++i) {
            const size_t j = i + static_cast<size_t>(below(values.size() - i));
            std::swap(values[i], values[j]);
        }
    }

    std::vector<int64_t> permutation(int64_t n)
    {
        std::vector<int64_t> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), int64_t{0});
        shuffle(order);
        return order;
    }

    // count distinct values of [0, n) (count <= n), in increasing order.
    std::vector<int64_t> sampleWithoutReplacement(int64_t n, int64_t count)
    {
        std::vector<int64_t> order = permutation(n);
        order.resize(static_cast<size_t>(count));
        std::sort(order.begin(), order.end());
        return order;
    }

private:
    std::mt19937_64 m_engine;
};

}  // namespace hint::classifiers::detail
