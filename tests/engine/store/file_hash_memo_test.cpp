// FileHashMemo: file hashes remembered across processes in CACHE/.hashes, never trusted for a changed
// file, robust to damaged memo files and to concurrent writers.
#include "common/sha256.h"
#include "store/file_hash_memo.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>

namespace {

namespace fs = std::filesystem;
using hint::store::FileHashMemo;

void writeFile(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// Files are recorded only once their times are a second old.
void waitUntilSettled() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

// The memo's files and their record lines (header excluded).
std::vector<std::string> memoLines(const fs::path& cache)
{
    std::vector<std::string> lines;
    std::error_code ec;
    for (fs::directory_iterator it(cache / ".hashes", ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() != ".tsv") continue;
        std::ifstream in(it->path());
        std::string line;
        std::getline(in, line);
        EXPECT_EQ(line, "# hint file hashes 1") << it->path();
        while (std::getline(in, line)) lines.push_back(line);
    }
    return lines;
}

struct Delta {
    hint::store::FileHashMemoCounts memo = hint::store::fileHashMemoCounts();
    hint::FileHashCounts files = hint::fileHashCounts();
    int64_t remembered() const { return hint::store::fileHashMemoCounts().remembered - memo.remembered; }
    int64_t hashed() const { return hint::store::fileHashMemoCounts().hashed - memo.hashed; }
    int64_t damaged() const { return hint::store::fileHashMemoCounts().damagedFiles - memo.damagedFiles; }
    int64_t read() const { return hint::fileHashCounts().read - files.read; }
};

TEST(FileHashMemo, RemembersAcrossInstancesAndNeverTrustsAChangedFile)
{
    hint::test::TempDir dir("memo_across");
    const fs::path cache = dir.path() / "cache";
    fs::create_directories(cache);
    writeFile(dir.path() / "a.bin", "first file");
    writeFile(dir.path() / "b.bin", "second file");
    waitUntilSettled();
    // Without a cache folder the memo writes nothing (planning creates no cache).
    {
        FileHashMemo memo((dir.path() / "no-cache").string());
        EXPECT_EQ(memo.sha256(dir / "a.bin").value(), hint::sha256Hex("first file"));
        EXPECT_TRUE(memo.flush().ok());
        EXPECT_FALSE(fs::exists(dir.path() / "no-cache"));
    }
    {
        Delta d;
        FileHashMemo memo(cache.string());
        EXPECT_EQ(memo.sha256(dir / "a.bin").value(), hint::sha256Hex("first file"));
        EXPECT_EQ(memo.sha256(dir / "b.bin").value(), hint::sha256Hex("second file"));
        EXPECT_EQ(d.hashed(), 2);
        EXPECT_EQ(d.remembered(), 0);
        ASSERT_TRUE(memo.flush().ok());
    }
    // One line per file, holding no path, only its hash.
    const auto lines = memoLines(cache);
    ASSERT_EQ(lines.size(), 2u);
    for (const auto& line : lines) EXPECT_EQ(line.find(dir.path().string()), std::string::npos) << line;

    // A new memo (as in the next process) reads neither file.
    {
        Delta d;
        FileHashMemo memo(cache.string());
        EXPECT_EQ(memo.sha256(dir / "a.bin").value(), hint::sha256Hex("first file"));
        EXPECT_EQ(memo.sha256(dir / "b.bin").value(), hint::sha256Hex("second file"));
        EXPECT_EQ(d.remembered(), 2);
        EXPECT_EQ(d.hashed(), 0);
        EXPECT_EQ(d.read(), 0);
    }

    // a: rewritten in place with the same size and its old mtime set back: the ctime tells.
    const auto old = hint::fileVersion(dir / "a.bin").value();
    writeFile(dir.path() / "a.bin", "first File");
    const struct timespec times[2] = {{old.mtimeNs / 1000000000, old.mtimeNs % 1000000000},
                                      {old.mtimeNs / 1000000000, old.mtimeNs % 1000000000}};
    ASSERT_EQ(::utimensat(AT_FDCWD, (dir / "a.bin").c_str(), times, 0), 0);
    // b: replaced by a rename (another inode).
    writeFile(dir.path() / "b.tmp", "second File");
    fs::rename(dir.path() / "b.tmp", dir.path() / "b.bin");
    {
        Delta d;
        FileHashMemo memo(cache.string());
        EXPECT_EQ(memo.sha256(dir / "a.bin").value(), hint::sha256Hex("first File"));
        EXPECT_EQ(memo.sha256(dir / "b.bin").value(), hint::sha256Hex("second File"));
        EXPECT_EQ(d.hashed(), 2);
        EXPECT_EQ(d.remembered(), 0);
        EXPECT_EQ(d.read(), 2);
        // Just changed: not recorded (its times may not have ticked yet), so not trusted next time either.
        ASSERT_TRUE(memo.flush().ok());
    }
    {
        Delta d;
        FileHashMemo memo(cache.string());
        EXPECT_EQ(memo.sha256(dir / "a.bin").value(), hint::sha256Hex("first File"));
        EXPECT_EQ(d.hashed(), 1);
    }

    FileHashMemo memo(cache.string());
    auto missing = memo.sha256(dir / "gone.bin");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(missing.error().message.find("gone.bin"), std::string::npos);
}

TEST(FileHashMemo, ADamagedMemoFileIsIgnoredAndRewritten)
{
    hint::test::TempDir dir("memo_damaged");
    const fs::path cache = dir.path() / "cache";
    fs::create_directories(cache);
    writeFile(dir.path() / "a.bin", "some bytes");
    waitUntilSettled();
    FileHashMemo(cache.string()).sha256(dir / "a.bin").value();  // recorded by the destructor's flush
    ASSERT_EQ(memoLines(cache).size(), 1u);
    fs::path file;
    for (const auto& entry : fs::directory_iterator(cache / ".hashes")) file = entry.path();
    // A wrong hash in a damaged line must not be used: the whole file is ignored.
    std::string text;
    {
        std::ifstream in(file);
        std::stringstream all;
        all << in.rdbuf();
        text = all.str();
    }
    const std::string wrong = std::string(64, 'f');
    writeFile(file, text.substr(0, text.size() - 66) + wrong.substr(0, 40) + "\n");

    Delta d;
    {
        FileHashMemo memo(cache.string());
        EXPECT_EQ(memo.sha256(dir / "a.bin").value(), hint::sha256Hex("some bytes"));
        EXPECT_EQ(d.damaged(), 1);
        EXPECT_EQ(d.hashed(), 1);
    }
    // Rewritten whole by that memo's flush: the next one reads the record.
    const auto lines = memoLines(cache);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].substr(lines[0].size() - 64), hint::sha256Hex("some bytes"));
    Delta again;
    EXPECT_EQ(FileHashMemo(cache.string()).sha256(dir / "a.bin").value(), hint::sha256Hex("some bytes"));
    EXPECT_EQ(again.remembered(), 1);
    EXPECT_EQ(again.damaged(), 0);

