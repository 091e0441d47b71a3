// Reading and writing named tensors: PyTorch zip .pth state dicts and safetensors.
// Every failure is an Error naming the file (and the key where there is one); never a crash.
#pragma once

#include "common/result.h"
#include "model/detail/stored_tensor.h"

#include <string>
#include <utility>
#include <vector>

namespace hint::model::detail {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// The tensors a file holds, described but not read (by content: zip .pth or safetensors).
Result<std::vector<StoredTensor>> indexWeightsFile(const std::string& path);
Status writeSafetensors(const std::string& path, const NamedTensors& tensors);

// Loads the file into the module's parameters and buffers, strictly (every key, every shape, nothing
// else): each tensor is read from the file straight into the parameter's own memory, converted only
// where its dtype or layout differs (channels-last conv weights). Nothing is written unless every key
// and shape fits and every tensor lies within the file; only a read error while filling (an I/O error)
// leaves the parameters partly written.
Status loadStrict(torch::nn::Module& module, const std::string& path);

}  // namespace hint::model::detail
