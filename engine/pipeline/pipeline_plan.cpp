#include "pipeline/pipeline_plan.h"

#include "classifiers/linear_classifier.h"
#include "common/sha256.h"
#include "data/dataset.h"
#include "data/preprocess.h"
#include "data/shapes_world.h"
#include "hierarchy/concept_graph.h"
#include "hierarchy/concept_sampling.h"
#include "localization/localization_request.h"
#include "model/network.h"
#include "pipeline/localize_step.h"
#include "regions/region_mask.h"
#include "saliency/saliency.h"
#include "shapley/neuron_shapley.h"
#include "store/file_hash_memo.h"
#include "store/result_cache.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace hint::pipeline {
namespace {

const std::vector<std::pair<Step, std::string>>& stepNames()
{
    static const std::vector<std::pair<Step, std::string>> names = {
        {Step::Extract, "extract"}, {Step::Regions, "regions"}, {Step::Train, "train"}, {Step::Shapley, "shapley"},
        {Step::Localize, "localize"}};
    return names;
}

// The project's parameters with defaults filled in; a value of the wrong type is BadInput naming its key.
Result<nlohmann::json> settingsOf(const store::Project& project)
{
    nlohmann::json s = {{"method", "guided"},     {"threshold", 0.5},      {"percentile", 99.0},
                        {"mode", "norm"},         {"max_positives", 0},    {"max_background", 0},
                        {"max_leaves", 233},      {"images_per_leaf", 20}, {"max_images", 233},
                        {"group", "siblings"},    {"dataset", ""},         {"classifier", "sgd-huber"},
                        {"alpha", 0.01},          {"max_iter", 1000},      {"rounds", 50},
                        {"max_depth", 10},        {"eta", 1.0},            {"shapley", "tree"},
                        {"permutations", 32},     {"shapley_rows", 256},   {"batch", 16},
                        {"localize_images", 0},   {"precision", "fp32"}};
    const nlohmann::json& given = project.parameters;
    if (!given.is_object()) return Error::badInput("project key \"parameters\" must be an object");
    for (auto& [key, value] : s.items()) {
        auto found = given.find(key);
        if (found == given.end() || found->is_null()) continue;
        const bool sameKind = (value.is_string() && found->is_string()) || (value.is_number() && found->is_number());
        if (!sameKind)
            return Error::badInput("project key \"parameters." + key + "\" must be a " +
                                   (value.is_string() ? "string" : "number"));
        value = *found;
    }
    for (const char* key : {"max_positives", "max_background", "max_leaves", "images_per_leaf", "max_images",
                            "max_iter", "rounds", "max_depth", "batch", "permutations", "shapley_rows",
                            "localize_images"}) {
        const std::string name = key;
        const int64_t minimum = name == "max_positives" || name == "max_background" || name == "shapley_rows" ||
                                        name == "localize_images"
                                    ? 0
                                : name == "permutations"                                                   ? 2
                                                                                                            : 1;
        if (!s[key].is_number_integer() || s[key].get<int64_t>() < minimum)
            return Error::badInput(std::string("project key \"parameters.") + key + "\" must be an integer >= " +
                                   std::to_string(minimum));
    }
    if (auto m = saliency::parseMethod(s["method"].get<std::string>()); !m) return Error::badInput("project key \"parameters.method\": " + m.error().message);
    if (auto m = regions::parseAggregationMode(s["mode"].get<std::string>()); !m) return Error::badInput("project key \"parameters.mode\": " + m.error().message);
    if (!classifiers::parseLoss(s["classifier"].get<std::string>()))
        return Error::badInput("project key \"parameters.classifier\" must be sgd-huber, hinge or logistic");
    if (!shapley::parseShapleyMethod(s["shapley"].get<std::string>()))
        return Error::badInput("project key \"parameters.shapley\" must be tree, linear or sampling");
    if (auto p = model::parsePrecision(s["precision"].get<std::string>()); !p)
        return Error::badInput("project key \"parameters.precision\": " + p.error().message);
    if (s["group"] != "siblings" && s["group"] != "none" && s["group"] != "rest")
        return Error::badInput("project key \"parameters.group\" must be siblings, rest or none");
    return s;
}

// The model's classes in output order: model.classes, ShapesNet's own, else the 1000 ImageNet classes.
Result<hierarchy::ConceptGraph> classGraph(const store::Project& project, const hierarchy::WordNet& wordNet,
                                           int64_t& numClasses)
{
    std::vector<std::string> classes;
    auto found = project.model.extra.find("classes");
    if (found != project.model.extra.end()) {
        if (!found->is_array()) return Error::badInput("project key \"model.classes\" must be a list of wnids");
        for (const auto& wnid : *found) {
            if (!wnid.is_string()) return Error::badInput("project key \"model.classes\" must be a list of wnids");
            classes.push_back(wnid.get<std::string>());
        }
    } else if (project.model.arch == "shapesnet") {
        for (const auto& info : data::ShapesWorld::classes()) classes.push_back(info.wnid);
    } else {
        return hierarchy::ConceptGraph::imagenet(wordNet);
    }
    numClasses = static_cast<int64_t>(classes.size());
    return hierarchy::ConceptGraph::build(wordNet, classes);
}

Result<const store::ProjectDataset*> chooseDataset(const store::Project& project, const std::string& name)
{
    if (project.datasets.empty()) return Error::badInput("the project lists no data set (key \"datasets\")");
    if (name.empty()) return &project.datasets.front();
    for (const auto& dataset : project.datasets)
        if (dataset.name == name) return &dataset;
    return Error::badInput("project key \"parameters.dataset\": no data set named '" + name + "'");
}

nlohmann::json preprocessingOf(const store::Project& project, Result<data::PreprocessMode>& mode)
{
    const nlohmann::json& p = project.model.preprocessing;
    mode = data::parsePreprocessMode(p.is_object() && p.contains("mode") && p["mode"].is_string() ? p["mode"].get<std::string>() : "hint");
    if (!mode) return {};
    int size = data::defaultInputSize(mode.value());
    // Small demo networks are trained at their own size; ImageNet models get the original's 224.
    if (const auto* arch = model::findArchitecture(project.model.arch); arch && arch->inputSize < size) size = arch->inputSize;
    if (p.is_object() && p.contains("size") && p["size"].is_number_integer()) size = p["size"].get<int>();
    return {{"mode", data::preprocessModeName(mode.value())}, {"size", size}};
}

store::CacheKey baseKey(const Plan& plan, const std::string& weightsId, Step step, const std::string& layer)
{
    store::CacheKey key;
    key.stage = stepName(step);
    key.weightsSha256 = weightsId;
    key.arch = plan.arch;
    key.tap = layer;
    key.preprocessing = plan.preprocessing;
    return key;
}

PlanTask makeTask(Step step, const std::string& concept, const std::string& layer, store::CacheKey key)
{
    PlanTask task;
    task.step = step;
    task.concept = concept;
    task.layer = layer;
    task.key = std::move(key);
    return task;
}

class PlanBuilder {
public:
    PlanBuilder(Plan& plan, std::string weightsId, store::FileHashMemo& memo)
        : m_plan(plan), m_weightsId(std::move(weightsId)), m_memo(memo)
    {
    }

