// The architectures HINT Explorer knows, with their default taps and preprocessing.
#include "model/detail/architectures.h"
#include "model/network.h"

namespace hint::model {

const std::vector<ArchInfo>& architectures()
{
    // Default layers: the paper's choice (VGG19 features.30, VGG16 features.26, ResNet50 layer3.5,
    // Inception-v3 Mixed_6b), elsewhere the comparable layer: last block at 14x14 for a 224 input.
    static const std::vector<ArchInfo> list = {
        {"alexnet", 224, 1000, "features.10", "classify"},
        {"vgg11", 224, 1000, "features.18", "classify"},
        {"vgg11_bn", 224, 1000, "features.26", "classify"},
        {"vgg13", 224, 1000, "features.22", "classify"},
        {"vgg13_bn", 224, 1000, "features.32", "classify"},
        {"vgg16", 224, 1000, "features.26", "classify"},
        {"vgg16_bn", 224, 1000, "features.38", "classify"},
        {"vgg19", 224, 1000, "features.30", "classify"},
        {"vgg19_bn", 224, 1000, "features.44", "classify"},
        {"resnet18", 224, 1000, "layer3.1", "classify"},
        {"resnet34", 224, 1000, "layer3.5", "classify"},
        {"resnet50", 224, 1000, "layer3.5", "classify"},
        {"resnet101", 224, 1000, "layer3.22", "classify"},
        {"resnet152", 224, 1000, "layer3.35", "classify"},
        {"inception_v3", 299, 1000, "Mixed_6b", "classify"},
        {"squeezenet1_0", 224, 1000, "features.12", "classify"},
        {"squeezenet1_1", 224, 1000, "features.12", "classify"},
        {"mobilenet_v2", 224, 1000, "features.13", "classify"},
        {"shufflenet_v2_x0_5", 224, 1000, "stage3", "classify"},
        {"shufflenet_v2_x1_0", 224, 1000, "stage3", "classify"},
        {"shapesnet", 96, 11, "features.16", "hint"},  // the built-in demo (Shapes world, 12x12 at the tap)
    };
    return list;
}

const ArchInfo* findArchitecture(const std::string& name)
{
    for (const auto& info : architectures())
        if (info.name == name) return &info;
    return nullptr;
}

std::string architectureNames()
{
    std::string names;
    for (const auto& info : architectures()) names += (names.empty() ? "" : ", ") + info.name;
    return names;
}

namespace detail {

std::shared_ptr<Architecture> makeArchitecture(const std::string& name, int64_t numClasses)
{
    if (name == "alexnet") return makeAlexNet(numClasses);
    if (name.rfind("vgg", 0) == 0) return makeVgg(name, numClasses);
    if (name.rfind("resnet", 0) == 0) return makeResNet(name, numClasses);
    if (name == "inception_v3") return makeInceptionV3(numClasses);
    if (name.rfind("squeezenet", 0) == 0) return makeSqueezeNet(name, numClasses);
    if (name == "mobilenet_v2") return makeMobileNetV2(numClasses);
    if (name.rfind("shufflenet_v2", 0) == 0) return makeShuffleNetV2(name, numClasses);
    if (name == "shapesnet") return makeShapesNet(numClasses);
    return nullptr;
}

}  // namespace detail
}  // namespace hint::model
