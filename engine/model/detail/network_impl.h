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
    Precision precision = Precision::Fp32;

    // Full forward with the tap captured; the tap output requires grad when gradFromTap is set.
    // The trunk before the tap runs without autograd.
    torch::Tensor forwardWithTap(const torch::Tensor& input, ForwardContext& ctx) const;
    // Output of the tap only (the pass stops there).
    torch::Tensor forwardTo(const torch::Tensor& input, const std::string& tap) const;
};

// Runs the passes of its lifetime in the network's precision (bf16: CPU autocast), then restores the
// thread's autocast state. Backward passes need no scope: they follow the recorded dtypes.
class PrecisionScope {
public:
    explicit PrecisionScope(Precision precision);
    ~PrecisionScope();
    PrecisionScope(const PrecisionScope&) = delete;
    PrecisionScope& operator=(const PrecisionScope&) = delete;

private:
    bool m_active;
    bool m_wasEnabled = false;
    at::ScalarType m_previousType = at::kBFloat16;
};

torch::Tensor toTorch(const FloatTensor& tensor);
// Always NCHW-contiguous (row-major) data, whatever the tensor's memory format.
FloatTensor fromTorch(const torch::Tensor& tensor);

// Networks run channels-last (NHWC): oneDNN's convolutions are 1.15-1.6x faster on it than on NCHW for
// every zoo architecture (VGG19 to features.30: 1.45x; bench/channels_last.py measures it). The 4-D weights are kept
// channels-last and the forward entry points convert their input; every op keeps the format, and data
// leaves the engine through fromTorch or .contiguous(), which give NCHW. The arithmetic is PyTorch's
// with model.to(memory_format=torch.channels_last), which the fidelity references use.
torch::Tensor channelsLast(const torch::Tensor& x);
void useChannelsLast(torch::nn::Module& module);

}  // namespace hint::model::detail