    // What every key holds of an image: the SHA-256 of its bytes (remembered in the cache's file-hash
    // memo), never its path, so the same data in another folder hits the same entries and an image whose
    // bytes change misses them. An unreadable image is "unreadable" (extraction skips it).
    std::string imageIdentity(const std::string& path)
    {
        auto hash = m_memo.sha256(path);
        return hash ? hash.value() : std::string("unreadable");
    }

    int add(PlanTask task)
    {
        task.keyHex = task.key.hex();
        auto found = m_byKey.find(task.keyHex);
        if (found != m_byKey.end()) return found->second;
        m_plan.tasks.push_back(std::move(task));
        const int position = static_cast<int>(m_plan.tasks.size()) - 1;
        m_byKey[m_plan.tasks.back().keyHex] = position;
        return position;
    }

    int extract(const std::string& concept, const std::string& layer, std::vector<saliency::ImageItem> images)
    {
        const auto& s = m_plan.settings;
        PlanTask task = makeTask(Step::Extract, concept, layer, baseKey(m_plan, m_weightsId, Step::Extract, layer));
        task.key.method = s["method"].get<std::string>();
        nlohmann::json labels = nlohmann::json::array();
        for (const auto& item : images) {
            task.key.images.push_back(imageIdentity(item.path));
            labels.push_back(item.labelIndex);
        }
        task.key.parameters = {{"target", "label"}, {"labels", labels}, {"seed", m_plan.seed},
                               {"smoothgrad_samples", 50}, {"ig_steps", 25}};
        // Only bf16 enters the key: fp32 keys stay those stored before precision was a choice.
        if (s["precision"] != "fp32") task.key.parameters["precision"] = s["precision"];
        task.images = std::move(images);
        return add(std::move(task));
    }

