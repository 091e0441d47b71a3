// ResultCache: a content-addressed store of computed results (ARCHITECTURE.md "Store"). An entry is a folder
// ROOT/<sha256 of the CacheKey> holding .npy files (readable with numpy) and manifest.json. Writers fill a
// temporary folder ROOT/.tmp-* (named after the writing process, holding its flock: store/temp_owner.h)
// and publish it with one rename, so readers never see half an entry, a killed writer leaves only a temp
// folder (ignored, swept by cleanStaleTemps once the writer is provably dead or the folder is old), and
// concurrent writers of the same key (threads, processes, cluster shards on a shared folder) end with one
// complete entry.
// Everything here is disposable: eviction keeps the folder under a size budget, least recently used first.
#pragma once

#include "common/result.h"
#include "store/cache_key.h"
#include "store/temp_owner.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hint::store {

struct CacheEntry {
    std::string key;  // 64 hex digits
    std::string dir;
    int64_t bytes = 0;
    std::filesystem::file_time_type lastUsed;  // mtime of the entry's last_used file
};

// A temporary folder for one entry being written; removed on destruction unless committed.
class CacheEntryWriter {
public:
    CacheEntryWriter(std::string root, const CacheKey& key, std::string tempDir);
    ~CacheEntryWriter();
    CacheEntryWriter(CacheEntryWriter&& other) noexcept;
    CacheEntryWriter& operator=(CacheEntryWriter&& other) noexcept;
    CacheEntryWriter(const CacheEntryWriter&) = delete;
    CacheEntryWriter& operator=(const CacheEntryWriter&) = delete;

    const std::string& dir() const { return m_tempDir; }  // write the entry's files here
    const std::string& key() const { return m_key; }

    // Adds {"cache_key": key JSON, "key_sha256", "format_version"} to the manifest, writes it and publishes
    // the folder. If another writer published this key first, ours is discarded and the existing entry's
    // folder is returned: both computed the same thing.
    Result<std::string> commit(nlohmann::json manifest = nlohmann::json::object());
    void abandon();

private:
    std::string m_root;
    std::string m_key;
    nlohmann::json m_keyJson;
    std::string m_tempDir;
    HeldLock m_lock;  // held while the folder is ours: sweepers on this host leave it alone
};

class ResultCache {
public:
    explicit ResultCache(std::string root);

    // $HINT_CACHE_DIR, else $XDG_CACHE_HOME/hint-explorer, else ~/.cache/hint-explorer.
    static std::string defaultRoot();
    const std::string& root() const { return m_root; }

    // Creates the root if needed and a temporary folder for the entry.
    Result<CacheEntryWriter> begin(const CacheKey& key);

    // The entry's folder if it is stored (and marks it used for LRU), else nullopt.
    std::optional<std::string> lookup(const std::string& keyHex) const;
    std::optional<std::string> lookup(const CacheKey& key) const { return lookup(key.hex()); }
    bool contains(const std::string& keyHex) const;
    Result<nlohmann::json> manifest(const std::string& keyHex) const;
    // The format_version an entry was written with; nullopt when its manifest says none or is unreadable.
    std::optional<int> entryFormatVersion(const std::string& keyHex) const;
    // Published entries of an older format: their keys never match again, so they are ignored (and go
    // first when evicting, being least recently used).
    int64_t olderFormatEntries() const;

    // Published entries, least recently used first. Temporary folders are never listed.
    std::vector<CacheEntry> list() const;
    int64_t totalBytes() const;
    Status remove(const std::string& keyHex);
    // Removes least recently used entries until the total is <= maxBytes; returns the removed keys in order.
    std::vector<std::string> evictToBudget(int64_t maxBytes);
    // Removes temporary folders left by killed writers: a writer of this machine's when it is provably
    // dead (store/temp_owner.h), whatever the folder's age; another machine's (or an older cache's name)
    // when its newest file is older than minAge. A live writer's folder on this machine is never removed.
    int cleanStaleTemps(std::chrono::seconds minAge = std::chrono::hours(24));

private:
    std::string m_root;
};

}  // namespace hint::store
