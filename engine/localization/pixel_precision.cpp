#include "localization/pixel_precision.h"

#include "localization/box_accuracy.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace hint::localization {

PixelPrecision::PixelPrecision(double camCurveInterval) : m_edges(camThresholds(camCurveInterval))
{
    m_edges.insert(m_edges.end(), {1.0, 2.0, 3.0});
    m_trueHist.assign(m_edges.size() - 1, 0.0);
    m_falseHist.assign(m_edges.size() - 1, 0.0);
}

void PixelPrecision::accumulate(const Map2d& normalizedMap, const BinaryMask& mask)
{
    const size_t bins = m_edges.size() - 1;
    const size_t n = std::min(normalizedMap.values.size(), mask.values.size());
    for (size_t i = 0; i < n; ++i) {
        const uint8_t label = mask.values[i];
        if (label != 0 && label != 1) continue;
        const double v = normalizedMap.values[i];
        // np.histogram: bins are [e_i, e_i+1) except the last, which is closed; outside values are dropped.
        if (!(v >= m_edges.front() && v <= m_edges.back())) continue;
        size_t bin = static_cast<size_t>(std::upper_bound(m_edges.begin(), m_edges.end(), v) - m_edges.begin()) - 1;
        if (bin >= bins) bin = bins - 1;
        (label == 1 ? m_trueHist : m_falseHist)[bin] += 1.0;
    }
    ++m_images;
}

Result<double> PixelPrecision::compute() const
{
    const size_t bins = m_trueHist.size();
    std::vector<double> tp(bins), fp(bins);
    double tpSum = 0.0, fpSum = 0.0;
    for (size_t i = 0; i < bins; ++i) {
        tpSum += m_trueHist[bins - 1 - i];
        fpSum += m_falseHist[bins - 1 - i];
        tp[i] = tpSum;
        fp[i] = fpSum;
    }
    const double positives = tpSum;
    if (positives <= 0.0) return Error::badInput("PxAP: no foreground pixel in the ground-truth masks");
    if (tpSum + fpSum <= 0.0) return Error::badInput("PxAP: no score in [0, 1]");
    double ap = 0.0;
    for (size_t i = 1; i < bins; ++i) {
        if (tp[i] + fp[i] == 0.0) continue;
        const double precision = tp[i] / (tp[i] + fp[i]);
        const double recall = tp[i] / positives, previousRecall = tp[i - 1] / positives;
        ap += precision * (recall - previousRecall);
    }
    return ap;
}

Result<BinaryMask> readSegmentationMask(const std::string& path, int size)
{
    try {
        cv::Mat color = cv::imread(path, cv::IMREAD_COLOR);
        if (color.empty()) return Error::badInput("cannot read segmentation mask " + path);
        cv::Mat resized;
        cv::resize(color, resized, cv::Size(size, size), 0, 0, cv::INTER_NEAREST);
        BinaryMask mask(size, size);
        for (int y = 0; y < size; ++y) {
            for (int x = 0; x < size; ++x) {
                const cv::Vec3b p = resized.at<cv::Vec3b>(y, x);  // BGR
                if (p[0] == 192 && p[1] == 224 && p[2] == 224) {
                    mask.at(y, x) = BinaryMask::kIgnore;
                    continue;
                }
                // Grayscale masks decode with equal channels: > 0.5 on 0..255 is any non-zero value.
                mask.at(y, x) = (p[0] > 0 || p[1] > 0 || p[2] > 0) ? 1 : 0;
            }
        }
        return mask;
    } catch (const cv::Exception& e) {
        return Error::badInput("cannot read segmentation mask " + path + ": " + e.what());
    }
}

}  // namespace hint::localization
