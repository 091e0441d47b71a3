// Resizing score maps the way the protocols we reproduce do it:
//  - skimage.transform.resize(order=1) with its defaults (what the HINT notebooks call): grid-aligned
//    linear interpolation (scipy ndimage.zoom, grid_mode=True), mode 'reflect' = ndimage 'mirror' at
//    the borders, output clipped to the input's range. Anti-aliasing only applies when shrinking; we
//    only upsample here, so it is not reproduced (shrinking is refused).
//  - cv2.resize INTER_CUBIC (what clovaai/wsolevaluation applies to CAMs) and INTER_LINEAR.
#pragma once

#include "common/result.h"
#include "localization/map2d.h"

#include <string>

namespace hint::localization {

enum class Upsampling { Cubic, Bilinear, SkimageLinear };

Result<Upsampling> parseUpsampling(const std::string& name);  // cubic | bilinear | skimage
std::string upsamplingName(Upsampling mode);

// skimage.transform.resize(map, (outH, outW)) with order 1 and default arguments; outH >= H, outW >= W.
Result<Map2d> resizeLinearSkimage(const Map2d& map, int outH, int outW);
// cv::resize to (outW, outH) with INTER_CUBIC or INTER_LINEAR on float64 data.
Result<Map2d> resizeOpenCv(const Map2d& map, int outH, int outW, bool cubic);
Result<Map2d> resizeMap(const Map2d& map, int outH, int outW, Upsampling mode);

// wsolevaluation's normalize_scoremap: (m - min) / (max - min); a constant map or one holding NaN
// becomes all zeros.
Map2d normalizeMinMax(const Map2d& map);

}  // namespace hint::localization
