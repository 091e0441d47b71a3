#include "store/cache_key.h"

#include "common/sha256.h"

namespace hint::store {

nlohmann::json CacheKey::toJson() const
{
    return {{"stage", stage},
            {"weights_sha256", weightsSha256},
            {"arch", arch},
            {"tap", tap},
            {"method", method},
            {"preprocessing", preprocessing},
            {"parameters", parameters},
            {"images", images},
            {"format_version", formatVersion}};
}

std::string CacheKey::canonicalText() const { return toJson().dump(); }

std::string CacheKey::hex() const { return sha256Hex(canonicalText()); }

bool isCacheKeyHex(const std::string& text)
{
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace hint::store
