#include "pipeline/stored_results.h"

#include "localization/neuron_ablation.h"
#include "store/result_cache.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace hint::pipeline {
namespace {

namespace fs = std::filesystem;

std::string storedDir(const store::ResultCache& cache, const Plan& plan, int task)
{
    if (task < 0) return {};
    const std::string& key = plan.tasks[static_cast<size_t>(task)].keyHex;
    return cache.contains(key) ? (fs::path(cache.root()) / key).string() : std::string();
}

Status readMetrics(StoredUnit& unit)
{
    const fs::path file = fs::path(unit.trainDir) / "metrics.json";
    std::ifstream in(file);
    if (!in) return Error::runtime("cannot read " + file.string());
    try {
        const auto metrics = nlohmann::json::parse(in);
        if (metrics.contains("f1")) unit.linearF1 = metrics["f1"].get<double>();
        if (metrics.contains("xgboost") && metrics["xgboost"].contains("f1")) unit.xgboostF1 = metrics["xgboost"]["f1"].get<double>();
    } catch (const nlohmann::json::exception& e) {
        return Error::runtime(file.string() + ": malformed metrics: " + e.what());
    }
    return {};
}

LocalizationFigures figuresOf(const std::string& name, const nlohmann::json& method)
{
    LocalizationFigures figures;
    figures.name = name;
    figures.images = method.value("n", int64_t(0));
    figures.hintAccuracy = method.value("hint_iou50_accuracy", 0.0);
    figures.meanIou = method.value("mean_iou", 0.0);
    figures.maxBoxAcc = method.value("maxboxacc", 0.0);
    return figures;
}

Status readLocalization(StoredLocalization& stored)
{
    const fs::path file = fs::path(stored.dir) / "summary.json";
    std::ifstream in(file);
    if (!in) return Error::runtime("cannot read " + file.string());
    try {
        const auto summary = nlohmann::json::parse(in);
        stored.concept = figuresOf("concept", summary);
        const auto baselines = summary.value("baselines", nlohmann::json::object());
        const auto extras = summary.value("extra_classifiers", nlohmann::json::object());
        for (const auto& [name, method] : baselines.items()) stored.baselines.push_back(figuresOf(name, method));
        for (const auto& [name, method] : extras.items()) stored.ablations.push_back(figuresOf(name, method));
    } catch (const nlohmann::json::exception& e) {
        return Error::runtime(file.string() + ": malformed localization summary: " + e.what());
    }
    return {};
}

}  // namespace

const LocalizationFigures* StoredLocalization::baseline(const std::string& name) const
{
    for (const auto& figures : baselines)
        if (figures.name == name) return &figures;
    return nullptr;
}

Result<StoredResults> listStoredResults(const Plan& plan)
{
    store::ResultCache cache(plan.cacheRoot);
    StoredResults results;
    results.cacheRoot = cache.root();
    results.entriesTotal = static_cast<int64_t>(plan.tasks.size());
    for (const auto& task : plan.tasks) {
        if (cache.contains(task.keyHex)) ++results.entriesStored;
        else results.missingKeys.push_back(task.keyHex);
    }
    results.entriesOlderFormat = cache.olderFormatEntries();
    for (const auto& planUnit : plan.units) {
        StoredUnit unit;
        unit.concept = planUnit.concept;
        unit.conceptName = planUnit.conceptName;
        unit.layer = planUnit.layer;
        unit.group = planUnit.group;
        unit.extractDir = storedDir(cache, plan, planUnit.extracts.empty() ? -1 : planUnit.extracts.front());
        unit.regionsDir = storedDir(cache, plan, planUnit.regions.empty() ? -1 : planUnit.regions.front());
        unit.trainDir = storedDir(cache, plan, planUnit.train);
        unit.shapleyDir = storedDir(cache, plan, planUnit.shapley);
        for (int task : planUnit.regions) unit.groupStored += storedDir(cache, plan, task).empty() ? 0 : 1;
        if (!unit.trainDir.empty())
            if (auto status = readMetrics(unit); !status) return status.error();
        if (!unit.shapleyDir.empty()) {
            auto scores = localization::readShapleyScores(unit.shapleyDir + "/shapley.csv");
            if (!scores) return scores.error();
            unit.scores = std::move(scores.value());
        }
        for (int task : planUnit.localizations) {
            StoredLocalization localization;
            localization.dataset = plan.tasks[static_cast<size_t>(task)].dataset;
            localization.dir = storedDir(cache, plan, task);
            if (!localization.dir.empty())
                if (auto status = readLocalization(localization); !status) return status.error();
            unit.localizations.push_back(std::move(localization));
        }
        results.units.push_back(std::move(unit));
    }
    return results;
}

Result<StoredResults> listStoredResults(const store::Project& project)
{
    auto plan = buildPlan(project);
    if (!plan) return plan.error();
    return listStoredResults(plan.value());
}

}  // namespace hint::pipeline
