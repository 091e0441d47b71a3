// Saliency at several taps from shared passes (saliency::computeAtTaps) against one tap at a time
// (saliency::compute): every method, architectures with chains, residuals, parallel branches (Inception,
// SqueezeNet's expand1x1/expand3x3), a tap inside another tap and taps listed out of forward order,
// on random seeded weights. Each tap's arrays must match the single-tap ones to 1e-6 (relative).
#include "model/network.h"
#include "saliency/saliency.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <random>

namespace {

using hint::test::maxRelativeError;

struct TapCase {
    std::string arch;
    std::vector<std::string> layers;  // deliberately not all in forward order
    int size;
};

std::ostream& operator<<(std::ostream& out, const TapCase& c) { return out << c.arch; }

hint::FloatTensor randomInput(int64_t n, int size, uint32_t seed)
{
    hint::FloatTensor input({n, 3, size, size}, 0.0f);
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (auto& v : input.data) v = normal(rng);
    return input;
}

class MultiTap : public ::testing::TestWithParam<TapCase> {};

TEST_P(MultiTap, EveryMethodGivesEachTapWhatThatTapAloneGives)
{
    const TapCase& c = GetParam();
    hint::model::setComputeThreads(0);
    auto network = hint::model::Network::create(c.arch);
    ASSERT_TRUE(network.ok());
    network.value()->randomizeWeights(11);
    const hint::FloatTensor input = randomInput(2, c.size, 7);
    // One row explained for its predicted class, one for a fixed class.
    const std::vector<int64_t> targets = {-1, 3};
    const std::vector<uint64_t> ids = {40, 41};

    for (const auto& name : hint::saliency::methodNames()) {
        hint::saliency::Options options;
        options.method = hint::saliency::parseMethod(name).value();
        options.seed = 9;
        options.smoothGradSamples = 2;
        options.integratedGradientSteps = 3;
        auto together = hint::saliency::computeAtTaps(*network.value(), input, targets, options, c.layers, ids);
        ASSERT_TRUE(together.ok()) << name << ": " << together.error().message;
        ASSERT_EQ(together->size(), c.layers.size());
        for (size_t t = 0; t < c.layers.size(); ++t) {
            options.layer = c.layers[t];
            auto alone = hint::saliency::compute(*network.value(), input, targets, options, ids);
            ASSERT_TRUE(alone.ok()) << name << " " << c.layers[t] << ": " << alone.error().message;
            const auto& got = (*together)[t];
            EXPECT_EQ(got.targets, alone->targets) << name << " " << c.layers[t];
            ASSERT_EQ(got.features.shape, alone->features.shape) << name << " " << c.layers[t];
            ASSERT_EQ(got.saliency.shape, alone->saliency.shape) << name << " " << c.layers[t];
            EXPECT_LE(maxRelativeError(got.features, alone->features), 1e-6) << name << " " << c.layers[t];
            EXPECT_LE(maxRelativeError(got.saliency, alone->saliency), 1e-6) << name << " " << c.layers[t];
            // A gradient that is zero everywhere would match trivially; these must carry signal. (Grad-CAM
            // maps of random weights can be flat, hence zero after the min-max normalization.)
            const bool camType = name == "gradcam" || name == "guided-gradcam";
            double magnitude = 0.0;
            for (float v : (camType ? alone->features : alone->saliency).data)
                magnitude = std::max(magnitude, static_cast<double>(std::fabs(v)));
            EXPECT_GT(magnitude, 0.0) << name << " " << c.layers[t];
        }
    }
}

// Small inputs keep the suite fast; the tap arithmetic does not depend on the size.
INSTANTIATE_TEST_SUITE_P(
    Archs, MultiTap,
    ::testing::Values(TapCase{"vgg11", {"features.13", "features.8", "features.18"}, 64},
                      // layer1.1.conv2 lies inside layer1; layer3.0.relu is a module called twice.
                      TapCase{"resnet18", {"layer2", "layer1", "layer1.1.conv2", "layer3.0.relu"}, 64},
                      TapCase{"mobilenet_v2", {"features.13", "features.7.conv.1", "features.4"}, 64},
                      // Parallel branches (neither depends on the other) and the block that holds them.
                      TapCase{"inception_v3", {"Mixed_5b.branch5x5_2", "Mixed_5b.branch1x1", "Mixed_5b", "Mixed_6a"}, 75},
                      TapCase{"squeezenet1_1", {"features.9.expand3x3", "features.9.expand1x1", "features.6"}, 64},
                      TapCase{"shapesnet", {"features.16", "features.10", "features.13"}, 96}),
    [](const auto& info) { return info.param.arch; });

TEST(MultiTapErrors, UnknownOrRepeatedLayerIsBadInputNamingIt)
{
    auto network = hint::model::Network::create("shapesnet");
    ASSERT_TRUE(network.ok());
    network.value()->randomizeWeights(1);
    const hint::FloatTensor input = randomInput(1, 96, 1);
    hint::saliency::Options options;
    auto unknown = hint::saliency::computeAtTaps(*network.value(), input, {-1}, options, {"features.10", "features.99"});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(unknown.error().message.find("features.99"), std::string::npos) << unknown.error().message;

    auto twice = hint::saliency::computeAtTaps(*network.value(), input, {-1}, options, {"features.10", "features.10"});
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(twice.error().message.find("twice"), std::string::npos) << twice.error().message;
}

}  // namespace
