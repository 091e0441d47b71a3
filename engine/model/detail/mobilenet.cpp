// MobileNetV2 (width 1.0): torchvision's layout and names (Conv2dNormActivation as "0","1","2",
// InvertedResidual with its `conv` Sequential).
#include "model/detail/architectures.h"

namespace hint::model::detail {
namespace {

// torchvision's Conv2dNormActivation with BatchNorm and ReLU6: conv "0" (no bias), bn "1", relu6 "2".
std::shared_ptr<Sequential> convBnRelu6(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1,
                                        int64_t groups = 1)
{
    auto block = std::make_shared<Sequential>();
    block->add(conv(in, out, kernel, stride, (kernel - 1) / 2, false, groups));
    block->add(batchNorm(out));
    block->add(relu6());
    return block;
}

class InvertedResidual : public Block {
public:
    InvertedResidual(int64_t in, int64_t out, int64_t stride, int64_t expandRatio)
        : m_residual(stride == 1 && in == out)
    {
        const int64_t hidden = in * expandRatio;
        auto layers = std::make_shared<Sequential>();
        if (expandRatio != 1) layers->add(convBnRelu6(in, hidden, 1));
        layers->add(convBnRelu6(hidden, hidden, 3, stride, hidden));  // depthwise
        layers->add(conv(hidden, out, 1, 1, 0, false));               // linear bottleneck
        layers->add(batchNorm(out));
        m_conv = register_module("conv", layers);
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("conv", m_conv, x, ctx);
        return m_residual ? x + out : out;
    }

private:
    bool m_residual;
    std::shared_ptr<Sequential> m_conv;
};

class MobileNetV2 : public Architecture {
public:
    explicit MobileNetV2(int64_t numClasses)
    {
        struct Stage {
            int64_t expand, channels, repeats, stride;
        };
        const Stage stages[] = {{1, 16, 1, 1},  {6, 24, 2, 2},  {6, 32, 3, 2},  {6, 64, 4, 2},
                                {6, 96, 3, 1},  {6, 160, 3, 2}, {6, 320, 1, 1}};
        constexpr int64_t kLastChannel = 1280;
        auto features = std::make_shared<Sequential>();
        int64_t channels = 32;
        features->add(convBnRelu6(3, channels, 3, 2));
        for (const Stage& s : stages) {
            for (int64_t i = 0; i < s.repeats; ++i) {
                const int64_t stride = i == 0 ? s.stride : 1;
                features->add(std::make_shared<InvertedResidual>(channels, s.channels, stride, s.expand));
                channels = s.channels;
            }
        }
        features->add(convBnRelu6(channels, kLastChannel, 1));
        m_features = register_module("features", features);

        auto classifier = std::make_shared<Sequential>();
        classifier->add(dropout());
        classifier->add(linear(kLastChannel, numClasses));
        m_classifier = register_module("classifier", classifier);
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("features", m_features, x, ctx);
        // torchvision pools and flattens functionally: no named module here.
        out = torch::adaptive_avg_pool2d(out, {1, 1}).flatten(1);
        return runChild("classifier", m_classifier, out, ctx);
    }

private:
    std::shared_ptr<Sequential> m_features;
    std::shared_ptr<Sequential> m_classifier;
};

}  // namespace

std::shared_ptr<Architecture> makeMobileNetV2(int64_t numClasses) { return std::make_shared<MobileNetV2>(numClasses); }

}  // namespace hint::model::detail