    int regions(int extract)
    {
        const auto& s = m_plan.settings;
        const PlanTask& source = m_plan.tasks[static_cast<size_t>(extract)];
        PlanTask task = makeTask(Step::Regions, source.concept, source.layer, baseKey(m_plan, m_weightsId, Step::Regions, source.layer));
        task.key.method = s["mode"].get<std::string>();
        task.key.images = source.key.images;
        task.key.parameters = {{"extract", source.keyHex},          {"threshold", s["threshold"]},
                               {"percentile", s["percentile"]},     {"mode", s["mode"]},
                               {"max_positives", s["max_positives"]}, {"max_background", s["max_background"]},
                               {"seed", m_plan.seed}};
        task.inputs = {extract};
        return add(std::move(task));
    }

    int train(const std::vector<int>& groupRegions, const std::string& concept, const std::string& layer)
    {
        const auto& s = m_plan.settings;
        PlanTask task = makeTask(Step::Train, concept, layer, baseKey(m_plan, m_weightsId, Step::Train, layer));
        task.key.method = s["classifier"].get<std::string>();
        nlohmann::json inputs = nlohmann::json::array();
        for (int r : groupRegions) inputs.push_back(m_plan.tasks[static_cast<size_t>(r)].keyHex);
        task.key.parameters = {{"regions", inputs},      {"target", 0},        {"alpha", s["alpha"]},
                               {"max_iter", s["max_iter"]}, {"validation", 0.25}, {"xgboost", true},
                               {"rounds", s["rounds"]},  {"max_depth", s["max_depth"]}, {"eta", s["eta"]},
                               {"seed", m_plan.seed}};
        task.inputs = groupRegions;
        task.target = 0;
        return add(std::move(task));
    }

    int shapley(int train)
    {
        const PlanTask& source = m_plan.tasks[static_cast<size_t>(train)];
        PlanTask task = makeTask(Step::Shapley, source.concept, source.layer, baseKey(m_plan, m_weightsId, Step::Shapley, source.layer));
        task.key.method = m_plan.settings["shapley"].get<std::string>();
        task.key.parameters = {{"train", source.keyHex}};
        // Only the sampling estimate has parameters of its own (keys of tree and linear stay as they were).
        if (task.key.method == "sampling") {
            task.key.parameters["permutations"] = m_plan.settings["permutations"];
            task.key.parameters["rows"] = m_plan.settings["shapley_rows"];
            task.key.parameters["seed"] = m_plan.seed;
        }
        task.inputs = {train};
        return add(std::move(task));
    }

    // The concept's classifier (train, shapley: the ablation's scores) localizing its images of one data set.
    int localize(int train, int shapley, const std::string& dataset, data::Dataset images)
    {
        const PlanTask& source = m_plan.tasks[static_cast<size_t>(train)];
        PlanTask task = makeTask(Step::Localize, source.concept, source.layer, baseKey(m_plan, m_weightsId, Step::Localize, source.layer));
        const auto request = baseLocalizationRequest(m_plan.arch, m_plan.preprocessing["size"].get<int>());
        task.key.method = localization::protocolName(request.protocol);
        for (size_t i = 0; i < images.size(); ++i) task.key.images.push_back(imageIdentity(images.path(i)));
        task.key.parameters = localizationSettings(request, localization::kDefaultAblationK);
        task.key.parameters["train"] = source.keyHex;
        task.key.parameters["shapley"] = m_plan.tasks[static_cast<size_t>(shapley)].keyHex;
        task.key.parameters["annotations"] = annotationsId(images, [this](const std::string& path) { return imageIdentity(path); });
        task.key.parameters["seed"] = m_plan.seed;
        // The localization runs the network too (fp32 keys unchanged, as for extraction).
        if (m_plan.settings["precision"] != "fp32") task.key.parameters["precision"] = m_plan.settings["precision"];
        task.inputs = {train, shapley};
        task.dataset = dataset;
        task.boxed = std::move(images);
        return add(std::move(task));
    }

private:
    Plan& m_plan;
    std::string m_weightsId;
    store::FileHashMemo& m_memo;
    std::map<std::string, int> m_byKey;
};

}  // namespace

