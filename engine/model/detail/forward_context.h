// ForwardContext: carries one forward pass through a network's named modules.
// Every named module runs through run(), which gives the module its torchvision name
// (e.g. "features.30"), records tap shapes, and at the tap: keeps the output, switches autograd on
// for everything after it (nothing before the tap needs a gradient) and can stop the pass.
#pragma once

#include "model/detail/torch_pch.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hint::model::detail {

// Thrown by run() after the tap when only the tap's output is wanted (forward_to).
struct StopAtTap {};

class ForwardContext {
public:
    using Step = std::function<torch::Tensor(const torch::Tensor&)>;

    std::string tap;            // module whose output is wanted ("" = none)
    bool stopAtTap = false;     // forward_to: stop once the tap is reached
    bool gradFromTap = false;   // make the tap output a leaf that requires grad
    bool guided = false;        // activations after the tap use the guided backward
    bool recordTaps = false;    // collect every tap name and shape
    // Several taps in one pass (saliency at many layers), instead of `tap`: each listed module's output
    // lands in tapOutputs (same order). Autograd starts at the first one reached; a later tap that depends
    // on it stays in its graph (the gradient of the logits at it is the same as with a detached leaf), one
    // that does not becomes a leaf. Guided activations start at the first tap reached.
    std::vector<std::string> tapList;

    // Results of the pass.
    torch::Tensor tapOutput;
    std::vector<torch::Tensor> tapOutputs;  // with tapList: undefined for a tap not reached
    std::vector<std::pair<std::string, std::vector<int64_t>>> taps;

    torch::Tensor run(const std::string& localName, const torch::Tensor& input, const Step& step);

    bool tapReached() const { return m_tapReached; }
    // True for activations whose backward must be guided.
    bool guidedActive() const { return guided && m_tapReached; }

private:
    void keepListedTap(const std::string& name, torch::Tensor& output);
    std::string currentPath(const std::string& localName) const;

    std::vector<std::string> m_path;
    bool m_tapReached = false;
    std::optional<torch::AutoGradMode> m_gradFromHere;
};

}  // namespace hint::model::detail
