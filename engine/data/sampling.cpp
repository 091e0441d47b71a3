#include "data/sampling.h"

#include <algorithm>
#include <numeric>

namespace hint::data {

uint64_t SeededRandom::below(uint64_t n)
{
    if (n <= 1) return 0;
    // 2^64 mod n: drawing from [threshold, 2^64) leaves a whole number of copies of [0, n).
    const uint64_t threshold = (0 - n) % n;
    for (;;) {
        const uint64_t r = m_engine();
        if (r >= threshold) return r % n;
    }
}

std::vector<size_t> SeededRandom::choose(size_t n, size_t k)
{
    std::vector<size_t> pool(n);
    std::iota(pool.begin(), pool.end(), size_t{0});
    k = std::min(k, n);
    for (size_t i = 0; i < k; ++i) std::swap(pool[i], pool[i + below(n - i)]);
    pool.resize(k);
    return pool;
}

ConceptSample sampleLeafImages(const std::vector<std::vector<size_t>>& imagesOfLeaf, const SamplingOptions& options)
{
    SeededRandom random(options.seed);
    ConceptSample sample;
    sample.leaves = imagesOfLeaf.size();
    // Drawn leaves are visited in their original order so each one's draws do not depend on how
    // the leaves happened to be drawn.
    std::vector<size_t> leaves = random.choose(imagesOfLeaf.size(), options.maxLeaves);
    std::sort(leaves.begin(), leaves.end());
    sample.leavesDrawn = leaves.size();
    std::vector<size_t> pooled;
    for (size_t leaf : leaves) {
        const auto& images = imagesOfLeaf[leaf];
        if (images.size() < options.imagesPerLeaf || options.imagesPerLeaf == 0) continue;
        ++sample.leavesUsed;
        for (size_t pick : random.choose(images.size(), options.imagesPerLeaf)) pooled.push_back(images[pick]);
    }
    if (pooled.size() > options.maxImages) {
        std::vector<size_t> kept;
        for (size_t pick : random.choose(pooled.size(), options.maxImages)) kept.push_back(pooled[pick]);
        pooled = std::move(kept);
    }
    std::sort(pooled.begin(), pooled.end());
    pooled.erase(std::unique(pooled.begin(), pooled.end()), pooled.end());
    sample.images = std::move(pooled);
    return sample;
}

}  // namespace hint::data
