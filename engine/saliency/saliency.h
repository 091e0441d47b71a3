// Saliency at a hidden layer (METHOD.md section 5): the gradient of a target logit with respect to the
// output z of one tap, by one of seven methods, batched. Only layers after the tap take part in the
// backward pass; the trunk before it runs without autograd. Several taps share their passes: one
// forward and one backward pass (per step or noisy copy) give every tap's gradient, each equal to what
// that tap alone gives.
#pragma once

#include "common/float_tensor.h"
#include "common/result.h"
#include "model/network.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::saliency {

enum class Method { Guided, Vanilla, SmoothGrad, IntegratedGradients, GradientXInput, GradCam, GuidedGradCam };

Result<Method> parseMethod(const std::string& name);
std::string methodName(Method method);
const std::vector<std::string>& methodNames();
// Grad-CAM-type methods give one map per image (N,1,H,W) instead of one per channel.
bool isSingleMap(Method method);

struct Options {
    Method method = Method::Guided;
    std::string layer;
    int smoothGradSamples = 50;
    int integratedGradientSteps = 25;
    uint64_t seed = 0;
};

struct Output {
    FloatTensor features;           // N,C,H,W: z (smoothgrad: mean over the noisy copies, as the original)
    FloatTensor saliency;           // N,C,H,W or N,1,H,W
    std::vector<int64_t> targets;   // the logit each row was explained for
};

// targets[i] = class index, or -1 for the predicted class. imageIds seed the per-image noise of
// smoothgrad, so results do not depend on how images are batched (empty: 0..N-1).
Result<Output> compute(const model::Network& network, const FloatTensor& input, const std::vector<int64_t>& targets,
                       const Options& options, const std::vector<uint64_t>& imageIds = {});

// The same at several taps in one pass (options.layer is not used): one Output per layer, in order.
// A layer listed twice, unknown or not leading to the logits is BadInput.
Result<std::vector<Output>> computeAtTaps(const model::Network& network, const FloatTensor& input,
                                          const std::vector<int64_t>& targets, const Options& options,
                                          const std::vector<std::string>& layers,
                                          const std::vector<uint64_t>& imageIds = {});

}  // namespace hint::saliency
