// The demo folder's project file, demo.hintproj, so that `hint run` and the GUI open the demo like any
// study: ShapesNet with the demo's weights, the held-out images as an ImageNet-layout data set with their
// boxes and masks, three taps (the default first), every demo synset (classes and their WordNet
// ancestors) and the seed.
#pragma once

#include "common/result.h"
#include "store/project.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::demo {

constexpr const char* kDemoProject = "demo.hintproj";
constexpr const char* kDemoDatasetName = "shapes-test";

// The taps the demo studies, ReLU outputs of ShapesNet at 96x96 inputs: the default tap (the fifth and
// last convolution's, 12x12) first, then the third's (features.9, 24x24) and the fourth's (features.13,
// 12x12). The explorer opens a project at its first layer (ResultsController, RunParameters), so the
// views show the default tap as before; the Layers view puts the three in network order. The first
// two convolutions' 48x48 taps would multiply the positions HINT trains on by 16: too slow for a demo.
std::vector<std::string> demoLayers();

// The project for the demo folder `dir` (absolute paths, as Project holds them in memory).
// `conceptWnids`: the concepts to study, leaves first or in any order.
store::Project demoProject(const std::string& dir, uint64_t seed, const std::vector<std::string>& conceptWnids);

// Every wnid of the demo's concept graph (classes and WordNet ancestors), from WordNet at its default
// path; BadInput naming that path when WordNet cannot be read.
Result<std::vector<std::string>> demoConceptWnids();

}  // namespace hint::demo
