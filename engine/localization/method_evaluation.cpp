#include "localization/method_evaluation.h"

#include <algorithm>
#include <cmath>

namespace hint::localization {
namespace {

BoxAccuracyOptions v1Options(const EvaluationOptions& o) { return {o.camCurveInterval, {50}, false}; }
BoxAccuracyOptions v2Options(const EvaluationOptions& o) { return {o.camCurveInterval, {30, 50, 70}, true}; }

double mean(const std::vector<double>& values)
{
    if (values.empty()) return 0.0;
    double sum = 0.0;
    for (double v : values) sum += v;
    return sum / static_cast<double>(values.size());
}

}  // namespace

Result<Protocol> parseProtocol(const std::string& name)
{
    if (name == "hint") return Protocol::Hint;
    if (name == "maxboxacc") return Protocol::MaxBoxAcc;
    if (name == "maxboxacc-v2") return Protocol::MaxBoxAccV2;
    if (name == "pxap") return Protocol::PxAP;
    return Error::badInput("unknown protocol '" + name + "' (hint, maxboxacc, maxboxacc-v2 or pxap)");
}

std::string protocolName(Protocol protocol)
{
    switch (protocol) {
    case Protocol::Hint: return "hint";
    case Protocol::MaxBoxAcc: return "maxboxacc";
    case Protocol::MaxBoxAccV2: return "maxboxacc-v2";
    case Protocol::PxAP: return "pxap";
    }
    return "hint";
}

ImageTruth makeTruth(const std::vector<data::Box>& boxes, int width, int height, int size)
{
    ImageTruth truth;
    truth.width = width;
    truth.height = height;
    for (data::Box box : boxes) {
        box.x0 = std::clamp(box.x0, 0.0, static_cast<double>(width));
        box.x1 = std::clamp(box.x1, 0.0, static_cast<double>(width));
        box.y0 = std::clamp(box.y0, 0.0, static_cast<double>(height));
        box.y1 = std::clamp(box.y1, 0.0, static_cast<double>(height));
        if (box.x1 < box.x0 || box.y1 < box.y0) continue;
        truth.wsolBoxes.push_back(resizeBoxWsol(box, width, height, size));
        truth.boxes.push_back(std::move(box));
    }
    truth.hintMask = groundTruthMask(truth.boxes, width, height, size);
    return truth;
}

bool pointingHit(const Map2d& mapAtSize, const ImageTruth& truth, double tolerance)
{
    if (mapAtSize.values.empty() || truth.width <= 0 || truth.height <= 0) return false;
    const auto it = std::max_element(mapAtSize.values.begin(), mapAtSize.values.end());
    const auto index = static_cast<size_t>(it - mapAtSize.values.begin());
    const int y = static_cast<int>(index / static_cast<size_t>(mapAtSize.width));
    const int x = static_cast<int>(index % static_cast<size_t>(mapAtSize.width));
    const double px = (x + 0.5) * truth.width / mapAtSize.width;
    const double py = (y + 0.5) * truth.height / mapAtSize.height;
    for (const auto& box : truth.boxes) {
        const double dx = std::max({box.x0 - px, 0.0, px - box.x1});
        const double dy = std::max({box.y0 - py, 0.0, py - box.y1});
        if (std::hypot(dx, dy) <= tolerance) return true;
    }
    return false;
}

MethodEvaluation::MethodEvaluation(std::string name, EvaluationOptions options)
    : m_name(std::move(name)), m_options(options), m_v1(v1Options(options)), m_v2(v2Options(options)),
      m_pxap(options.camCurveInterval)
{
}

Status MethodEvaluation::addCellMap(const BinaryMask& cells, const Map2d& score, const ImageTruth& truth)
{
    ImageScore result;
    auto hint = hintLocalize(cells, truth.boxes, truth.width, truth.height, m_options.size);
    if (!hint) return hint.error();
    result.hint = hint.value();
    auto upsampled = resizeMap(score, m_options.size, m_options.size, m_options.upsampling);
    if (!upsampled) return upsampled.error();
    const Map2d normalized = normalizeMinMax(upsampled.value());
    result.maxBoxAccIous = m_v1.accumulate(normalized, truth.wsolBoxes);
    result.maxBoxAccBoxes = m_v1.lastBestBoxes();
    result.maxBoxAccV2Ious = m_v2.accumulate(normalized, truth.wsolBoxes);
    if (truth.segmentation) m_pxap.accumulate(normalized, *truth.segmentation);
    result.pointingHit = pointingHit(upsampled.value(), truth, m_options.pointingTolerance);
    finishImage(std::move(result), truth);
    return {};
}

void MethodEvaluation::addBox(const PixelBox& box, const ImageTruth& truth)
{
    ImageScore result;
    result.hint = hintLocalizeMask(boxMask(box, m_options.size, m_options.size), truth.boxes, truth.width, truth.height);
    result.maxBoxAccIous = m_v1.accumulateBox(box, truth.wsolBoxes);
    result.maxBoxAccBoxes = m_v1.lastBestBoxes();
    result.maxBoxAccV2Ious = m_v2.accumulateBox(box, truth.wsolBoxes);
    if (truth.segmentation) {
        Map2d indicator(m_options.size, m_options.size);
        for (int y = std::max(0, box.y0); y <= std::min(m_options.size - 1, box.y1); ++y)
            for (int x = std::max(0, box.x0); x <= std::min(m_options.size - 1, box.x1); ++x) indicator.at(y, x) = 1.0;
        m_pxap.accumulate(indicator, *truth.segmentation);
    }
    Map2d centre(m_options.size, m_options.size);
    centre.at((box.y0 + box.y1) / 2, (box.x0 + box.x1) / 2) = 1.0;
    result.pointingHit = pointingHit(centre, truth, m_options.pointingTolerance);
    finishImage(std::move(result), truth);
}

void MethodEvaluation::finishImage(ImageScore score, const ImageTruth& truth)
{
    score.hasLabel = truth.label >= 0 && truth.predicted >= 0;
    score.top1Correct = score.hasLabel && truth.label == truth.predicted;
    m_images.push_back(std::move(score));
}

std::vector<double> MethodEvaluation::perImageIou(Protocol protocol) const
{
    std::vector<double> ious;
    if (protocol == Protocol::MaxBoxAcc || protocol == Protocol::MaxBoxAccV2) {
        const BoxAccuracyResult r = protocol == Protocol::MaxBoxAcc ? m_v1.result() : m_v2.result();
        // V2: the IoU-50 entry's best threshold.
        const size_t k = protocol == Protocol::MaxBoxAcc ? 0 : 1;
        const size_t t = r.bestThresholdIndex.empty() ? 0 : static_cast<size_t>(r.bestThresholdIndex[k]);
        for (const auto& image : m_images) {
            const auto& v = protocol == Protocol::MaxBoxAcc ? image.maxBoxAccIous : image.maxBoxAccV2Ious;
            ious.push_back(t < v.size() ? v[t] : 0.0);
        }
        return ious;
    }
    for (const auto& image : m_images) ious.push_back(image.hint.iou);
    return ious;
}

PixelBox MethodEvaluation::maxBoxAccBox(size_t image) const
{
    const BoxAccuracyResult r = m_v1.result();
    const size_t t = r.bestThresholdIndex.empty() ? 0 : static_cast<size_t>(r.bestThresholdIndex[0]);
    const auto& boxes = m_images.at(image).maxBoxAccBoxes;
    return t < boxes.size() ? boxes[t] : PixelBox{};
}

MethodSummary MethodEvaluation::summary() const
{
    MethodSummary s;
    s.name = m_name;
    s.images = static_cast<int64_t>(m_images.size());
    const std::vector<double> hintIous = perImageIou(Protocol::Hint);
    s.hintMeanIou = mean(hintIous);
    int64_t hits = 0, pointing = 0, labelled = 0, correct = 0, locHint = 0, locBox = 0;
    const std::vector<double> boxIous = perImageIou(Protocol::MaxBoxAcc);
    for (size_t i = 0; i < m_images.size(); ++i) {
        const auto& image = m_images[i];
        hits += image.hint.iou >= kHintIouThreshold ? 1 : 0;
        s.emptyMaps += image.hint.hasBox ? 0 : 1;
        pointing += image.pointingHit ? 1 : 0;
        if (!image.hasLabel) continue;
        ++labelled;
        if (!image.top1Correct) continue;
        ++correct;
        locHint += image.hint.iou >= kHintIouThreshold ? 1 : 0;
        locBox += boxIous[i] >= 0.5 ? 1 : 0;
    }
    const double n = static_cast<double>(std::max<int64_t>(1, s.images));
    s.hintAccuracy = static_cast<double>(hits) / n;
    s.pointingGame = static_cast<double>(pointing) / n;
    const BoxAccuracyResult v1 = m_v1.result();
    s.maxBoxAcc = v1.value;
    if (!v1.bestThresholdIndex.empty()) s.bestThreshold = v1.camThresholds[static_cast<size_t>(v1.bestThresholdIndex[0])];
    s.maxBoxAccMeanIou = mean(boxIous);
    const BoxAccuracyResult v2 = m_v2.result();
    s.maxBoxAccV2 = v2.value;
    s.maxBoxAccV2MeanIou = mean(perImageIou(Protocol::MaxBoxAccV2));
    s.v2IouThresholds = v2Options(m_options).iouThresholds;
    s.v2Accuracy = v2.bestAccuracy;
    for (int index : v2.bestThresholdIndex) s.v2BestThreshold.push_back(v2.camThresholds[static_cast<size_t>(index)]);
    if (m_pxap.images() > 0)
        if (auto ap = m_pxap.compute(); ap) s.pxap = ap.value();
    if (labelled > 0) {
        const double l = static_cast<double>(labelled);
        s.top1Cls = static_cast<double>(correct) / l;
        s.top1LocHint = static_cast<double>(locHint) / l;
        s.top1LocMaxBoxAcc = static_cast<double>(locBox) / l;
    }
    return s;
}

}  // namespace hint::localization
