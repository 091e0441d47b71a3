// Saliency at a hidden layer against the original's way in PyTorch (full backward, hooks, guided ReLU
// functions) on random seeded torchvision weights: every method, several architectures and taps.
#include "common/npy.h"
#include "model/network.h"
#include "saliency/saliency.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

namespace {

using hint::test::maxRelativeError;

struct Case {
    std::string arch;
    std::string layers;
    int size;
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.arch; }

class SaliencyFidelity : public ::testing::TestWithParam<Case> {};

TEST_P(SaliencyFidelity, EveryMethodMatchesPyTorchReference)
{
    if (!hint::test::pythonWithTorch()) GTEST_SKIP() << "no torch/torchvision at " << HINT_PYTHON3;
    const Case& c = GetParam();
    hint::test::TempDir dir("saliency_" + c.arch);
    const int smoothgradSamples = 3;
    const std::string command = std::string(HINT_PYTHON3) + " " + HINT_SOURCE_DIR + "/tests/python/make_saliency_reference.py " +
                                c.arch + " " + dir.path().string() + " --layers " + c.layers + " --size " +
                                std::to_string(c.size) + " --seed 5 --smoothgrad-samples " +
                                std::to_string(smoothgradSamples) + " 2>&1";
    auto run = hint::test::runCommand(command);
    ASSERT_EQ(run.exitCode, 0) << run.output;

    hint::model::setComputeThreads(0);
    auto network = hint::model::Network::create(c.arch);
    ASSERT_TRUE(network.ok());
    ASSERT_TRUE(network.value()->loadWeights(dir / "weights.pth").ok());
    auto input = hint::readNpyFloat(dir / "input.npy");
    auto requested = hint::readNpyInt64(dir / "requested.npy");
    ASSERT_TRUE(input.ok() && requested.ok());

    std::ifstream indexFile(dir / "index.json");
    const auto index = nlohmann::json::parse(indexFile);
    ASSERT_EQ(index.size() % hint::saliency::methodNames().size(), 0u);
    for (const auto& entry : index) {
        const std::string stem = entry["stem"];
        hint::saliency::Options options;
        options.method = hint::saliency::parseMethod(entry["method"]).value();
        options.layer = entry["layer"];
        options.seed = 5;
        options.smoothGradSamples = smoothgradSamples;
        auto out = hint::saliency::compute(*network.value(), input.value(), requested.value(), options);
        ASSERT_TRUE(out.ok()) << stem << ": " << out.error().message;
        auto features = hint::readNpyFloat(dir / ("features_" + stem + ".npy"));
        auto saliency = hint::readNpyFloat(dir / ("saliency_" + stem + ".npy"));
        auto targets = hint::readNpyInt64(dir / ("targets_" + stem + ".npy"));
        ASSERT_TRUE(features.ok() && saliency.ok() && targets.ok());
        EXPECT_EQ(out->targets, targets.value()) << stem;
        EXPECT_EQ(out->features.shape, features->shape) << stem;
        EXPECT_EQ(out->saliency.shape, saliency->shape) << stem;
        EXPECT_LE(maxRelativeError(out->features, features.value()), 1e-4) << stem;
        EXPECT_LE(maxRelativeError(out->saliency, saliency.value()), 2e-3) << stem;
    }
}

// Small inputs keep the suite fast; the tap arithmetic does not depend on the size.
INSTANTIATE_TEST_SUITE_P(Archs, SaliencyFidelity,
                         ::testing::Values(Case{"resnet18", "layer2.1,layer3.0.bn2", 96},
                                           Case{"mobilenet_v2", "features.13,features.7.conv.1", 96},
                                           Case{"vgg11", "features.10,features.13", 64},
                                           Case{"squeezenet1_1", "features.9", 96}),
                         [](const auto& info) { return info.param.arch; });

TEST(SaliencyMethods, NamesRoundTripAndUnknownIsBadInput)
{
    for (const auto& name : hint::saliency::methodNames())
        EXPECT_EQ(hint::saliency::methodName(hint::saliency::parseMethod(name).value()), name);
    auto bad = hint::saliency::parseMethod("lrp");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(bad.error().message.find("lrp"), std::string::npos);
}

TEST(SaliencyMethods, UnknownLayerIsBadInputNamingIt)
{
    auto network = hint::model::Network::create("alexnet");
    ASSERT_TRUE(network.ok());
    network.value()->randomizeWeights(1);
    hint::FloatTensor input({1, 3, 64, 64}, 0.1f);
    hint::saliency::Options options;
    options.layer = "features.99";
    auto out = hint::saliency::compute(*network.value(), input, {-1}, options);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(out.error().message.find("features.99"), std::string::npos);
}

}  // namespace
