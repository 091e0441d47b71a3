// Building blocks for the native model zoo: modules named as torchvision names them, so that
// state_dict keys and tap names match. Every block's forward goes through a ForwardContext.
#pragma once

#include "model/detail/forward_context.h"
#include "model/detail/parameter_layers.h"

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hint::model::detail {

// A module whose forward takes the context (our own blocks, as opposed to torch::nn leaves).
class Block : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) = 0;
};

// Calls a child module: our blocks get the context, torch::nn leaves do not.
template <class M>
torch::Tensor callChild(M& module, const torch::Tensor& x, ForwardContext& ctx)
{
    if constexpr (std::is_base_of_v<Block, M>) {
        return module.forward(x, ctx);
    } else {
        (void)ctx;
        return module.forward(x);
    }
}

// Runs a registered child under its name: ctx.run(name, x, child.forward).
template <class Holder>
torch::Tensor runChild(const std::string& name, Holder& child, const torch::Tensor& x, ForwardContext& ctx)
{
    return ctx.run(name, x, [&](const torch::Tensor& in) { return callChild(*child, in, ctx); });
}

// ReLU-family activation; after the tap with guided saliency it uses the guided backward
// (gradient passes where the forward output is in the open range and the incoming gradient > 0).
class Activation : public Block {
public:
    enum class Kind { Relu, Relu6 };
    explicit Activation(Kind kind = Kind::Relu) : m_kind(kind) {}
    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override;

private:
    Kind m_kind;
};
std::shared_ptr<Activation> relu();
std::shared_ptr<Activation> relu6();
// For activations torchvision calls functionally (F.relu): no module, same guided behaviour.
torch::Tensor applyRelu(const torch::Tensor& x, ForwardContext& ctx);

// Eval-mode dropout and other identities that torchvision still names.
class Identity : public Block {
public:
    torch::Tensor forward(const torch::Tensor& x, ForwardContext&) override { return x; }
};
std::shared_ptr<Identity> dropout();

class Flatten : public Block {
public:
    torch::Tensor forward(const torch::Tensor& x, ForwardContext&) override { return x.flatten(1); }
};

class MaxPool : public Block {
public:
    MaxPool(int kernel, int stride, int padding = 0, bool ceilMode = false)
        : m_kernel(kernel), m_stride(stride), m_padding(padding), m_ceil(ceilMode) {}
    torch::Tensor forward(const torch::Tensor& x, ForwardContext&) override
    {
        return torch::max_pool2d(x, m_kernel, m_stride, m_padding, 1, m_ceil);
    }

private:
    int m_kernel, m_stride, m_padding;
    bool m_ceil;
};
std::shared_ptr<MaxPool> maxPool(int kernel, int stride, int padding = 0, bool ceilMode = false);

class AdaptiveAvgPool : public Block {
public:
    AdaptiveAvgPool(int h, int w) : m_h(h), m_w(w) {}
    torch::Tensor forward(const torch::Tensor& x, ForwardContext&) override
    {
        if (x.is_meta()) return metaTensor(x, {x.size(0), x.size(1), m_h, m_w});  // no meta kernel in LibTorch 1.13
        return torch::adaptive_avg_pool2d(x, {m_h, m_w});
    }

private:
    int m_h, m_w;
};
std::shared_ptr<AdaptiveAvgPool> adaptiveAvgPool(int h, int w);

// torchvision's nn.Sequential: children named "0", "1", ... (or given names), run in order.
class Sequential : public Block {
public:
    template <class M>
    void add(std::shared_ptr<M> module) { add(std::to_string(m_steps.size()), std::move(module)); }

    template <class Impl>
    void add(torch::nn::ModuleHolder<Impl> holder) { add(holder.ptr()); }
    template <class Impl>
    void add(const std::string& name, torch::nn::ModuleHolder<Impl> holder) { add(name, holder.ptr()); }

    template <class M>
    void add(const std::string& name, std::shared_ptr<M> module)
    {
        register_module(name, module);
        m_steps.push_back({name, [module](const torch::Tensor& x, ForwardContext& ctx) {
                               return callChild(*module, x, ctx);
                           }});
    }

    torch::Tensor forward(const torch::Tensor& x, ForwardContext& ctx) override;
    size_t size() const { return m_steps.size(); }

private:
    struct Step {
        std::string name;
        std::function<torch::Tensor(const torch::Tensor&, ForwardContext&)> run;
    };
    std::vector<Step> m_steps;
};

// Square Conv2d (bias unless told otherwise), batch norm and linear layers (parameter_layers.h).
std::shared_ptr<Conv2d> conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t padding = 0,
                             bool bias = true, int64_t groups = 1);
std::shared_ptr<BatchNorm2d> batchNorm(int64_t channels, double eps = 1e-5);
std::shared_ptr<Linear> linear(int64_t in, int64_t out);

// The whole network: torchvision names below its root.
class Architecture : public Block {
public:
    // Inputs this architecture needs at least (e.g. inception_v3: 75).
    virtual int minInputSize() const { return 32; }
};

}  // namespace hint::model::detail
