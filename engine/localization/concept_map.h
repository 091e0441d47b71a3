// Concept maps (METHOD.md sections 2 and 6): the linear concept classifier f(r) = w.r + b applied at
// every position of a feature map, as a decision map, a binary map [f > 0] or a soft map
// p = (clip(f, -1, 1) + 1) / 2, at feature resolution.
#pragma once

#include "classifiers/linear_classifier.h"
#include "common/float_tensor.h"
#include "common/result.h"
#include "localization/map2d.h"

namespace hint::localization {

enum class MapScore { Decision, Probability };

Result<MapScore> parseMapScore(const std::string& name);  // decision | probability
std::string mapScoreName(MapScore score);

// features: C,H,W (or 1,C,H,W); the model's K must equal C. A standardized model still applies to raw
// features (its saved w, b already do).
Result<Map2d> decisionMap(const FloatTensor& features, const classifiers::LinearModel& model);
// Row `index` of a batch N,C,H,W.
Result<Map2d> decisionMap(const FloatTensor& batch, size_t index, const classifiers::LinearModel& model);

BinaryMask binaryMap(const Map2d& decision);  // f > 0
Map2d softMap(const Map2d& decision);         // (clip(f, -1, 1) + 1) / 2
Map2d scoreMap(const Map2d& decision, MapScore score);

}  // namespace hint::localization
