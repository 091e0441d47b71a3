// FGSM/PGD stay in the epsilon ball and raise the loss; CAM's premise (a GAP + linear head has a spatially
// constant gradient, so the channel sum of gradient x input is sum_k w_ck z_k).
#include "localization/adversarial.h"
#include "localization/localization_run.h"
#include "model/detail/network_impl.h"
#include "saliency/saliency.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace hint;

namespace {

FloatTensor randomInput(int n, int size, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    const float mean[3] = {0.485f, 0.456f, 0.406f}, std[3] = {0.229f, 0.224f, 0.225f};
    FloatTensor x({n, 3, size, size});
    for (size_t i = 0; i < x.data.size(); ++i) {
        const size_t c = (i / static_cast<size_t>(size * size)) % 3;
        x.data[i] = (unit(rng) - mean[c]) / std[c];
    }
    return x;
}

double crossEntropy(const model::Network& net, const FloatTensor& x, const std::vector<int64_t>& labels)
{
    auto logits = net.logits(x);
    EXPECT_TRUE(logits.ok());
    const int64_t classes = logits->shape[1];
    double loss = 0.0;
    for (size_t n = 0; n < labels.size(); ++n) {
        const float* row = logits->data.data() + n * static_cast<size_t>(classes);
        const double m = *std::max_element(row, row + classes);
        double sum = 0.0;
        for (int64_t c = 0; c < classes; ++c) sum += std::exp(row[c] - m);
        loss += m + std::log(sum) - row[labels[n]];
    }
    return loss;
}

double linfPixels(const FloatTensor& a, const FloatTensor& b, int size)
{
    const double std[3] = {0.229, 0.224, 0.225};
    double m = 0.0;
    for (size_t i = 0; i < a.data.size(); ++i)
        m = std::max(m, std::fabs(a.data[i] - b.data[i]) * std[(i / static_cast<size_t>(size * size)) % 3]);
    return m;
}

}  // namespace

TEST(Adversarial, FgsmAndPgdStayInTheBallAndRaiseTheLoss)
{
    auto net = model::Network::create("resnet18", 10);
    ASSERT_TRUE(net.ok());
    net.value()->randomizeWeights(5);
    const FloatTensor x = randomInput(2, 64, 11);
    const std::vector<int64_t> labels = {3, 7};
    localization::AttackOptions none;
    none.epsilon = 0.0;
    auto same = localization::attackInputs(*net.value(), x, labels, none);
    ASSERT_TRUE(same.ok());
    EXPECT_LT(linfPixels(same.value(), x, 64), 1e-6);

    const double clean = crossEntropy(*net.value(), x, labels);
    localization::AttackOptions fgsm;
    fgsm.epsilon = 4.0 / 255.0;
    auto a = localization::attackInputs(*net.value(), x, labels, fgsm);
    ASSERT_TRUE(a.ok());
    EXPECT_LE(linfPixels(a.value(), x, 64), fgsm.epsilon + 1e-6);
    EXPECT_GT(linfPixels(a.value(), x, 64), fgsm.epsilon * 0.9);
    EXPECT_GT(crossEntropy(*net.value(), a.value(), labels), clean);

    localization::AttackOptions pgd;
    pgd.method = localization::AttackMethod::Pgd;
    pgd.epsilon = 4.0 / 255.0;
    pgd.steps = 5;
    auto p = localization::attackInputs(*net.value(), x, labels, pgd);
    ASSERT_TRUE(p.ok());
    EXPECT_LE(linfPixels(p.value(), x, 64), pgd.epsilon + 1e-6);
    EXPECT_GT(crossEntropy(*net.value(), p.value(), labels), clean);
    EXPECT_FALSE(localization::attackInputs(*net.value(), x, {1}, fgsm).ok());
}

TEST(Adversarial, CamEqualsGradientTimesInputSummedOverChannels)
{
    ASSERT_EQ(localization::camLayer("resnet18"), "layer4");
    ASSERT_EQ(localization::camLayer("mobilenet_v2"), "features.18");
    ASSERT_EQ(localization::camLayer("vgg16"), "");
    auto net = model::Network::create("resnet18", 10);
    ASSERT_TRUE(net.ok());
    net.value()->randomizeWeights(9);
    const FloatTensor x = randomInput(1, 96, 2);  // layer4: 512 x 3 x 3
    saliency::Options options;
    options.method = saliency::Method::GradientXInput;
    options.layer = "layer4";
    auto out = saliency::compute(*net.value(), x, {4}, options);
    ASSERT_TRUE(out.ok());
    const auto& z = out->features;
    const int64_t channels = z.shape[1], plane = z.shape[2] * z.shape[3];
    torch::Tensor fc;
    for (const auto& p : net.value()->impl().module->named_parameters())
        if (p.key() == "fc.weight") fc = p.value();
    ASSERT_TRUE(fc.defined());
    for (int64_t p = 0; p < plane; ++p) {
        double cam = 0.0, gxi = 0.0;
        for (int64_t c = 0; c < channels; ++c) {
            const size_t i = static_cast<size_t>(c * plane + p);
            cam += fc[4][c].item<double>() * z.data[i];
            gxi += out->saliency.data[i];
        }
        EXPECT_NEAR(gxi * static_cast<double>(plane), cam, 1e-4 * (1.0 + std::fabs(cam)));
    }
}
