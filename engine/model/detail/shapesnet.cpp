// ShapesNet: the built-in demo's small CNN for the Shapes world (96x96 inputs), named like torchvision's
// VGG with batch norm (features.N, avgpool, classifier.N) so that taps read like the paper's layers.
// Three 2x2 pools leave 12x12 positions for the last two convolutions; the default tap, features.13,
// is the batch norm of the fourth convolution before its ReLU (as vgg19_bn's features.44).
#include "model/detail/architectures.h"

namespace hint::model::detail {
namespace {

constexpr int kPool = 0;
const std::vector<int> kWidths = {16, kPool, 32, kPool, 64, kPool, 96, 96};

// features -> global average pool -> one linear layer (so that CAM applies as well).
class ShapesNet : public Architecture {
public:
    ShapesNet(std::shared_ptr<Sequential> features, int64_t channels, int64_t numClasses)
        : m_features(register_module("features", std::move(features))),
          m_avgpool(register_module("avgpool", adaptiveAvgPool(1, 1))),
          m_classifier(register_module("classifier", std::make_shared<Sequential>()))
    {
        m_classifier->add(linear(channels, numClasses));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("features", m_features, x, ctx);
        out = runChild("avgpool", m_avgpool, out, ctx);
        return runChild("classifier", m_classifier, out.flatten(1), ctx);
    }

    int minInputSize() const override { return 32; }

private:
    std::shared_ptr<Sequential> m_features;
    std::shared_ptr<AdaptiveAvgPool> m_avgpool;
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
        features->add(conv(channels, width, 3, 1, 1));
        features->add(batchNorm(width));
        features->add(relu());
        channels = width;
    }
    return std::make_shared<ShapesNet>(features, channels, numClasses);
}

}  // namespace hint::model::detail
