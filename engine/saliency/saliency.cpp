#include "saliency/saliency.h"

#include "saliency/detail/saliency_torch.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <stdexcept>

namespace hint::saliency {
namespace detail {
namespace {

using model::detail::ForwardContext;
using model::detail::NetworkImpl;

struct TapGradients {
    std::vector<torch::Tensor> z;     // per tap
    std::vector<torch::Tensor> grad;  // per tap
};

// One forward and one backward pass for every tap: trunk without autograd up to the first tap reached,
// then autograd; d(sum of target logits)/dz at each tap. The gradient at a tap depends only on the layers
// after it, so each tap's result is the one a pass with that tap alone gives (guided activations start
// at the first tap, which changes nothing downstream of a later one).
// targets: class per row, or -1 to use (and fill in) the predicted class.
TapGradients gradientsAtTaps(const NetworkImpl& net, const torch::Tensor& input, const std::vector<std::string>& layers,
                             bool guided, torch::Tensor& targets)
{
    torch::NoGradGuard noGrad;
    ForwardContext ctx;
    ctx.tapList = layers;
    ctx.gradFromTap = true;
    ctx.guided = guided;
    torch::Tensor logits = net.forwardWithTap(input, ctx);
    ctx.tapOutputs.resize(layers.size());
    for (size_t i = 0; i < layers.size(); ++i)
        if (!ctx.tapOutputs[i].defined())
            throw std::invalid_argument("unknown layer '" + layers[i] + "' for " + net.info.name);
    if (!logits.requires_grad()) throw std::invalid_argument("layer '" + layers.front() + "' does not lead to the logits");
    torch::Tensor predicted = logits.detach().argmax(1);
    targets = torch::where(targets < 0, predicted, targets);
    if (targets.max().item<int64_t>() >= logits.size(1))
        throw std::invalid_argument("target index out of range (the model has " + std::to_string(logits.size(1)) +
                                    " classes)");
    torch::Tensor selected = logits.gather(1, targets.unsqueeze(1)).sum();
    std::vector<torch::Tensor> grads =
        torch::autograd::grad({selected}, ctx.tapOutputs, {}, c10::nullopt, false, /*allow_unused=*/true);
    TapGradients out;
    for (size_t i = 0; i < layers.size(); ++i) {
        if (!grads[i].defined()) throw std::invalid_argument("layer '" + layers[i] + "' does not lead to the logits");
        out.z.push_back(ctx.tapOutputs[i].detach());
        out.grad.push_back(grads[i].detach());
    }
    return out;
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

std::vector<TorchOutput> computeTorchAtTaps(const NetworkImpl& net, const torch::Tensor& input,
                                           const std::vector<int64_t>& requested, const Options& options,
                                           const std::vector<std::string>& layers,
                                           const std::vector<uint64_t>& imageIds)
{
    const int64_t n = input.size(0);
    if (static_cast<int64_t>(requested.size()) != n) throw std::invalid_argument("one target per image is needed");
    if (layers.empty()) throw std::invalid_argument("no layer given");
    for (size_t i = 0; i < layers.size(); ++i)
        if (std::find(layers.begin(), layers.begin() + static_cast<std::ptrdiff_t>(i), layers[i]) !=
            layers.begin() + static_cast<std::ptrdiff_t>(i))
            throw std::invalid_argument("layer '" + layers[i] + "' is listed twice");
    torch::Tensor targets = torch::tensor(requested, torch::kInt64);
    const bool guided = options.method == Method::Guided;
    // Every method's passes serve all taps at once: the extra passes (guided for guided Grad-CAM, one per
    // step or noisy copy for integrated gradients and smoothgrad) each compute every tap's gradient.
    TapGradients clean = gradientsAtTaps(net, input, layers, guided, targets);
    const size_t taps = layers.size();
    std::vector<TorchOutput> out(taps);
    for (size_t t = 0; t < taps; ++t) {
        out[t].targets = targets;
        out[t].features = clean.z[t];
    }

    switch (options.method) {
    case Method::Guided:
    case Method::Vanilla:
        for (size_t t = 0; t < taps; ++t) out[t].saliency = clean.grad[t];
        break;
    case Method::GradientXInput:
        for (size_t t = 0; t < taps; ++t) out[t].saliency = clean.grad[t] * clean.z[t];
        break;
    case Method::GradCam:
        for (size_t t = 0; t < taps; ++t) out[t].saliency = gradCamMap(clean.z[t], clean.grad[t]);
        break;
    case Method::GuidedGradCam: {
        TapGradients guidedPass = gradientsAtTaps(net, input, layers, true, targets);
        for (size_t t = 0; t < taps; ++t) out[t].saliency = guidedPass.grad[t] * gradCamMap(clean.z[t], clean.grad[t]);
        break;
    }
    case Method::IntegratedGradients: {
        // alpha in linspace(0, 1, steps), alpha = 0 included; alpha = 1 is the clean pass.
        const int steps = std::max(2, options.integratedGradientSteps);
        std::vector<torch::Tensor> sum;
        for (size_t t = 0; t < taps; ++t) sum.push_back(clean.grad[t].clone());
        for (int i = 0; i < steps - 1; ++i) {
            const double alpha = static_cast<double>(i) / (steps - 1);
            TapGradients scaled = gradientsAtTaps(net, input * alpha, layers, false, targets);
            for (size_t t = 0; t < taps; ++t) sum[t] += scaled.grad[t];
        }
        for (size_t t = 0; t < taps; ++t) out[t].saliency = sum[t] / steps * clean.z[t];
        break;
    }
    case Method::SmoothGrad: {
        const int samples = std::max(1, options.smoothGradSamples);
        std::vector<torch::Tensor> gradSum, featureSum;
        for (size_t t = 0; t < taps; ++t) {
            gradSum.push_back(torch::zeros_like(clean.grad[t]));
            featureSum.push_back(torch::zeros_like(clean.z[t]));
        }
        for (int s = 0; s < samples; ++s) {
            torch::Tensor noise = torch::empty_like(input);
            for (int64_t row = 0; row < n; ++row) {
                uint64_t id = imageIds.empty() ? static_cast<uint64_t>(row) : imageIds[static_cast<size_t>(row)];
                noise[row] = smoothGradNoise(input, row, options.seed, id, s);
            }
            TapGradients noisy = gradientsAtTaps(net, input + noise, layers, false, targets);
            for (size_t t = 0; t < taps; ++t) {
                gradSum[t] += noisy.grad[t];
                featureSum[t] += noisy.z[t];
            }
        }
        for (size_t t = 0; t < taps; ++t) {
            out[t].saliency = gradSum[t] / samples;
            out[t].features = featureSum[t] / samples;
        }
        break;
    }
    }
    return out;
}

TorchOutput computeTorch(const NetworkImpl& net, const torch::Tensor& input, const std::vector<int64_t>& requested,
                         const Options& options, const std::vector<uint64_t>& imageIds)
{
    return std::move(computeTorchAtTaps(net, input, requested, options, {options.layer}, imageIds).front());
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

Result<std::vector<Output>> computeAtTaps(const model::Network& network, const FloatTensor& input,
                                          const std::vector<int64_t>& targets, const Options& options,
                                          const std::vector<std::string>& layers,
                                          const std::vector<uint64_t>& imageIds)
{
    try {
        auto outs = detail::computeTorchAtTaps(network.impl(), model::detail::toTorch(input), targets, options, layers,
                                               imageIds);
        std::vector<Output> results;
        for (const auto& out : outs) {
            Output result;
            result.features = model::detail::fromTorch(out.features);
            result.saliency = model::detail::fromTorch(out.saliency);
            result.targets.assign(out.targets.data_ptr<int64_t>(), out.targets.data_ptr<int64_t>() + out.targets.numel());
            results.push_back(std::move(result));
        }
        return results;
    } catch (const std::invalid_argument& e) {
        return Error::badInput(e.what());
    } catch (const std::exception& e) {
        return Error::runtime(std::string("saliency failed: ") + std::string(e.what()).substr(0, 300));
    }
}

}  // namespace hint::saliency
