// Box accuracy as clovaai/wsolevaluation (Choe et al., CVPR 2020) computes it:
//  - ground-truth boxes rescaled to the score map's size with int() truncation of x0, y0, x1, y1;
//  - the score map (min-max normalized to [0, 1]) goes to uint8 as (map * 255) truncated, and for every
//    threshold t of np.arange(0, 1, interval) is binarized with src > int(t * max(uint8 map));
//  - cv::findContours(RETR_TREE, CHAIN_APPROX_SIMPLE); MaxBoxAcc keeps the contour of largest
//    cv::contourArea, MaxBoxAccV2 (multi_contour_eval) all of them; boxes are boundingRect as
//    (x, y, x + w, y + h) with x1, y1 clipped to width - 1, height - 1; no contour gives (0, 0, 0, 0);
//  - IoU with the +1 pixel convention (area = (x1 - x0 + 1)(y1 - y0 + 1)), best over estimated and
//    ground-truth boxes; an image counts as correct at a threshold when that IoU >= iou / 100;
//  - accuracy at each threshold = correct / images; MaxBoxAcc = the best threshold's (IoU 50),
//    MaxBoxAccV2 = the mean over IoU 30, 50 and 70 of each one's best.
// Accuracies here are fractions in [0, 1] (wsolevaluation prints percent).
#pragma once

#include "data/annotation_readers.h"
#include "localization/map2d.h"

#include <optional>
#include <vector>

namespace hint::localization {

// wsolevaluation's resize_bbox: int() of each corner scaled to size x size.
PixelBox resizeBoxWsol(const data::Box& box, int imageWidth, int imageHeight, int size);
// calculate_multiple_iou for one pair; a non-positive denominator gives 0.
double boxIoUWsol(const PixelBox& a, const PixelBox& b);
// np.arange(0, 1, interval).
std::vector<double> camThresholds(double interval);
// Boxes of a [0, 1] score map at each threshold (largest contour only, or all contours).
std::vector<std::vector<PixelBox>> boxesAtThresholds(const Map2d& normalizedMap, const std::vector<double>& thresholds,
                                                     bool multiContour);

struct BoxAccuracyOptions {
    double camCurveInterval = 0.01;       // wsolevaluation's config default
    std::vector<int> iouThresholds = {30, 50, 70};
    bool multiContour = false;            // false: MaxBoxAcc; true: MaxBoxAccV2
};

struct BoxAccuracyResult {
    std::vector<double> bestAccuracy;     // per IoU threshold: max over cam thresholds
    std::vector<int> bestThresholdIndex;  // per IoU threshold
    std::vector<double> camThresholds;
    double value = 0.0;                   // MaxBoxAcc: at IoU 50 (or the only one); V2: mean of bestAccuracy
    int64_t images = 0;
};

// Accumulates images one at a time (BoxEvaluator.accumulate / compute).
class BoxAccuracy {
public:
    explicit BoxAccuracy(BoxAccuracyOptions options = {});

    // Returns, for every cam threshold, the image's best IoU (what the per-image report shows).
    std::vector<double> accumulate(const Map2d& normalizedMap, const std::vector<PixelBox>& groundTruth);
    // A fixed box at every threshold (trivial baselines: whole image, centred box).
    std::vector<double> accumulateBox(const PixelBox& box, const std::vector<PixelBox>& groundTruth);
    // The box the last accumulate() found at a threshold (largest-contour box, or the best-IoU box).
    const std::vector<PixelBox>& lastBestBoxes() const { return m_lastBestBoxes; }

    BoxAccuracyResult result() const;
    const BoxAccuracyOptions& options() const { return m_options; }
    const std::vector<double>& thresholds() const { return m_thresholds; }

private:
    std::vector<double> count(const std::vector<std::vector<PixelBox>>& boxes, const std::vector<PixelBox>& groundTruth);

    BoxAccuracyOptions m_options;
    std::vector<double> m_thresholds;
    std::vector<std::vector<int64_t>> m_correct;  // [iou threshold][cam threshold]
    std::vector<PixelBox> m_lastBestBoxes;
    int64_t m_images = 0;
};

}  // namespace hint::localization
