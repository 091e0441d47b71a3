// Reading and writing named tensors: PyTorch zip .pth state dicts and safetensors.
// Every failure is an Error naming the file (and the key where there is one); never a crash.
#pragma once

#include "common/result.h"
#include "model/detail/torch_pch.h"

#include <string>
#include <utility>
#include <vector>

namespace hint::model::detail {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

Result<NamedTensors> readPth(const std::string& path);
Result<NamedTensors> readSafetensors(const std::string& path);
Result<NamedTensors> readWeightsFile(const std::string& path);  // by content: zip or safetensors
Status writeSafetensors(const std::string& path, const NamedTensors& tensors);

// Copies the tensors into the module's parameters and buffers, strictly.
Status assignStrict(torch::nn::Module& module, const NamedTensors& tensors, const std::string& path);

}  // namespace hint::model::detail
