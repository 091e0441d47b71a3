// VGG 11/13/16/19 with and without batch norm, and AlexNet: torchvision's layouts and names.
#include "model/detail/architectures.h"

#include <map>

namespace hint::model::detail {
namespace {

constexpr int kPool = 0;  // marks a max-pool in a VGG configuration

const std::map<std::string, std::vector<int>>& vggConfigs()
{
    static const std::map<std::string, std::vector<int>> configs = {
        {"vgg11", {64, kPool, 128, kPool, 256, 256, kPool, 512, 512, kPool, 512, 512, kPool}},
        {"vgg13", {64, 64, kPool, 128, 128, kPool, 256, 256, kPool, 512, 512, kPool, 512, 512, kPool}},
        {"vgg16", {64, 64, kPool, 128, 128, kPool, 256, 256, 256, kPool, 512, 512, 512, kPool, 512, 512, 512, kPool}},
        {"vgg19", {64, 64, kPool, 128, 128, kPool, 256, 256, 256, 256, kPool, 512, 512, 512, 512, kPool, 512, 512,
                   512, 512, kPool}},
    };
    return configs;
}

// features -> avgpool -> flatten -> classifier, the forward shared by VGG and AlexNet.
class PooledClassifierNet : public Architecture {
public:
    PooledClassifierNet(std::shared_ptr<Sequential> features, int pooled, std::shared_ptr<Sequential> classifier)
        : m_features(register_module("features", std::move(features))),
          m_avgpool(register_module("avgpool", adaptiveAvgPool(pooled, pooled))),
          m_classifier(register_module("classifier", std::move(classifier)))
    {
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("features", m_features, x, ctx);
        out = runChild("avgpool", m_avgpool, out, ctx);
        return runChild("classifier", m_classifier, out.flatten(1), ctx);
    }

private:
    std::shared_ptr<Sequential> m_features;
    std::shared_ptr<AdaptiveAvgPool> m_avgpool;
    std::shared_ptr<Sequential> m_classifier;
};

}  // namespace

std::shared_ptr<Architecture> makeVgg(const std::string& name, int64_t numClasses)
{
    const bool batchNormed = name.size() > 3 && name.compare(name.size() - 3, 3, "_bn") == 0;
    const std::string base = batchNormed ? name.substr(0, name.size() - 3) : name;
    auto found = vggConfigs().find(base);
    if (found == vggConfigs().end()) return nullptr;

    auto features = std::make_shared<Sequential>();
    int64_t channels = 3;
    for (int width : found->second) {
        if (width == kPool) {
            features->add(maxPool(2, 2));
            continue;
        }
        features->add(conv(channels, width, 3, 1, 1));
        if (batchNormed) features->add(batchNorm(width));
        features->add(relu());
        channels = width;
    }
    auto classifier = std::make_shared<Sequential>();
    classifier->add(linear(512 * 7 * 7, 4096));
    classifier->add(relu());
    classifier->add(dropout());
    classifier->add(linear(4096, 4096));
    classifier->add(relu());
    classifier->add(dropout());
    classifier->add(linear(4096, numClasses));
    return std::make_shared<PooledClassifierNet>(features, 7, classifier);
}

std::shared_ptr<Architecture> makeAlexNet(int64_t numClasses)
{
    auto features = std::make_shared<Sequential>();
    features->add(conv(3, 64, 11, 4, 2));
    features->add(relu());
    features->add(maxPool(3, 2));
    features->add(conv(64, 192, 5, 1, 2));
    features->add(relu());
    features->add(maxPool(3, 2));
    features->add(conv(192, 384, 3, 1, 1));
    features->add(relu());
    features->add(conv(384, 256, 3, 1, 1));
    features->add(relu());
    features->add(conv(256, 256, 3, 1, 1));
    features->add(relu());
    features->add(maxPool(3, 2));
    auto classifier = std::make_shared<Sequential>();
    classifier->add(dropout());
    classifier->add(linear(256 * 6 * 6, 4096));
    classifier->add(relu());
    classifier->add(dropout());
    classifier->add(linear(4096, 4096));
    classifier->add(relu());
    classifier->add(linear(4096, numClasses));
    return std::make_shared<PooledClassifierNet>(features, 6, classifier);
}

}  // namespace hint::model::detail
