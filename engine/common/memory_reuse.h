// Keeps the large buffers of batched network passes in the process between batches.
//
// A batch's activations are tens to hundreds of MB each, above glibc's mmap threshold (at most 32 MB),
// so every one is mmap'd, zero-filled by the kernel page by page on first touch, and unmapped again when
// freed: on VGG19 extraction that was ~15% of the CPU time (perf: page faults and munmap). While a
// ReusedMemoryScope lives, malloc serves large blocks from its heap and keeps freed ones for the next
// batch; when the last scope ends, the default policy returns and the free memory is given back to the
// system. Costs: the process holds its peak working set for the scope's duration (bench/run_extract_bench.sh,
// VGG19 at batch 16: max RSS 1.88 GB instead of 1.33 GB).
#pragma once

namespace hint {

class ReusedMemoryScope {
public:
    ReusedMemoryScope();
    ~ReusedMemoryScope();
    ReusedMemoryScope(const ReusedMemoryScope&) = delete;
    ReusedMemoryScope& operator=(const ReusedMemoryScope&) = delete;
};

}  // namespace hint
