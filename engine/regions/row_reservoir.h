// RowReservoir: a seeded uniform sample of at most `capacity` rows out of a stream of unknown length
// (reservoir sampling, algorithm R). Memory is capacity x rowSize floats whatever the stream length,
// which is what keeps shallow layers (millions of positions) bounded.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

namespace hint::regions {

class RowReservoir {
public:
    RowReservoir(int64_t rowSize, int64_t capacity, uint64_t seed);

    // Offers the next row of the stream, identified by (image, position). Returns where the caller
    // must copy the row's rowSize floats, or nullptr when the sample skips it.
    float* offer(int64_t image, int64_t position);

    int64_t seen() const { return m_seen; }
    int64_t size() const { return static_cast<int64_t>(m_order.size()); }
    int64_t capacity() const { return m_capacity; }
    int64_t rowSize() const { return m_rowSize; }
    int64_t memoryBytes() const;

    // Visits the kept rows in stream order (a sample is a subsequence of the stream), without copying.
    void forEachInStreamOrder(const std::function<void(const float* row, int64_t image, int64_t position)>& visit) const;

private:
    int64_t m_rowSize;
    int64_t m_capacity;
    std::mt19937_64 m_rng;  // fully specified by the standard: the same sample on every platform
    int64_t m_seen = 0;
    // Rows live in fixed chunks: growing never copies, so the peak stays at the sample's own size.
    static constexpr int64_t kChunkRows = 4096;
    float* slotRow(int64_t slot);
    const float* slotRow(int64_t slot) const;
    std::vector<std::vector<float>> m_chunks;
    std::vector<int64_t> m_order;  // stream number of each slot's row
    std::vector<int64_t> m_ids;    // image, position per slot
};

}  // namespace hint::regions
