// Real pretrained weights from the shared assets: our native MobileNetV2 and SqueezeNet 1.0 classify
// ImageNet photos as well as their published accuracy says, and agree with torchvision's own pipeline
// (PIL + torchvision.transforms, tests/python/torchvision_predict.py) image by image.
#include "common/embedded_resources.h"
#include "common/sha256.h"
#include "data/image_io.h"
#include "data/preprocess.h"
#include "model/network.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const fs::path kAssets = HINT_SHARED_ASSETS;
const fs::path kImages = kAssets / "images" / "imagenet-sample-400";
constexpr int64_t kBatch = 32;

struct Case {
    std::string arch;
    std::string weightsFile;
    hint::data::PreprocessSpec spec;
    double minTop1;
};

std::vector<std::string> imageNames()
{
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(kImages))
        if (hint::data::isImageFileName(entry.path().string())) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// The label is the wnid before the first '_' of the file name.
int labelOf(const std::string& name) { return hint::resources::imagenetIndex(name.substr(0, name.find('_'))); }

std::string readText(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Top-1 of our network for every image, forward passes batched.
std::vector<int> ourTop1(const hint::model::Network& net, const std::vector<std::string>& names,
                         const hint::data::PreprocessSpec& spec)
{
    std::vector<int> top1;
    const int64_t side = spec.size, plane = 3 * side * side;
    for (size_t start = 0; start < names.size(); start += kBatch) {
        const size_t count = std::min(names.size() - start, static_cast<size_t>(kBatch));
        hint::FloatTensor batch({static_cast<int64_t>(count), 3, side, side});
        for (size_t i = 0; i < count; ++i) {
            auto image = hint::data::decodeImage((kImages / names[start + i]).string());
            EXPECT_TRUE(image.ok()) << names[start + i];
            if (!image.ok()) continue;
            hint::FloatTensor input = hint::data::preprocessImage(image.value(), spec);
            std::copy(input.data.begin(), input.data.end(), batch.data.begin() + static_cast<int64_t>(i) * plane);
        }
        auto logits = net.logits(batch);
        EXPECT_TRUE(logits.ok()) << logits.error().message;
        if (!logits.ok()) return {};
        const int64_t classes = logits->shape[1];
        for (size_t i = 0; i < count; ++i) {
            auto row = logits->data.begin() + static_cast<int64_t>(i) * classes;
            top1.push_back(static_cast<int>(std::max_element(row, row + classes) - row));
        }
    }
    return top1;
}

bool torchvisionAvailable()
{
    const std::string command = std::string(HINT_PYTHON3) + " -c 'import torchvision' > /dev/null 2>&1";
    return std::system(command.c_str()) == 0;
}

// torchvision's predictions, computed once and cached in the temp directory under a key of the script,
// the weights and the image list (the Python run is slower than our whole forward pass).
// nullopt when they are not cached and there is no torchvision to compute them.
std::optional<std::map<std::string, int>> torchvisionTop1(const Case& c, const std::string& weightsSha,
                                                          const std::vector<std::string>& names)
{
    const fs::path script = fs::path(HINT_SOURCE_DIR) / "tests" / "python" / "torchvision_predict.py";
    std::string key = readText(script) + weightsSha + c.arch + std::to_string(c.spec.size) +
                      hint::data::preprocessModeName(c.spec.mode);
    for (const auto& n : names) key += n;
    const fs::path cached =
        fs::temp_directory_path() / ("hint_torchvision_top1_" + hint::sha256Hex(key).substr(0, 16) + ".txt");
    if (!fs::exists(cached)) {
        if (!torchvisionAvailable()) return std::nullopt;
        const fs::path partial = cached.string() + "." + std::to_string(::getpid());
        const std::string command = std::string(HINT_PYTHON3) + " " + script.string() + " --arch " + c.arch +
                                    " --weights " + (kAssets / "models" / c.weightsFile).string() +
                                    " --preprocess " + hint::data::preprocessModeName(c.spec.mode) + " --size " +
                                    std::to_string(c.spec.size) + " --images " + kImages.string() + " --out " +
                                    partial.string();
        const int status = std::system(command.c_str());
        EXPECT_EQ(status, 0) << command;
        std::error_code ec;
        if (status == 0) fs::rename(partial, cached, ec);  // atomic: a concurrent run sees all or nothing
    }
    std::map<std::string, int> top1;
    std::ifstream in(cached);
    std::string name;
    int index = 0;
    while (in >> name >> index) top1[name] = index;
    return top1;
}

void checkRealWeights(const Case& c)
{
    const fs::path weights = kAssets / "models" / c.weightsFile;
    if (!fs::exists(weights) || !fs::is_directory(kImages))
        GTEST_SKIP() << "shared assets absent (" << weights << ", " << kImages << ")";
    const auto begin = std::chrono::steady_clock::now();
    hint::model::setComputeThreads(0);

    auto net = hint::model::Network::create(c.arch);
    ASSERT_TRUE(net.ok()) << net.error().message;
    auto loaded = net.value()->loadWeights(weights.string());
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;

    const std::vector<std::string> names = imageNames();
    ASSERT_EQ(names.size(), 400u);
    const std::vector<int> ours = ourTop1(*net.value(), names, c.spec);
    ASSERT_EQ(ours.size(), names.size());

    int correct = 0;
    for (size_t i = 0; i < names.size(); ++i) {
        const int label = labelOf(names[i]);
        ASSERT_GE(label, 0) << "no ImageNet class for " << names[i];
        correct += ours[i] == label;
    }
    const double top1 = static_cast<double>(correct) / static_cast<double>(names.size());
    EXPECT_GE(top1, c.minTop1) << c.arch << " top-1 " << top1;
    const double ourSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

    const auto predicted = torchvisionTop1(c, net.value()->weightsSha256(), names);
    if (!predicted) GTEST_SKIP() << "no torchvision at " << HINT_PYTHON3 << ": agreement not checked";
    const std::map<std::string, int>& theirs = *predicted;
    ASSERT_EQ(theirs.size(), names.size());
    int agree = 0, theirCorrect = 0;
    for (size_t i = 0; i < names.size(); ++i) {
        auto found = theirs.find(names[i]);
        ASSERT_NE(found, theirs.end()) << names[i];
        agree += found->second == ours[i];
        theirCorrect += found->second == labelOf(names[i]);
    }
    const double agreement = static_cast<double>(agree) / static_cast<double>(names.size());
    EXPECT_GE(agreement, 0.97) << c.arch;
    std::cout << "[ " << c.arch << " ] top-1 " << top1 << " (torchvision " << theirCorrect / 400.0
              << "), agreement " << agreement << ", our classification " << ourSeconds << " s\n";
}

}  // namespace

TEST(RealWeights, MobileNetV2ClassifiesSamplePhotosLikeTorchvision)
{
    checkRealWeights({"mobilenet_v2", "mobilenet_v2.pth", {hint::data::PreprocessMode::Classify, 224}, 0.80});
}

TEST(RealWeights, SqueezeNet10ClassifiesSamplePhotosLikeTorchvision)
{
    checkRealWeights({"squeezenet1_0", "squeezenet1_0.pth", {hint::data::PreprocessMode::Caffe, 227}, 0.60});
}
