// Inception-v3 as torchvision 0.14 builds it (transform_input on, as for its pretrained weights).
// BasicConv2d's ReLU is functional in torchvision (F.relu), so it is no tap; the pooling inside the
// Mixed blocks is functional too. AuxLogits is registered so its weights load, but never runs (eval).
#include "model/detail/architectures.h"

#include <map>

namespace hint::model::detail {
namespace {

struct Kernel {
    int64_t h, w;
};

// conv (no bias) -> batch norm (eps 0.001) -> F.relu.
class BasicConv2d : public Block {
public:
    BasicConv2d(int64_t in, int64_t out, Kernel kernel, int64_t stride = 1, Kernel padding = {0, 0})
        : m_conv(register_module("conv", std::make_shared<Conv2d>(Conv2dOptions{in, out, {kernel.h, kernel.w}, {stride, stride},
                                                                                {padding.h, padding.w}, 1, false}))),
          m_bn(register_module("bn", batchNorm(out, 0.001)))
    {
    }
    BasicConv2d(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t padding = 0)
        : BasicConv2d(in, out, Kernel{kernel, kernel}, stride, Kernel{padding, padding})
    {
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = runChild("conv", m_conv, x, ctx);
        out = runChild("bn", m_bn, out, ctx);
        return applyRelu(out, ctx);
    }

private:
    std::shared_ptr<Conv2d> m_conv;
    std::shared_ptr<BatchNorm2d> m_bn;
};

using ConvPtr = std::shared_ptr<BasicConv2d>;

// Base of the Mixed blocks: registers BasicConv2d children by name and runs chains of them.
class InceptionBlock : public Block {
protected:
    ConvPtr add(const std::string& name, ConvPtr conv)
    {
        m_convs[name] = register_module(name, std::move(conv));
        return m_convs[name];
    }
    torch::Tensor chain(const std::vector<std::string>& names, torch::Tensor x, ForwardContext& ctx)
    {
        for (const auto& name : names) x = runChild(name, m_convs.at(name), x, ctx);
        return x;
    }
    static torch::Tensor avgPool3(const torch::Tensor& x) { return torch::avg_pool2d(x, 3, 1, 1); }
    static torch::Tensor maxPool3s2(const torch::Tensor& x) { return torch::max_pool2d(x, 3, 2); }

private:
    std::map<std::string, ConvPtr> m_convs;
};

ConvPtr basic(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t padding = 0)
{
    return std::make_shared<BasicConv2d>(in, out, kernel, stride, padding);
}
// 1x7 / 7x1 (and 1x3 / 3x1) convolutions with "same" padding.
ConvPtr wide(int64_t in, int64_t out, int64_t k)
{
    return std::make_shared<BasicConv2d>(in, out, Kernel{1, k}, 1, Kernel{0, k / 2});
}
ConvPtr tall(int64_t in, int64_t out, int64_t k)
{
    return std::make_shared<BasicConv2d>(in, out, Kernel{k, 1}, 1, Kernel{k / 2, 0});
}

class InceptionA : public InceptionBlock {
public:
    InceptionA(int64_t in, int64_t poolFeatures)
    {
        add("branch1x1", basic(in, 64, 1));
        add("branch5x5_1", basic(in, 48, 1));
        add("branch5x5_2", basic(48, 64, 5, 1, 2));
        add("branch3x3dbl_1", basic(in, 64, 1));
        add("branch3x3dbl_2", basic(64, 96, 3, 1, 1));
        add("branch3x3dbl_3", basic(96, 96, 3, 1, 1));
        add("branch_pool", basic(in, poolFeatures, 1));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor b1 = chain({"branch1x1"}, x, ctx);
        torch::Tensor b5 = chain({"branch5x5_1", "branch5x5_2"}, x, ctx);
        torch::Tensor b3 = chain({"branch3x3dbl_1", "branch3x3dbl_2", "branch3x3dbl_3"}, x, ctx);
        torch::Tensor bp = chain({"branch_pool"}, avgPool3(x), ctx);
        return torch::cat({b1, b5, b3, bp}, 1);
    }
};

class InceptionB : public InceptionBlock {
public:
    explicit InceptionB(int64_t in)
    {
        add("branch3x3", basic(in, 384, 3, 2));
        add("branch3x3dbl_1", basic(in, 64, 1));
        add("branch3x3dbl_2", basic(64, 96, 3, 1, 1));
        add("branch3x3dbl_3", basic(96, 96, 3, 2));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor b3 = chain({"branch3x3"}, x, ctx);
        torch::Tensor bd = chain({"branch3x3dbl_1", "branch3x3dbl_2", "branch3x3dbl_3"}, x, ctx);
        return torch::cat({b3, bd, maxPool3s2(x)}, 1);
    }
};

class InceptionC : public InceptionBlock {
public:
    InceptionC(int64_t in, int64_t c7)
    {
        add("branch1x1", basic(in, 192, 1));
        add("branch7x7_1", basic(in, c7, 1));
        add("branch7x7_2", wide(c7, c7, 7));
        add("branch7x7_3", tall(c7, 192, 7));
        add("branch7x7dbl_1", basic(in, c7, 1));
        add("branch7x7dbl_2", tall(c7, c7, 7));
        add("branch7x7dbl_3", wide(c7, c7, 7));
        add("branch7x7dbl_4", tall(c7, c7, 7));
        add("branch7x7dbl_5", wide(c7, 192, 7));
        add("branch_pool", basic(in, 192, 1));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor b1 = chain({"branch1x1"}, x, ctx);
        torch::Tensor b7 = chain({"branch7x7_1", "branch7x7_2", "branch7x7_3"}, x, ctx);
        torch::Tensor bd = chain(
            {"branch7x7dbl_1", "branch7x7dbl_2", "branch7x7dbl_3", "branch7x7dbl_4", "branch7x7dbl_5"}, x, ctx);
        torch::Tensor bp = chain({"branch_pool"}, avgPool3(x), ctx);
        return torch::cat({b1, b7, bd, bp}, 1);
    }
};

class InceptionD : public InceptionBlock {
public:
    explicit InceptionD(int64_t in)
    {
        add("branch3x3_1", basic(in, 192, 1));
        add("branch3x3_2", basic(192, 320, 3, 2));
        add("branch7x7x3_1", basic(in, 192, 1));
        add("branch7x7x3_2", wide(192, 192, 7));
        add("branch7x7x3_3", tall(192, 192, 7));
        add("branch7x7x3_4", basic(192, 192, 3, 2));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor b3 = chain({"branch3x3_1", "branch3x3_2"}, x, ctx);
        torch::Tensor b7 = chain({"branch7x7x3_1", "branch7x7x3_2", "branch7x7x3_3", "branch7x7x3_4"}, x, ctx);
        return torch::cat({b3, b7, maxPool3s2(x)}, 1);
    }
};

class InceptionE : public InceptionBlock {
public:
    explicit InceptionE(int64_t in)
    {
        add("branch1x1", basic(in, 320, 1));
        add("branch3x3_1", basic(in, 384, 1));
        add("branch3x3_2a", wide(384, 384, 3));
        add("branch3x3_2b", tall(384, 384, 3));
        add("branch3x3dbl_1", basic(in, 448, 1));
        add("branch3x3dbl_2", basic(448, 384, 3, 1, 1));
        add("branch3x3dbl_3a", wide(384, 384, 3));
        add("branch3x3dbl_3b", tall(384, 384, 3));
        add("branch_pool", basic(in, 192, 1));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor b1 = chain({"branch1x1"}, x, ctx);
        torch::Tensor b3 = chain({"branch3x3_1"}, x, ctx);
        b3 = torch::cat({chain({"branch3x3_2a"}, b3, ctx), chain({"branch3x3_2b"}, b3, ctx)}, 1);
        torch::Tensor bd = chain({"branch3x3dbl_1", "branch3x3dbl_2"}, x, ctx);
        bd = torch::cat({chain({"branch3x3dbl_3a"}, bd, ctx), chain({"branch3x3dbl_3b"}, bd, ctx)}, 1);
        torch::Tensor bp = chain({"branch_pool"}, avgPool3(x), ctx);
        return torch::cat({b1, b3, bd, bp}, 1);
    }
};

// Only trained with; kept for its state_dict keys.
class InceptionAux : public InceptionBlock {
public:
    InceptionAux(int64_t in, int64_t numClasses)
    {
        add("conv0", basic(in, 128, 1));
        add("conv1", basic(128, 768, 5));
        m_fc = register_module("fc", linear(768, numClasses));
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = chain({"conv0", "conv1"}, torch::avg_pool2d(x, 5, 3), ctx);
        out = torch::adaptive_avg_pool2d(out, {1, 1}).flatten(1);
        return runChild("fc", m_fc, out, ctx);
    }

private:
    std::shared_ptr<Linear> m_fc;
};

class Inception3 : public Architecture {
public:
    explicit Inception3(int64_t numClasses)
    {
        addStep("Conv2d_1a_3x3", basic(3, 32, 3, 2));
        addStep("Conv2d_2a_3x3", basic(32, 32, 3));
        addStep("Conv2d_2b_3x3", basic(32, 64, 3, 1, 1));
        addStep("maxpool1", maxPool(3, 2));
        addStep("Conv2d_3b_1x1", basic(64, 80, 1));
        addStep("Conv2d_4a_3x3", basic(80, 192, 3));
        addStep("maxpool2", maxPool(3, 2));
        addStep("Mixed_5b", std::make_shared<InceptionA>(192, 32));
        addStep("Mixed_5c", std::make_shared<InceptionA>(256, 64));
        addStep("Mixed_5d", std::make_shared<InceptionA>(288, 64));
        addStep("Mixed_6a", std::make_shared<InceptionB>(288));
        addStep("Mixed_6b", std::make_shared<InceptionC>(768, 128));
        addStep("Mixed_6c", std::make_shared<InceptionC>(768, 160));
        addStep("Mixed_6d", std::make_shared<InceptionC>(768, 160));
        addStep("Mixed_6e", std::make_shared<InceptionC>(768, 192));
        register_module("AuxLogits", std::make_shared<InceptionAux>(768, numClasses));
        addStep("Mixed_7a", std::make_shared<InceptionD>(768));
        addStep("Mixed_7b", std::make_shared<InceptionE>(1280));
        addStep("Mixed_7c", std::make_shared<InceptionE>(2048));
        addStep("avgpool", adaptiveAvgPool(1, 1));
        addStep("dropout", dropout());
        m_fc = register_module("fc", linear(2048, numClasses));
    }

