#include "model/detail/parameter_layers.h"

#include <stdexcept>
#include <string>

namespace hint::model::detail {
namespace {

thread_local ParameterMode t_mode = ParameterMode::Uninitialised;

// 4-D weights are made channels-last, the format the networks run in (network_impl.h), so loading
// writes them in place and no conversion copies them afterwards.
torch::Tensor makeTensor(c10::IntArrayRef sizes, torch::ScalarType type = torch::kFloat32)
{
    auto options = torch::TensorOptions().dtype(type);
    if (t_mode == ParameterMode::Meta) options = options.device(torch::kMeta);
    if (sizes.size() == 4) return torch::empty(sizes, options.memory_format(at::MemoryFormat::ChannelsLast));
    return torch::empty(sizes, options);
}

}  // namespace

ParameterModeScope::ParameterModeScope(ParameterMode mode) : m_previous(t_mode) { t_mode = mode; }
ParameterModeScope::~ParameterModeScope() { t_mode = m_previous; }
ParameterMode currentParameterMode() { return t_mode; }

Conv2d::Conv2d(const Conv2dOptions& o) : options(o)
{
    weight = register_parameter("weight", makeTensor({o.out, o.in / o.groups, o.kernel[0], o.kernel[1]}));
    if (o.bias) bias = register_parameter("bias", makeTensor({o.out}));
}

torch::Tensor metaTensor(const torch::Tensor& like, c10::IntArrayRef sizes)
{
    auto options = like.options();
    if (sizes.size() == 4) options = options.memory_format(at::MemoryFormat::ChannelsLast);
    return torch::empty(sizes, options);
}

torch::Tensor Conv2d::forward(const torch::Tensor& x)
{
    // LibTorch 1.13 has no meta kernel for convolutions (PyTorch's are Python): the output size by hand.
    if (x.is_meta()) {
        if (x.dim() != 4 || x.size(1) != options.in)
            throw std::invalid_argument("convolution expects " + std::to_string(options.in) + " input channels");
        std::array<int64_t, 2> out{};
        for (int i = 0; i < 2; ++i) {
            out[i] = (x.size(2 + i) + 2 * options.padding[i] - options.kernel[i]) / options.stride[i] + 1;
            if (x.size(2 + i) + 2 * options.padding[i] < options.kernel[i])
                throw std::invalid_argument("input smaller than the convolution's kernel");
        }
        return metaTensor(x, {x.size(0), options.out, out[0], out[1]});
    }
    return torch::conv2d(x, weight, bias, options.stride, options.padding, {1, 1}, options.groups);
}

BatchNorm2d::BatchNorm2d(int64_t channels, double eps_, double momentum_) : eps(eps_), momentum(momentum_)
{
    weight = register_parameter("weight", makeTensor({channels}));
    bias = register_parameter("bias", makeTensor({channels}));
    running_mean = register_buffer("running_mean", makeTensor({channels}));
    running_var = register_buffer("running_var", makeTensor({channels}));
    // Old checkpoints lack the counter (weights_io accepts that): it must not be left unwritten.
    num_batches_tracked = register_buffer("num_batches_tracked", makeTensor({}, torch::kInt64));
    if (t_mode != ParameterMode::Meta) num_batches_tracked.zero_();
}

torch::Tensor BatchNorm2d::forward(const torch::Tensor& x)
{
    if (x.is_meta()) return torch::empty_like(x);  // no meta kernel in LibTorch 1.13
    // In bf16 (autocast) the convolution before gives bfloat16; batch norm computes in its
    // parameters' float32 (LibTorch 1.13 has no mixed-dtype batch norm on the CPU).
    if (x.scalar_type() != weight.scalar_type())
        return forward(x.to(weight.scalar_type()));
    if (is_training()) {
        torch::NoGradGuard noGrad;
        num_batches_tracked += 1;
    }
    return torch::batch_norm(x, weight, bias, running_mean, running_var, is_training(), is_training() ? momentum : 0.0,
                             eps, at::globalContext().userEnabledCuDNN());
}

Linear::Linear(int64_t in, int64_t out)
{
    weight = register_parameter("weight", makeTensor({out, in}));
    bias = register_parameter("bias", makeTensor({out}));
}

torch::Tensor Linear::forward(const torch::Tensor& x) { return torch::linear(x, weight, bias); }

}  // namespace hint::model::detail
