// PublishedKeysProbe: tells cheaply whether entries a reader is waiting for have been published in a
// result cache by another process (a cluster shard, a `hint run` in a terminal), so the explorer can follow
// a cache being filled without re-listing it all the time. Writers publish an entry by renaming its folder
// into the cache root (result_cache.h), which changes the root's modification time: a look at an idle
// cache costs one stat, and only a changed root is searched for the awaited keys. Temporary folders are
// never mistaken for entries, so a half-written entry never counts.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hint::store {

class PublishedKeysProbe {
public:
    // `awaitedKeys`: 64-hex cache keys not stored when the caller last listed the cache.
    PublishedKeysProbe(std::string root, std::vector<std::string> awaitedKeys);

    // True when at least one awaited key is published now. The first call always searches (an entry may
    // have landed between the caller's listing and this probe's creation); later calls only when the root
    // changed since the previous call. Not thread-safe: one caller at a time.
    bool anyPublished();
    const std::vector<std::string>& awaitedKeys() const { return m_awaited; }

private:
    std::string m_root;
    std::vector<std::string> m_awaited;
    std::optional<std::filesystem::file_time_type> m_lastRootTime;
};

}  // namespace hint::store
