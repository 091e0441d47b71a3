#include "model/detail/forward_context.h"

#include <ATen/autocast_mode.h>

#include <algorithm>

namespace hint::model::detail {

std::string ForwardContext::currentPath(const std::string& localName) const
{
    std::string path;
    for (const auto& part : m_path) {
        path += part;
        path += '.';
    }
    return path + localName;
}

torch::Tensor ForwardContext::run(const std::string& localName, const torch::Tensor& input, const Step& step)
{
    const std::string name = currentPath(localName);
    // A module called twice (ResNet's relu) is listed and tapped at its first call, in call order.
    size_t recordIndex = 0;
    bool record = false;
    if (recordTaps) {
        record = std::none_of(taps.begin(), taps.end(), [&](const auto& t) { return t.first == name; });
        if (record) {
            recordIndex = taps.size();
            taps.push_back({name, {}});
        }
    }
    m_path.push_back(localName);
    torch::Tensor output = step(input);
    m_path.pop_back();
    if (record) {
        auto sizes = output.sizes();
        taps[recordIndex].second.assign(sizes.begin() + 1, sizes.end());
    }
    if (!m_tapReached && !tap.empty() && name == tap) {
        m_tapReached = true;
        // In bf16 the layers up to the tap (nearly all of the work for HINT's deep taps) compute in
        // bfloat16; the tap's output is made float32 and the layers after it, whose backward pass gives
        // the saliency, run in float32 (autocast off until the network's PrecisionScope restores it).
        output = output.detach().to(torch::kFloat32);
        at::autocast::set_cpu_enabled(false);
        if (gradFromTap) {
            output.requires_grad_(true);
            m_gradFromHere.emplace(true);
        }
        tapOutput = output;
        if (stopAtTap) throw StopAtTap{};
    }
    if (!tapList.empty()) keepListedTap(name, output);
    return output;
}

void ForwardContext::keepListedTap(const std::string& name, torch::Tensor& output)
{
    tapOutputs.resize(tapList.size());
    const auto found = std::find(tapList.begin(), tapList.end(), name);
    if (found == tapList.end()) return;
    torch::Tensor& kept = tapOutputs[static_cast<size_t>(found - tapList.begin())];
    if (kept.defined()) return;  // a module called twice is tapped at its first call, as `tap`
    m_tapReached = true;
    if (!output.requires_grad()) {
        // As for `tap`: in bf16 the layers after the first tap reached run in float32.
        output = output.detach().to(torch::kFloat32);
        at::autocast::set_cpu_enabled(false);
        if (gradFromTap) {
            output.requires_grad_(true);
            if (!m_gradFromHere) m_gradFromHere.emplace(true);
        }
    }
    kept = output;
    if (stopAtTap && std::all_of(tapOutputs.begin(), tapOutputs.end(), [](const auto& t) { return t.defined(); }))
        throw StopAtTap{};
}

}  // namespace hint::model::detail
