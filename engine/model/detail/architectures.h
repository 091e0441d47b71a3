// Factories of the native model zoo (one file per family). Each returns a network in eval mode
// whose named parameters and buffers are exactly torchvision 0.14's state_dict keys.
#pragma once

#include "model/detail/layers.h"

#include <memory>
#include <string>

namespace hint::model::detail {

std::shared_ptr<Architecture> makeAlexNet(int64_t numClasses);
std::shared_ptr<Architecture> makeVgg(const std::string& name, int64_t numClasses);  // vgg11..vgg19(_bn)
std::shared_ptr<Architecture> makeResNet(const std::string& name, int64_t numClasses);  // resnet18..resnet152
std::shared_ptr<Architecture> makeInceptionV3(int64_t numClasses);
std::shared_ptr<Architecture> makeSqueezeNet(const std::string& name, int64_t numClasses);  // squeezenet1_0/1_1
std::shared_ptr<Architecture> makeMobileNetV2(int64_t numClasses);
std::shared_ptr<Architecture> makeShuffleNetV2(const std::string& name, int64_t numClasses);  // _x0_5, _x1_0
std::shared_ptr<Architecture> makeShapesNet(int64_t numClasses);  // the built-in demo's network

// Returns nullptr for an unknown name.
std::shared_ptr<Architecture> makeArchitecture(const std::string& name, int64_t numClasses);

}  // namespace hint::model::detail
