// attackImage: one image attacked as runAttackComparison attacks a batch, with its inputs turned back into
// 8-bit RGB (caffe's BGR, 0..255 minus mean included), as the Adversarial view shows them.
#include "localization/attack_comparison.h"

#include "data/image_io.h"
#include "jobs/job_context.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

using namespace hint;

namespace {

std::string writeImage(const hint::test::TempDir& dir)
{
    data::ImageRgb8 image;
    image.width = 120;
    image.height = 100;
    image.pixels.resize(size_t(image.width * image.height * 3));
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            uint8_t* p = image.row(y) + x * 3;
            p[0] = uint8_t(30 + 2 * x);  // red grows to the right, blue downwards: a BGR mix-up shows
            p[1] = uint8_t(90 + (x * y) % 50);
            p[2] = uint8_t(20 + 2 * y);
        }
    const std::string path = dir / "image.png";
    EXPECT_TRUE(data::writePng(path, image).ok());
    return path;
}

}  // namespace

TEST(AttackImage, AgreesWithTheBatchComparisonAndShowsCaffeInputsInRgb)
{
    hint::test::TempDir dir("attack_image");
    const std::string path = writeImage(dir);
    auto net = model::Network::create("shapesnet");
    ASSERT_TRUE(net.ok());
    net.value()->randomizeWeights(3);
    const data::PreprocessSpec caffe{data::PreprocessMode::Caffe, 96};

    localization::AttackImageRequest one;
    one.image = {path, -1};
    one.layer = "features.16";
    one.preprocess = caffe;
    one.attack.epsilon = 3.0 / 255.0;
    one.topNeurons = {0, 5, 9};
    jobs::SimpleJobContext job;
    auto r = localization::attackImage(*net.value(), one, job);
    ASSERT_TRUE(r.ok()) << r.error().message;

    // The clean image is the file resized as the network saw it, in RGB order.
    auto decoded = data::decodeImage(path);
    ASSERT_TRUE(decoded.ok());
    const data::ImageRgb8 shown = data::resizedForDisplay(decoded.value(), caffe);
    ASSERT_EQ(r->clean.pixels.size(), shown.pixels.size());
    int largest = 0;
    for (size_t i = 0; i < shown.pixels.size(); ++i)
        largest = std::max(largest, std::abs(int(r->clean.pixels[i]) - int(shown.pixels[i])));
    EXPECT_LE(largest, 1);
    int attackLargest = 0;
    for (size_t i = 0; i < shown.pixels.size(); ++i)
        attackLargest = std::max(attackLargest, std::abs(int(r->adversarial.pixels[i]) - int(r->clean.pixels[i])));
    EXPECT_LE(attackLargest, 4);
    EXPECT_GE(attackLargest, 2);
    EXPECT_LE(r->linf, 3.0 / 255.0 + 1e-5);
    EXPECT_GT(r->linf, 2.0 / 255.0);
    EXPECT_EQ(r->label, r->cleanPrediction);
    double sum = 0.0;
    for (double p : r->cleanProbabilities) sum += p;
    EXPECT_NEAR(sum, 1.0, 1e-9);
    EXPECT_EQ(r->cleanFeatures.shape, (std::vector<int64_t>{1, r->cleanFeatures.shape[1], 12, 12}));

    // The batch comparison of the same image gives the same numbers.
    localization::AttackRequest batch;
    batch.images = {{path, -1}};
    batch.layer = one.layer;
    batch.preprocess = caffe;
    batch.classifier.weights.assign(size_t(r->cleanFeatures.shape[1]), 0.01);
    batch.attack = one.attack;
    batch.topNeurons = one.topNeurons;
    auto summary = localization::runAttackComparison(*net.value(), batch, job);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    const auto& row = summary->images.at(0);
    EXPECT_EQ(row.cleanPrediction, r->cleanPrediction);
    EXPECT_EQ(row.adversarialPrediction, r->adversarialPrediction);
    EXPECT_DOUBLE_EQ(row.linf, r->linf);
    for (size_t k = 0; k < one.topNeurons.size(); ++k) {
        EXPECT_DOUBLE_EQ(row.cleanTop[k], r->cleanTop[k]);
        EXPECT_DOUBLE_EQ(row.adversarialTop[k], r->adversarialTop[k]);
    }
}
