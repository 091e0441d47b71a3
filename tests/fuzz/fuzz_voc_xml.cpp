// libFuzzer target: PASCAL-style XML annotations (the XML reader underneath).
#include "data/annotation_readers.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto annotation = hint::data::parseVocXml(text, "fuzz.xml");
    if (!annotation.ok() && annotation.error().message.rfind("fuzz.xml", 0) != 0) __builtin_trap();
    return 0;
}
