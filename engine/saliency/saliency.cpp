#include "saliency/saliency.h"

#include "saliency/detail/saliency_torch.h"

#include <ATen/CPUGeneratorImpl.h>

#include <stdexcept>

namespace hint::saliency {
namespace detail {
namespace {

using model::detail::ForwardContext;
using model::detail::NetworkImpl;

struct TapGradient {
    torch::Tensor z;
    torch::Tensor grad;
    torch::Tensor logits;
};

// One pass: trunk without autograd, head with autograd on z only, d(sum of target logits)/dz.
// targets: class per row, or -1 to use (and fill in) the predicted class.
TapGradient gradientAtTap(const NetworkImpl& net, const torch::Tensor& input, const std::string& layer, bool guided,
                          torch::Tensor& targets)
{
    torch::NoGradGuard noGrad;
    ForwardContext ctx;
    ctx.tap = layer;
    ctx.gradFromTap = true;
    ctx.guided = guided;
    torch::Tensor logits = net.forwardWithTap(input, ctx);
    if (!ctx.tapReached()) throw std::invalid_argument("unknown layer '" + layer + "' for " + net.info.name);
    if (!logits.requires_grad()) throw std::invalid_argument("layer '" + layer + "' does not lead to the logits");
    torch::Tensor predicted = logits.detach().argmax(1);
    targets = torch::where(targets < 0, predicted, targets);
    if (targets.max().item<int64_t>() >= logits.size(1))
        throw std::invalid_argument("target index out of range (the model has " + std::to_string(logits.size(1)) +
                                    " classes)");
    torch::Tensor selected = logits.gather(1, targets.unsqueeze(1)).sum();
    torch::Tensor grad = torch::autograd::grad({selected}, {ctx.tapOutput})[0];
    return {ctx.tapOutput.detach(), grad.detach(), logits.detach()};
}

// ReLU(1 + sum_k w_k z_k) with w = spatial mean of the gradient, min-max normalized per image.
torch::Tensor gradCamMap(const torch::Tensor& z, const torch::Tensor& grad)
{
    torch::Tensor weights = grad.mean({2, 3}, true);
    torch::Tensor cam = torch::relu(1.0 + (weights * z).sum(1, true));
    torch::Tensor flat = cam.flatten(1);
    torch::Tensor lo = std::get<0>(flat.min(1, true)).view({-1, 1, 1, 1});
    torch::Tensor hi = std::get<0>(flat.max(1, true)).view({-1, 1, 1, 1});
    torch::Tensor range = hi - lo;
    return torch::where(range > 0, (cam - lo) / range.clamp_min(1e-12), torch::zeros_like(cam));
}

// The original's noise: std = sigma^2 with sigma = 4 / (max x - min x), per image.
torch::Tensor smoothGradNoise(const torch::Tensor& input, int64_t row, uint64_t seed, uint64_t imageId, int sample)
{
    torch::Tensor x = input[row];
    const double range = (x.max() - x.min()).item<double>();
    const double sigma = range > 0 ? 4.0 / range : 0.0;
    uint64_t mixed = seed * 0x9E3779B97F4A7C15ull ^ (imageId + 1) * 0xBF58476D1CE4E5B9ull ^ static_cast<uint64_t>(sample);
    at::Generator gen = at::detail::createCPUGenerator(mixed);
    return torch::randn(x.sizes(), gen, x.options()) * (sigma * sigma);
}

}  // namespace

TorchOutput computeTorch(const NetworkImpl& net, const torch::Tensor& input, const std::vector<int64_t>& requested,
                         const Options& options, const std::vector<uint64_t>& imageIds)
{
    const int64_t n = input.size(0);
    if (static_cast<int64_t>(requested.size()) != n) throw std::invalid_argument("one target per image is needed");
    torch::Tensor targets = torch::tensor(requested, torch::kInt64);
    const bool guided = options.method == Method::Guided;
    TapGradient clean = gradientAtTap(net, input, options.layer, guided, targets);
    TorchOutput out;
    out.targets = targets;
    out.features = clean.z;

    switch (options.method) {
    case Method::Guided:
    case Method::Vanilla: out.saliency = clean.grad; break;
    case Method::GradientXInput: out.saliency = clean.grad * clean.z; break;
    case Method::GradCam: out.saliency = gradCamMap(clean.z, clean.grad); break;
    case Method::GuidedGradCam: {
        TapGradient guidedPass = gradientAtTap(net, input, options.layer, true, targets);
        out.saliency = guidedPass.grad * gradCamMap(clean.z, clean.grad);
        break;
    }
    case Method::IntegratedGradients: {
        // alpha in linspace(0, 1, steps), alpha = 0 included; alpha = 1 is the clean pass.
        const int steps = std::max(2, options.integratedGradientSteps);
        torch::Tensor sum = clean.grad.clone();
        for (int i = 0; i < steps - 1; ++i) {
            const double alpha = static_cast<double>(i) / (steps - 1);
            sum += gradientAtTap(net, input * alpha, options.layer, false, targets).grad;
        }
        out.saliency = sum / steps * clean.z;
        break;
    }
    case Method::SmoothGrad: {
        const int samples = std::max(1, options.smoothGradSamples);
        torch::Tensor gradSum = torch::zeros_like(clean.grad);
        torch::Tensor featureSum = torch::zeros_like(clean.z);
        for (int s = 0; s < samples; ++s) {
            torch::Tensor noise = torch::empty_like(input);
            for (int64_t row = 0; row < n; ++row) {
                uint64_t id = imageIds.empty() ? static_cast<uint64_t>(row) : imageIds[static_cast<size_t>(row)];
                noise[row] = smoothGradNoise(input, row, options.seed, id, s);
            }
            TapGradient noisy = gradientAtTap(net, input + noise, options.layer, false, targets);
            gradSum += noisy.grad;
            featureSum += noisy.z;
        }
        out.saliency = gradSum / samples;
        out.features = featureSum / samples;
        break;
    }
    }
    return out;
}

}  // namespace detail

Result<Method> parseMethod(const std::string& name)
{
    const auto& names = methodNames();
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<Method>(i);
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    return Error::badInput("unknown saliency method '" + name + "' (" + known + ")");
}

const std::vector<std::string>& methodNames()
{
    // In the order of the Method enum.
    static const std::vector<std::string> names = {"guided",           "vanilla", "smoothgrad",    "integrated-gradients",
                                                   "gradient-x-input", "gradcam", "guided-gradcam"};
    return names;
}

std::string methodName(Method method) { return methodNames().at(static_cast<size_t>(method)); }

bool isSingleMap(Method method) { return method == Method::GradCam; }

Result<Output> compute(const model::Network& network, const FloatTensor& input, const std::vector<int64_t>& targets,
                       const Options& options, const std::vector<uint64_t>& imageIds)
{
    try {
        auto out = detail::computeTorch(network.impl(), model::detail::toTorch(input), targets, options, imageIds);
        Output result;
        result.features = model::detail::fromTorch(out.features);
        result.saliency = model::detail::fromTorch(out.saliency);
        result.targets.assign(out.targets.data_ptr<int64_t>(), out.targets.data_ptr<int64_t>() + out.targets.numel());
        return result;
    } catch (const std::invalid_argument& e) {
        return Error::badInput(e.what());
    } catch (const std::exception& e) {
        return Error::runtime(std::string("saliency failed: ") + std::string(e.what()).substr(0, 300));
    }
}

}  // namespace hint::saliency
