#include "demo/shipped_demo.h"

#include "demo/demo_builder.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace hint::demo {
namespace fs = std::filesystem;
namespace {

// Reads object[key] into out; a missing key or one of another type is BadInput naming both.
template <class T>
Status need(const nlohmann::json& object, const char* key, T& out, const std::string& where)
{
    auto found = object.find(key);
    if (found == object.end()) return Error::badInput(where + ": no key \"" + key + "\"");
    try {
        out = found->get<T>();
    } catch (const nlohmann::json::exception&) {
        return Error::badInput(where + ": key \"" + key + "\" has the wrong type (" + found->type_name() + ")");
    }
    return {};
}

}  // namespace

std::vector<std::string> shippedDemoDirs()
{
    std::vector<std::string> dirs;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back((exe.parent_path() / ".." / "share" / "hint-explorer" / "demo").lexically_normal().string());
#ifdef HINT_SOURCE_DEMO_DIR
    dirs.push_back(HINT_SOURCE_DEMO_DIR);
#endif
    return dirs;
}

Result<ShippedDemo> readShippedDemo(const std::string& dir)
{
    ShippedDemo shipped;
    shipped.dir = dir;
    shipped.weightsPath = (fs::path(dir) / kDemoWeights).string();
    shipped.manifestPath = (fs::path(dir) / kDemoManifest).string();
    std::error_code ec;
    if (!fs::is_regular_file(shipped.weightsPath, ec) || !fs::is_regular_file(shipped.manifestPath, ec))
        return Error::badInput("no shipped demo in " + dir + " (needs " + kDemoWeights + " and " + kDemoManifest + ")");
    nlohmann::json manifest;
    try {
        std::ifstream in(shipped.manifestPath);
        manifest = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        return Error::badInput(shipped.manifestPath + ": not JSON (" + e.what() + ")");
    }
    const std::string& where = shipped.manifestPath;
    if (!manifest.is_object()) return Error::badInput(where + ": not a JSON object");
    std::string arch;
    nlohmann::json training;
    Status status = need(manifest, "arch", arch, where);
    if (status) status = need(manifest, "weights_sha256", shipped.weightsSha256, where);
    if (status) status = need(manifest, "seed", shipped.seed, where);
    if (status) status = need(manifest, "input_size", shipped.imageSize, where);
    if (status) status = need(manifest, "training", training, where);
    const std::string inTraining = where + ": training";
    if (status) status = need(training, "epochs", shipped.training.epochs, inTraining);
    if (status) status = need(training, "images_per_epoch", shipped.training.imagesPerEpoch, inTraining);
    if (status) status = need(training, "plain_epochs", shipped.training.plainEpochs, inTraining);
    if (status) status = need(training, "batch_size", shipped.training.batchSize, inTraining);
    if (status) status = need(training, "learning_rate", shipped.training.learningRate, inTraining);
    if (status) status = need(training, "weight_decay", shipped.training.weightDecay, inTraining);
    if (!status) return status.error();
    if (arch != kDemoArch) return Error::badInput(where + ": key \"arch\" is '" + arch + "', not " + kDemoArch);
    shipped.training.seed = shipped.seed;
    shipped.manifest = std::move(manifest);
    return shipped;
}

bool sameRecipe(const ShippedDemo& shipped, uint64_t seed, int imageSize, const TrainingOptions& training)
{
    const TrainingOptions& s = shipped.training;
    return shipped.seed == seed && shipped.imageSize == imageSize && s.epochs == training.epochs &&
           s.imagesPerEpoch == training.imagesPerEpoch && s.plainEpochs == training.plainEpochs && s.batchSize == training.batchSize &&
           s.learningRate == training.learningRate && s.weightDecay == training.weightDecay;
}

}  // namespace hint::demo
