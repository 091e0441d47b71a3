// SHA-256 of bytes (FIPS 180-4 test vectors) and of files (equal to sha256sum's), file versions, and the
// per-process memo of file hashes.
#include "common/sha256.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <chrono>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>

namespace {

void writeFile(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

}  // namespace

TEST(Sha256, MatchesTheStandardsTestVectors)
{
    EXPECT_EQ(hint::sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hint::sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hint::sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(hint::sha256Hex(std::string(1000, 'a')),
              "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(Sha256, AFileIsReadOnceUntilItChanges)
{
    hint::test::TempDir dir("sha256_file");
    const auto path = (dir.path() / "weights.bin").string();
    writeFile(path, "abc");
    // Just written: hashed, but not remembered (its times may not have ticked yet).
    const auto start = hint::fileHashCounts();
    EXPECT_EQ(hint::sha256File(path).value(), hint::sha256Hex("abc"));
    EXPECT_EQ(hint::sha256File(path).value(), hint::sha256Hex("abc"));
    auto counts = hint::fileHashCounts();
    EXPECT_EQ(counts.read - start.read, 2);
    EXPECT_EQ(counts.reused - start.reused, 0);

    // Settled: read once more, then remembered.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_EQ(hint::sha256File(path).value(), hint::sha256Hex("abc"));
    EXPECT_EQ(hint::sha256File(path).value(), hint::sha256Hex("abc"));
    EXPECT_EQ(hint::sha256File(path).value(), hint::sha256Hex("abc"));
    counts = hint::fileHashCounts();
    EXPECT_EQ(counts.read - start.read, 3);
    EXPECT_EQ(counts.reused - start.reused, 2);

    // Rewritten with the same size: its ctime changes, so it is read again.
    writeFile(path, "xyz");
    EXPECT_EQ(hint::sha256File(path).value(), hint::sha256Hex("xyz"));
    counts = hint::fileHashCounts();
    EXPECT_EQ(counts.read - start.read, 4);

    // Replaced by a rename (another inode): read again.
    writeFile(dir.path() / "other.bin", "abc");
    std::filesystem::rename(dir.path() / "other.bin", path);
    EXPECT_EQ(hint::sha256File(path).value(), hint::sha256Hex("abc"));

    std::filesystem::remove(path);
    auto missing = hint::sha256File(path);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("weights.bin"), std::string::npos);
}

// libcrypto over a file larger than one read block, of a length no block size divides, equals coreutils'.
TEST(Sha256, AFileHashEqualsSha256sum)
{
    if (hint::test::runCommand("command -v sha256sum").exitCode != 0) GTEST_SKIP() << "no sha256sum";
    hint::test::TempDir dir("sha256_random");
    const auto path = dir / "random.bin";
    std::string bytes((size_t(9) << 20) + 12345, '\0');
    uint64_t state = 88172645463325252ull;  // xorshift: reproducible bytes without a seed file
    for (char& c : bytes) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        c = static_cast<char>(state >> 24);
    }
    writeFile(path, bytes);
    const auto expected = hint::test::runCommand("sha256sum '" + path + "'");
    ASSERT_EQ(expected.exitCode, 0);
    const auto hash = hint::sha256File(path);
    ASSERT_TRUE(hash.ok()) << hash.error().message;
    EXPECT_EQ(hash.value(), expected.output.substr(0, 64));
    EXPECT_EQ(hint::sha256Hex(bytes), hash.value());

    // Fed in uneven pieces, the incremental hash is the same.
    hint::Sha256 pieces;
    for (size_t at = 0, step = 1; at < bytes.size(); at += step, step = step * 3 + 1)
        pieces.update(bytes.data() + at, std::min(step, bytes.size() - at));
    EXPECT_EQ(pieces.hexDigest(), hash.value());
}

TEST(Sha256, FileVersionsTellRewritesApartEvenWithTheOldMtime)
{
    hint::test::TempDir dir("sha256_version");
    const auto path = dir / "image.ppm";
    writeFile(path, "P6 1 1 255 abc");
    const auto before = hint::fileVersion(path);
    ASSERT_TRUE(before.ok());
    EXPECT_EQ(before->size, 14);
    EXPECT_FALSE(hint::isSettled(before.value()));  // just written
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    // Same size, same mtime set back: only the ctime (set by the kernel) tells the rewrite.
    writeFile(path, "P6 1 1 255 abd");
    const struct timespec times[2] = {{before->mtimeNs / 1000000000, before->mtimeNs % 1000000000},
                                      {before->mtimeNs / 1000000000, before->mtimeNs % 1000000000}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
    const auto after = hint::fileVersion(path);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->mtimeNs, before->mtimeNs);
    EXPECT_EQ(after->size, before->size);
    EXPECT_EQ(after->inode, before->inode);
    EXPECT_GT(after->ctimeNs, before->ctimeNs);
    EXPECT_NE(after.value(), before.value());

    // A hash remembered from elsewhere (the cache's memo) is reused for exactly that version.
    const auto start = hint::fileHashCounts();
    hint::rememberFileSha256(after.value(), std::string(64, 'e'));
    EXPECT_EQ(hint::sha256File(path).value(), std::string(64, 'e'));
    EXPECT_EQ(hint::fileHashCounts().reused - start.reused, 1);
    EXPECT_EQ(hint::fileHashCounts().read - start.read, 0);

    auto missing = hint::fileVersion(dir / "none.ppm");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("none.ppm"), std::string::npos);
}
