// Torch-level saliency for engine code that already holds tensors (extraction, localization).
#pragma once

#include "model/detail/network_impl.h"
#include "saliency/saliency.h"

namespace hint::saliency::detail {

struct TorchOutput {
    torch::Tensor features;
    torch::Tensor saliency;
    torch::Tensor targets;  // int64 N
};

// Throws c10::Error / std::runtime_error on failure; callers convert to Error.
TorchOutput computeTorch(const model::detail::NetworkImpl& net, const torch::Tensor& input,
                         const std::vector<int64_t>& targets, const Options& options,
                         const std::vector<uint64_t>& imageIds);
// One output per layer from shared passes (options.layer is not used).
std::vector<TorchOutput> computeTorchAtTaps(const model::detail::NetworkImpl& net, const torch::Tensor& input,
                                           const std::vector<int64_t>& targets, const Options& options,
                                           const std::vector<std::string>& layers,
                                           const std::vector<uint64_t>& imageIds);

}  // namespace hint::saliency::detail
