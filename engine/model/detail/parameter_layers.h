// The zoo's layers with weights: Conv2d, BatchNorm2d and Linear, named and computed as torch::nn's
// (same parameter and buffer names, same ATen calls), but making their tensors as the current
// ParameterMode says instead of initialising them randomly: a network whose weights are loaded next
// (or randomised, or trained from an explicit initialisation) never pays for an initialisation it
// throws away, and a shapes-only network allocates nothing.
#pragma once

#include "model/detail/torch_pch.h"

#include <array>

namespace hint::model::detail {

enum class ParameterMode {
    Uninitialised,  // CPU memory, not written (the pages are only touched when the weights are filled)
    Meta,           // meta tensors: sizes without storage, for shape-only passes
};

// Sets the mode for the layers built on this thread while it lives (the architectures' factories take
// no mode argument; a scope keeps their signatures).
class ParameterModeScope {
public:
    explicit ParameterModeScope(ParameterMode mode);
    ~ParameterModeScope();
    ParameterModeScope(const ParameterModeScope&) = delete;
    ParameterModeScope& operator=(const ParameterModeScope&) = delete;

private:
    ParameterMode m_previous;
};
ParameterMode currentParameterMode();

// A tensor of these sizes on the meta device (shape-only passes), channels-last when 4-D.
torch::Tensor metaTensor(const torch::Tensor& like, c10::IntArrayRef sizes);

struct Conv2dOptions {
    int64_t in = 0, out = 0;
    std::array<int64_t, 2> kernel{1, 1};
    std::array<int64_t, 2> stride{1, 1};
    std::array<int64_t, 2> padding{0, 0};
    int64_t groups = 1;
    bool bias = true;
};

class Conv2d : public torch::nn::Module {
public:
    explicit Conv2d(const Conv2dOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    Conv2dOptions options;
    torch::Tensor weight;  // out, in/groups, kh, kw (channels-last in memory)
    torch::Tensor bias;    // undefined without bias
};

class BatchNorm2d : public torch::nn::Module {
public:
    BatchNorm2d(int64_t channels, double eps, double momentum = 0.1);
    // Eval: the running statistics; training: the batch's, updating the running ones (as torch::nn).
    torch::Tensor forward(const torch::Tensor& x);

    double eps, momentum;
    torch::Tensor weight, bias, running_mean, running_var, num_batches_tracked;
};

class Linear : public torch::nn::Module {
public:
    Linear(int64_t in, int64_t out);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight, bias;
};

}  // namespace hint::model::detail
