// Reads the state dict of a PyTorch zip checkpoint (torch.save) with a small unpickler of our own:
// LibTorch 1.13's unpickler turns the collections.OrderedDict that model.state_dict() returns into None,
// so torchvision's checkpoints cannot be read with torch::pickle_load. Only what state dicts use is
// accepted (dicts, tuples, lists, scalars, strings, tensors and parameters); anything else is an
// error naming the file, never code execution. Tensors are described, not read: their bytes stay in
// the file (see stored_tensor.h).
#pragma once

#include "common/result.h"
#include "model/detail/stored_tensor.h"

#include <string>
#include <vector>

namespace hint::model::detail {

Result<std::vector<StoredTensor>> readStateDictArchive(const std::string& path);

}  // namespace hint::model::detail
