// ResNet 18/34/50/101/152 as torchvision 0.14 builds them (v1.5: a Bottleneck strides on its 3x3 conv).
// Children are registered in torchvision's order, so module, parameter and tap names match.
#include "model/detail/architectures.h"

namespace hint::model::detail {
namespace {

std::shared_ptr<Conv2d> conv3x3(int64_t in, int64_t out, int64_t stride = 1) { return conv(in, out, 3, stride, 1, false); }
std::shared_ptr<Conv2d> conv1x1(int64_t in, int64_t out, int64_t stride = 1) { return conv(in, out, 1, stride, 0, false); }

// The shortcut projection: "downsample.0" (1x1 conv) and "downsample.1" (batch norm).
std::shared_ptr<Sequential> projection(int64_t in, int64_t out, int64_t stride)
{
    auto downsample = std::make_shared<Sequential>();
    downsample->add(conv1x1(in, out, stride));
    downsample->add(batchNorm(out));
    return downsample;
}

// Shared tail of both blocks. Out of place: the branch output may be the (detached) tap output.
torch::Tensor addShortcut(const torch::Tensor& branch, const torch::Tensor& x,
                          const std::shared_ptr<Sequential>& downsample, const std::shared_ptr<Activation>& relu,
                          ForwardContext& ctx)
{
    torch::Tensor identity = downsample ? runChild("downsample", downsample, x, ctx) : x;
    // The block's single relu module runs again here; ForwardContext keeps its first call as the tap.
    return runChild("relu", relu, branch + identity, ctx);
}

class BasicBlock : public Block {
public:
    static constexpr int64_t kExpansion = 1;

    BasicBlock(int64_t in, int64_t planes, int64_t stride, std::shared_ptr<Sequential> downsample)
        : m_conv1(register_module("conv1", conv3x3(in, planes, stride))),
          m_bn1(register_module("bn1", batchNorm(planes))),
          m_relu(register_module("relu", relu())),
          m_conv2(register_module("conv2", conv3x3(planes, planes))),
          m_bn2(register_module("bn2", batchNorm(planes)))
    {
        if (downsample) m_downsample = register_module("downsample", std::move(downsample));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("conv1", m_conv1, x, ctx);
        out = runChild("bn1", m_bn1, out, ctx);
        out = runChild("relu", m_relu, out, ctx);
        out = runChild("conv2", m_conv2, out, ctx);
        out = runChild("bn2", m_bn2, out, ctx);
        return addShortcut(out, x, m_downsample, m_relu, ctx);
    }

private:
    std::shared_ptr<Conv2d> m_conv1;
    std::shared_ptr<BatchNorm2d> m_bn1;
    std::shared_ptr<Activation> m_relu;
    std::shared_ptr<Conv2d> m_conv2;
    std::shared_ptr<BatchNorm2d> m_bn2;
    std::shared_ptr<Sequential> m_downsample;
};

class Bottleneck : public Block {
public:
    static constexpr int64_t kExpansion = 4;

