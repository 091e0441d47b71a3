#include "pipeline/run_estimate.h"

#include "common/embedded_resources.h"
#include "store/result_cache.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace hint::pipeline {
namespace {

struct UnitCost {
    double secondsPerImage = 0.0;
    double bytesPerImage = 0.0;
};

// Looks costs up in the model's {"models": {arch: {"taps": {tap: {step: {...}}}}}}, approximating an
// unmeasured tap by the mean of the architecture's measured taps; notes say where.
class CostLookup {
public:
    explicit CostLookup(const nlohmann::json& model) : m_model(model) {}

    std::optional<UnitCost> find(const std::string& arch, const std::string& tap, Step step)
    {
        const std::string name = stepName(step);
        const auto taps = m_model.value("models", nlohmann::json::object()).value(arch, nlohmann::json::object()).value("taps", nlohmann::json::object());
        if (taps.contains(tap) && taps[tap].contains(name)) return read(taps[tap][name]);
        UnitCost mean;
        int n = 0;
        for (const auto& [other, steps] : taps.items())
            if (steps.contains(name)) {
                const UnitCost c = read(steps[name]);
                mean.secondsPerImage += c.secondsPerImage;
                mean.bytesPerImage += c.bytesPerImage;
                ++n;
            }
        if (n == 0) {
            m_notes.insert("no measured cost for " + arch + " " + name + ": its tasks are left out of the estimate");
            return std::nullopt;
        }
        m_notes.insert(arch + " " + tap + " " + name + ": not measured; the mean of " + std::to_string(n) +
                       " measured taps of " + arch + " is used");
        mean.secondsPerImage /= n;
        mean.bytesPerImage /= n;
        return mean;
    }

    std::vector<std::string> notes() const { return {m_notes.begin(), m_notes.end()}; }

    // The measuring run's peak resident bytes for this architecture and tap (0 when not measured).
    int64_t peakMemory(const std::string& arch, const std::string& tap) const
    {
        const auto taps = m_model.value("models", nlohmann::json::object()).value(arch, nlohmann::json::object()).value("taps", nlohmann::json::object());
        return taps.contains(tap) ? taps[tap].value("peak_rss_bytes", int64_t(0)) : 0;
    }

private:
    static UnitCost read(const nlohmann::json& j)
    {
        return {j.value("seconds_per_image", 0.0), j.value("bytes_per_image", 0.0)};
    }

    const nlohmann::json& m_model;
    std::set<std::string> m_notes;
};

int64_t extractImages(const Plan& plan, int task) { return static_cast<int64_t>(plan.tasks[static_cast<size_t>(task)].images.size()); }

}  // namespace

int64_t taskImages(const Plan& plan, size_t index)
{
    const PlanTask& task = plan.tasks[index];
    switch (task.step) {
    case Step::Extract: return static_cast<int64_t>(task.images.size());
    case Step::Regions: return extractImages(plan, task.inputs.at(0));
    case Step::Train: {
        int64_t n = 0;
        for (int regions : task.inputs) n += taskImages(plan, static_cast<size_t>(regions));
        return n;
    }
    case Step::Shapley: return taskImages(plan, static_cast<size_t>(task.inputs.at(0)));
    case Step::Localize: return static_cast<int64_t>(task.boxed.size());
    }
    return 0;
}

const nlohmann::json& shippedCostModel()
{
    static const nlohmann::json model = nlohmann::json::parse(resources::costModelText(), nullptr, false);
    return model;
}

RunEstimate estimateRun(const Plan& plan, const std::vector<Step>& steps, const std::vector<bool>& stored,
                        const nlohmann::json& costModel)
{
    RunEstimate estimate;
    estimate.cacheRoot = plan.cacheRoot;
    estimate.costSource = costModel.is_object() ? costModel.value("measured", std::string()) : std::string();
    const nlohmann::json empty = nlohmann::json::object();
    CostLookup costs(costModel.is_object() ? costModel : empty);
    std::map<Step, StepEstimate> bySteps;
    const std::vector<bool> run = tasksToRun(plan, steps, stored);
    for (size_t i = 0; i < plan.tasks.size(); ++i) {
        if (!run[i]) continue;
        const PlanTask& task = plan.tasks[i];
        StepEstimate& s = bySteps[task.step];
        s.step = task.step;
        ++s.entries;
        estimate.peakMemoryBytes = std::max(estimate.peakMemoryBytes, costs.peakMemory(plan.arch, task.layer));
        if (stored[i]) {
            ++s.stored;
            continue;
        }
        ++s.toCompute;
        const int64_t images = taskImages(plan, i);
        s.images += images;
        if (auto cost = costs.find(plan.arch, task.layer, task.step)) {
            s.cpuSeconds += cost->secondsPerImage * static_cast<double>(images);
            s.diskBytes += static_cast<int64_t>(cost->bytesPerImage * static_cast<double>(images));
        } else {
            s.measured = false;
        }
    }
    for (Step step : allSteps()) {
        auto found = bySteps.find(step);
        if (found == bySteps.end()) continue;
        const StepEstimate& s = found->second;
        estimate.entries += s.entries;
        estimate.stored += s.stored;
        estimate.toCompute += s.toCompute;
        estimate.cpuSeconds += s.cpuSeconds;
        estimate.diskBytes += s.diskBytes;
        if (step == Step::Extract) estimate.imagesToExtract = s.images;
        estimate.steps.push_back(s);
    }
    estimate.notes = costs.notes();
    return estimate;
}

RunEstimate estimateRun(const Plan& plan, const std::vector<Step>& steps)
{
    store::ResultCache cache(plan.cacheRoot);
    std::vector<bool> stored(plan.tasks.size());
    for (size_t i = 0; i < plan.tasks.size(); ++i) stored[i] = cache.contains(plan.tasks[i].keyHex);
    RunEstimate estimate = estimateRun(plan, steps, stored, shippedCostModel());
    estimate.cacheBytes = cache.totalBytes();
    return estimate;
}

nlohmann::json RunEstimate::toJson() const
{
    nlohmann::json perStep = nlohmann::json::object();
    for (const auto& s : steps)
        perStep[stepName(s.step)] = {{"entries", s.entries},         {"stored", s.stored},
                                     {"to_compute", s.toCompute},    {"images", s.images},
                                     {"estimate_cpu_seconds", s.cpuSeconds}, {"estimate_disk_bytes", s.diskBytes},
                                     {"measured", s.measured}};
    return {{"entries", entries},
            {"stored", stored},
            {"to_compute", toCompute},
            {"images_to_extract", imagesToExtract},
            {"estimate_cpu_seconds", cpuSeconds},
            {"estimate_disk_bytes", diskBytes},
            {"cache_bytes", cacheBytes},
            {"measured_peak_memory_bytes", peakMemoryBytes},
            {"cache", cacheRoot},
            {"cost_model", costSource},
            {"notes", notes},
            {"steps", perStep}};
}

}  // namespace hint::pipeline
