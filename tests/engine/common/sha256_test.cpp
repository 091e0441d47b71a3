// SHA-256 of bytes (FIPS 180-4 test vectors) and of files, with the per-process memo of file hashes.
#include "common/sha256.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <chrono>
#include <thread>

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
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
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
