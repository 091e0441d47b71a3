// SqueezeNet 1.0 and 1.1: torchvision's layouts and names (Fire modules with squeeze/expand convs).
#include "model/detail/architectures.h"

namespace hint::model::detail {
namespace {

class Fire : public Block {
public:
    Fire(int64_t in, int64_t squeezeWidth, int64_t expand1x1Width, int64_t expand3x3Width)
        : m_squeeze(register_module("squeeze", conv(in, squeezeWidth, 1))),
          m_squeezeActivation(register_module("squeeze_activation", relu())),
          m_expand1x1(register_module("expand1x1", conv(squeezeWidth, expand1x1Width, 1))),
          m_expand1x1Activation(register_module("expand1x1_activation", relu())),
          m_expand3x3(register_module("expand3x3", conv(squeezeWidth, expand3x3Width, 3, 1, 1))),
          m_expand3x3Activation(register_module("expand3x3_activation", relu()))
    {
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor s = runChild("squeeze", m_squeeze, x, ctx);
        s = runChild("squeeze_activation", m_squeezeActivation, s, ctx);
        torch::Tensor a = runChild("expand1x1", m_expand1x1, s, ctx);
        a = runChild("expand1x1_activation", m_expand1x1Activation, a, ctx);
        torch::Tensor b = runChild("expand3x3", m_expand3x3, s, ctx);
        b = runChild("expand3x3_activation", m_expand3x3Activation, b, ctx);
        return torch::cat({a, b}, 1);
    }

private:
    std::shared_ptr<Conv2d> m_squeeze;
    std::shared_ptr<Activation> m_squeezeActivation;
    std::shared_ptr<Conv2d> m_expand1x1;
    std::shared_ptr<Activation> m_expand1x1Activation;
    std::shared_ptr<Conv2d> m_expand3x3;
    std::shared_ptr<Activation> m_expand3x3Activation;
};

std::shared_ptr<Fire> fire(int64_t in, int64_t squeezeWidth, int64_t expandWidth)
{
    return std::make_shared<Fire>(in, squeezeWidth, expandWidth, expandWidth);
}

class SqueezeNet : public Architecture {
public:
    SqueezeNet(std::shared_ptr<Sequential> features, std::shared_ptr<Sequential> classifier)
        : m_features(register_module("features", std::move(features))),
          m_classifier(register_module("classifier", std::move(classifier)))
    {
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("features", m_features, x, ctx);
        return runChild("classifier", m_classifier, out, ctx).flatten(1);
    }

private:
    std::shared_ptr<Sequential> m_features;
    std::shared_ptr<Sequential> m_classifier;
};

}  // namespace

std::shared_ptr<Architecture> makeSqueezeNet(const std::string& name, int64_t numClasses)
{
    auto features = std::make_shared<Sequential>();
    // The pools round up (ceil_mode) as in the original Caffe model.
    if (name == "squeezenet1_0") {
        features->add(conv(3, 96, 7, 2));
        features->add(relu());
        features->add(maxPool(3, 2, 0, true));
        features->add(fire(96, 16, 64));
        features->add(fire(128, 16, 64));
        features->add(fire(128, 32, 128));
        features->add(maxPool(3, 2, 0, true));
        features->add(fire(256, 32, 128));
        features->add(fire(256, 48, 192));
        features->add(fire(384, 48, 192));
        features->add(fire(384, 64, 256));
        features->add(maxPool(3, 2, 0, true));
        features->add(fire(512, 64, 256));
    } else if (name == "squeezenet1_1") {
        features->add(conv(3, 64, 3, 2));
        features->add(relu());
        features->add(maxPool(3, 2, 0, true));
        features->add(fire(64, 16, 64));
        features->add(fire(128, 16, 64));
        features->add(maxPool(3, 2, 0, true));
        features->add(fire(128, 32, 128));
        features->add(fire(256, 32, 128));
        features->add(maxPool(3, 2, 0, true));
        features->add(fire(256, 48, 192));
        features->add(fire(384, 48, 192));
        features->add(fire(384, 64, 256));
        features->add(fire(512, 64, 256));
    } else {
        return nullptr;
    }
    auto classifier = std::make_shared<Sequential>();
    classifier->add(dropout());
    classifier->add(conv(512, numClasses, 1));  // final_conv
    classifier->add(relu());
    classifier->add(adaptiveAvgPool(1, 1));
    return std::make_shared<SqueezeNet>(features, classifier);
}

}  // namespace hint::model::detail
