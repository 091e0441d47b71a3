#include "localization/box_accuracy.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hint::localization {

PixelBox resizeBoxWsol(const data::Box& box, int imageWidth, int imageHeight, int size)
{
    const double w = imageWidth, h = imageHeight, s = size;
    return {static_cast<int>(box.x0 * s / w), static_cast<int>(box.y0 * s / h), static_cast<int>(box.x1 * s / w),
            static_cast<int>(box.y1 * s / h)};
}

double boxIoUWsol(const PixelBox& a, const PixelBox& b)
{
    const int64_t minX = std::max(a.x0, b.x0), minY = std::max(a.y0, b.y0);
    const int64_t maxX = std::min(a.x1, b.x1), maxY = std::min(a.y1, b.y1);
    const int64_t intersection = std::max<int64_t>(0, maxX - minX + 1) * std::max<int64_t>(0, maxY - minY + 1);
    const int64_t areaA = static_cast<int64_t>(a.x1 - a.x0 + 1) * (a.y1 - a.y0 + 1);
    const int64_t areaB = static_cast<int64_t>(b.x1 - b.x0 + 1) * (b.y1 - b.y0 + 1);
    const int64_t denominator = areaA + areaB - intersection;
    if (denominator <= 0) return 0.0;
    return static_cast<double>(intersection) / static_cast<double>(denominator);
}

std::vector<double> camThresholds(double interval)
{
    // numpy's arange: length ceil((stop - start) / step), values start + i * step.
    std::vector<double> thresholds;
    if (!(interval > 0.0)) return thresholds;
    const auto n = static_cast<int64_t>(std::ceil(1.0 / interval));
    for (int64_t i = 0; i < n; ++i) thresholds.push_back(static_cast<double>(i) * interval);
    return thresholds;
}

std::vector<std::vector<PixelBox>> boxesAtThresholds(const Map2d& normalizedMap, const std::vector<double>& thresholds,
                                                     bool multiContour)
{
    const int height = normalizedMap.height, width = normalizedMap.width;
    cv::Mat image(height, width, CV_8UC1);
    uint8_t maxValue = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            // numpy's astype(uint8) truncates toward zero.
            const auto v = static_cast<uint8_t>(normalizedMap.at(y, x) * 255.0);
            image.at<uint8_t>(y, x) = v;
            maxValue = std::max(maxValue, v);
        }
    }
    std::vector<std::vector<PixelBox>> result;
    result.reserve(thresholds.size());
    cv::Mat binary;
    for (double threshold : thresholds) {
        const auto thresh = static_cast<int>(threshold * static_cast<double>(maxValue));
        cv::threshold(image, binary, thresh, 255, cv::THRESH_BINARY);
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(binary, contours, cv::RETR_TREE, cv::CHAIN_APPROX_SIMPLE);
        std::vector<PixelBox> boxes;
        if (contours.empty()) {
            boxes.push_back({0, 0, 0, 0});
            result.push_back(std::move(boxes));
            continue;
        }
        std::vector<size_t> chosen(contours.size());
        std::iota(chosen.begin(), chosen.end(), size_t{0});
        if (!multiContour) {
            // Python's max() keeps the first of equal areas.
            size_t best = 0;
            double bestArea = cv::contourArea(contours[0]);
            for (size_t i = 1; i < contours.size(); ++i) {
                const double area = cv::contourArea(contours[i]);
                if (area > bestArea) {
                    best = i;
                    bestArea = area;
                }
            }
            chosen = {best};
        }
        for (size_t i : chosen) {
            const cv::Rect r = cv::boundingRect(contours[i]);
            boxes.push_back({r.x, r.y, std::min(r.x + r.width, width - 1), std::min(r.y + r.height, height - 1)});
        }
        result.push_back(std::move(boxes));
    }
    return result;
}

BoxAccuracy::BoxAccuracy(BoxAccuracyOptions options)
    : m_options(std::move(options)), m_thresholds(camThresholds(m_options.camCurveInterval))
{
    m_correct.assign(m_options.iouThresholds.size(), std::vector<int64_t>(m_thresholds.size(), 0));
}

std::vector<double> BoxAccuracy::count(const std::vector<std::vector<PixelBox>>& boxes,
                                       const std::vector<PixelBox>& groundTruth)
{
    std::vector<double> best(boxes.size(), 0.0);
    m_lastBestBoxes.assign(boxes.size(), PixelBox{});
    for (size_t t = 0; t < boxes.size(); ++t) {
        bool first = true;
        for (const auto& estimate : boxes[t]) {
            for (const auto& truth : groundTruth) {
                const double iou = boxIoUWsol(estimate, truth);
                if (first || iou > best[t]) {
                    best[t] = iou;
                    m_lastBestBoxes[t] = estimate;
                    first = false;
                }
            }
        }
        for (size_t k = 0; k < m_options.iouThresholds.size(); ++k)
            if (best[t] >= m_options.iouThresholds[k] / 100.0) ++m_correct[k][t];
    }
    ++m_images;
    return best;
}

std::vector<double> BoxAccuracy::accumulate(const Map2d& normalizedMap, const std::vector<PixelBox>& groundTruth)
{
    return count(boxesAtThresholds(normalizedMap, m_thresholds, m_options.multiContour), groundTruth);
}

std::vector<double> BoxAccuracy::accumulateBox(const PixelBox& box, const std::vector<PixelBox>& groundTruth)
{
    return count(std::vector<std::vector<PixelBox>>(m_thresholds.size(), {box}), groundTruth);
}

BoxAccuracyResult BoxAccuracy::result() const
{
    BoxAccuracyResult result;
    result.camThresholds = m_thresholds;
    result.images = m_images;
    double sum = 0.0;
    for (const auto& correct : m_correct) {
        int bestIndex = 0;
        for (size_t t = 1; t < correct.size(); ++t)
            if (correct[t] > correct[static_cast<size_t>(bestIndex)]) bestIndex = static_cast<int>(t);
        const double accuracy =
            m_images == 0 || correct.empty() ? 0.0
                                             : static_cast<double>(correct[static_cast<size_t>(bestIndex)]) / static_cast<double>(m_images);
        result.bestAccuracy.push_back(accuracy);
        result.bestThresholdIndex.push_back(bestIndex);
        sum += accuracy;
    }
    result.value = result.bestAccuracy.empty() ? 0.0 : sum / static_cast<double>(result.bestAccuracy.size());
    return result;
}

}  // namespace hint::localization
