#include "common/memory_reuse.h"

#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hint {

namespace {

// malloc's policy is process-wide: scopes on several threads share it, the last one out restores it.
std::mutex g_mutex;
int g_scopes = 0;

}  // namespace

ReusedMemoryScope::ReusedMemoryScope()
{
#if defined(__GLIBC__)
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_scopes++ == 0) {
        mallopt(M_MMAP_MAX, 0);                  // large blocks from the heap, not from mmap
        mallopt(M_TRIM_THRESHOLD, 1 << 30);      // and keep freed ones instead of shrinking the heap
    }
#endif
}

ReusedMemoryScope::~ReusedMemoryScope()
{
#if defined(__GLIBC__)
    std::lock_guard<std::mutex> lock(g_mutex);
    if (--g_scopes == 0) {
        mallopt(M_MMAP_MAX, 65536);              // glibc's defaults
        mallopt(M_TRIM_THRESHOLD, 128 * 1024);
        malloc_trim(0);
    }
#endif
}

}  // namespace hint
