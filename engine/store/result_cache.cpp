#include "store/result_cache.h"

#include "common/unique_name.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <unistd.h>

namespace hint::store {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTrashPrefix = ".trash-";
constexpr const char* kLastUsed = "last_used";
constexpr const char* kManifest = "manifest.json";
constexpr const char* kWriterLock = ".writer.lock";

void touch(const fs::path& file)
{
    std::error_code ec;
    if (!fs::exists(file, ec)) std::ofstream(file).put('\n');
    fs::last_write_time(file, fs::file_time_type::clock::now(), ec);
}

int64_t folderBytes(const fs::path& dir)
{
    int64_t total = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code sizeError;
        if (it->is_regular_file(sizeError)) {
            auto size = it->file_size(sizeError);
            if (!sizeError) total += static_cast<int64_t>(size);
        }
    }
    return total;
}

fs::file_time_type newestTime(const fs::path& dir)
{
    std::error_code ec;
    auto newest = fs::last_write_time(dir, ec);
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code timeError;
        auto t = it->last_write_time(timeError);
        if (!timeError) newest = std::max(newest, t);
    }
    return newest;
}

// Moves a folder out of sight first so nobody sees it half-deleted.
void removeFolder(const fs::path& root, const fs::path& dir)
{
    std::error_code ec;
    const fs::path trash = root / (kTrashPrefix + uniqueSuffix());
    fs::rename(dir, trash, ec);
    fs::remove_all(ec ? dir : trash, ec);
}

}  // namespace

CacheEntryWriter::CacheEntryWriter(std::string root, const CacheKey& key, std::string tempDir)
    : m_root(std::move(root)), m_key(key.hex()), m_keyJson(key.toJson()), m_tempDir(std::move(tempDir)),
      m_lock((fs::path(m_tempDir) / kWriterLock).string())
{
}

CacheEntryWriter::~CacheEntryWriter() { abandon(); }

CacheEntryWriter::CacheEntryWriter(CacheEntryWriter&& other) noexcept
    : m_root(std::move(other.m_root)), m_key(std::move(other.m_key)), m_keyJson(std::move(other.m_keyJson)),
      m_tempDir(std::exchange(other.m_tempDir, std::string())), m_lock(std::move(other.m_lock))
{
}

CacheEntryWriter& CacheEntryWriter::operator=(CacheEntryWriter&& other) noexcept
{
    if (this != &other) {
        abandon();
        m_root = std::move(other.m_root);
        m_key = std::move(other.m_key);
        m_keyJson = std::move(other.m_keyJson);
        m_tempDir = std::exchange(other.m_tempDir, std::string());
        m_lock = std::move(other.m_lock);
    }
    return *this;
}

void CacheEntryWriter::abandon()
{
    if (m_tempDir.empty()) return;
    std::error_code ec;
    fs::remove_all(m_tempDir, ec);
    m_tempDir.clear();
    m_lock.release();
}

Result<std::string> CacheEntryWriter::commit(nlohmann::json manifest)
{
    if (m_tempDir.empty()) return Error::runtime("cache entry " + m_key + " was already committed or abandoned");
    if (!manifest.is_object()) return Error::runtime("a cache manifest must be a JSON object");
    manifest["cache_key"] = m_keyJson;
    manifest["key_sha256"] = m_key;
    manifest["format_version"] = kCacheFormatVersion;
    const fs::path temp(m_tempDir);
    {
        std::ofstream out(temp / kManifest);
        out << manifest.dump(2) << "\n";
        if (!out) return Error::runtime("cannot write " + (temp / kManifest).string());
    }
    touch(temp / kLastUsed);
    // The lock file leaves before the rename (the entry holds only its own files); our descriptor keeps
    // the lock until the folder is published, and the folder name still says we are alive.
    std::error_code lockError;
    fs::remove(temp / kWriterLock, lockError);
    const fs::path target = fs::path(m_root) / m_key;
    // rename(2) onto an existing non-empty folder fails: the first complete entry wins.
    if (std::rename(temp.c_str(), target.c_str()) != 0) {
        const int error = errno;
        std::error_code ec;
        if ((error == EEXIST || error == ENOTEMPTY) && fs::exists(target / kManifest, ec)) {
            abandon();
            return target.string();
        }
        return Error::runtime("cannot publish cache entry " + target.string() + ": " + std::strerror(error));
    }
    m_tempDir.clear();
    m_lock.release();
    return target.string();
}

ResultCache::ResultCache(std::string root) : m_root(std::move(root)) {}

std::string ResultCache::defaultRoot()
{
    if (const char* dir = std::getenv("HINT_CACHE_DIR"); dir && *dir) return dir;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return (fs::path(xdg) / "hint-explorer").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (fs::path(home) / ".cache" / "hint-explorer").string();
    return (fs::temp_directory_path() / "hint-explorer-cache").string();
}

Result<CacheEntryWriter> ResultCache::begin(const CacheKey& key)
{
    std::error_code ec;
    fs::create_directories(m_root, ec);
    if (ec) return Error::runtime("cannot create cache folder " + m_root + ": " + ec.message());
    static std::atomic<uint64_t> counter{0};
    const fs::path temp = fs::path(m_root) / (kTempPrefix + key.hex().substr(0, 16) + "-" + ownerTag(currentOwner()) +
                                              "-" + std::to_string(counter.fetch_add(1)));
    if (!fs::create_directory(temp, ec)) return Error::runtime("cannot create " + temp.string() + ": " + ec.message());
    return CacheEntryWriter(m_root, key, temp.string());
}

