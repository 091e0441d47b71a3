// PublishedKeysProbe: an awaited entry published by another writer is noticed; an unrelated entry, a
// half-written temporary folder or an idle cache are not.
#include "store/published_keys_probe.h"
#include "store/result_cache.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace {

namespace fs = std::filesystem;
using hint::store::CacheKey;
using hint::store::PublishedKeysProbe;
using hint::store::ResultCache;

CacheKey probeKey(int i)
{
    CacheKey key;
    key.stage = "shapley";
    key.arch = "shapesnet";
    key.tap = "features.3";
    key.parameters = {{"concept", i}};
    return key;
}

void publishProbeEntry(ResultCache& cache, const CacheKey& key)
{
    auto writer = cache.begin(key);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    std::ofstream(fs::path(writer->dir()) / "shapley.csv") << "neuron,mean_abs\n0,1\n";
    ASSERT_TRUE(writer->commit().ok());
}

// The root's modification time has a fine grain on the file systems we run on, but give a change room
// to show when two writes fall in the same tick.
void nextTick()
{
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

TEST(PublishedKeysProbe, SeesAnAwaitedEntryAndNothingElse)
{
    const hint::test::TempDir dir("probe_awaited");
    const fs::path root = dir.path() / "cache";
    ResultCache cache(root.string());
    publishProbeEntry(cache, probeKey(0));  // stored before the listing
    PublishedKeysProbe probe(root.string(), {probeKey(1).hex(), probeKey(2).hex()});
    EXPECT_FALSE(probe.anyPublished());  // first look searches: neither awaited key is there
    EXPECT_FALSE(probe.anyPublished());  // idle cache

    nextTick();
    publishProbeEntry(cache, probeKey(7));  // another project's entry in a shared cache
    EXPECT_FALSE(probe.anyPublished());

    nextTick();
    // A writer half-way: its temporary folder holds files but is not an entry.
    auto writer = cache.begin(probeKey(1));
    ASSERT_TRUE(writer.ok());
    std::ofstream(fs::path(writer->dir()) / "shapley.csv") << "neuron,mean_abs\n";
    EXPECT_FALSE(probe.anyPublished());

    nextTick();
    ASSERT_TRUE(writer->commit().ok());  // published with one rename
    EXPECT_TRUE(probe.anyPublished());
}

TEST(PublishedKeysProbe, FirstLookFindsAnEntryPublishedBeforeTheProbeExisted)
{
    const hint::test::TempDir dir("probe_first");
    const fs::path root = dir.path() / "cache";
    ResultCache cache(root.string());
    publishProbeEntry(cache, probeKey(3));
    // Listed as missing just before it landed: the first look must still find it.
    PublishedKeysProbe probe(root.string(), {probeKey(3).hex()});
    EXPECT_TRUE(probe.anyPublished());
    EXPECT_FALSE(probe.anyPublished());  // nothing changed since
}

TEST(PublishedKeysProbe, AMissingCacheFolderOrNoAwaitedKeyIsQuiet)
{
    const hint::test::TempDir dir("probe_missing");
    const fs::path parent = dir.path();
    PublishedKeysProbe absent((parent / "cache").string(), {probeKey(1).hex()});
    EXPECT_FALSE(absent.anyPublished());
    ResultCache cache((parent / "cache").string());
    publishProbeEntry(cache, probeKey(1));  // the folder appears with the awaited entry
    EXPECT_TRUE(absent.anyPublished());
    PublishedKeysProbe nothingAwaited((parent / "cache").string(), {});
    EXPECT_FALSE(nothingAwaited.anyPublished());
}

}  // namespace
