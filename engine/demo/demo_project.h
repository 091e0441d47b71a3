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

// The taps the demo studies at 96x96 inputs, all 12x12: the default tap (the fifth and last
// convolution's ReLU) first, then the third convolution block's output after its max-pool (features.10,
// 64 channels) and the fourth convolution's ReLU (features.13). The explorer opens a project at its first
// layer (ResultsController, RunParameters), so the views show the default tap as before; the Layers view
// puts the three in network order. Earlier taps at 24x24 or 48x48 would multiply the positions HINT
// trains on by 4 or 16 and take the demo's run past a minute (features.9 alone: about 75 s).
std::vector<std::string> demoLayers();

// The project for the demo folder `dir` (absolute paths, as Project holds them in memory).
// `conceptWnids`: the concepts to study, leaves first or in any order.
store::Project demoProject(const std::string& dir, uint64_t seed, const std::vector<std::string>& conceptWnids);

// Every wnid of the demo's concept graph (classes and WordNet ancestors), from WordNet at its default
// path; BadInput naming that path when WordNet cannot be read.
Result<std::vector<std::string>> demoConceptWnids();

}  // namespace hint::demo
