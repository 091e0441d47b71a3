#include "model/detail/safetensors_header.h"

#include <gtest/gtest.h>

#include <cstring>

using hint::model::detail::parseSafetensorsHeader;

namespace {

std::string container(const std::string& header, size_t bodyBytes)
{
    std::string bytes(8, '\0');
    const uint64_t size = header.size();
    for (int i = 0; i < 8; ++i) bytes[static_cast<size_t>(i)] = static_cast<char>((size >> (8 * i)) & 0xff);
    return bytes + header + std::string(bodyBytes, '\x01');
}

}  // namespace

TEST(SafetensorsHeader, ReadsEntriesAndChecksRangesAgainstTheFile)
{
    const std::string good = container(
        R"({"__metadata__":{"format":"pt"},"b":{"dtype":"I64","shape":[],"data_offsets":[24,32]},)"
        R"("a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})",
        32);
    auto layout = parseSafetensorsHeader(good.data(), good.size(), "w.safetensors");
    ASSERT_TRUE(layout.ok()) << layout.error().message;
    ASSERT_EQ(layout->entries.size(), 2u);
    const auto& a = layout->entries[0].name == "a" ? layout->entries[0] : layout->entries[1];
    EXPECT_EQ(a.dtype, "F32");
    EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(a.end - a.begin, 24u);
    EXPECT_EQ(layout->bodyOffset, good.size() - 32);

    const std::vector<std::pair<std::string, std::string>> bad = {
        {good.substr(0, good.size() - 1), "outside the file"},                 // truncated body
        {good.substr(0, 5), "no header"},                                     // truncated length
        {container("{not json", 0), "corrupt safetensors header"},
        {container("[1,2]", 0), "not a JSON object"},
        {container(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4), "does not match"},
        {container(R"({"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}})", 1), "unsupported dtype"},
        {container(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4), "negative"},
        {container(R"({"a":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,4]}})", 4),
         "too large"},
        {container(R"({"a":{"dtype":"F32","shape":[1]}})", 4), "lacks"},
    };
    for (const auto& [bytes, words] : bad) {
        auto result = parseSafetensorsHeader(bytes.data(), bytes.size(), "w.safetensors");
        ASSERT_FALSE(result.ok()) << words;
        EXPECT_EQ(result.error().kind, hint::ErrorKind::BadInput);
        EXPECT_NE(result.error().message.find("w.safetensors"), std::string::npos);
        EXPECT_NE(result.error().message.find(words), std::string::npos) << result.error().message;
    }
    // A header length larger than the file.
    std::string huge = container("{}", 0);
    huge[7] = '\x7f';
    EXPECT_FALSE(parseSafetensorsHeader(huge.data(), huge.size(), "h").ok());
}
