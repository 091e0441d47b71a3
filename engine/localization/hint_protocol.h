// The original HINT localization protocol (METHOD.md section 6), kept bit-for-bit as "HINT reference":
//  1. binary concept map M = [f > 0] at feature resolution;
//  2. box = tight box of all positive cells (no connected components), filled as a mask at feature
//     resolution, resized to the input size with skimage.transform.resize (order 1, defaults) and
//     binarized with > 0, which grows the box by half a cell; skimage's default border ('reflect',
//     ndimage 'mirror') also fills the edge cell when the box stops one cell short of the image edge;
//  3. ground truth: each box rescaled to the input size with int() truncation of x, y, w and h
//     (w = x1 - x0, h = y1 - y0 in the file's pixels), filled inclusive (rows y..y+h, columns x..x+w,
//     clipped to the image), union of all boxes;
//  4. IoU of the two pixel masks; accuracy = share of images with IoU >= 0.5.
// Where the original crashes (no positive cell) the IoU is 0.
#pragma once

#include "common/result.h"
#include "data/annotation_readers.h"
#include "localization/map2d.h"

#include <optional>
#include <vector>

namespace hint::localization {

// Tight box of the cells > 0 (inclusive cell indices); nullopt when there is none.
std::optional<PixelBox> positiveCellBox(const BinaryMask& cells);
// The box filled at cell resolution, resized to size x size as the original does, > 0.
Result<BinaryMask> upsampledBoxMask(const PixelBox& cellBox, int cellsHigh, int cellsWide, int size);
// Union of the ground-truth boxes at size x size (boxes in the pixels of an imageWidth x imageHeight file).
BinaryMask groundTruthMask(const std::vector<data::Box>& boxes, int imageWidth, int imageHeight, int size);
// sum(a * b) / sum(a + b > 0); 0 when both are empty.
double maskIoU(const BinaryMask& a, const BinaryMask& b);
// Tight box of the 1-pixels of a mask; nullopt when it is empty.
std::optional<PixelBox> maskBox(const BinaryMask& mask);
// A box as a mask.
BinaryMask boxMask(const PixelBox& box, int height, int width);

struct HintLocalization {
    bool hasBox = false;
    PixelBox cellBox;       // at feature resolution
    PixelBox predictedBox;  // bounds of the upsampled box mask, input pixels (inclusive)
    int positiveCells = 0;
    double iou = 0.0;
};

// The whole protocol for one image: binary map at feature resolution against its ground truth.
Result<HintLocalization> hintLocalize(const BinaryMask& cells, const std::vector<data::Box>& boxes, int imageWidth,
                                      int imageHeight, int size = 224);
// Same with a ready box mask at input resolution (trivial boxes, thresholded baseline maps).
HintLocalization hintLocalizeMask(const BinaryMask& predicted, const std::vector<data::Box>& boxes, int imageWidth,
                                  int imageHeight);

constexpr double kHintIouThreshold = 0.5;

}  // namespace hint::localization
