// Turning a decoded image into a network input (3,S,S float), in the three modes the project knows:
//  hint:     RGB, plain resize to SxS with PIL's ANTIALIAS (Lanczos, data/pil_resize.h; aspect not kept),
//            /255, ImageNet mean/std: the original's, to the pixel
//  classify: RGB, shorter side to S*256/224, centre crop SxS, /255, ImageNet mean/std (torchvision's eval)
//  caffe:    BGR, 0..255 minus (104,117,123), resize to S*256/227 square, centre crop SxS (S = 227)
#pragma once

#include "common/float_tensor.h"
#include "common/result.h"
#include "data/image.h"

#include <string>

namespace hint::data {

enum class PreprocessMode { Hint, Classify, Caffe };

struct PreprocessSpec {
    PreprocessMode mode = PreprocessMode::Hint;
    int size = 224;
};

Result<PreprocessMode> parsePreprocessMode(const std::string& name);
std::string preprocessModeName(PreprocessMode mode);
// The input side a mode uses when none is given (caffe: 227, else 224).
int defaultInputSize(PreprocessMode mode);

// Returns 3,S,S.
FloatTensor preprocessImage(const ImageRgb8& image, const PreprocessSpec& spec);
// The same image resized like preprocessImage but kept as 8-bit RGB (for overlays).
ImageRgb8 resizedForDisplay(const ImageRgb8& image, const PreprocessSpec& spec);

}  // namespace hint::data
