// Decoding image files robustly: grayscale, CMYK, 16-bit, alpha and EXIF-rotated files are converted
// to 8-bit RGB; empty, non-image and truncated files are a BadInput error saying why (the caller skips
// them and goes on).
#pragma once

#include "common/result.h"
#include "data/image.h"

#include <string>

namespace hint::data {

Result<ImageRgb8> decodeImage(const std::string& path);
// Same, from bytes in memory (dropped files, fuzzing); `name` is used in messages.
Result<ImageRgb8> decodeImageBytes(const std::vector<uint8_t>& bytes, const std::string& name);
Status writePng(const std::string& path, const ImageRgb8& image);

bool isImageFileName(const std::string& path);

}  // namespace hint::data
