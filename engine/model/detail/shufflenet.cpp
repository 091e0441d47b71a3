// ShuffleNetV2 x0.5 and x1.0: torchvision's layout and names (conv1, maxpool, stage2..4 of
// InvertedResidual blocks with branch1/branch2, conv5, fc).
#include "model/detail/architectures.h"

namespace hint::model::detail {
namespace {

torch::Tensor channelShuffle(const torch::Tensor& x, int64_t groups)
{
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    return x.view({n, groups, c / groups, h, w}).transpose(1, 2).contiguous().view({n, -1, h, w});
}

std::shared_ptr<Sequential> convBnRelu(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding)
{
    auto block = std::make_shared<Sequential>();
    block->add(conv(in, out, kernel, stride, padding, false));
    block->add(batchNorm(out));
    block->add(relu());
    return block;
}

class InvertedResidual : public Block {
public:
    InvertedResidual(int64_t in, int64_t out, int64_t stride) : m_stride(stride)
    {
        const int64_t branch = out / 2;
        // torchvision keeps an empty `branch1` Sequential for stride 1: it has no parameters and never runs.
        auto branch1 = std::make_shared<Sequential>();
        if (stride > 1) {
            branch1->add(conv(in, in, 3, stride, 1, false, in));  // depthwise
            branch1->add(batchNorm(in));
            branch1->add(conv(in, branch, 1, 1, 0, false));
            branch1->add(batchNorm(branch));
            branch1->add(relu());
        }
        m_branch1 = register_module("branch1", branch1);

        auto branch2 = std::make_shared<Sequential>();
        branch2->add(conv(stride > 1 ? in : branch, branch, 1, 1, 0, false));
        branch2->add(batchNorm(branch));
        branch2->add(relu());
        branch2->add(conv(branch, branch, 3, stride, 1, false, branch));  // depthwise
        branch2->add(batchNorm(branch));
        branch2->add(conv(branch, branch, 1, 1, 0, false));
        branch2->add(batchNorm(branch));
        branch2->add(relu());
        m_branch2 = register_module("branch2", branch2);
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out;
        if (m_stride == 1) {
            auto halves = x.chunk(2, 1);
            out = torch::cat({halves[0], runChild("branch2", m_branch2, halves[1], ctx)}, 1);
        } else {
            torch::Tensor left = runChild("branch1", m_branch1, x, ctx);
            out = torch::cat({left, runChild("branch2", m_branch2, x, ctx)}, 1);
        }
        return channelShuffle(out, 2);
    }

private:
    int64_t m_stride;
    std::shared_ptr<Sequential> m_branch1;
    std::shared_ptr<Sequential> m_branch2;
};

class ShuffleNetV2 : public Architecture {
public:
    // widths: conv1, stage2, stage3, stage4, conv5.
    ShuffleNetV2(const std::vector<int64_t>& widths, int64_t numClasses)
    {
        const int64_t repeats[] = {4, 8, 4};
        m_conv1 = register_module("conv1", convBnRelu(3, widths[0], 3, 2, 1));
        m_maxpool = register_module("maxpool", maxPool(3, 2, 1));
        int64_t channels = widths[0];
        for (int s = 0; s < 3; ++s) {
            auto stage = std::make_shared<Sequential>();
            const int64_t out = widths[s + 1];
            stage->add(std::make_shared<InvertedResidual>(channels, out, 2));
            for (int64_t i = 1; i < repeats[s]; ++i) stage->add(std::make_shared<InvertedResidual>(out, out, 1));
            m_stages.push_back(register_module("stage" + std::to_string(s + 2), stage));
            channels = out;
        }
        m_conv5 = register_module("conv5", convBnRelu(channels, widths[4], 1, 1, 0));
        m_fc = register_module("fc", linear(widths[4], numClasses));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("conv1", m_conv1, x, ctx);
        out = runChild("maxpool", m_maxpool, out, ctx);
        for (size_t s = 0; s < m_stages.size(); ++s)
            out = runChild("stage" + std::to_string(s + 2), m_stages[s], out, ctx);
        out = runChild("conv5", m_conv5, out, ctx);
        out = out.mean({2, 3});  // global pool, functional in torchvision
        return runChild("fc", m_fc, out, ctx);
    }

private:
    std::shared_ptr<Sequential> m_conv1;
    std::shared_ptr<MaxPool> m_maxpool;
    std::vector<std::shared_ptr<Sequential>> m_stages;
    std::shared_ptr<Sequential> m_conv5;
    std::shared_ptr<Linear> m_fc;
};

}  // namespace

std::shared_ptr<Architecture> makeShuffleNetV2(const std::string& name, int64_t numClasses)
{
    if (name == "shufflenet_v2_x0_5")
        return std::make_shared<ShuffleNetV2>(std::vector<int64_t>{24, 48, 96, 192, 1024}, numClasses);
    if (name == "shufflenet_v2_x1_0")
        return std::make_shared<ShuffleNetV2>(std::vector<int64_t>{24, 116, 232, 464, 1024}, numClasses);
    return nullptr;
}

}  // namespace hint::model::detail
