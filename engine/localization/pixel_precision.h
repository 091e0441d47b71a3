// PxAP (pixel average precision) as clovaai/wsolevaluation's MaskEvaluator computes it: histograms of
// the [0, 1] score map over ground-truth foreground and background pixels with bin edges
// [0, interval, ..., 1 - interval, 1, 2, 3], precision and recall at every edge from the high end,
// AP = sum(precision[1:] * diff(recall)) over the edges with a prediction. Pixels marked
// BinaryMask::kIgnore take no part. Also the mask reader for VOC SegmentationObject and CUB PNGs.
#pragma once

#include "common/result.h"
#include "localization/map2d.h"

#include <string>
#include <vector>

namespace hint::localization {

class PixelPrecision {
public:
    explicit PixelPrecision(double camCurveInterval = 0.01);

    // mask: 1 foreground, 0 background, kIgnore ignored; same size as the map.
    void accumulate(const Map2d& normalizedMap, const BinaryMask& mask);
    // AP as a fraction; an error when no pixel was foreground or no score fell in the bins.
    Result<double> compute() const;
    int64_t images() const { return m_images; }

private:
    std::vector<double> m_edges;
    std::vector<double> m_trueHist, m_falseHist;
    int64_t m_images = 0;
};

// A segmentation PNG as a size x size mask, as wsolevaluation loads masks (nearest-neighbour resize,
// foreground = value > 0.5). VOC's palette PNGs: the void colour (224, 224, 192) becomes kIgnore.
Result<BinaryMask> readSegmentationMask(const std::string& path, int size);

}  // namespace hint::localization
