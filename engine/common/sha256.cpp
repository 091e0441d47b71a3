#include "common/sha256.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hint {

void Sha256::FreeContext::operator()(evp_md_ctx_st* context) const { EVP_MD_CTX_free(context); }

Sha256::Sha256() : m_context(EVP_MD_CTX_new())
{
    // Only allocation can fail here; SHA-256 is in every libcrypto build.
    if (!m_context || EVP_DigestInit_ex(m_context.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("libcrypto cannot start a SHA-256 hash");
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, size_t size)
{
    if (size > 0) EVP_DigestUpdate(m_context.get(), data, size);
}

std::string Sha256::hexDigest()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_context.get(), digest, &length);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0xf]);
    }
    return out;
}

std::string sha256Hex(const std::string& text)
{
    Sha256 h;
    h.update(text);
    return h.hexDigest();
}

bool FileVersion::operator==(const FileVersion& o) const
{
    return std::tie(device, inode, size, mtimeNs, ctimeNs) == std::tie(o.device, o.inode, o.size, o.mtimeNs, o.ctimeNs);
}

bool FileVersion::operator<(const FileVersion& o) const
{
    return std::tie(device, inode, size, mtimeNs, ctimeNs) < std::tie(o.device, o.inode, o.size, o.mtimeNs, o.ctimeNs);
}

namespace {

constexpr int64_t kNsPerSecond = 1000000000;
// Coarser than any local or network file system's time stamps (ext4, xfs, btrfs: a kernel tick; NFS: the
// server's; ext3: 1 s): a later change of a file settled this long shows in its times.
constexpr int64_t kSettledNs = kNsPerSecond;
// Large sequential reads: the hash, not the system calls, sets the pace.
constexpr size_t kReadBlock = size_t(4) << 20;

int64_t nanoseconds(const struct timespec& t) { return int64_t(t.tv_sec) * kNsPerSecond + t.tv_nsec; }

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
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error::badInput("cannot open " + path + ": " + std::strerror(errno));
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    Sha256 h;
    std::vector<char> buffer(kReadBlock);
    for (;;) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            const int error = errno;
            ::close(fd);
            return Error::runtime("cannot read " + path + ": " + std::strerror(error));
        }
        if (got == 0) break;
        h.update(buffer.data(), static_cast<size_t>(got));
    }
    ::close(fd);
    return h.hexDigest();
}

}  // namespace

Result<FileVersion> fileVersion(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return Error::badInput("cannot open " + path + ": " + std::strerror(errno));
    FileVersion v;
    v.device = static_cast<uint64_t>(st.st_dev);
    v.inode = static_cast<uint64_t>(st.st_ino);
    v.size = static_cast<int64_t>(st.st_size);
    v.mtimeNs = nanoseconds(st.st_mtim);
    v.ctimeNs = nanoseconds(st.st_ctim);
    return v;
}

bool isSettled(const FileVersion& version)
{
    struct timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return nanoseconds(now) - std::max(version.mtimeNs, version.ctimeNs) > kSettledNs;
}

Result<std::string> sha256File(const std::string& path)
{
    auto before = fileVersion(path);
    if (!before) return before.error();
    {
        std::lock_guard<std::mutex> lock(memo().mutex);
        auto found = memo().hashes.find(before.value());
        if (found != memo().hashes.end()) {
            ++memo().counts.reused;
            return found->second;
        }
    }
    auto hash = hashFileContents(path);
    if (!hash) return hash;
    auto after = fileVersion(path);
    std::lock_guard<std::mutex> lock(memo().mutex);
    ++memo().counts.read;
    // Remembered only when the file did not change while it was read and has not changed just now.
    if (after && after.value() == before.value() && isSettled(after.value())) memo().hashes[before.value()] = hash.value();
    return hash;
}

void rememberFileSha256(const FileVersion& version, const std::string& hash)
{
    std::lock_guard<std::mutex> lock(memo().mutex);
    memo().hashes[version] = hash;
}

FileHashCounts fileHashCounts()
{
    std::lock_guard<std::mutex> lock(memo().mutex);
    return memo().counts;
}

}  // namespace hint
