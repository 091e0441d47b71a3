// PublishedKeysProbe: one stat per look at an idle cache, a search of the awaited keys when it changed.
#include "store/published_keys_probe.h"

#include "store/result_cache.h"

#include <system_error>

namespace hint::store {

PublishedKeysProbe::PublishedKeysProbe(std::string root, std::vector<std::string> awaitedKeys)
    : m_root(std::move(root)), m_awaited(std::move(awaitedKeys))
{
}

bool PublishedKeysProbe::anyPublished()
{
    if (m_awaited.empty()) return false;
    std::error_code error;
    // Read before searching: a publish during the search changes the time again and is seen next call.
    const auto rootTime = std::filesystem::last_write_time(m_root, error);
    if (error) return false;  // no cache folder yet: nothing published
    if (m_lastRootTime && *m_lastRootTime == rootTime) return false;
    m_lastRootTime = rootTime;
    const ResultCache cache(m_root);
    for (const auto& key : m_awaited)
        if (cache.contains(key)) return true;
    return false;
}

}  // namespace hint::store
