// ShapesNet: the built-in demo's small CNN for the Shapes world (96x96 inputs), named like torchvision's
// VGG with batch norm (features.N, classifier.N) so that taps read like the paper's layers. A stride-2
// first convolution and two 2x2 pools leave 12x12 positions for the last two convolutions; the default
// tap, features.16, is the fifth convolution's ReLU output, what the head reads. (Its batch norm before
// the ReLU, features.15, gave worse concept maps: the negative values the head never sees carry clutter;
// tests/engine/demo/demo_hint_test.cpp quotes both.)
// Narrow early layers keep training within the demo's CPU budget (about 42M multiply-adds per image).
// The head is a generalized-mean pool (power 3) and one linear layer. HINT needs the gradient at
// the tap to spread over the shapes: a global *max* pool sends it to one cell per channel (the concept
// maps learnt corners and clutter), a global average did not reach 0.95 test accuracy in the demo's
// budget (0.93 in 22 epochs). A power mean is in between: every cell gets gradient, in proportion to
// its squared activation (test accuracy 0.973 in 15 epochs on the old, straight-edged clutter, where max
// pooling had 0.970).
#include "model/detail/architectures.h"

namespace hint::model::detail {
namespace {

constexpr int kPool = 0;
constexpr int kFirstStride = 2;
const std::vector<int> kWidths = {16, 32, kPool, 64, kPool, 96, 96};
constexpr double kPoolPower = 3.0;
// Keeps the mean above 0: the root's gradient is infinite at 0 (a channel silent on a whole image).
constexpr double kPoolFloor = 1e-6;

// (mean over positions of x^p)^(1/p), per channel (N,C,H,W -> N,C,1,1); x is a ReLU's output.
class GlobalPowerMeanPool : public Block {
public:
    torch::Tensor forward(const torch::Tensor& x, ForwardContext&) override
    {
        return x.clamp_min(kPoolFloor).pow(kPoolPower).mean({2, 3}, true).pow(1.0 / kPoolPower);
    }
};

// features -> global power-mean pool -> one linear layer.
class ShapesNet : public Architecture {
public:
    ShapesNet(std::shared_ptr<Sequential> features, int64_t channels, int64_t numClasses)
        : m_features(register_module("features", std::move(features))),
          m_pool(register_module("pool", std::make_shared<GlobalPowerMeanPool>())),
          m_classifier(register_module("classifier", std::make_shared<Sequential>()))
    {
        m_classifier->add(linear(channels, numClasses));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("features", m_features, x, ctx);
        out = runChild("pool", m_pool, out, ctx);
        return runChild("classifier", m_classifier, out.flatten(1), ctx);
    }

    int minInputSize() const override { return 32; }

private:
    std::shared_ptr<Sequential> m_features;
    std::shared_ptr<GlobalPowerMeanPool> m_pool;
    std::shared_ptr<Sequential> m_classifier;
};

}  // namespace

std::shared_ptr<Architecture> makeShapesNet(int64_t numClasses)
{
    auto features = std::make_shared<Sequential>();
    int64_t channels = 3;
    for (int width : kWidths) {
        if (width == kPool) {
            features->add(maxPool(2, 2));
            continue;
        }
        features->add(conv(channels, width, 3, channels == 3 ? kFirstStride : 1, 1));
        features->add(batchNorm(width));
        features->add(relu());
        channels = width;
    }
    return std::make_shared<ShapesNet>(features, channels, numClasses);
}

}  // namespace hint::model::detail
