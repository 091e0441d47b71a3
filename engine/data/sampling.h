// Seeded, platform-independent sampling of a concept's images (METHOD.md section 1): at most 233
// leaves at random, 20 random images per leaf (leaves with fewer are skipped), at most 233 images
// in all, all without replacement. The same seed gives the same images with every compiler.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace hint::data {

// std::mt19937_64 is specified bit for bit by the standard; std::uniform_int_distribution is not,
// so ranges are mapped here.
class SeededRandom {
public:
    explicit SeededRandom(uint64_t seed) : m_engine(seed) {}

    uint64_t next() { return m_engine(); }
    // Uniform in [0, n) for n > 0, without modulo bias (rejection of the top remainder).
    uint64_t below(uint64_t n);
    // k distinct values of 0..n-1 (all n when k >= n), in the order drawn (partial Fisher-Yates).
    std::vector<size_t> choose(size_t n, size_t k);

private:
    std::mt19937_64 m_engine;
};

struct SamplingOptions {
    size_t maxLeaves = 233;
    size_t imagesPerLeaf = 20;
    size_t maxImages = 233;
    uint64_t seed = 0;
};

struct ConceptSample {
    std::vector<size_t> images;  // data set image indices, ascending
    size_t leaves = 0;           // leaves of the concept
    size_t leavesDrawn = 0;      // after the limit on leaves
    size_t leavesUsed = 0;       // drawn leaves with at least imagesPerLeaf images
};

// imagesOfLeaf: per leaf, in a fixed order (class order), the data set indices of its images.
ConceptSample sampleLeafImages(const std::vector<std::vector<size_t>>& imagesOfLeaf, const SamplingOptions& options);

}  // namespace hint::data
