#include "common/sha256.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include <sys/stat.h>

namespace hint {
namespace {

constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace

Sha256::Sha256()
    : m_state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}
{
}

void Sha256::block(const uint8_t* chunk)
{
    uint32_t w[64];
    for (int i = 0; i < 16; ++i)
        w[i] = (uint32_t(chunk[4 * i]) << 24) | (uint32_t(chunk[4 * i + 1]) << 16) | (uint32_t(chunk[4 * i + 2]) << 8) |
               uint32_t(chunk[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = m_state[0], b = m_state[1], c = m_state[2], d = m_state[3];
    uint32_t e = m_state[4], f = m_state[5], g = m_state[6], h = m_state[7];
    for (int i = 0; i < 64; ++i) {
        uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = h + s1 + ch + kRound[i] + w[i];
        uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = s0 + maj;
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    m_state[0] += a; m_state[1] += b; m_state[2] += c; m_state[3] += d;
    m_state[4] += e; m_state[5] += f; m_state[6] += g; m_state[7] += h;
}

void Sha256::update(const void* data, size_t size)
{
    const auto* bytes = static_cast<const uint8_t*>(data);
    m_totalBytes += size;
    while (size > 0) {
        size_t take = std::min(size, sizeof(m_buffer) - m_bufferSize);
        std::memcpy(m_buffer + m_bufferSize, bytes, take);
        m_bufferSize += take;
        bytes += take;
        size -= take;
        if (m_bufferSize == 64) {
            block(m_buffer);
            m_bufferSize = 0;
        }
    }
}

std::string Sha256::hexDigest()
{
    uint64_t bits = m_totalBytes * 8;
    uint8_t pad = 0x80;
    update(&pad, 1);
    uint8_t zero = 0;
    while (m_bufferSize != 56) update(&zero, 1);
    uint8_t length[8];
    for (int i = 0; i < 8; ++i) length[i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
    update(length, 8);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (uint32_t word : m_state)
        for (int shift = 28; shift >= 0; shift -= 4) out.push_back(kHex[(word >> shift) & 0xf]);
    return out;
}

std::string sha256Hex(const std::string& text)
{
    Sha256 h;
    h.update(text);
    return h.hexDigest();
}

namespace {

// What identifies one version of a file without reading it.
using FileVersion = std::tuple<uint64_t, uint64_t, int64_t, int64_t, int64_t, int64_t, int64_t>;

// File times tick coarsely (a few ms): a file changed within this window of its last hash could keep
// the same times, so it is not remembered yet (git's "racily clean" rule).
constexpr int64_t kSettledSeconds = 1;

bool versionOf(const std::string& path, FileVersion& version, bool* settled = nullptr)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    if (settled) {
        struct timespec now {};
        ::clock_gettime(CLOCK_REALTIME, &now);
        *settled = now.tv_sec - std::max(st.st_mtim.tv_sec, st.st_ctim.tv_sec) > kSettledSeconds;
    }
    version = {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), static_cast<int64_t>(st.st_size),
               st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_ctim.tv_sec, st.st_ctim.tv_nsec};
    return true;
}

struct FileHashMemo {
    std::mutex mutex;
    std::map<FileVersion, std::string> hashes;
    FileHashCounts counts;
};

FileHashMemo& memo()
{
    static FileHashMemo instance;
    return instance;
}

Result<std::string> hashFileContents(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput("cannot open " + path);
    Sha256 h;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        h.update(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) return Error::runtime("cannot read " + path);
    return h.hexDigest();
}

}  // namespace

Result<std::string> sha256File(const std::string& path)
{
    FileVersion before;
    if (!versionOf(path, before)) return Error::badInput("cannot open " + path);
    {
        std::lock_guard<std::mutex> lock(memo().mutex);
        auto found = memo().hashes.find(before);
        if (found != memo().hashes.end()) {
            ++memo().counts.reused;
            return found->second;
        }
    }
    auto hash = hashFileContents(path);
    if (!hash) return hash;
    FileVersion after;
    bool settled = false;
    std::lock_guard<std::mutex> lock(memo().mutex);
    ++memo().counts.read;
    // Remembered only when the file did not change while it was read and has not changed just now.
    if (versionOf(path, after, &settled) && after == before && settled) memo().hashes[before] = hash.value();
    return hash;
}

FileHashCounts fileHashCounts()
{
    std::lock_guard<std::mutex> lock(memo().mutex);
    return memo().counts;
}

}  // namespace hint
