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

// A file's SHA-256, remembered for the process by (device, inode, size, mtime, ctime): a weights file of
// hundreds of MB is hashed once, not on every plan and stored-results refresh. Any write, rename over
// or touch of the file changes its ctime, so a changed file is hashed again; a file changed in the last
// seconds is not remembered yet (file times tick coarsely). Thread-safe.
Result<std::string> sha256File(const std::string& path);

// How many sha256File calls read their file and how many reused a remembered hash (diagnostics, tests).
struct FileHashCounts {
    int64_t read = 0;
    int64_t reused = 0;
};
FileHashCounts fileHashCounts();

}  // namespace hint
