#include "demo/demo_builder.h"

#include "common/sha256.h"
#include "common/unique_name.h"
#include "data/shapes_folder.h"
#include "demo/demo_project.h"
#include "model/network.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>

namespace hint::demo {
namespace fs = std::filesystem;
namespace {

// Removes the temporary folder unless the build got as far as renaming it.
class TempFolder {
public:
    explicit TempFolder(fs::path path) : m_path(std::move(path)) {}
    ~TempFolder()
    {
        if (m_path.empty()) return;
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    const fs::path& path() const { return m_path; }
    void release() { m_path.clear(); }

private:
    fs::path m_path;
};

Status checkTarget(const fs::path& target)
{
    std::error_code ec;
    if (!fs::exists(target, ec)) return {};
    if (!fs::is_directory(target, ec)) return Error::badInput("demo folder " + target.string() + " is a file");
    if (fs::is_empty(target, ec) || fs::is_regular_file(target / kDemoManifest, ec)) return {};
    return Error::badInput("demo folder " + target.string() + " holds other files (no " + kDemoManifest +
                           "); choose another --out");
}

// Swaps the finished temporary folder in place of the target (and an earlier demo out of the way).
Status publish(const fs::path& temp, const fs::path& target)
{
    std::error_code ec;
    fs::path old;
    if (fs::exists(target, ec)) {
        old = target.parent_path() / ("." + target.filename().string() + ".old-" + uniqueSuffix());
        fs::rename(target, old, ec);
        if (ec) return Error::runtime("cannot move the earlier demo " + target.string() + " aside: " + ec.message());
    }
    fs::rename(temp, target, ec);
    if (ec) {
        std::error_code restore;
        if (!old.empty()) fs::rename(old, target, restore);
        return Error::runtime("cannot rename " + temp.string() + " to " + target.string() + ": " + ec.message());
    }
    if (!old.empty()) fs::remove_all(old, ec);
    return {};
}

Status writeText(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) return Error::runtime("cannot write " + path.string());
    return {};
}

Status writeLabels(const fs::path& path, const data::ShapesWorld& world, int64_t count)
{
    std::string text = "file,class_index\n";
    for (int64_t i = 0; i < count; ++i) {
        const int c = world.classOf(data::ShapesSplit::Test, i);
        text += data::ShapesWorld::classes()[static_cast<size_t>(c)].wnid + "/" +
                data::shapesFileName(world, data::ShapesSplit::Test, i) + "," + std::to_string(c) + "\n";
    }
    return writeText(path, text);
}

nlohmann::json manifest(const DemoOptions& options, const DemoResult& result, const data::ShapesWorld& world,
                        const std::optional<ShippedDemo>& shipped)
{
    const auto* info = model::findArchitecture(kDemoArch);
    nlohmann::json classes = nlohmann::json::array();
    for (size_t i = 0; i < data::ShapesWorld::classes().size(); ++i) {
        const auto& c = data::ShapesWorld::classes()[i];
        classes.push_back({{"index", i}, {"wnid", c.wnid}, {"name", c.name},
                           {"test_accuracy", result.test.perClassAccuracy.at(i)}});
    }
    nlohmann::json epochs = nlohmann::json::array();
    for (const auto& e : result.training.epochs)
        epochs.push_back({{"epoch", e.epoch}, {"loss", e.loss}, {"accuracy", e.accuracy}, {"seconds", e.seconds}});
    // Shipped weights: the record of the run that trained them.
    const nlohmann::json training =
        shipped ? shipped->manifest.value("training", nlohmann::json::object())
                : nlohmann::json{{"epochs", options.training.epochs},
                                 {"images_per_epoch", options.training.imagesPerEpoch},
                                 {"plain_epochs", options.training.plainEpochs},
                                 {"batch_size", options.training.batchSize},
                                 {"learning_rate", options.training.learningRate},
                                 {"weight_decay", options.training.weightDecay},
                                 {"optimizer", "AdamW, warm-up then cosine decay"},
                                 {"history", epochs},
                                 {"seconds", result.training.seconds},
                                 {"generate_seconds", result.training.generateSeconds}};
    return {
        {"format_version", kDemoFormatVersion},
        {"arch", kDemoArch},
        {"input_size", world.options().imageSize},
        {"preprocess", info ? info->defaultPreprocess : "hint"},
        {"default_layer", info ? info->defaultLayer : ""},
        {"weights", kDemoWeights},
        {"weights_sha256", result.weightsSha256},
        {"parameters_sha256", result.parametersSha256},
        {"seed", options.seed},
        {"classes", classes},
        {"images", "test/images"},
        {"masks", "test/masks"},
        {"boxes", "test/boxes.csv"},
        {"labels", "test/labels.csv"},
        {"test_images", result.test.images},
        {"test_accuracy", result.test.accuracy},
        {"confusion", result.test.confusion},
        {"training", training},
        {"trained", result.trained},
        {"weights_source", result.weightsSource},
        {"project", kDemoProject},
        {"concepts", result.concepts},
        {"threads", result.threads},
        {"seconds", result.seconds},
        {"cpu_seconds", result.cpuSeconds},
    };
}

// Shipped weights made by this very recipe (and intact), unless asked to retrain.
std::optional<ShippedDemo> matchingShipped(const DemoOptions& options, const TrainingOptions& training)
{
    if (options.retrain) return std::nullopt;
    for (const auto& dir : options.shippedDirs) {
        auto shipped = readShippedDemo(dir);
        if (!shipped || !sameRecipe(shipped.value(), options.seed, options.imageSize, training)) continue;
        auto hash = sha256File(shipped->weightsPath);
        if (hash && hash.value() == shipped->weightsSha256) return std::move(shipped.value());
    }
    return std::nullopt;
}

// Copies the shipped weights to `weights` and checks they load; false (nothing left behind) otherwise,
// e.g. for weights of an older ShapesNet.
bool installShipped(const ShippedDemo& shipped, const fs::path& weights)
{
    std::error_code ec;
    fs::copy_file(shipped.weightsPath, weights, fs::copy_options::overwrite_existing, ec);
    auto probe = model::Network::create(kDemoArch, data::ShapesWorld::numClasses());
    if (!ec && probe && probe.value()->loadWeights(weights.string())) return true;
    fs::remove(weights, ec);
    return false;
}

}  // namespace

std::string defaultDemoDir()
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && *xdg) return (fs::path(xdg) / "hint-explorer" / "demo").string();
    const char* home = std::getenv("HOME");
    return (fs::path(home && *home ? home : ".") / ".local" / "share" / "hint-explorer" / "demo").string();
}

