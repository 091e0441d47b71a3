// What `hint models` and `hint layers` print, written at build time from the engine's own output
// (write_zoo_listing.cmake), so the launcher answers them without loading LibTorch.
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
