// The images a command works on: --images DIR|LIST (or IMAGE... positionals) with --labels overrides,
// as model-indexed items. Shared by predict and extract.
#pragma once

#include "cli_args.h"
#include "common/result.h"
#include "saliency/extraction.h"

#include <vector>

namespace hint::cli {

Result<std::vector<saliency::ImageItem>> imageItemsFromArgs(const Args& args);

}  // namespace hint::cli
