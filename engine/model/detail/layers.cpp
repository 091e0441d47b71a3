#include "model/detail/layers.h"

namespace hint::model::detail {
namespace {

// Guided backward for ReLU (upper <= 0) and ReLU6 (upper = 6).
struct GuidedClamp : public torch::autograd::Function<GuidedClamp> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, double upper)
    {
        torch::Tensor out = upper > 0 ? x.clamp(0.0, upper) : x.clamp_min(0.0);
        ctx->save_for_backward({out});
        ctx->saved_data["upper"] = upper;
        return out;
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads)
    {
        const torch::Tensor out = ctx->get_saved_variables()[0];
        const double upper = ctx->saved_data["upper"].toDouble();
        torch::Tensor pass = out > 0;
        if (upper > 0) pass = pass.logical_and(out < upper);
        return {grads[0].clamp_min(0.0) * pass, torch::Tensor()};
    }
};

torch::Tensor activate(const torch::Tensor& x, double upper, ForwardContext& ctx)
{
    if (x.is_meta()) return torch::empty_like(x);  // LibTorch 1.13 has no meta kernel for relu
    if (ctx.guidedActive() && torch::GradMode::is_enabled()) return GuidedClamp::apply(x, upper);
    return upper > 0 ? torch::hardtanh(x, 0.0, upper) : torch::relu(x);
}

}  // namespace

torch::Tensor Activation::forward(const torch::Tensor& x, ForwardContext& ctx)
{
    return activate(x, m_kind == Kind::Relu6 ? 6.0 : 0.0, ctx);
}

torch::Tensor applyRelu(const torch::Tensor& x, ForwardContext& ctx) { return activate(x, 0.0, ctx); }

std::shared_ptr<Activation> relu() { return std::make_shared<Activation>(Activation::Kind::Relu); }
std::shared_ptr<Activation> relu6() { return std::make_shared<Activation>(Activation::Kind::Relu6); }
std::shared_ptr<Identity> dropout() { return std::make_shared<Identity>(); }

std::shared_ptr<MaxPool> maxPool(int kernel, int stride, int padding, bool ceilMode)
{
    return std::make_shared<MaxPool>(kernel, stride, padding, ceilMode);
}

std::shared_ptr<AdaptiveAvgPool> adaptiveAvgPool(int h, int w) { return std::make_shared<AdaptiveAvgPool>(h, w); }

torch::Tensor Sequential::forward(const torch::Tensor& x, ForwardContext& ctx)
{
    torch::Tensor out = x;
    for (auto& step : m_steps)
        out = ctx.run(step.name, out, [&](const torch::Tensor& in) { return step.run(in, ctx); });
    return out;
}

std::shared_ptr<Conv2d> conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding, bool bias,
                             int64_t groups)
{
    return std::make_shared<Conv2d>(
        Conv2dOptions{in, out, {kernel, kernel}, {stride, stride}, {padding, padding}, groups, bias});
}

std::shared_ptr<BatchNorm2d> batchNorm(int64_t channels, double eps) { return std::make_shared<BatchNorm2d>(channels, eps); }

std::shared_ptr<Linear> linear(int64_t in, int64_t out) { return std::make_shared<Linear>(in, out); }

}  // namespace hint::model::detail
