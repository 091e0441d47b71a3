// Pillow's Image.resize on 8-bit RGB, to the pixel: what the original HINT code does to every image
// (`img.resize((224, 224), Image.ANTIALIAS)`, ANTIALIAS = LANCZOS). Separable convolution with the
// filter's support widened by the downscale factor (Pillow's antialiasing), coefficients normalized to
// sum 1 and turned into 22-bit fixed point, horizontal pass first, each pass rounded and clipped to
// 8 bits; box = the whole image and no reducing_gap, Image.resize's defaults in Pillow 9.4 (Debian 12).
#pragma once

#include "data/image.h"

namespace hint::data {

// Pillow's Resampling filters we reproduce (BICUBIC is Keys' cubic with a = -0.5).
enum class PilFilter { Bilinear, Bicubic, Lanczos };

// image.resize((width, height), filter) of Pillow; an unchanged size returns a copy. An empty image or
// a non-positive target size gives an empty image.
ImageRgb8 pilResize(const ImageRgb8& image, int width, int height, PilFilter filter = PilFilter::Lanczos);

}  // namespace hint::data
