// Adversarial inputs for explaining attacks (METHOD.md section 4): untargeted FGSM and PGD (L-infinity)
// on the network's cross-entropy, crafted in pixel space [0, 1] and returned normalized like the input.
#pragma once

#include "common/float_tensor.h"
#include "common/result.h"
#include "model/network.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hint::localization {

enum class AttackMethod { Fgsm, Pgd };
Result<AttackMethod> parseAttackMethod(const std::string& name);  // fgsm | pgd
std::string attackMethodName(AttackMethod method);

struct AttackOptions {
    AttackMethod method = AttackMethod::Fgsm;
    double epsilon = 2.0 / 255.0;  // L-infinity radius in pixel units (images in [0, 1])
    int steps = 10;                // PGD iterations
    double stepSize = 0.0;         // PGD step; 0 = 2.5 * epsilon / steps (Madry et al.)
    bool randomStart = false;      // PGD: start at a uniform point of the epsilon ball
    uint64_t seed = 0;
    // How the input was normalized: x = (pixel - mean) / std (HINT and torchvision preprocessing).
    std::array<double, 3> mean = {0.485, 0.456, 0.406};
    std::array<double, 3> std = {0.229, 0.224, 0.225};
};

// input: N,3,H,W normalized; labels: the class to move away from per image (-1 = the predicted one).
// Returns the attacked inputs, normalized the same way.
Result<FloatTensor> attackInputs(const model::Network& network, const FloatTensor& input,
                                 const std::vector<int64_t>& labels, const AttackOptions& options);

}  // namespace hint::localization
