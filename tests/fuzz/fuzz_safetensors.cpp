// libFuzzer target: the safetensors header reader behind model weights loading.
#include "model/detail/safetensors_header.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto layout = hint::model::detail::parseSafetensorsHeader(reinterpret_cast<const char*>(data), size, "fuzz");
    if (layout.ok())
        for (const auto& entry : layout->entries)
            if (entry.end > size - layout->bodyOffset || entry.begin > entry.end) __builtin_trap();
    return 0;
}
