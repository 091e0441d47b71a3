// The trained demo network shipped with HINT Explorer, so that building the demo folder only has to draw
// the test images: resources/demo in the source tree, installed as share/hint-explorer/demo. Its files are
// those of a demo folder that `hint demo --retrain` made: shapesnet.safetensors and demo.json (the seed and
// training options, which must match the requested ones for the weights to be reused).
#pragma once

#include "common/result.h"
#include "demo/shapes_training.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hint::demo {

struct ShippedDemo {
    std::string dir;
    std::string weightsPath;
    std::string manifestPath;
    std::string weightsSha256;   // as the manifest records it (checked against the file on use)
    uint64_t seed = 0;
    int imageSize = 0;
    TrainingOptions training;
    nlohmann::json manifest;     // the whole demo.json (its training history is reported again)
};

// Where shipped weights are looked for, in order: <executable dir>/../share/hint-explorer/demo, then the
// source tree's resources/demo (a build run from its build folder).
std::vector<std::string> shippedDemoDirs();

// Reads a shipped demo (or any demo folder) in `dir`: NotFound without both files, BadInput naming the
// manifest and key when demo.json lacks what reuse needs.
Result<ShippedDemo> readShippedDemo(const std::string& dir);

// True when weights trained with `shipped`'s options are the ones `hint demo` would train for these.
bool sameRecipe(const ShippedDemo& shipped, uint64_t seed, int imageSize, const TrainingOptions& training);

}  // namespace hint::demo
