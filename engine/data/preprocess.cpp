#include "data/preprocess.h"

#include "data/pil_resize.h"
#include "model/detail/torch_pch.h"

#include <cmath>

namespace hint::data {
namespace {

// HxWx3 uint8 -> 1x3xHxW float in 0..255.
torch::Tensor imageTensor(const ImageRgb8& image)
{
    auto t = torch::from_blob(const_cast<uint8_t*>(image.pixels.data()), {image.height, image.width, 3}, torch::kUInt8);
    return t.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32);
}

torch::Tensor resize(const torch::Tensor& x, int64_t h, int64_t w)
{
    namespace F = torch::nn::functional;
    if (x.size(2) == h && x.size(3) == w) return x;
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{h, w})
                                 .mode(torch::kBilinear)
                                 .align_corners(false)
                                 .antialias(true));
}

// torchvision's CenterCrop rounds half-way offsets to even (Python's round), hence nearbyint.
torch::Tensor centerCrop(const torch::Tensor& x, int64_t size)
{
    const int64_t top = static_cast<int64_t>(std::nearbyint((x.size(2) - size) / 2.0));
    const int64_t left = static_cast<int64_t>(std::nearbyint((x.size(3) - size) / 2.0));
    return x.slice(2, top, top + size).slice(3, left, left + size);
}

// The original's resize: PIL's ANTIALIAS (Lanczos) on 8-bit RGB, to the pixel.
ImageRgb8 hintResize(const ImageRgb8& image, int size) { return pilResize(image, size, size, PilFilter::Lanczos); }

// Resize and crop as the mode says, in 0..255 RGB. classify and caffe keep torch's antialiased
// bilinear, which is what torchvision's Resize does on tensors.
torch::Tensor geometric(const ImageRgb8& image, const PreprocessSpec& spec)
{
    if (spec.mode == PreprocessMode::Hint) return imageTensor(hintResize(image, spec.size));  // to() copies
    torch::Tensor x = imageTensor(image);
    const int64_t s = spec.size;
    switch (spec.mode) {
    case PreprocessMode::Hint: break;  // above
    case PreprocessMode::Classify: {
        const int64_t shortSide = static_cast<int64_t>(std::lround(s * 256.0 / 224.0));
        const int64_t h = image.height, w = image.width;
        // torchvision Resize(int): the shorter side becomes shortSide, the other int(shortSide * long / short).
        const int64_t nh = h <= w ? shortSide : shortSide * h / w;
        const int64_t nw = h <= w ? shortSide * w / h : shortSide;
        return centerCrop(resize(x, nh, nw), s);
    }
    case PreprocessMode::Caffe: {
        const int64_t side = static_cast<int64_t>(std::lround(s * 256.0 / 227.0));
        return centerCrop(resize(x, side, side), s);
    }
    }
    return x;
}

}  // namespace

Result<PreprocessMode> parsePreprocessMode(const std::string& name)
{
    if (name == "hint") return PreprocessMode::Hint;
    if (name == "classify") return PreprocessMode::Classify;
    if (name == "caffe") return PreprocessMode::Caffe;
    return Error::badInput("unknown preprocessing '" + name + "' (hint, classify or caffe)");
}

std::string preprocessModeName(PreprocessMode mode)
{
    switch (mode) {
    case PreprocessMode::Hint: return "hint";
    case PreprocessMode::Classify: return "classify";
    case PreprocessMode::Caffe: return "caffe";
    }
    return "hint";
}

int defaultInputSize(PreprocessMode mode) { return mode == PreprocessMode::Caffe ? 227 : 224; }

FloatTensor preprocessImage(const ImageRgb8& image, const PreprocessSpec& spec)
{
    torch::NoGradGuard noGrad;
    torch::Tensor x = geometric(image, spec);
    if (spec.mode == PreprocessMode::Caffe) {
        x = x.flip(1);  // RGB -> BGR
        x = x - torch::tensor({104.0f, 117.0f, 123.0f}).view({1, 3, 1, 1});
    } else {
        x = x / 255.0f;
        x = (x - torch::tensor({0.485f, 0.456f, 0.406f}).view({1, 3, 1, 1})) /
            torch::tensor({0.229f, 0.224f, 0.225f}).view({1, 3, 1, 1});
    }
    x = x.squeeze(0).contiguous();
    FloatTensor out;
    out.shape = x.sizes().vec();
    out.data.assign(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
    return out;
}

ImageRgb8 resizedForDisplay(const ImageRgb8& image, const PreprocessSpec& spec)
{
    if (spec.mode == PreprocessMode::Hint) return hintResize(image, spec.size);
    torch::NoGradGuard noGrad;
    torch::Tensor x = geometric(image, spec).round().clamp(0, 255).to(torch::kUInt8).squeeze(0).permute({1, 2, 0}).contiguous();
    ImageRgb8 out;
    out.height = static_cast<int>(x.size(0));
    out.width = static_cast<int>(x.size(1));
    out.pixels.assign(x.data_ptr<uint8_t>(), x.data_ptr<uint8_t>() + x.numel());
    return out;
}

}  // namespace hint::data
