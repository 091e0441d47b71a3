#include "pipeline/localize_step.h"

#include "common/sha256.h"
#include "data/localization_datasets.h"
#include "data/sampling.h"
#include "localization/localization_request.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace hint::pipeline {
namespace {

namespace fs = std::filesystem;

// A path key of a data set entry ("" when absent); Project makes it absolute when it reads a project file.
Result<std::string> pathKey(const store::ProjectDataset& dataset, size_t index, const char* key)
{
    auto found = dataset.extra.find(key);
    if (found == dataset.extra.end() || found->is_null()) return std::string();
    const std::string where = "project key \"datasets[" + std::to_string(index) + "]." + key + "\"";
    if (!found->is_string()) return Error::badInput(where + " must be a path");
    const std::string path = fs::absolute(found->get<std::string>()).lexically_normal().string();
    std::error_code ec;
    if (!fs::exists(path, ec)) return Error::badInput(where + ": no such file or folder '" + path + "'");
    return path;
}

nlohmann::json readJson(const fs::path& file)
{
    std::ifstream in(file);
    return nlohmann::json::parse(in, nullptr, false);
}

}  // namespace

Result<std::vector<BoxedDataset>> boxedDatasets(const store::Project& project)
{
    std::vector<BoxedDataset> sets;
    for (size_t i = 0; i < project.datasets.size(); ++i) {
        const auto& entry = project.datasets[i];
        auto boxes = pathKey(entry, i, "boxes");
        if (!boxes) return boxes.error();
        const std::string where = "project key \"datasets[" + std::to_string(i) + "]\" (" + entry.name + "): ";
        Result<data::Dataset> dataset = data::Dataset{};
        if (!boxes->empty()) {
            dataset = data::openImagenetVal(entry.path, boxes.value());
            auto masks = pathKey(entry, i, "masks");
            if (!masks) return masks.error();
            if (dataset && !masks->empty())
                if (auto attached = data::attachMaskFolder(dataset.value(), masks.value()); !attached)
                    return Error::badInput(where + attached.error().message);
        } else if (entry.kind == "voc" || entry.kind == "cub") {
            dataset = data::openDataset(entry.path);
        } else {
            continue;
        }
        if (!dataset) return Error::badInput(where + dataset.error().message);
        if (dataset->annotations.size() != dataset->size()) continue;  // a layout without boxes after all
        sets.push_back({entry.name, std::move(dataset.value())});
    }
    return sets;
}

data::Dataset conceptBoxedImages(const data::Dataset& dataset, const hierarchy::ConceptGraph& graph, int concept,
                                 size_t cap, uint64_t seed)
{
    std::set<int> members;
    members.insert(concept);
    for (int d : graph.descendants(concept)) members.insert(d);
    const bool modelLabels = dataset.kind == data::DatasetKind::Images || dataset.kind == data::DatasetKind::ImagenetVal;
    std::vector<size_t> chosen;
    for (size_t i = 0; i < dataset.size(); ++i) {
        const int node = dataset.images[i].wnid.empty() ? -1 : graph.indexOf(dataset.images[i].wnid);
        if (node >= 0 && members.count(node) && !dataset.annotations[i].boxes.empty()) chosen.push_back(i);
    }
    if (cap > 0 && chosen.size() > cap) {
        data::SeededRandom random(seed);
        std::vector<size_t> picked = random.choose(chosen.size(), cap);
        std::sort(picked.begin(), picked.end());
        std::vector<size_t> sample;
        for (size_t p : picked) sample.push_back(chosen[p]);
        chosen = std::move(sample);
    }
    data::Dataset images;
    images.kind = dataset.kind;
    images.root = dataset.root;
    images.classNames = dataset.classNames;
    for (size_t i : chosen) {
        data::ImageEntry image = dataset.images[i];
        if (modelLabels) image.classIndex = graph.at(graph.indexOf(image.wnid)).classIndex;
        images.images.push_back(std::move(image));
        images.annotations.push_back(dataset.annotations[i]);
    }
    return images;
}

std::string annotationsId(const data::Dataset& images, const std::function<std::string(const std::string&)>& fileIdentity)
{
    std::ostringstream text;
    text.precision(17);
    for (size_t i = 0; i < images.size(); ++i) {
        const auto& a = images.annotations[i];
        text << images.images[i].classIndex << ' ' << a.width << ' ' << a.height << ' '
             << (a.maskPath.empty() ? std::string("-") : fileIdentity(a.maskPath)) << '\n';
        for (const auto& box : a.boxes) text << box.x0 << ' ' << box.y0 << ' ' << box.x1 << ' ' << box.y1 << '\n';
    }
    return sha256Hex(text.str());
}

localization::LocalizationRequest baseLocalizationRequest(const std::string& arch, int inputSize)
{
    localization::LocalizationRequest request;
    request.arch = arch;
    request.preprocess = {data::PreprocessMode::Hint, inputSize};
    request.evaluation.size = inputSize;
    request.baselines = localization::defaultBaselines(arch);
    return request;
}

nlohmann::json localizationSettings(const localization::LocalizationRequest& request, int ablationK)
{
    return {{"protocol", localization::protocolName(request.protocol)},
            {"score", localization::mapScoreName(request.score)},
            {"upsampling", localization::upsamplingName(request.evaluation.upsampling)},
            {"cam_curve_interval", request.evaluation.camCurveInterval},
            {"pointing_tolerance", request.evaluation.pointingTolerance},
            {"baselines", request.baselines},
            {"baseline_layer", request.baselineLayer},
            {"baseline_threshold", request.baselineThreshold},
            {"centre_fraction", request.centreFraction},
            {"ablation_k", ablationK}};
}

Result<nlohmann::json> runLocalizeTask(const model::Network& network, const Plan& plan, const PlanTask& task,
                                       const std::string& trainDir, const std::string& shapleyDir,
                                       const std::string& outDir, jobs::JobContext& job)
{
    auto request = baseLocalizationRequest(plan.arch, plan.preprocessing["size"].get<int>());
    request.weightsSha256 = task.key.weightsSha256;
    request.layer = task.layer;
    request.classifierPath = trainDir;
    auto classifier = localization::loadConceptClassifier(trainDir);
    if (!classifier) return classifier.error();
    request.classifier = std::move(classifier.value());
    if (auto status = localization::addAblationClassifiers(request, trainDir, shapleyDir + "/shapley.csv",
                                                           localization::kDefaultAblationK, plan.seed, job);
        !status)
        return status.error();
    request.dataset = task.boxed;
    request.batchSize = plan.settings["batch"].get<int>();
    request.outDir = outDir;
    auto summary = localization::runLocalization(network, request, job);
    if (!summary) return summary.error();
    const auto json = readJson(fs::path(outDir) / "summary.json");
    nlohmann::json manifest = {{"dataset", task.dataset}, {"images", summary->processed}};
    for (const char* key : {"hint_iou50_accuracy", "mean_iou", "maxboxacc"})
        if (json.is_object() && json.contains(key)) manifest[key] = json[key];
    return manifest;
}

}  // namespace hint::pipeline
