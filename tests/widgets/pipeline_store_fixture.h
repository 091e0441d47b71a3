// Puts the formula-made stored results (stored_results_fixture.h) into a project's pipeline cache, at the
// keys the project's plan gives its concept x layer units, as if `hint run` had computed them: the
// extraction as the concept's extract entry, the classifiers as train entries (with held-out metrics),
// the Shapley CSV as its shapley entry. The GUI then lists and shows them through listStoredResults, and
// the expected values still follow from the formulas.
#pragma once

#include "pipeline/pipeline_plan.h"
#include "store/result_cache.h"
#include "stored_results_fixture.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace hint::testing {

// One published cache entry for `task`: the named files copied in, `manifest` as its manifest.json.
inline void publishEntry(const pipeline::Plan& plan, const pipeline::PlanTask& task,
                         const std::vector<std::string>& files, nlohmann::json manifest = nlohmann::json::object())
{
    store::ResultCache cache(plan.cacheRoot);
    auto writer = cache.begin(task.key);
    if (!writer) throw std::runtime_error("pipeline-store fixture: " + writer.error().message);
    for (const auto& file : files)
        std::filesystem::copy_file(file, std::filesystem::path(writer->dir()) / std::filesystem::path(file).filename());
    manifest["step"] = pipeline::stepName(task.step);
    manifest["concept"] = task.concept;
    manifest["layer"] = task.layer;
    auto committed = writer->commit(std::move(manifest));
    if (!committed) throw std::runtime_error("pipeline-store fixture: " + committed.error().message);
}

// A folder-of-wnids data set the plan can sample: the fixture's six images under each leaf wnid.
inline std::string writeFixtureDataset(const std::string& dir, const StoredFixture& f, const std::vector<std::string>& leafWnids)
{
    for (const auto& wnid : leafWnids) {
        const auto folder = std::filesystem::path(dir) / wnid;
        std::filesystem::create_directories(folder);
        for (const auto& image : f.images) std::filesystem::copy_file(image, folder / std::filesystem::path(image).filename());
    }
    return dir;
}

// Seeds `concept`'s unit at the project's first layer with everything, and `sibling`'s (when non-empty)
// with its classifier only. Returns the plan the keys came from.
inline pipeline::Plan seedPipelineStore(const store::Project& project, const StoredFixture& f, const std::string& concept,
                                        const std::string& sibling = {})
{
    auto plan = pipeline::buildPlan(project);
    if (!plan) throw std::runtime_error("pipeline-store fixture: " + plan.error().message);
    const auto task = [&](int position) -> const pipeline::PlanTask& { return plan->tasks.at(size_t(position)); };
    for (const auto& unit : plan->units) {
        if (unit.layer != project.layers.front()) continue;
        if (unit.concept == concept) {
            std::ifstream in(f.extractDir + "/manifest.json");
            publishEntry(*plan, task(unit.extracts.front()),
                         {f.extractDir + "/features.npy", f.extractDir + "/saliency.npy", f.extractDir + "/targets.npy"},
                         nlohmann::json::parse(in));
            publishEntry(*plan, task(unit.train), {f.classifierDir + "/linear.json", f.classifierDir + "/metrics.json"});
            publishEntry(*plan, task(unit.shapley), {f.shapleyCsv});
        } else if (unit.concept == sibling) {
            const std::string metrics = f.siblingClassifierDir + "/metrics.json";
            std::ofstream(metrics) << R"({"accuracy":0.8,"precision":0.75,"recall":0.7,"f1":0.72,"xgboost":{"f1":0.83}})";
            publishEntry(*plan, task(unit.train), {f.siblingClassifierDir + "/linear.json", metrics});
        }
    }
    return std::move(plan).value();
}

}  // namespace hint::testing
