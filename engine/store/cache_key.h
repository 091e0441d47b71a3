// CacheKey: what identifies a stored result. Its SHA-256 over canonical JSON (keys sorted, no spaces) names
// the result's folder in the cache, so equal inputs find the same entry whatever order they were given in.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hint::store {

// Bumped whenever a stored layout or what a key holds changes: older entries then simply stop matching
// (ResultCache::olderFormatEntries counts them). 2: images by content hash, no path in any key.
constexpr int kCacheFormatVersion = 2;

struct CacheKey {
    std::string stage;          // "extract", "regions", "train", ... (different results of the same inputs)
    std::string weightsSha256;  // of the weights file ("" for random weights)
    std::string arch;
    std::string tap;
    std::string method;
    nlohmann::json preprocessing = nlohmann::json::object();
    nlohmann::json parameters = nlohmann::json::object();
    std::vector<std::string> images;  // the image list, in order: SHA-256 of each file's bytes, never a path
    int formatVersion = kCacheFormatVersion;

    // {"arch","format_version","images","method","parameters","preprocessing","stage","tap","weights_sha256"}
    nlohmann::json toJson() const;
    std::string canonicalText() const;  // toJson().dump(): nlohmann sorts object keys at every level
    std::string hex() const;            // SHA-256 of canonicalText(): 64 lowercase hex digits
};

bool isCacheKeyHex(const std::string& text);

}  // namespace hint::store
