// MethodEvaluation: every localization number for one map source (the concept classifier, a baseline,
// an ablation classifier) over a data set, one image at a time: the HINT protocol on a binary map at
// feature resolution, MaxBoxAcc and MaxBoxAccV2 on the upsampled min-max normalized score map, PxAP
// where masks exist, the pointing game and Top-1 Loc.
#pragma once

#include "common/result.h"
#include "data/annotation_readers.h"
#include "localization/box_accuracy.h"
#include "localization/hint_protocol.h"
#include "localization/map_resize.h"
#include "localization/pixel_precision.h"

#include <optional>
#include <string>
#include <vector>

namespace hint::localization {

enum class Protocol { Hint, MaxBoxAcc, MaxBoxAccV2, PxAP };
Result<Protocol> parseProtocol(const std::string& name);  // hint | maxboxacc | maxboxacc-v2 | pxap
std::string protocolName(Protocol protocol);

struct EvaluationOptions {
    int size = 224;                          // input side: masks, boxes and upsampled maps live here
    Upsampling upsampling = Upsampling::Cubic;  // score map -> size (wsolevaluation: cv2 INTER_CUBIC)
    double camCurveInterval = 0.01;
    double pointingTolerance = 15.0;         // pointing game, in the file's pixels (Zhang et al.)
};

// One image's ground truth, in every form the protocols need.
struct ImageTruth {
    std::vector<data::Box> boxes;  // the file's pixels, clipped to the image
    int width = 0, height = 0;     // of the decoded file
    BinaryMask hintMask;           // HINT protocol: union of int-truncated, inclusive boxes at size
    std::vector<PixelBox> wsolBoxes;
    std::optional<BinaryMask> segmentation;  // PxAP
    int label = -1;                // model class index, -1 unknown
    int predicted = -1;            // the network's top-1, -1 unknown
};
ImageTruth makeTruth(const std::vector<data::Box>& boxes, int width, int height, int size);

struct ImageScore {
    HintLocalization hint;
    std::vector<double> maxBoxAccIous;    // per cam threshold (largest contour)
    std::vector<PixelBox> maxBoxAccBoxes; // per cam threshold
    std::vector<double> maxBoxAccV2Ious;  // per cam threshold (best of all contours)
    bool pointingHit = false;
    bool top1Correct = false;
    bool hasLabel = false;
};

struct MethodSummary {
    std::string name;
    int64_t images = 0;
    double hintMeanIou = 0.0;
    double hintAccuracy = 0.0;        // IoU >= 0.5 under the HINT protocol
    int64_t emptyMaps = 0;            // no positive cell: IoU 0
    double maxBoxAcc = 0.0;
    double bestThreshold = 0.0;       // MaxBoxAcc's
    double maxBoxAccMeanIou = 0.0;    // mean per-image IoU at MaxBoxAcc's best threshold
    double maxBoxAccV2 = 0.0;
    double maxBoxAccV2MeanIou = 0.0;  // at V2's IoU-50 best threshold, best of all contours
    std::vector<int> v2IouThresholds;
    std::vector<double> v2Accuracy;   // per IoU threshold
    std::vector<double> v2BestThreshold;
    std::optional<double> pxap;
    double pointingGame = 0.0;
    std::optional<double> top1Cls, top1LocHint, top1LocMaxBoxAcc;
};

class MethodEvaluation {
public:
    MethodEvaluation(std::string name, EvaluationOptions options);

    // A map at feature resolution: `cells` is its binary version for the HINT protocol (concept maps:
    // f > 0), `score` the continuous map upsampled for the other protocols.
    Status addCellMap(const BinaryMask& cells, const Map2d& score, const ImageTruth& truth);
    // A fixed box at input resolution (the trivial baselines).
    void addBox(const PixelBox& box, const ImageTruth& truth);

    const std::vector<ImageScore>& images() const { return m_images; }
    const std::string& name() const { return m_name; }
    MethodSummary summary() const;
    // Per-image IoU under a protocol (MaxBoxAcc: at the best threshold).
    std::vector<double> perImageIou(Protocol protocol) const;
    // The largest-contour box at MaxBoxAcc's best threshold for an image.
    PixelBox maxBoxAccBox(size_t image) const;

private:
    void finishImage(ImageScore score, const ImageTruth& truth);

    std::string m_name;
    EvaluationOptions m_options;
    BoxAccuracy m_v1;
    BoxAccuracy m_v2;
    PixelPrecision m_pxap;
    std::vector<ImageScore> m_images;
};

// Pointing game: the map's maximum (first in row-major order) at size x size, mapped to the file's
// pixels, lies within `tolerance` pixels of a ground-truth box.
bool pointingHit(const Map2d& mapAtSize, const ImageTruth& truth, double tolerance);

}  // namespace hint::localization