const std::vector<Step>& allSteps()
{
    static const std::vector<Step> steps = {Step::Extract, Step::Regions, Step::Train, Step::Shapley, Step::Localize};
    return steps;
}

std::string stepName(Step step)
{
    for (const auto& [s, name] : stepNames())
        if (s == step) return name;
    return "?";
}

Result<std::vector<Step>> parseSteps(const std::string& text)
{
    std::vector<Step> steps;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        if (item.empty()) continue;
        bool known = false;
        for (const auto& [step, name] : stepNames())
            if (name == item) {
                known = true;
                steps.push_back(step);
            }
        if (!known) return Error::badInput("unknown step '" + item + "' (steps: extract, regions, train, shapley, localize)");
    }
    if (steps.empty()) return Error::badInput("no step given (steps: extract, regions, train, shapley, localize)");
    return steps;
}

std::vector<bool> tasksToRun(const Plan& plan, const std::vector<Step>& steps, const std::vector<bool>& stored)
{
    std::vector<bool> want(plan.tasks.size(), false);
    auto mark = [&](int task) { if (task >= 0) want[static_cast<size_t>(task)] = true; };
    for (const auto& unit : plan.units)
        for (Step step : steps) {
            if (step == Step::Extract) for (int t : unit.extracts) mark(t);
            if (step == Step::Regions) for (int t : unit.regions) mark(t);
            if (step == Step::Train) mark(unit.train);
            if (step == Step::Shapley) mark(unit.shapley);
            if (step == Step::Localize) for (int t : unit.localizations) mark(t);
        }
    for (size_t i = want.size(); i-- > 0;)
        if (want[i] && !stored[i])
            for (int input : plan.tasks[i].inputs) mark(input);
    return want;
}

Result<Shard> parseShard(const std::string& text)
{
    Shard shard;
    char slash = 0;
    std::istringstream in(text);
    if (!(in >> shard.index >> slash >> shard.count) || slash != '/' || !in.eof() || shard.count < 1 ||
        shard.index < 0 || shard.index >= shard.count)
        return Error::badInput("--shard must be i/N with 0 <= i < N, got '" + text + "'");
    return shard;
}

