// ResultCache and CacheKey: canonical keys, atomic publication, concurrent writers, LRU eviction.
#include "store/result_cache.h"

#include "common/npy.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <set>
#include <fstream>
#include <thread>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using hint::store::CacheKey;
using hint::store::ResultCache;

fs::path scratch(const std::string& name)
{
    auto dir = fs::temp_directory_path() / ("hint_cache_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

CacheKey sampleKey()
{
    CacheKey key;
    key.stage = "extract";
    key.weightsSha256 = "ab12";
    key.arch = "vgg19";
    key.tap = "features.30";
    key.method = "guided";
    key.preprocessing = nlohmann::json::parse(R"({"size": 224, "mean": [485, 456, 406], "mode": "hint"})");
    key.parameters = nlohmann::json::parse(R"({"target": "label", "batch": {"n": 8, "pad": true}})");
    key.images = {std::string(64, '1'), std::string(64, '2')};  // the images' content hashes
    return key;
}

TEST(CacheKey, StableUnderKeyOrderAndEqualToPythonsSortedJson)
{
    CacheKey a = sampleKey();
    CacheKey b = sampleKey();
    b.preprocessing = nlohmann::json::parse(R"({"mode": "hint", "mean": [485, 456, 406], "size": 224})");
    b.parameters = nlohmann::json::parse(R"({"batch": {"pad": true, "n": 8}, "target": "label"})");
    EXPECT_EQ(a.hex(), b.hex());
    EXPECT_TRUE(hint::store::isCacheKeyHex(a.hex()));

    // The documented canonical form: json.dumps(sort_keys=True, separators=(",", ":")) then SHA-256.
    auto dir = scratch("python");
    std::ofstream(dir / "key.json") << a.toJson().dump(4);
    const std::string command = std::string(HINT_PYTHON3) +
                                " -c \"import json,hashlib,sys; k=json.load(open(sys.argv[1])); "
                                "print(hashlib.sha256(json.dumps(k,sort_keys=True,separators=(',',':')).encode()).hexdigest())\" " +
                                (dir / "key.json").string() + " > " + (dir / "hex.txt").string();
    ASSERT_EQ(std::system(command.c_str()), 0);
    std::string pythonHex;
    std::ifstream(dir / "hex.txt") >> pythonHex;
    EXPECT_EQ(pythonHex, a.hex());
}

TEST(CacheKey, AnyChangedFieldChangesTheKey)
{
    std::vector<CacheKey> keys(10, sampleKey());
    keys[1].stage = "regions";
    keys[2].weightsSha256 = "ab13";
    keys[3].arch = "vgg16";
    keys[4].tap = "features.26";
    keys[5].method = "vanilla";
    keys[6].preprocessing["size"] = 225;
    keys[7].parameters["batch"]["n"] = 9;
    keys[8].images = {std::string(64, '2'), std::string(64, '1')};  // order matters: rows follow the list
    keys[9].formatVersion = hint::store::kCacheFormatVersion + 1;
    std::set<std::string> hexes;
    for (const auto& key : keys) hexes.insert(key.hex());
    EXPECT_EQ(hexes.size(), keys.size());
}

// Writes an entry with one float32 array of `floats` values.
std::string putEntry(ResultCache& cache, const CacheKey& key, int64_t floats, float value = 1.0f)
{
    auto writer = cache.begin(key);
    EXPECT_TRUE(writer.ok());
    hint::FloatTensor t({floats}, value);
    EXPECT_TRUE(hint::writeNpy(writer->dir() + "/values.npy", t).ok());
    auto published = writer->commit({{"what", "test"}});
    EXPECT_TRUE(published.ok()) << published.error().message;
    return published.ok() ? published.value() : std::string();
}

TEST(ResultCache, PublishedEntryIsFoundWithItsManifestAndArrays)
{
    ResultCache cache(scratch("publish").string());
    const CacheKey key = sampleKey();
    EXPECT_FALSE(cache.lookup(key).has_value());
    const std::string dir = putEntry(cache, key, 12, 2.5f);
    auto found = cache.lookup(key);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(*found, dir);
    auto values = hint::readNpyFloat(*found + "/values.npy");
    ASSERT_TRUE(values.ok());
    EXPECT_EQ(values->data, std::vector<float>(12, 2.5f));
    auto manifest = cache.manifest(key.hex());
    ASSERT_TRUE(manifest.ok());
    EXPECT_EQ((*manifest)["what"], "test");
    EXPECT_EQ((*manifest)["cache_key"], key.toJson());
    EXPECT_EQ(cache.list().size(), 1u);
    ASSERT_TRUE(cache.remove(key.hex()).ok());
    EXPECT_FALSE(cache.contains(key.hex()));
    EXPECT_TRUE(cache.list().empty());
}

// An entry as the previous format wrote it: its key and manifest say format_version 1. Returns its key.
std::string makeOlderFormat(ResultCache& cache, CacheKey key, const nlohmann::json& extra = nlohmann::json::object())
{
    key.formatVersion = 1;
    putEntry(cache, key, 2);
    auto manifest = cache.manifest(key.hex()).value();
    manifest["format_version"] = 1;
    for (auto& [name, value] : extra.items()) manifest[name] = value;
    std::ofstream(fs::path(cache.root()) / key.hex() / "manifest.json") << manifest.dump(2) << "\n";
    return key.hex();
}

TEST(ResultCache, EntriesOfAnOlderFormatAreCountedAndNeverMatched)
{
    ResultCache cache(scratch("older").string());
    CacheKey current = sampleKey();
    putEntry(cache, current, 2);
    EXPECT_EQ(cache.entryFormatVersion(current.hex()), hint::store::kCacheFormatVersion);
    EXPECT_EQ(cache.olderFormatEntries(), 0);

    CacheKey old = sampleKey();
    old.tap = "features.3";
    const std::string oldHex = makeOlderFormat(cache, old);
    // A manifest whose first keys hold more than the few KB read first: found by parsing it whole.
    CacheKey big = sampleKey();
    big.tap = "features.5";
    const std::string bigHex = makeOlderFormat(cache, big, {{"aaa", std::string(10000, 'x')}});
    EXPECT_EQ(cache.entryFormatVersion(oldHex), 1);
    EXPECT_EQ(cache.entryFormatVersion(bigHex), 1);
    EXPECT_EQ(cache.olderFormatEntries(), 2);
    EXPECT_EQ(cache.list().size(), 3u);
    // Today's key for the same inputs names another entry: an old one is never read as a new one.
    EXPECT_NE(old.hex(), oldHex);
    EXPECT_FALSE(cache.contains(old.hex()));
}

TEST(ResultCache, UncommittedOrCrashedWritersLeaveNoEntry)
{
    const auto root = scratch("crash");
    ResultCache cache(root.string());
    const CacheKey key = sampleKey();
    {
        auto writer = cache.begin(key);
        ASSERT_TRUE(writer.ok());
        hint::FloatTensor t({4}, 1.0f);
        ASSERT_TRUE(hint::writeNpy(writer->dir() + "/values.npy", t).ok());
        EXPECT_TRUE(fs::exists(writer->dir()));
    }  // destroyed without commit (an exception, a cancel)
    EXPECT_FALSE(cache.lookup(key).has_value());
    EXPECT_EQ(std::distance(fs::directory_iterator(root), fs::directory_iterator()), 0);

    // A killed process cannot clean up: its temp folder, complete with manifest, stays behind.
    const fs::path orphan = root / (".tmp-" + key.hex().substr(0, 16) + "-99999-1-0");
    fs::create_directories(orphan);
    std::ofstream(orphan / "manifest.json") << "{}";
    std::ofstream(orphan / "values.npy") << "partial";
    EXPECT_FALSE(cache.contains(key.hex()));
    EXPECT_FALSE(cache.lookup(key).has_value());
    EXPECT_TRUE(cache.list().empty());
    EXPECT_EQ(cache.cleanStaleTemps(std::chrono::hours(1)), 0);  // young: may belong to a live writer
    EXPECT_TRUE(fs::exists(orphan));
    fs::last_write_time(orphan / "values.npy", fs::file_time_type::clock::now() - std::chrono::hours(2));
    fs::last_write_time(orphan / "manifest.json", fs::file_time_type::clock::now() - std::chrono::hours(2));
    fs::last_write_time(orphan, fs::file_time_type::clock::now() - std::chrono::hours(2));
    EXPECT_EQ(cache.cleanStaleTemps(std::chrono::hours(1)), 1);
    EXPECT_FALSE(fs::exists(orphan));
}

TEST(ResultCache, ConcurrentWritersOfOneKeyLeaveOneCompleteEntry)
{
    const auto root = scratch("race");
    for (int round = 0; round < 20; ++round) {
        ResultCache cache(root.string());
        CacheKey key = sampleKey();
        key.parameters["round"] = round;
        std::vector<std::string> published(2);
        std::atomic<int> ready{0};
        auto write = [&](int id) {
            ResultCache own(root.string());  // separate objects, as separate processes would have
            auto writer = own.begin(key);
            ASSERT_TRUE(writer.ok());
            hint::FloatTensor t({50000}, static_cast<float>(id + 1));
            ASSERT_TRUE(hint::writeNpy(writer->dir() + "/values.npy", t).ok());
            ++ready;
            while (ready.load() < 2) std::this_thread::yield();
            auto result = writer->commit({{"writer", id}});
            ASSERT_TRUE(result.ok()) << result.error().message;
            published[static_cast<size_t>(id)] = result.value();
        };
        std::thread a(write, 0), b(write, 1);
        a.join();
        b.join();
        EXPECT_EQ(published[0], published[1]);
        auto entries = cache.list();
        ASSERT_EQ(entries.size(), 1u);
        auto values = hint::readNpyFloat(entries[0].dir + "/values.npy");
        ASSERT_TRUE(values.ok());
        const int winner = (*cache.manifest(key.hex()))["writer"].get<int>();
        EXPECT_EQ(values->data, std::vector<float>(50000, static_cast<float>(winner + 1)));
        for (const auto& item : fs::directory_iterator(root))
            EXPECT_EQ(item.path().filename().string().rfind(".tmp-", 0), std::string::npos) << item.path();
        ASSERT_TRUE(cache.remove(key.hex()).ok());
    }
}

TEST(ResultCache, EvictionRemovesLeastRecentlyUsedFirst)
{
    ResultCache cache(scratch("lru").string());
    std::vector<CacheKey> keys(4, sampleKey());
    for (size_t i = 0; i < keys.size(); ++i) {
        keys[i].parameters["i"] = i;
        putEntry(cache, keys[i], 1000);  // ~4 KB each
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Use order now: 0, 1, 2, 3 by creation; then look up 0 and 2, making the order 1, 3, 0, 2.
    ASSERT_TRUE(cache.lookup(keys[0]).has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(cache.lookup(keys[2]).has_value());
    auto entries = cache.list();
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].key, keys[1].hex());
    EXPECT_EQ(entries[3].key, keys[2].hex());
    const int64_t each = entries[0].bytes;
    EXPECT_GT(each, 4000);
    EXPECT_EQ(cache.totalBytes(), 4 * each);

    auto removed = cache.evictToBudget(2 * each + each / 2);  // room for two entries
    EXPECT_EQ(removed, (std::vector<std::string>{keys[1].hex(), keys[3].hex()}));
    EXPECT_TRUE(cache.contains(keys[0].hex()));
    EXPECT_TRUE(cache.contains(keys[2].hex()));
    EXPECT_TRUE(cache.evictToBudget(2 * each).empty());
    EXPECT_EQ(cache.evictToBudget(0).size(), 2u);
    EXPECT_EQ(cache.totalBytes(), 0);
}

}  // namespace
