// What `hint models` and `hint layers` print, written at build time by the engine's own code
// (`hint-engine --write-zoo-listing`, app/cli/cmd_models.cpp), so the launcher answers them without
// loading LibTorch.
#pragma once

#include <string>
#include <vector>

namespace hint::launcher {

struct ListingEntry {
    const char* command;  // "models" or "layers"
    const char* arch;     // layers: the architecture; models: empty
    int inputSize;        // layers: the input side in pixels; models: 0
    const char* text;     // the command's output
    const char* json;     // its output with --json
};

const std::vector<ListingEntry>& zooListing();

}  // namespace hint::launcher