Result<Plan> buildPlan(const store::Project& project, const Shard& shard)
{
    Plan plan;
    plan.arch = project.model.arch;
    if (!model::findArchitecture(plan.arch))
        return Error::badInput("project key \"model.arch\": unknown architecture '" + plan.arch + "' (known: " +
                               model::architectureNames() + ")");
    if (project.layers.empty()) return Error::badInput("the project lists no layer (key \"layers\")");
    if (project.concepts.empty()) return Error::badInput("the project lists no concept (key \"concepts\")");
    plan.weights = project.model.weights;
    plan.seed = project.seed;
    plan.cacheRoot = project.cacheDir.empty() ? store::ResultCache::defaultRoot() : project.cacheDir;
    auto settings = settingsOf(project);
    if (!settings) return settings.error();
    plan.settings = std::move(settings.value());
    Result<data::PreprocessMode> mode = data::PreprocessMode::Hint;
    plan.preprocessing = preprocessingOf(project, mode);
    if (!mode) return Error::badInput("project key \"model.preprocessing.mode\": " + mode.error().message);

    store::FileHashMemo memo(plan.cacheRoot);  // written back when the plan is built
    std::string weightsId = "random:" + std::to_string(plan.seed);
    if (!plan.weights.empty()) {
        auto hash = memo.sha256(plan.weights);
        if (!hash) return Error::badInput("project key \"model.weights\": " + hash.error().message);
        weightsId = hash.value();
    }

    auto dataset = chooseDataset(project, plan.settings["dataset"].get<std::string>());
    if (!dataset) return dataset.error();
    auto images = data::openDataset(dataset.value()->path);
    if (!images) return images.error();
    auto wordNet = hierarchy::WordNet::load();
    if (!wordNet) return wordNet.error();
    auto graph = classGraph(project, wordNet.value(), plan.numClasses);
    if (!graph) return graph.error();
    const auto byWnid = images->imagesByWnid();
    graph->setImageCounts(hierarchy::classImageCounts(graph.value(), byWnid));

    data::SamplingOptions sampling;
    sampling.maxLeaves = plan.settings["max_leaves"];
    sampling.imagesPerLeaf = plan.settings["images_per_leaf"];
    sampling.maxImages = plan.settings["max_images"];
    sampling.seed = plan.seed;
    // The sampled images of a concept with their model class index; empty when it has too few.
    // contrastTo: see sampleConceptImages (a sibling's leaves shared with the target stay out).
    auto conceptImages = [&](int concept, int contrastTo = -1) -> Result<std::vector<saliency::ImageItem>> {
        auto sample = hierarchy::sampleConceptImages(graph.value(), concept, byWnid, sampling, contrastTo);
        if (!sample) return sample.error();
        std::vector<saliency::ImageItem> items;
        for (size_t index : sample->images) {
            const int leaf = graph->indexOf(images->images[index].wnid);
            items.push_back({images->path(index), leaf < 0 ? -1 : graph->at(leaf).classIndex});
        }
        return items;
    };

    // "rest": a seeded sample of max_images images of the model's classes outside the concept.
    auto restImages = [&](int concept) {
        const auto& leaves = graph->at(concept).leaves;
        std::vector<saliency::ImageItem> pool;
        for (size_t i = 0; i < images->size(); ++i) {
            const int leaf = graph->indexOf(images->images[i].wnid);
            if (leaf < 0 || !graph->at(leaf).isClass()) continue;
            if (std::find(leaves.begin(), leaves.end(), leaf) != leaves.end()) continue;
            pool.push_back({images->path(i), graph->at(leaf).classIndex});
        }
        data::SeededRandom random(plan.seed);
        std::vector<size_t> chosen = random.choose(pool.size(), sampling.maxImages);
        std::sort(chosen.begin(), chosen.end());
        std::vector<saliency::ImageItem> items;
        for (size_t i : chosen) items.push_back(pool[i]);
        return items;
    };

    // Localization maps boxes through a plain resize: other preprocessing plans no localize task.
    std::vector<BoxedDataset> boxed;
    if (plan.preprocessing["mode"] == data::preprocessModeName(data::PreprocessMode::Hint)) {
        auto sets = boxedDatasets(project);
        if (!sets) return sets.error();
        boxed = std::move(sets.value());
    }
    const size_t localizeCap = plan.settings["localize_images"].get<size_t>();

    PlanBuilder builder(plan, weightsId, memo);
    int position = 0;
    for (const auto& layer : project.layers) {
        for (const auto& wnid : project.concepts) {
            const int concept = graph->indexOf(wnid);
            if (concept < 0)
                return Error::badInput("project key \"concepts\": " + wnid + " is not a class of the model or one of their WordNet ancestors");
            if (position++ % shard.count != shard.index) continue;
            auto targetImages = conceptImages(concept);
            if (!targetImages) return Error::badInput("project key \"concepts\": " + targetImages.error().message);
            PlanUnit unit;
            unit.concept = wnid;
            unit.conceptName = graph->at(concept).name;
            unit.layer = layer;
            unit.group = {wnid};
            unit.extracts.push_back(builder.extract(wnid, layer, std::move(targetImages.value())));
            if (plan.settings["group"] == "siblings") {
                for (int sibling : graph->siblings(concept)) {
                    auto siblingImages = conceptImages(sibling, concept);
                    if (!siblingImages) continue;  // siblings without enough images of their own stay out of the group
                    unit.group.push_back(graph->at(sibling).wnid);
                    unit.extracts.push_back(builder.extract(unit.group.back(), layer, std::move(siblingImages.value())));
                }
            }
            if (plan.settings["group"] == "rest") {
                auto rest = restImages(concept);
                if (rest.empty()) return Error::badInput("project key \"concepts\": " + wnid + " covers every image of the data set; nothing to contrast it with");
                unit.group.push_back(kRestPrefix + wnid);
                unit.extracts.push_back(builder.extract(unit.group.back(), layer, std::move(rest)));
            }
            for (int extract : unit.extracts) unit.regions.push_back(builder.regions(extract));
            unit.train = builder.train(unit.regions, wnid, layer);
            unit.shapley = builder.shapley(unit.train);
            for (const auto& set : boxed) {
                auto images = conceptBoxedImages(set.dataset, graph.value(), concept, localizeCap, plan.seed);
                if (images.size() == 0) continue;
                unit.localizations.push_back(builder.localize(unit.train, unit.shapley, set.name, std::move(images)));
            }
            plan.units.push_back(std::move(unit));
        }
    }
    return plan;
}

}  // namespace hint::pipeline