    // Not a memo at all (no header): ignored too.
    writeFile(file, "garbage\n");
    Delta garbage;
    EXPECT_EQ(FileHashMemo(cache.string()).sha256(dir / "a.bin").value(), hint::sha256Hex("some bytes"));
    EXPECT_EQ(garbage.damaged(), 1);
    EXPECT_EQ(garbage.hashed(), 1);
}

// Writers in parallel (as cluster shards on a shared cache) may lose records, never corrupt the files.
TEST(FileHashMemo, ConcurrentWritersLeaveWholeFiles)
{
    hint::test::TempDir dir("memo_concurrent");
    const fs::path cache = dir.path() / "cache";
    fs::create_directories(cache);
    constexpr int kThreads = 4, kFiles = 64;
    for (int i = 0; i < kFiles; ++i) writeFile(dir.path() / ("f" + std::to_string(i)), "file " + std::to_string(i));
    waitUntilSettled();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 8; ++round) {
                FileHashMemo memo(cache.string());
                for (int i = t; i < kFiles; i += kThreads) EXPECT_TRUE(memo.sha256(dir / ("f" + std::to_string(i))).ok());
                EXPECT_TRUE(memo.flush().ok());
            }
        });
    for (auto& thread : threads) thread.join();

    Delta d;
    FileHashMemo memo(cache.string());
    for (int i = 0; i < kFiles; ++i)
        EXPECT_EQ(memo.sha256(dir / ("f" + std::to_string(i))).value(), hint::sha256Hex("file " + std::to_string(i)));
    EXPECT_EQ(d.damaged(), 0);
    EXPECT_GT(d.remembered(), 0);
    EXPECT_EQ(d.remembered() + d.hashed(), kFiles);
    for (const auto& entry : fs::directory_iterator(cache / ".hashes"))
        EXPECT_EQ(entry.path().extension(), ".tsv") << "temp file left: " << entry.path();
}

}  // namespace
