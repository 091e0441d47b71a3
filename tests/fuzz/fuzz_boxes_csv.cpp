// libFuzzer target: boxes CSV and labels CSV readers.
#include "data/annotation_readers.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto boxes = hint::data::parseBoxesCsv(text, "fuzz.csv");
    if (boxes.ok())
        for (const auto& row : boxes.value())
            if (row.box.x1 < row.box.x0 || row.box.y1 < row.box.y0 || row.line < 2) __builtin_trap();
    auto labels = hint::data::parseLabelsCsv(text, "fuzz.csv");
    (void)labels;
    return 0;
}
