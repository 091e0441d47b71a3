// Precompiled header for engine sources that use LibTorch (private: never include from a public header).
#pragma once

#include <torch/torch.h>
