// Gradients down to the input need the whole module with autograd on, which only the Torch-level
// NetworkImpl gives (the public Network runs the trunk without autograd).
#include "localization/adversarial.h"

#include "model/detail/network_impl.h"

#include <ATen/CPUGeneratorImpl.h>

namespace hint::localization {
namespace {

using model::detail::ForwardContext;

torch::Tensor channelTensor(const std::array<double, 3>& values)
{
    return torch::tensor({values[0], values[1], values[2]}, torch::kFloat32).view({1, 3, 1, 1});
}

// Cross-entropy of the labels and its gradient with respect to the pixel image.
torch::Tensor lossGradient(const model::detail::NetworkImpl& net, const torch::Tensor& pixels, const torch::Tensor& mean,
                           const torch::Tensor& std, const torch::Tensor& labels)
{
    torch::AutoGradMode enable(true);
    torch::Tensor p = pixels.detach().clone().requires_grad_(true);
    ForwardContext ctx;
    torch::Tensor logits = net.module->forward((p - mean) / std, ctx);
    torch::Tensor loss = torch::nn::functional::cross_entropy(logits, labels,
                                                              torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    return torch::autograd::grad({loss}, {p})[0].detach();
}

}  // namespace

Result<AttackMethod> parseAttackMethod(const std::string& name)
{
    if (name == "fgsm") return AttackMethod::Fgsm;
    if (name == "pgd") return AttackMethod::Pgd;
    return Error::badInput("unknown attack '" + name + "' (fgsm or pgd)");
}

std::string attackMethodName(AttackMethod method) { return method == AttackMethod::Fgsm ? "fgsm" : "pgd"; }

Result<FloatTensor> attackInputs(const model::Network& network, const FloatTensor& input,
                                 const std::vector<int64_t>& labels, const AttackOptions& options)
{
    if (input.shape.size() != 4 || input.shape[1] != 3) return Error::badInput("attack input must be N,3,H,W");
    if (static_cast<int64_t>(labels.size()) != input.shape[0]) return Error::badInput("one label per image is needed");
    if (!(options.epsilon >= 0.0)) return Error::badInput("epsilon must be >= 0");
    if (options.method == AttackMethod::Pgd && options.steps < 1) return Error::badInput("PGD needs at least one step");
    try {
        const auto& net = network.impl();
        const torch::Tensor mean = channelTensor(options.mean), std = channelTensor(options.std);
        const torch::Tensor x = model::detail::toTorch(input);
        const torch::Tensor clean = (x * std + mean).clamp(0.0, 1.0);
        torch::Tensor target = torch::tensor(labels, torch::kInt64);
        if ((target < 0).any().item<bool>()) {
            torch::NoGradGuard noGrad;
            ForwardContext ctx;
            torch::Tensor predicted = net.module->forward(x, ctx).argmax(1);
            target = torch::where(target < 0, predicted, target);
        }
        const double eps = options.epsilon;
        torch::Tensor adv = clean.clone();
        if (options.method == AttackMethod::Fgsm) {
            adv = (clean + eps * lossGradient(net, clean, mean, std, target).sign()).clamp(0.0, 1.0);
        } else {
            const double step = options.stepSize > 0.0 ? options.stepSize : 2.5 * eps / options.steps;
            if (options.randomStart) {
                at::Generator gen = at::detail::createCPUGenerator(options.seed);
                adv = (clean + torch::rand(clean.sizes(), gen, clean.options()) * (2 * eps) - eps).clamp(0.0, 1.0);
            }
            for (int s = 0; s < options.steps; ++s) {
                adv = adv + step * lossGradient(net, adv, mean, std, target).sign();
                adv = torch::min(torch::max(adv, clean - eps), clean + eps).clamp(0.0, 1.0);
            }
        }
        return model::detail::fromTorch((adv - mean) / std);
    } catch (const std::exception& e) {
        return Error::runtime(std::string("attack failed: ") + e.what());
    }
}

}  // namespace hint::localization
