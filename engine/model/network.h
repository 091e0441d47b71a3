// Network: one model of the zoo with its weights, as the rest of the engine and the apps see it.
// Torch stays behind the pimpl; inputs and outputs are plain FloatTensors (N,3,H,W -> N,classes).
#pragma once

#include "common/float_tensor.h"
#include "common/result.h"

#include <memory>
#include <string>
#include <vector>

namespace hint::model {

namespace detail {
class NetworkImpl;
}

struct ArchInfo {
    std::string name;
    int inputSize = 224;         // the size torchvision's pretrained model classifies at
    int numClasses = 1000;
    std::string defaultLayer;    // the tap HINT uses by default (the paper's choice where it made one)
    std::string defaultPreprocess = "classify";
};

const std::vector<ArchInfo>& architectures();
const ArchInfo* findArchitecture(const std::string& name);
std::string architectureNames();  // "alexnet, vgg11, ..." for error messages

struct TapInfo {
    std::string name;
    std::vector<int64_t> shape;  // C,H,W (or C for flat outputs)
};

// The arithmetic of forward and backward passes. Bf16 runs convolutions and matrix products in
// bfloat16 (Torch's CPU autocast, on the CPU's AVX512-BF16 / AMX units where it has them), everything
// else as it comes; inputs, the arrays the engine returns and everything written stay float32.
enum class Precision { Fp32, Bf16 };
Result<Precision> parsePrecision(const std::string& name);  // "fp32" | "bf16"; BadInput otherwise
std::string precisionName(Precision precision);

// Whether loadWeights computes the file's SHA-256 (weightsSha256()): needed for cache keys and the
// provenance recorded with results; a command that only classifies skips it.
enum class WeightsHash { Compute, Skip };

class Network {
public:
    // An unknown architecture is a BadInput error listing the known ones. The weights are allocated but
    // not initialised (no memory is touched yet): load them, randomise them or initialise them next.
    static Result<std::shared_ptr<Network>> create(const std::string& arch, int64_t numClasses = 0);
    ~Network();
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    const ArchInfo& info() const;
    int64_t numClasses() const;

    // PyTorch .pth (torch.save zip) or .safetensors, strict: every key present with its shape. Each
    // tensor is read from the file straight into its parameter. After a failure the weights are undefined.
    Status loadWeights(const std::string& path, WeightsHash hash = WeightsHash::Compute);
    // Seeded random weights (tests, benchmarks).
    void randomizeWeights(uint64_t seed);
    Status saveSafetensors(const std::string& path) const;
    // SHA-256 of the loaded weights file ("" for random weights or WeightsHash::Skip).
    const std::string& weightsSha256() const;

    // Every tap's name and output shape, from a shapes-only pass (no weights, no computation).
    Result<std::vector<TapInfo>> taps(int inputSize) const;
    static Result<std::vector<TapInfo>> tapsOf(const std::string& arch, int inputSize, int64_t numClasses = 0);
    Result<TapInfo> findTap(const std::string& name, int inputSize) const;

    // Fp32 unless set; applies to every pass run through this network (logits, features, saliency).
    void setPrecision(Precision precision);
    Precision precision() const;

    Result<FloatTensor> logits(const FloatTensor& input) const;
    // Output of one tap, running the network only up to it.
    Result<FloatTensor> features(const FloatTensor& input, const std::string& tap) const;

    detail::NetworkImpl& impl() const { return *m_impl; }

private:
    explicit Network(std::unique_ptr<detail::NetworkImpl> impl);
    std::unique_ptr<detail::NetworkImpl> m_impl;
};

// Sets Torch's intra-op threads (0 = every core). Debian's LibTorch starts with one.
void setComputeThreads(int threads);
int computeThreads();

}  // namespace hint::model