    Bottleneck(int64_t in, int64_t planes, int64_t stride, std::shared_ptr<Sequential> downsample)
        : m_conv1(register_module("conv1", conv1x1(in, planes))),
          m_bn1(register_module("bn1", batchNorm(planes))),
          m_conv2(register_module("conv2", conv3x3(planes, planes, stride))),
          m_bn2(register_module("bn2", batchNorm(planes))),
          m_conv3(register_module("conv3", conv1x1(planes, planes * kExpansion))),
          m_bn3(register_module("bn3", batchNorm(planes * kExpansion))),
          m_relu(register_module("relu", relu()))
    {
        if (downsample) m_downsample = register_module("downsample", std::move(downsample));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("conv1", m_conv1, x, ctx);
        out = runChild("bn1", m_bn1, out, ctx);
        out = runChild("relu", m_relu, out, ctx);
        out = runChild("conv2", m_conv2, out, ctx);
        out = runChild("bn2", m_bn2, out, ctx);
        out = runChild("relu", m_relu, out, ctx);
        out = runChild("conv3", m_conv3, out, ctx);
        out = runChild("bn3", m_bn3, out, ctx);
        return addShortcut(out, x, m_downsample, m_relu, ctx);
    }

private:
    std::shared_ptr<Conv2d> m_conv1;
    std::shared_ptr<BatchNorm2d> m_bn1;
    std::shared_ptr<Conv2d> m_conv2;
    std::shared_ptr<BatchNorm2d> m_bn2;
    std::shared_ptr<Conv2d> m_conv3;
    std::shared_ptr<BatchNorm2d> m_bn3;
    std::shared_ptr<Activation> m_relu;
    std::shared_ptr<Sequential> m_downsample;
};

class ResNet : public Architecture {
public:
    template <class BlockType>
    static std::shared_ptr<ResNet> build(const std::vector<int>& depths, int64_t numClasses)
    {
        auto net = std::make_shared<ResNet>();
        int64_t channels = 64;
        const int64_t widths[] = {64, 128, 256, 512};
        for (size_t stage = 0; stage < 4; ++stage) {
            const int64_t planes = widths[stage];
            const int64_t stride = stage == 0 ? 1 : 2;
            auto layer = std::make_shared<Sequential>();
            std::shared_ptr<Sequential> downsample;
            if (stride != 1 || channels != planes * BlockType::kExpansion)
                downsample = projection(channels, planes * BlockType::kExpansion, stride);
            layer->add(std::make_shared<BlockType>(channels, planes, stride, downsample));
            channels = planes * BlockType::kExpansion;
            for (int i = 1; i < depths[stage]; ++i)
                layer->add(std::make_shared<BlockType>(channels, planes, 1, nullptr));
            net->m_layers[stage] = net->register_module("layer" + std::to_string(stage + 1), layer);
        }
        net->m_avgpool = net->register_module("avgpool", adaptiveAvgPool(1, 1));
        net->m_fc = net->register_module("fc", linear(channels, numClasses));
        return net;
    }

    ResNet()
        : m_conv1(register_module("conv1", conv(3, 64, 7, 2, 3, false))),
          m_bn1(register_module("bn1", batchNorm(64))),
          m_relu(register_module("relu", relu())),
          m_maxpool(register_module("maxpool", maxPool(3, 2, 1)))
    {
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("conv1", m_conv1, x, ctx);
        out = runChild("bn1", m_bn1, out, ctx);
        out = runChild("relu", m_relu, out, ctx);
        out = runChild("maxpool", m_maxpool, out, ctx);
        for (size_t stage = 0; stage < 4; ++stage)
            out = runChild("layer" + std::to_string(stage + 1), m_layers[stage], out, ctx);
        out = runChild("avgpool", m_avgpool, out, ctx);
        return runChild("fc", m_fc, out.flatten(1), ctx);
    }

private:
    std::shared_ptr<Conv2d> m_conv1;
    std::shared_ptr<BatchNorm2d> m_bn1;
    std::shared_ptr<Activation> m_relu;
    std::shared_ptr<MaxPool> m_maxpool;
    std::shared_ptr<Sequential> m_layers[4];
    std::shared_ptr<AdaptiveAvgPool> m_avgpool;
    std::shared_ptr<Linear> m_fc;
};

}  // namespace

std::shared_ptr<Architecture> makeResNet(const std::string& name, int64_t numClasses)
{
    if (name == "resnet18") return ResNet::build<BasicBlock>({2, 2, 2, 2}, numClasses);
    if (name == "resnet34") return ResNet::build<BasicBlock>({3, 4, 6, 3}, numClasses);
    if (name == "resnet50") return ResNet::build<Bottleneck>({3, 4, 6, 3}, numClasses);
    if (name == "resnet101") return ResNet::build<Bottleneck>({3, 4, 23, 3}, numClasses);
    if (name == "resnet152") return ResNet::build<Bottleneck>({3, 8, 36, 3}, numClasses);
    return nullptr;
}

}  // namespace hint::model::detail
