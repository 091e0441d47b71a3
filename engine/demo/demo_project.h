// The demo folder's project file, demo.hintproj, so that `hint run` and the GUI open the demo like any
// study: ShapesNet with the demo's weights, the held-out images as an ImageNet-layout data set with their
// boxes and masks, the default tap, every demo synset (classes and their WordNet ancestors) and the seed.
#pragma once

#include "common/result.h"
#include "store/project.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::demo {

constexpr const char* kDemoProject = "demo.hintproj";
constexpr const char* kDemoDatasetName = "shapes-test";

// The project for the demo folder `dir` (absolute paths, as Project holds them in memory).
// `conceptWnids`: the concepts to study, leaves first or in any order.
store::Project demoProject(const std::string& dir, uint64_t seed, const std::vector<std::string>& conceptWnids);

// Every wnid of the demo's concept graph (classes and WordNet ancestors), from WordNet at its default
// path; BadInput naming that path when WordNet cannot be read.
Result<std::vector<std::string>> demoConceptWnids();

}  // namespace hint::demo