bool ResultCache::contains(const std::string& keyHex) const
{
    std::error_code ec;
    return isCacheKeyHex(keyHex) && fs::is_regular_file(fs::path(m_root) / keyHex / kManifest, ec);
}

std::optional<std::string> ResultCache::lookup(const std::string& keyHex) const
{
    if (!contains(keyHex)) return std::nullopt;
    const fs::path dir = fs::path(m_root) / keyHex;
    touch(dir / kLastUsed);
    return dir.string();
}

Result<nlohmann::json> ResultCache::manifest(const std::string& keyHex) const
{
    const fs::path file = fs::path(m_root) / keyHex / kManifest;
    std::ifstream in(file);
    if (!in) return Error::badInput("no cache entry " + keyHex + " in " + m_root);
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        return Error::runtime(file.string() + ": malformed JSON: " + e.what());
    }
}

std::optional<int> ResultCache::entryFormatVersion(const std::string& keyHex) const
{
    // Keys are sorted, so the cache key's own format_version (its second key, after "arch") is near the
    // start: reading a few KB, not the whole manifest, keeps counting fast in a cache of thousands.
    const fs::path file = fs::path(m_root) / keyHex / kManifest;
    std::ifstream in(file);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    const std::string field = "\"format_version\":";
    if (auto at = head.find(field); at != std::string::npos) {
        size_t digits = at + field.size();
        while (digits < head.size() && head[digits] == ' ') ++digits;
        size_t end = digits;
        while (end < head.size() && head[end] >= '0' && head[end] <= '9') ++end;
        if (end > digits && end - digits <= 9 && end < head.size()) return std::stoi(head.substr(digits, end - digits));
    }
    auto json = manifest(keyHex);
    if (!json || !json->contains("format_version") || !(*json)["format_version"].is_number_integer()) return std::nullopt;
    return (*json)["format_version"].get<int>();
}

int64_t ResultCache::olderFormatEntries() const
{
    int64_t older = 0;
    std::error_code ec;
    for (fs::directory_iterator it(m_root, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!isCacheKeyHex(name) || !contains(name)) continue;
        const auto version = entryFormatVersion(name);
        if (!version || *version < kCacheFormatVersion) ++older;
    }
    return older;
}

std::vector<CacheEntry> ResultCache::list() const
{
    std::vector<CacheEntry> entries;
    std::error_code ec;
    for (fs::directory_iterator it(m_root, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!isCacheKeyHex(name) || !contains(name)) continue;
        CacheEntry entry;
        entry.key = name;
        entry.dir = it->path().string();
        entry.bytes = folderBytes(it->path());
        std::error_code timeError;
        entry.lastUsed = fs::last_write_time(it->path() / kLastUsed, timeError);
        if (timeError) entry.lastUsed = fs::last_write_time(it->path() / kManifest, timeError);
        entries.push_back(std::move(entry));
    }
    std::sort(entries.begin(), entries.end(), [](const CacheEntry& a, const CacheEntry& b) {
        return a.lastUsed != b.lastUsed ? a.lastUsed < b.lastUsed : a.key < b.key;
    });
    return entries;
}

int64_t ResultCache::totalBytes() const
{
    int64_t total = 0;
    for (const auto& entry : list()) total += entry.bytes;
    return total;
}

Status ResultCache::remove(const std::string& keyHex)
{
    if (!contains(keyHex)) return Error::badInput("no cache entry " + keyHex + " in " + m_root);
    removeFolder(m_root, fs::path(m_root) / keyHex);
    return {};
}

std::vector<std::string> ResultCache::evictToBudget(int64_t maxBytes)
{
    std::vector<std::string> removed;
    auto entries = list();
    int64_t total = 0;
    for (const auto& entry : entries) total += entry.bytes;
    for (const auto& entry : entries) {
        if (total <= maxBytes) break;
        removeFolder(m_root, entry.dir);
        total -= entry.bytes;
        removed.push_back(entry.key);
    }
    return removed;
}

int ResultCache::cleanStaleTemps(std::chrono::seconds minAge)
{
    int removed = 0;
    const auto cutoff = fs::file_time_type::clock::now() - minAge;
    std::error_code ec;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(m_root, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const bool trash = name.rfind(kTrashPrefix, 0) == 0;
        if (name.rfind(kTempPrefix, 0) != 0 && !trash) continue;
        // A writer of this machine is judged by its process and lock alone (a live one may be slow);
        // one of another machine, or of an older cache's naming, only by the folder's age.
        const auto owner = parseTempOwner(name);
        const bool local = owner && owner->host == currentOwner().host;
        if (trash || (local && ownerProvablyDead(*owner, (it->path() / kWriterLock).string())) ||
            (!local && newestTime(it->path()) < cutoff))
            stale.push_back(it->path());
    }
    for (const auto& dir : stale) {
        std::error_code removeError;
        fs::remove_all(dir, removeError);
        if (!removeError) ++removed;
    }
    return removed;
}

}  // namespace hint::store
