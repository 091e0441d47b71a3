// SHA-256 of bytes and files: weights hashes and cache keys.
#pragma once

#include "common/result.h"

#include <cstdint>
#include <string>

namespace hint {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    void update(const std::string& text) { update(text.data(), text.size()); }
    std::string hexDigest();  // finishes the hash

private:
    void block(const uint8_t* chunk);
    uint32_t m_state[8];
    uint8_t m_buffer[64];
    size_t m_bufferSize = 0;
    uint64_t m_totalBytes = 0;
};

std::string sha256Hex(const std::string& text);
Result<std::string> sha256File(const std::string& path);

}  // namespace hint
