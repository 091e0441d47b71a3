#include "data/image_io.h"

#include "engine/data/bad_images.h"
#include "data/dataset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace hint::data;
namespace fs = std::filesystem;

namespace {

const hint::testing::BadImageFolder& badFolder()
{
    static const hint::testing::BadImageFolder folder = hint::testing::makeBadImages(
        (fs::temp_directory_path() / ("hint_bad_images_" + std::to_string(::getpid()))).string());
    return folder;
}

std::vector<uint8_t> readBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(ImageIo, BadInputFolderListsEveryImageFile)
{
    const auto& folder = badFolder();
    ASSERT_TRUE(folder.error.empty()) << folder.error;
    auto listed = listImages(folder.dir);
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    std::vector<std::string> expected, actual;
    for (const auto& c : folder.images) expected.push_back(c.file);
    for (const auto& image : listed->images) actual.push_back(image.file);
    EXPECT_EQ(actual, expected);  // readme.txt, manifest.json and the hidden file are not listed
    EXPECT_EQ(listed->images.front().file, "cmyk.jpg");
}

TEST(ImageIo, AwkwardImagesAreConvertedAndBrokenOnesExplainWhy)
{
    const auto& folder = badFolder();
    ASSERT_TRUE(folder.error.empty()) << folder.error;
    int decoded = 0, refused = 0;
    for (const auto& c : folder.images) {
        const std::string path = folder.dir + "/" + c.file;
        auto image = decodeImage(path);
        if (!c.ok) {
            ASSERT_FALSE(image.ok()) << c.file << " decoded but should be refused";
            EXPECT_EQ(image.error().kind, hint::ErrorKind::BadInput);
            EXPECT_NE(image.error().message.find(path), std::string::npos) << image.error().message;
            EXPECT_NE(image.error().message.find(c.reason), std::string::npos) << image.error().message;
            ++refused;
            continue;
        }
        ASSERT_TRUE(image.ok()) << c.file << ": " << image.error().message;
        EXPECT_EQ(image->width, c.width) << c.file;
        EXPECT_EQ(image->height, c.height) << c.file;
        ASSERT_EQ(image->pixels.size(), static_cast<size_t>(c.width * c.height * 3));
        for (const auto& check : c.checks) {
            const uint8_t* px = image->row(check[1]) + check[0] * 3;
            for (int ch = 0; ch < 3; ++ch)
                EXPECT_NEAR(px[ch], check[2 + ch], check[5])
                    << c.file << " at (" << check[0] << "," << check[1] << ") channel " << ch;
        }
        ++decoded;
    }
    EXPECT_EQ(decoded, 8);
    EXPECT_EQ(refused, 4);
}

TEST(ImageIo, BytesAfterTheEndMarkerAndMissingFiles)
{
    const auto& folder = badFolder();
    ASSERT_TRUE(folder.error.empty()) << folder.error;
    auto bytes = readBytes(folder.dir + "/n01440764/plain.jpg");
    ASSERT_FALSE(bytes.empty());
    // Trailing bytes after the end marker (common in camera files) are harmless.
    bytes.insert(bytes.end(), 100, 0x00);
    EXPECT_TRUE(decodeImageBytes(bytes, "padded.jpg").ok());
    // Cutting anywhere in the scan data is detected.
    auto cut = readBytes(folder.dir + "/n01440764/plain.jpg");
    cut.resize(cut.size() - 3);
    auto truncated = decodeImageBytes(cut, "cut.jpg");
    ASSERT_FALSE(truncated.ok());
    EXPECT_NE(truncated.error().message.find("truncated"), std::string::npos);

    auto missing = decodeImage(folder.dir + "/does_not_exist.jpg");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(missing.error().message.find("does_not_exist.jpg"), std::string::npos);
}
