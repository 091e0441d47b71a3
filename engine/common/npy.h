// NumPy .npy files (format 1.0, little-endian, C order): float32 and int64 arrays.
// NpyStreamWriter appends rows batch by batch and fixes the row count on close, so a large
// extraction never needs to sit in memory; it writes to "<path>.part" and renames on close.
#pragma once

#include "common/float_tensor.h"
#include "common/result.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace hint {

struct NpyArrayInfo {
    std::string dtype;  // "<f4" or "<i8"
    std::vector<int64_t> shape;
    int64_t dataOffset = 0;
};

Status writeNpy(const std::string& path, const FloatTensor& tensor);
Status writeNpy(const std::string& path, const std::vector<int64_t>& values);
Status writeNpyInt64(const std::string& path, const std::vector<int64_t>& shape, const std::vector<int64_t>& values);

Result<NpyArrayInfo> readNpyHeader(const std::string& path);
Result<FloatTensor> readNpyFloat(const std::string& path);
Result<std::vector<int64_t>> readNpyInt64(const std::string& path, std::vector<int64_t>* shape = nullptr);

// Reads rows [first, first + count) of a float32 array without loading the rest.
Result<FloatTensor> readNpyFloatRows(const std::string& path, int64_t first, int64_t count);

class NpyStreamWriter {
public:
    NpyStreamWriter() = default;
    ~NpyStreamWriter();
    NpyStreamWriter(const NpyStreamWriter&) = delete;
    NpyStreamWriter& operator=(const NpyStreamWriter&) = delete;

    // rowShape: shape of one row (e.g. C,H,W); dtype "<f4" or "<i8".
    Status open(const std::string& path, std::vector<int64_t> rowShape, std::string dtype = "<f4");
    Status appendRows(const float* data, int64_t rows);
    Status appendRows(const int64_t* data, int64_t rows);
    // Rewrites the header with the final row count and publishes the file.
    Status close();
    // Deletes the partial file.
    void abandon();
    int64_t rows() const { return m_rows; }

private:
    Status appendBytes(const void* data, size_t bytes, int64_t rows);
    std::string m_path;
    std::vector<int64_t> m_rowShape;
    std::string m_dtype;
    std::FILE* m_file = nullptr;
    int64_t m_rows = 0;
};

}  // namespace hint
