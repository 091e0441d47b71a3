// Sweeping temp folders of dead writers (store/temp_owner.h): a killed writer's folder goes at the next
// sweep, a live writer's (this process, a child, another node) never does.
#include "store/result_cache.h"
#include "store/temp_owner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using hint::store::CacheKey;
using hint::store::ResultCache;
using hint::store::TempOwner;

fs::path sweepScratch(const std::string& name)
{
    auto dir = fs::temp_directory_path() / ("hint_sweep_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

CacheKey keyNumber(int i)
{
    CacheKey key;
    key.stage = "extract";
    key.arch = "vgg19";
    key.tap = "features.30";
    key.parameters = {{"i", i}};
    return key;
}

int tempFolders(const fs::path& root)
{
    int n = 0;
    for (const auto& item : fs::directory_iterator(root)) n += item.path().filename().string().rfind(".tmp-", 0) == 0 ? 1 : 0;
    return n;
}

// A temp folder as a writer named `owner` would leave it, with a file in it.
fs::path fakeTemp(const fs::path& root, const TempOwner& owner, int n = 0)
{
    const fs::path dir = root / (".tmp-0123456789abcdef-" + hint::store::ownerTag(owner) + "-" + std::to_string(n));
    fs::create_directories(dir / "out");
    std::ofstream(dir / "out" / "features.npy") << "partial";
    return dir;
}

TEST(TempOwner, TagRoundTripsThroughTheFolderName)
{
    const TempOwner me = hint::store::currentOwner();
    EXPECT_EQ(me.pid, static_cast<int64_t>(::getpid()));
    EXPECT_GT(me.startTime, 0u);  // Linux: from /proc/self/stat
    TempOwner dashed{"node-07.cluster-a.1a2b3c4d", 4242, 987654321};
    auto parsed = hint::store::parseTempOwner(".tmp-0123456789abcdef-" + hint::store::ownerTag(dashed) + "-3");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->host, dashed.host);
    EXPECT_EQ(parsed->pid, 4242);
    EXPECT_EQ(parsed->startTime, 987654321u);
    // Names of older caches (pid-clock-counter) carry no owner: only their age can clear them.
    EXPECT_FALSE(hint::store::parseTempOwner(".tmp-0123456789abcdef-99999-1-0").has_value());
    EXPECT_FALSE(hint::store::parseTempOwner("0123456789abcdef").has_value());
}

TEST(TempSweep, LiveWriterOfThisProcessIsKept)
{
    const auto root = sweepScratch("live");
    ResultCache cache(root.string());
    auto writer = cache.begin(keyNumber(1));
    ASSERT_TRUE(writer.ok());
    EXPECT_TRUE(fs::exists(fs::path(writer->dir()) / ".writer.lock"));
    EXPECT_EQ(cache.cleanStaleTemps(std::chrono::seconds(0)), 0);  // even with no age limit at all
    EXPECT_TRUE(fs::exists(writer->dir()));
    auto published = writer->commit();
    ASSERT_TRUE(published.ok());
    EXPECT_FALSE(fs::exists(fs::path(published.value()) / ".writer.lock"));  // the entry holds only its files
    EXPECT_EQ(tempFolders(root), 0);
}

TEST(TempSweep, KilledWritersFolderIsSweptAtOnceAndOnlyAfterItDied)
{
    const auto root = sweepScratch("killed");
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {  // a writer in another process: starts an entry and waits to be killed
        ResultCache own(root.string());
        auto writer = own.begin(keyNumber(2));
        if (!writer.ok()) ::_exit(1);
        std::ofstream(writer->dir() + "/half.npy") << "half";
        const char byte = 1;
        if (::write(ready[1], &byte, 1) != 1) ::_exit(1);
        for (;;) ::pause();
    }
    char byte = 0;
    ASSERT_EQ(::read(ready[0], &byte, 1), 1);
    ::close(ready[0]);
    ::close(ready[1]);
    ResultCache cache(root.string());
    ASSERT_EQ(tempFolders(root), 1);
    EXPECT_EQ(cache.cleanStaleTemps(std::chrono::seconds(0)), 0) << "the writer is alive";
    EXPECT_EQ(tempFolders(root), 1);

    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    ASSERT_EQ(tempFolders(root), 1) << "kill -9 leaves the folder behind";
    EXPECT_EQ(cache.cleanStaleTemps(), 1) << "dead on this host: swept though young (default age 24 h)";
    EXPECT_EQ(tempFolders(root), 0);
}

TEST(TempSweep, ReusedPidIsDeadUnlessItsLockIsHeld)
{
    const auto root = sweepScratch("reused");
    ResultCache cache(root.string());
    TempOwner earlier = hint::store::currentOwner();
    earlier.startTime += 1;  // our pid, but a process started at another time: the pid was reused
    const fs::path dead = fakeTemp(root, earlier, 0);
    const fs::path locked = fakeTemp(root, earlier, 1);
    hint::store::HeldLock lock((locked / ".writer.lock").string());  // a writer (say in another pid namespace) holds it
    ASSERT_TRUE(lock.locked());
    EXPECT_EQ(cache.cleanStaleTemps(), 1);
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(locked));
    lock.release();
    EXPECT_EQ(cache.cleanStaleTemps(), 1);
    EXPECT_FALSE(fs::exists(locked));
}

TEST(TempSweep, OtherHostsFoldersGoOnlyWhenOld)
{
    const auto root = sweepScratch("remote");
    ResultCache cache(root.string());
    TempOwner remote{"node-elsewhere.00c0ffee", 1, 1};  // pid 1 here means nothing about that node
    const fs::path dir = fakeTemp(root, remote);
    EXPECT_EQ(cache.cleanStaleTemps(std::chrono::hours(1)), 0);
    EXPECT_TRUE(fs::exists(dir));
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(2);
    for (const auto& item : fs::recursive_directory_iterator(dir)) fs::last_write_time(item.path(), old);
    fs::last_write_time(dir, old);
    EXPECT_EQ(cache.cleanStaleTemps(std::chrono::hours(1)), 1);
    EXPECT_FALSE(fs::exists(dir));
}

}  // namespace
