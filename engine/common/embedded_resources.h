// Text resources compiled into the engine (see resources/README.md for provenance).
#pragma once

#include <string>
#include <vector>

namespace hint::resources {

// The 1000 ILSVRC-2012 wnids in model output order, one per line.
const char* imagenetWnidsText();
const std::vector<std::string>& imagenetWnids();
// Model output index of a wnid, or -1.
int imagenetIndex(const std::string& wnid);
// resources/cost_model.json: measured CPU seconds and bytes per image of each pipeline step (run_estimate.h).
const char* costModelText();

}  // namespace hint::resources