    int minInputSize() const override { return 75; }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override
    {
        torch::Tensor out = transformInput(x);
        for (auto& [name, step] : m_steps)
            out = ctx.run(name, out, [&](const torch::Tensor& in) { return step->forward(in, ctx); });
        return runChild("fc", m_fc, out.flatten(1), ctx);
    }

private:
    // Pretrained Inception-v3 was trained on inputs scaled to [-1, 1]; this maps ImageNet-normalized
    // inputs there, with torchvision's exact arithmetic.
    static torch::Tensor transformInput(const torch::Tensor& x)
    {
        torch::Tensor c0 = x.select(1, 0).unsqueeze(1) * (0.229 / 0.5) + (0.485 - 0.5) / 0.5;
        torch::Tensor c1 = x.select(1, 1).unsqueeze(1) * (0.224 / 0.5) + (0.456 - 0.5) / 0.5;
        torch::Tensor c2 = x.select(1, 2).unsqueeze(1) * (0.225 / 0.5) + (0.406 - 0.5) / 0.5;
        return torch::cat({c0, c1, c2}, 1);
    }

    void addStep(const std::string& name, std::shared_ptr<Block> block)
    {
        m_steps.emplace_back(name, register_module(name, std::move(block)));
    }

    std::vector<std::pair<std::string, std::shared_ptr<Block>>> m_steps;
    std::shared_ptr<Linear> m_fc;
};

}  // namespace

std::shared_ptr<Architecture> makeInceptionV3(int64_t numClasses) { return std::make_shared<Inception3>(numClasses); }

}  // namespace hint::model::detail
