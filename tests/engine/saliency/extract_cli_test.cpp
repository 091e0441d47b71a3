// `hint extract` end to end on bad input: awkward images are converted, broken ones skipped with the
// reason (manifest and stderr) and the run exits 0; wrong weights and missing folders exit 2 naming the
// key or path, and leave nothing written.
#include "common/npy.h"
#include "engine/data/bad_images.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

namespace {

namespace fs = std::filesystem;

std::string cli() { return HINT_CLI_PATH; }

TEST(ExtractCli, BadImagesAreSkippedWithReasonsAndTheRunSucceeds)
{
    hint::test::TempDir dir("extract_bad");
    auto folder = hint::testing::makeBadImages(dir / "images");
    ASSERT_TRUE(folder.error.empty()) << folder.error;
    const std::string out = dir / "out";
    auto run = hint::test::runCommand(cli() + " extract --arch alexnet --random-weights --layer features.10 "
                                      "--method vanilla --target predicted --input-size 64 --images " +
                                      folder.dir + " --out " + out + " 2>&1");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    std::ifstream in(out + "/manifest.json");
    const auto manifest = nlohmann::json::parse(in);
    ASSERT_EQ(manifest["images"].size(), folder.images.size());
    int ok = 0;
    for (size_t i = 0; i < folder.images.size(); ++i) {
        const auto& expected = folder.images[i];
        const auto& row = manifest["images"][i];
        EXPECT_NE(row["path"].get<std::string>().find(expected.file), std::string::npos);
        if (expected.ok) {
            EXPECT_EQ(row["status"], "ok") << expected.file;
            ++ok;
        } else {
            EXPECT_EQ(row["status"], "skipped") << expected.file;
            EXPECT_NE(row["error"].get<std::string>().find(expected.reason), std::string::npos) << row["error"];
            EXPECT_NE(run.output.find(expected.file), std::string::npos) << "stderr does not name " << expected.file;
        }
    }
    auto features = hint::readNpyHeader(out + "/features.npy");
    ASSERT_TRUE(features.ok());
    EXPECT_EQ(features->shape, (std::vector<int64_t>{ok, 256, 3, 3}));
    EXPECT_EQ(manifest["shape"][0].get<int>(), ok);
    std::vector<int64_t> targetShape;
    auto targets = hint::readNpyInt64(out + "/targets.npy", &targetShape);
    ASSERT_TRUE(targets.ok());
    EXPECT_EQ(targetShape, (std::vector<int64_t>{ok}));
}

TEST(ExtractCli, WrongArchitectureWeightsExit2NamingTheKeyAndWriteNothing)
{
    hint::test::TempDir dir("extract_wrong");
    // Weights of another architecture: squeezenet1_1's state dict loaded as mobilenet_v2.
    auto py = hint::test::runCommand(std::string(HINT_PYTHON3) +
                                     " -c \"import torch,torchvision; torch.manual_seed(0); "
                                     "torch.save(torchvision.models.squeezenet1_1().state_dict(), '" +
                                     (dir / "squeeze.pth") + "')\" 2>&1");
    if (py.exitCode != 0) GTEST_SKIP() << "no torchvision: " << py.output;
    fs::create_directories(dir / "images");
    const std::string out = dir / "out";
    auto run = hint::test::runCommand(cli() + " extract --arch mobilenet_v2 --weights " + (dir / "squeeze.pth") +
                                      " --images " + (dir / "images") + " --out " + out + " 2>&1");
    EXPECT_EQ(run.exitCode, 2) << run.output;
    EXPECT_NE(run.output.find("key '"), std::string::npos) << run.output;
    EXPECT_FALSE(fs::exists(out));

    // Truncated weights: the message names the file.
    const std::string truncated = dir / "truncated.pth";
    fs::copy_file(dir / "squeeze.pth", truncated);
    fs::resize_file(truncated, fs::file_size(truncated) / 2);
    run = hint::test::runCommand(cli() + " extract --arch squeezenet1_1 --weights " + truncated + " --images " +
                                 (dir / "images") + " --out " + out + " 2>&1");
    EXPECT_EQ(run.exitCode, 2) << run.output;
    EXPECT_NE(run.output.find(truncated), std::string::npos) << run.output;
    EXPECT_FALSE(fs::exists(out));
}

TEST(ExtractCli, MissingImageFolderExit2NamingIt)
{
    hint::test::TempDir dir("extract_missing");
    const std::string missing = dir / "no_such_folder";
    const std::string out = dir / "out";
    auto run = hint::test::runCommand(cli() + " extract --arch alexnet --random-weights --images " + missing +
                                      " --out " + out + " 2>&1");
    EXPECT_EQ(run.exitCode, 2) << run.output;
    EXPECT_NE(run.output.find(missing), std::string::npos) << run.output;
    EXPECT_FALSE(fs::exists(out));
}

}  // namespace