Result<DemoResult> buildDemo(const std::string& dir, const DemoOptions& options, jobs::JobContext& job)
{
    if (dir.empty()) return Error::badInput("no demo folder given");
    if (options.testPerClass < 1) return Error::badInput("the demo needs at least one test image per class");
    std::error_code ec;
    const fs::path target = fs::absolute(fs::path(dir), ec).lexically_normal();
    if (auto status = checkTarget(target); !status) return status.error();
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Error::badInput("cannot create " + target.parent_path().string() + ": " + ec.message());
    TempFolder temp(target.parent_path() / ("." + target.filename().string() + ".tmp-" + uniqueSuffix()));
    fs::create_directories(temp.path(), ec);
    if (ec) return Error::runtime("cannot create " + temp.path().string() + ": " + ec.message());

    const auto wallStart = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    DemoResult result;
    result.threads = model::computeThreads();
    data::ShapesWorldOptions worldOptions;
    worldOptions.imageSize = options.imageSize;
    worldOptions.seed = options.seed;
    const data::ShapesWorld world(worldOptions);

    TrainingOptions training = options.training;
    training.seed = options.seed;
    const fs::path weights = temp.path() / kDemoWeights;
    std::optional<ShippedDemo> shipped = matchingShipped(options, training);
    if (shipped && !installShipped(*shipped, weights)) shipped.reset();
    if (shipped) {
        result.trained = false;
        result.weightsSource = shipped->weightsPath;
    } else {
        auto network = model::Network::create(kDemoArch, data::ShapesWorld::numClasses());
        if (!network) return network.error();
        auto trained = trainShapesNet(*network.value(), world, training, job);
        if (!trained) return trained.error();
        result.training = trained.value();
        if (auto saved = network.value()->saveSafetensors(weights.string()); !saved) return saved.error();
    }

    // Score the saved file, not the tensors in memory: what the apps will load.
    auto loaded = model::Network::create(kDemoArch, data::ShapesWorld::numClasses());
    if (!loaded) return loaded.error();
    if (auto status = loaded.value()->loadWeights(weights.string()); !status) return status.error();
    result.weightsSha256 = loaded.value()->weightsSha256();
    result.parametersSha256 = parametersSha256(*loaded.value());
    result.weightsBytes = static_cast<int64_t>(fs::file_size(weights, ec));
    const int64_t testCount = options.testPerClass * data::ShapesWorld::numClasses();
    auto test = evaluateShapesNet(*loaded.value(), world, data::ShapesSplit::Test, testCount, job);
    if (!test) return test.error();
    result.test = test.value();

    data::ShapesFolderOptions folder;
    folder.split = data::ShapesSplit::Test;
    folder.count = testCount;
    auto written = data::writeShapesFolder(world, (temp.path() / "test").string(), folder, &job);
    if (!written) return written.error();
    if (auto status = writeLabels(temp.path() / "test" / "labels.csv", world, testCount); !status) return status.error();
    if (options.trainImagesToWrite > 0) {
        folder.split = data::ShapesSplit::Train;
        folder.count = options.trainImagesToWrite;
        auto train = data::writeShapesFolder(world, (temp.path() / "train").string(), folder, &job);
        if (!train) return train.error();
    }

    // The project: every demo synset when WordNet is at hand, else only the classes.
    std::vector<std::string> concepts;
    for (const auto& c : data::ShapesWorld::classes()) concepts.push_back(c.wnid);
    if (auto wnids = demoConceptWnids()) concepts = std::move(wnids.value());
    result.concepts = static_cast<int64_t>(concepts.size());
    const fs::path project = temp.path() / kDemoProject;
    if (auto status = demoProject(temp.path().string(), options.seed, concepts).save(project.string()); !status)
        return status.error();

    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    result.cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    if (auto status = writeText(temp.path() / kDemoManifest, manifest(options, result, world, shipped).dump(2) + "\n"); !status)
        return status.error();
    if (job.isCancelled()) return Error::cancelled();
    if (auto status = publish(temp.path(), target); !status) return status.error();
    temp.release();

    result.dir = target.string();
    result.weightsPath = (target / kDemoWeights).string();
    result.imagesDir = (target / "test" / "images").string();
    result.masksDir = (target / "test" / "masks").string();
    result.boxesCsv = (target / "test" / "boxes.csv").string();
    result.labelsCsv = (target / "test" / "labels.csv").string();
    result.projectPath = (target / kDemoProject).string();
    return result;
}

Result<hierarchy::ConceptGraph> shapesConceptGraph(const hierarchy::WordNet& wordNet)
{
    std::vector<std::string> wnids;
    for (const auto& c : data::ShapesWorld::classes()) wnids.push_back(c.wnid);
    return hierarchy::ConceptGraph::build(wordNet, wnids);
}

}  // namespace hint::demo
