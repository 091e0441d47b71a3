#include "localization/concept_map.h"

#include <algorithm>

namespace hint::localization {

Result<MapScore> parseMapScore(const std::string& name)
{
    if (name == "decision") return MapScore::Decision;
    if (name == "probability") return MapScore::Probability;
    return Error::badInput("unknown map score '" + name + "' (decision or probability)");
}

std::string mapScoreName(MapScore score) { return score == MapScore::Decision ? "decision" : "probability"; }

Result<Map2d> decisionMap(const FloatTensor& batch, size_t index, const classifiers::LinearModel& model)
{
    if (batch.shape.size() != 4) return Error::badInput("feature batch must be N,C,H,W");
    if (index >= static_cast<size_t>(batch.shape[0])) return Error::badInput("feature row out of range");
    const int64_t channels = batch.shape[1], height = batch.shape[2], width = batch.shape[3];
    if (model.features() != channels)
        return Error::badInput("the classifier has " + std::to_string(model.features()) + " weights but the layer has " +
                               std::to_string(channels) + " channels");
    const size_t plane = static_cast<size_t>(height * width);
    const float* base = batch.data.data() + index * static_cast<size_t>(channels) * plane;
    Map2d map(static_cast<int>(height), static_cast<int>(width), model.bias);
    // Channel-outer accumulation keeps the reads contiguous.
    for (int64_t c = 0; c < channels; ++c) {
        const double w = model.weights[static_cast<size_t>(c)];
        if (w == 0.0) continue;
        const float* channel = base + static_cast<size_t>(c) * plane;
        for (size_t p = 0; p < plane; ++p) map.values[p] += w * static_cast<double>(channel[p]);
    }
    return map;
}

Result<Map2d> decisionMap(const FloatTensor& features, const classifiers::LinearModel& model)
{
    if (features.shape.size() == 4) return decisionMap(features, 0, model);
    if (features.shape.size() != 3) return Error::badInput("features must be C,H,W");
    FloatTensor batch;
    batch.shape = {1, features.shape[0], features.shape[1], features.shape[2]};
    batch.data = features.data;
    return decisionMap(batch, 0, model);
}

BinaryMask binaryMap(const Map2d& decision)
{
    BinaryMask mask(decision.height, decision.width);
    for (size_t i = 0; i < decision.values.size(); ++i) mask.values[i] = decision.values[i] > 0.0 ? 1 : 0;
    return mask;
}

Map2d softMap(const Map2d& decision)
{
    Map2d out = decision;
    for (double& v : out.values) v = (std::clamp(v, -1.0, 1.0) + 1.0) / 2.0;
    return out;
}

Map2d scoreMap(const Map2d& decision, MapScore score) { return score == MapScore::Decision ? decision : softMap(decision); }

}  // namespace hint::localization
