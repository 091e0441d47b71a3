// Engine-private view of a Network: the Torch module and the helpers that run it with a tap.
#pragma once

#include "model/detail/architectures.h"
#include "model/network.h"

namespace hint::model::detail {

class NetworkImpl {
public:
    ArchInfo info;
    int64_t numClasses = 1000;
    std::shared_ptr<Architecture> module;
    std::string weightsSha256;

    // Full forward with the tap captured; the tap output requires grad when gradFromTap is set.
    // The trunk before the tap runs without autograd.
    torch::Tensor forwardWithTap(const torch::Tensor& input, ForwardContext& ctx) const;
    // Output of the tap only (the pass stops there).
    torch::Tensor forwardTo(const torch::Tensor& input, const std::string& tap) const;
};

torch::Tensor toTorch(const FloatTensor& tensor);
FloatTensor fromTorch(const torch::Tensor& tensor);

}  // namespace hint::model::detail
