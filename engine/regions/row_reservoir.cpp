#include "regions/row_reservoir.h"

#include <algorithm>
#include <numeric>

namespace hint::regions {

RowReservoir::RowReservoir(int64_t rowSize, int64_t capacity, uint64_t seed)
    : m_rowSize(rowSize), m_capacity(std::max<int64_t>(capacity, 0)), m_rng(seed)
{
}

float* RowReservoir::offer(int64_t image, int64_t position)
{
    const int64_t number = m_seen++;
    int64_t slot = -1;
    if (number < m_capacity) {
        slot = number;
        if (slot % kChunkRows == 0)
            m_chunks.emplace_back(static_cast<size_t>(std::min(kChunkRows, m_capacity - slot) * m_rowSize));
        m_order.push_back(number);
        m_ids.push_back(image);
        m_ids.push_back(position);
    } else {
        // Modulo bias is below 2^-40 for any stream that fits in memory or on disk.
        const auto pick = static_cast<int64_t>(m_rng() % static_cast<uint64_t>(number + 1));
        if (pick >= m_capacity) return nullptr;
        slot = pick;
        m_order[static_cast<size_t>(slot)] = number;
        m_ids[static_cast<size_t>(2 * slot)] = image;
        m_ids[static_cast<size_t>(2 * slot + 1)] = position;
    }
    return slotRow(slot);
}

float* RowReservoir::slotRow(int64_t slot)
{
    return m_chunks[static_cast<size_t>(slot / kChunkRows)].data() + (slot % kChunkRows) * m_rowSize;
}

const float* RowReservoir::slotRow(int64_t slot) const
{
    return m_chunks[static_cast<size_t>(slot / kChunkRows)].data() + (slot % kChunkRows) * m_rowSize;
}

int64_t RowReservoir::memoryBytes() const
{
    return m_capacity * (m_rowSize * static_cast<int64_t>(sizeof(float)) + 3 * static_cast<int64_t>(sizeof(int64_t)));
}

void RowReservoir::forEachInStreamOrder(
    const std::function<void(const float* row, int64_t image, int64_t position)>& visit) const
{
    std::vector<size_t> slots(m_order.size());
    std::iota(slots.begin(), slots.end(), size_t{0});
    std::sort(slots.begin(), slots.end(), [this](size_t a, size_t b) { return m_order[a] < m_order[b]; });
    for (size_t slot : slots)
        visit(slotRow(static_cast<int64_t>(slot)), m_ids[2 * slot], m_ids[2 * slot + 1]);
}

}  // namespace hint::regions
