// Where a weights file keeps one tensor: its bytes stay in the file until the tensor's final storage is
// known, so loading reads each tensor once, straight into the network's parameter (weights_io.h).
#pragma once

#include "model/detail/torch_pch.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::model::detail {

struct StoredTensor {
    std::string name;
    torch::ScalarType dtype = torch::kFloat32;
    std::vector<int64_t> sizes, strides;  // strides in elements
    int64_t storageOffset = 0;            // elements from the storage's start to the tensor's first one
    int64_t storageNumel = 0;             // elements of the whole storage
    uint64_t fileOffset = 0;              // the storage's first byte in the file, when stored as is
    torch::Tensor inMemory;               // or the storage itself (1-D), when the file compresses it

    int64_t numel() const;
    bool isContiguous() const;  // row-major and dense: the bytes are the tensor's as they are
};

}  // namespace hint::model::detail
