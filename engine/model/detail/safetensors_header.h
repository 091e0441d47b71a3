// The safetensors container without Torch: the 8-byte header length, the JSON header and every
// tensor's dtype, shape and byte range, all checked against the file's size. weights_io.cpp turns
// the entries into tensors; the fuzz target (tests/fuzz) feeds this parser arbitrary bytes.
#pragma once

#include "common/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hint::model::detail {

struct SafetensorsEntry {
    std::string name;
    std::string dtype;          // "F32", "F16", "BF16", "F64", "I64", "I32"
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0;  // byte range within the body (after the header)
};

struct SafetensorsLayout {
    std::vector<SafetensorsEntry> entries;  // in the header's key order, "__metadata__" left out
    size_t bodyOffset = 0;                  // 8 + header length
};

// Bytes per element of a supported dtype, 0 for any other name.
size_t safetensorsDtypeBytes(const std::string& dtype);
// `name` (the path) is used in messages.
Result<SafetensorsLayout> parseSafetensorsHeader(const char* data, size_t size, const std::string& name);
// The same from the file's first `available` bytes (at least 8 + the header length) and its size.
Result<SafetensorsLayout> parseSafetensorsHeader(const char* data, size_t available, uint64_t fileSize,
                                                 const std::string& name);

}  // namespace hint::model::detail
