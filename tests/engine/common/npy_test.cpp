#include "common/npy.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace {

std::string tempPath(const std::string& name)
{
    auto dir = std::filesystem::temp_directory_path() / ("hint_npy_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

TEST(Npy, FloatRoundTripKeepsShapeAndValues)
{
    hint::FloatTensor t({2, 3, 4});
    for (int64_t i = 0; i < t.numel(); ++i) t.data[static_cast<size_t>(i)] = static_cast<float>(i) * 0.5f - 3.0f;
    const auto path = tempPath("a.npy");
    ASSERT_TRUE(hint::writeNpy(path, t).ok());
    auto back = hint::readNpyFloat(path);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->shape, t.shape);
    EXPECT_EQ(back->data, t.data);
    auto rows = hint::readNpyFloatRows(path, 1, 1);
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->shape, (std::vector<int64_t>{1, 3, 4}));
    EXPECT_FLOAT_EQ(rows->data[0], 12 * 0.5f - 3.0f);
}

TEST(Npy, StreamWriterFixesRowCountAndPublishesOnlyOnClose)
{
    const auto path = tempPath("s.npy");
    std::filesystem::remove(path);
    hint::NpyStreamWriter writer;
    ASSERT_TRUE(writer.open(path, {2, 2}).ok());
    std::vector<float> batch(8, 1.5f);
    ASSERT_TRUE(writer.appendRows(batch.data(), 2).ok());
    ASSERT_TRUE(writer.appendRows(batch.data(), 1).ok());
    EXPECT_FALSE(std::filesystem::exists(path));
    ASSERT_TRUE(writer.close().ok());
    auto back = hint::readNpyFloat(path);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->shape, (std::vector<int64_t>{3, 2, 2}));
    EXPECT_EQ(back->numel(), 12);
}

TEST(Npy, AbandonedWriterLeavesNothing)
{
    const auto path = tempPath("x.npy");
    {
        hint::NpyStreamWriter writer;
        ASSERT_TRUE(writer.open(path, {4}).ok());
        std::vector<float> row(4, 2.0f);
        ASSERT_TRUE(writer.appendRows(row.data(), 1).ok());
    }
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_FALSE(std::filesystem::exists(path + ".part"));
}

TEST(Npy, RejectsNonNpyWithPath)
{
    const auto path = tempPath("bad.npy");
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("hello", f);
    std::fclose(f);
    auto r = hint::readNpyFloat(path);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find(path), std::string::npos);
}

}  // namespace
