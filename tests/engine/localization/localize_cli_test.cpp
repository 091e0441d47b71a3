// `hint localize` and `hint attack` end to end on generated images with random weights: files, columns,
// exit codes; and the real-data localization (skipped without the shared assets).
#include "classifiers/linear_classifier.h"
#include "data/image_io.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <sstream>

namespace {

namespace fs = std::filesystem;

std::string hintCli() { return HINT_CLI_PATH; }

// Three images (different sizes) with a bright rectangle each, a boxes CSV and a random linear.json.
void makeInputs(const hint::test::TempDir& dir, int channels)
{
    fs::create_directories(dir.path() / "images");
    fs::create_directories(dir.path() / "masks");
    std::ofstream csv(dir / "boxes.csv");
    csv << "file,x0,y0,x1,y1,note\n";
    const int sizes[3][2] = {{160, 120}, {200, 200}, {96, 128}};
    for (int i = 0; i < 3; ++i) {
        hint::data::ImageRgb8 image;
        image.width = sizes[i][0];
        image.height = sizes[i][1];
        image.pixels.assign(static_cast<size_t>(image.width * image.height * 3), 40);
        const int x0 = image.width / 4, y0 = image.height / 3, x1 = image.width * 3 / 4, y1 = image.height - 5;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x)
                for (int c = 0; c < 3; ++c) image.row(y)[x * 3 + c] = static_cast<uint8_t>(200 + 20 * c);
        const std::string name = "img" + std::to_string(i) + ".png";
        ASSERT_TRUE(hint::data::writePng((dir.path() / "images" / name).string(), image).ok());
        // The object's mask, for PxAP (--masks); the first image has none.
        for (auto& value : image.pixels) value = value >= 200 ? 255 : 0;
        if (i > 0) {
            ASSERT_TRUE(hint::data::writePng((dir.path() / "masks" / name).string(), image).ok());
        }
        csv << name << "," << x0 << "," << y0 << "," << x1 << "," << y1 << ",x\n";
        if (i == 1) csv << name << ",0,0,10,10,second box\n";
    }
    std::mt19937 rng(1);
    std::normal_distribution<double> normal(0.0, 1.0);
    hint::classifiers::LinearModel model;
    for (int c = 0; c < channels; ++c) model.weights.push_back(normal(rng));
    model.bias = 0.1;
    ASSERT_TRUE(hint::classifiers::saveLinearModel(dir / "linear.json", model).ok());
}

int countLines(const std::string& path)
{
    std::ifstream in(path);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) ++n;
    return n;
}

}  // namespace

TEST(LocalizeCli, WritesPerImageCsvAndSummary)
{
    hint::test::TempDir dir("localize_cli");
    makeInputs(dir, 256);  // resnet18 layer3: 256 x 14 x 14
    const std::string base = hintCli() + " localize --arch resnet18 --random-weights --layer layer3 --classifier " +
                             (dir / "linear.json") + " --images " + (dir / "images") + " --boxes " + (dir / "boxes.csv") +
                             " --input-size 112 --threads 2 --quiet";
    auto run = hint::test::runCommand(base + " --out " + (dir / "out") + " --json 2>&1");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const auto summary = nlohmann::json::parse(run.output);
    EXPECT_EQ(summary["n"], 3);
    for (const char* key : {"mean_iou", "hint_iou50_accuracy", "maxboxacc", "maxboxacc_v2", "best_threshold", "pointing_game"})
        EXPECT_TRUE(summary.contains(key)) << key;
    for (const char* name : {"whole", "centre", "gradcam", "cam"}) EXPECT_TRUE(summary["baselines"].contains(name)) << name;
    // The whole-image box against these boxes is worked out from the CSV by the same rules, so only its range is
    // checked here; it must beat zero and stay below one.
    const double whole = summary["baselines"]["whole"]["hint_mean_iou"];
    EXPECT_GT(whole, 0.1);
    EXPECT_LT(whole, 1.0);
    EXPECT_EQ(countLines(dir / "out/per_image.csv"), 4);
    std::ifstream csv(dir / "out/per_image.csv");
    std::string header;
    std::getline(csv, header);
    EXPECT_EQ(header.rfind("image,width,height,label,predicted,iou,hint_iou", 0), 0u) << header;
    EXPECT_NE(header.find("gradcam_iou"), std::string::npos);
    EXPECT_TRUE(fs::exists(dir.path() / "out/maps.npy"));

    // Usage errors exit 2 and leave nothing behind.
    EXPECT_EQ(hint::test::runCommand(base + " --out " + (dir / "out2") + " --protocol nope 2>/dev/null").exitCode, 2);
    EXPECT_EQ(hint::test::runCommand(hintCli() + " localize --arch resnet18 --random-weights --classifier " +
                                     (dir / "linear.json") + " --images " + (dir / "images") + " --out " + (dir / "out3") +
                                     " 2>/dev/null")
                  .exitCode,
              2);
    EXPECT_EQ(hint::test::runCommand(base + " --layer layer2 --out " + (dir / "out4") + " 2>/dev/null").exitCode, 2);
    EXPECT_FALSE(fs::exists(dir.path() / "out2"));
    EXPECT_FALSE(fs::exists(dir.path() / "out4"));
}

TEST(LocalizeCli, PxapReadsAMaskFolderAndNeedsOne)
{
    hint::test::TempDir dir("localize_pxap");
    makeInputs(dir, 256);
    const std::string base = hintCli() + " localize --arch resnet18 --random-weights --layer layer3 --classifier " +
                             (dir / "linear.json") + " --images " + (dir / "images") + " --boxes " + (dir / "boxes.csv") +
                             " --input-size 112 --threads 2 --quiet --protocol pxap";
    auto run = hint::test::runCommand(base + " --masks " + (dir / "masks") + " --out " + (dir / "out") + " --json 2>&1");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const auto summary = nlohmann::json::parse(run.output);
    EXPECT_EQ(summary["n"], 3);
    ASSERT_TRUE(summary["pxap"].is_number()) << summary.dump();
    EXPECT_GE(summary["pxap"].get<double>(), 0.0);
    EXPECT_LE(summary["pxap"].get<double>(), 1.0);

    // No masks: PxAP is a usage error naming what is missing, and nothing is written.
    run = hint::test::runCommand(base + " --out " + (dir / "out2") + " 2>&1");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.output.find("needs segmentation masks"), std::string::npos) << run.output;
    EXPECT_FALSE(fs::exists(dir.path() / "out2"));
    // A mask folder matching no image names it.
    fs::create_directories(dir.path() / "empty");
    run = hint::test::runCommand(base + " --masks " + (dir / "empty") + " --out " + (dir / "out3") + " 2>&1");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.output.find(dir / "empty"), std::string::npos) << run.output;
}

TEST(LocalizeCli, AttackWritesComparison)
{
    hint::test::TempDir dir("attack_cli");
    makeInputs(dir, 256);
    auto run = hint::test::runCommand(hintCli() + " attack --arch resnet18 --random-weights --layer layer3 --classifier " +
                                      (dir / "linear.json") + " --images " + (dir / "images") + " --out " + (dir / "out") +
                                      " --attack pgd --epsilon 4 --steps 2 --top 3 --input-size 112 --threads 2 --quiet --json 2>&1");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const auto summary = nlohmann::json::parse(run.output);
    EXPECT_EQ(summary["n"], 3);
    EXPECT_EQ(summary["top_neurons"].size(), 3u);
    EXPECT_EQ(countLines(dir / "out/attack.csv"), 4);
    EXPECT_TRUE(fs::exists(dir.path() / "out/adversarial_maps.npy"));
}
