// SHA-256 of bytes and files (weights hashes, image content hashes, cache keys), computed by OpenSSL's
// libcrypto, which uses the CPU's SHA extensions where it has them (~10x a portable implementation).
#pragma once

#include "common/result.h"

#include <cstdint>
#include <memory>
#include <string>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, private to sha256.cpp

namespace hint {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    void update(const void* data, size_t size);
    void update(const std::string& text) { update(text.data(), text.size()); }
    std::string hexDigest();  // finishes the hash

private:
    struct FreeContext {
        void operator()(evp_md_ctx_st* context) const;
    };
    std::unique_ptr<evp_md_ctx_st, FreeContext> m_context;
};

std::string sha256Hex(const std::string& text);

// What identifies one version of a file without reading it. Any write, rename over or touch of the
// file changes its ctime (which no program can set back) or its inode.
struct FileVersion {
    uint64_t device = 0;
    uint64_t inode = 0;
    int64_t size = 0;
    int64_t mtimeNs = 0;  // nanoseconds since the epoch
    int64_t ctimeNs = 0;
    bool operator==(const FileVersion& other) const;
    bool operator!=(const FileVersion& other) const { return !(*this == other); }
    bool operator<(const FileVersion& other) const;
};

// stat(2) of the file (symbolic links followed); BadInput "cannot open PATH" when it is missing.
Result<FileVersion> fileVersion(const std::string& path);

// Whether a hash of this version may be remembered: file times tick coarsely, so a file changed within
// the last second could change again keeping the same times (git's "racily clean" rule).
bool isSettled(const FileVersion& version);

// A file's SHA-256, remembered for the process by its FileVersion: a weights file of hundreds of MB is
// hashed once, not on every plan and stored-results refresh; a changed file is hashed again, and a file
// changed in the last second is not remembered yet. Thread-safe. (store/file_hash_memo.h remembers
// hashes across processes.)
Result<std::string> sha256File(const std::string& path);

// Makes sha256File reuse a hash known from elsewhere (the cache's file-hash memo) for this version.
void rememberFileSha256(const FileVersion& version, const std::string& hash);

// How many sha256File calls read their file and how many reused a remembered hash (diagnostics, tests).
struct FileHashCounts {
    int64_t read = 0;
    int64_t reused = 0;
};
FileHashCounts fileHashCounts();

}  // namespace hint
