// ReusedMemoryScope: inside it a large block comes from malloc's heap (no mmap) and its memory stays
// with the process after free; after the last scope, large blocks are mmap'd again (glibc's default).
#include "common/memory_reuse.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace {

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
constexpr size_t kLarge = 64u << 20;  // above glibc's largest mmap threshold (32 MB)

void* volatile g_escape = nullptr;  // keeps the compiler from eliding the malloc/free pair

// Number of mmap'd blocks while a large block is held.
size_t mappedBlocksWhileHolding()
{
    void* block = std::malloc(kLarge);
    g_escape = block;
    std::memset(block, 1, 4096);
    const size_t mapped = mallinfo2().hblks;
    std::free(block);
    return mapped;
}

TEST(ReusedMemoryScope, LargeBlocksComeFromTheHeapOnlyInsideTheScope)
{
    const size_t before = mallinfo2().hblks;
    EXPECT_EQ(mappedBlocksWhileHolding(), before + 1);
    {
        const hint::ReusedMemoryScope outer;
        EXPECT_EQ(mappedBlocksWhileHolding(), before);
        // The freed block is kept for reuse: the heap still holds at least its size.
        EXPECT_GE(mallinfo2().arena, kLarge);
        {
            const hint::ReusedMemoryScope inner;  // nested scopes share the policy
        }
        EXPECT_EQ(mappedBlocksWhileHolding(), before);
    }
    EXPECT_EQ(mappedBlocksWhileHolding(), before + 1);
}
#else
TEST(ReusedMemoryScope, LargeBlocksComeFromTheHeapOnlyInsideTheScope)
{
    GTEST_SKIP() << "glibc's malloc is replaced (sanitizer build) or absent";
}
#endif

}  // namespace
