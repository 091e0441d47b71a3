#include "common/unique_name.h"

#include <atomic>
#include <chrono>
#include <cstdint>

#include <unistd.h>

namespace hint {

std::string uniqueSuffix()
{
    static std::atomic<uint64_t> counter{0};
    return std::to_string(::getpid()) + "-" +
           std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) + "-" +
           std::to_string(counter.fetch_add(1));
}

}  // namespace hint
