// libFuzzer target: CUB-200-2011 whitespace tables; the first byte picks the field count.
#include "data/annotation_readers.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) return 0;
    const size_t fields = data[0] % 5;
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    auto rows = hint::data::parseCubTable(text, "fuzz.txt", fields);
    if (rows.ok())
        for (const auto& row : rows.value())
            if (row.fields.size() != fields) __builtin_trap();
    return 0;
}
