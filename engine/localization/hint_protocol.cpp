#include "localization/hint_protocol.h"

#include "localization/map_resize.h"

#include <algorithm>

namespace hint::localization {

std::optional<PixelBox> positiveCellBox(const BinaryMask& cells) { return maskBox(cells); }

std::optional<PixelBox> maskBox(const BinaryMask& mask)
{
    PixelBox box{mask.width, mask.height, -1, -1};
    bool any = false;
    for (int y = 0; y < mask.height; ++y) {
        for (int x = 0; x < mask.width; ++x) {
            if (mask.at(y, x) != 1) continue;
            any = true;
            box.x0 = std::min(box.x0, x);
            box.y0 = std::min(box.y0, y);
            box.x1 = std::max(box.x1, x);
            box.y1 = std::max(box.y1, y);
        }
    }
    if (!any) return std::nullopt;
    return box;
}

BinaryMask boxMask(const PixelBox& box, int height, int width)
{
    BinaryMask mask(height, width);
    for (int y = std::max(0, box.y0); y <= std::min(height - 1, box.y1); ++y)
        for (int x = std::max(0, box.x0); x <= std::min(width - 1, box.x1); ++x) mask.at(y, x) = 1;
    return mask;
}

Result<BinaryMask> upsampledBoxMask(const PixelBox& cellBox, int cellsHigh, int cellsWide, int size)
{
    Map2d filled(cellsHigh, cellsWide);
    for (int y = cellBox.y0; y <= cellBox.y1; ++y)
        for (int x = cellBox.x0; x <= cellBox.x1; ++x) filled.at(y, x) = 1.0;
    auto resized = resizeLinearSkimage(filled, size, size);
    if (!resized) return resized.error();
    BinaryMask mask(size, size);
    for (size_t i = 0; i < mask.values.size(); ++i) mask.values[i] = resized->values[i] > 0.0 ? 1 : 0;
    return mask;
}

BinaryMask groundTruthMask(const std::vector<data::Box>& boxes, int imageWidth, int imageHeight, int size)
{
    BinaryMask mask(size, size);
    if (imageWidth <= 0 || imageHeight <= 0) return mask;
    const double sx = static_cast<double>(size) / imageWidth;
    const double sy = static_cast<double>(size) / imageHeight;
    for (const auto& box : boxes) {
        // Python's int() truncates toward zero; numpy slices clip at both ends.
        const int64_t x = static_cast<int64_t>(box.x0 * sx);
        const int64_t y = static_cast<int64_t>(box.y0 * sy);
        const int64_t w = static_cast<int64_t>((box.x1 - box.x0) * sx);
        const int64_t h = static_cast<int64_t>((box.y1 - box.y0) * sy);
        const int64_t r0 = std::clamp<int64_t>(y, 0, size), r1 = std::clamp<int64_t>(y + h + 1, 0, size);
        const int64_t c0 = std::clamp<int64_t>(x, 0, size), c1 = std::clamp<int64_t>(x + w + 1, 0, size);
        for (int64_t r = r0; r < r1; ++r)
            for (int64_t c = c0; c < c1; ++c) mask.at(static_cast<int>(r), static_cast<int>(c)) = 1;
    }
    return mask;
}

double maskIoU(const BinaryMask& a, const BinaryMask& b)
{
    int64_t intersection = 0, unionCount = 0;
    const size_t n = std::min(a.values.size(), b.values.size());
    for (size_t i = 0; i < n; ++i) {
        const bool pa = a.values[i] == 1, pb = b.values[i] == 1;
        intersection += pa && pb ? 1 : 0;
        unionCount += pa || pb ? 1 : 0;
    }
    return unionCount == 0 ? 0.0 : static_cast<double>(intersection) / static_cast<double>(unionCount);
}

HintLocalization hintLocalizeMask(const BinaryMask& predicted, const std::vector<data::Box>& boxes, int imageWidth,
                                  int imageHeight)
{
    HintLocalization result;
    const auto box = maskBox(predicted);
    if (!box) return result;
    result.hasBox = true;
    result.predictedBox = *box;
    result.iou = maskIoU(groundTruthMask(boxes, imageWidth, imageHeight, predicted.height), predicted);
    return result;
}

Result<HintLocalization> hintLocalize(const BinaryMask& cells, const std::vector<data::Box>& boxes, int imageWidth,
                                      int imageHeight, int size)
{
    HintLocalization result;
    result.positiveCells = static_cast<int>(cells.count());
    const auto cellBox = positiveCellBox(cells);
    if (!cellBox) return result;
    auto mask = upsampledBoxMask(*cellBox, cells.height, cells.width, size);
    if (!mask) return mask.error();
    HintLocalization full = hintLocalizeMask(mask.value(), boxes, imageWidth, imageHeight);
    full.cellBox = *cellBox;
    full.positiveCells = result.positiveCells;
    return full;
}

}  // namespace hint::localization
