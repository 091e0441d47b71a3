#include "pipeline/pipeline_run.h"

#include "classifiers/concept_training.h"
#include "model/network.h"
#include "pipeline/localize_step.h"
#include "regions/region_extraction.h"
#include "saliency/extraction.h"
#include "shapley/neuron_shapley.h"
#include "store/result_cache.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

namespace hint::pipeline {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kUnitsPerTask = 1000;

// Maps each step's own progress onto the whole plan, and passes cancel and warnings through.
class PlanProgress : public jobs::JobContext {
public:
    PlanProgress(jobs::JobContext& outer, int64_t tasks) : m_outer(outer), m_tasks(tasks) {}
    void startTask(int64_t finished, std::string label)
    {
        m_finished = finished;
        m_part = 0;
        m_label = std::move(label);
        report();
    }
    bool isCancelled() const override { return m_outer.isCancelled(); }
    void progress(int64_t done, int64_t total, const std::string&) override
    {
        // A step may report several inner stages (training: matrix, SGD, XGBoost); the plan's bar only moves on.
        const int64_t part = total > 0 ? std::min(done, total) * (kUnitsPerTask - 1) / total : 0;
        m_part = std::max(m_part, part);
        report();
    }
    void warning(const std::string& message) override { m_outer.warning(m_label + ": " + message); }

private:
    void report() { m_outer.stepProgress(m_finished * kUnitsPerTask + m_part, m_tasks * kUnitsPerTask, kUnitsPerTask, m_label); }

    jobs::JobContext& m_outer;
    int64_t m_tasks;
    int64_t m_finished = 0;
    int64_t m_part = 0;
    std::string m_label;
};

// Moves the files a step wrote into `out` up into the entry folder, so entries hold the CLI's layout.
Status hoist(const fs::path& out, const fs::path& entry)
{
    std::error_code ec;
    for (fs::directory_iterator it(out, ec), end; !ec && it != end; it.increment(ec)) {
        fs::rename(it->path(), entry / it->path().filename(), ec);
        if (ec) return Error::runtime("cannot move " + it->path().string() + " into " + entry.string() + ": " + ec.message());
    }
    if (ec) return Error::runtime("cannot list " + out.string() + ": " + ec.message());
    fs::remove(out, ec);
    return {};
}

Result<nlohmann::json> readJsonFile(const fs::path& file)
{
    std::ifstream in(file);
    if (!in) return Error::runtime("cannot read " + file.string());
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        return Error::runtime(file.string() + ": malformed JSON: " + e.what());
    }
}

class Runner {
public:
    Runner(const Plan& plan, const RunOptions& options)
        : m_plan(plan), m_options(options), m_cache(plan.cacheRoot), m_dirs(plan.tasks.size()),
          m_computedAhead(plan.tasks.size(), false)
    {
    }

    // The stored entry of each task, or "" when it must be computed.
    void findStored()
    {
        for (size_t i = 0; i < m_plan.tasks.size(); ++i)
            if (m_cache.contains(m_plan.tasks[i].keyHex)) m_dirs[i] = (fs::path(m_cache.root()) / m_plan.tasks[i].keyHex).string();
    }

    // The tasks this run performs or reuses: the same tasksToRun the dry run's estimate counts.
    std::vector<bool> wanted() const
    {
        std::vector<bool> stored(m_dirs.size());
        for (size_t i = 0; i < m_dirs.size(); ++i) stored[i] = !m_dirs[i].empty();
        return tasksToRun(m_plan, m_options.steps, stored);
    }

    Result<RunSummary> run(jobs::JobContext& job)
    {
        const auto start = std::chrono::steady_clock::now();
        m_cache.cleanStaleTemps();
        findStored();
        m_want = wanted();
        int64_t total = 0;
        for (bool w : m_want) total += w ? 1 : 0;
        PlanProgress progress(job, total);
        RunSummary summary;
        summary.cacheRoot = m_cache.root();
        int64_t finished = 0;
        for (size_t i = 0; i < m_plan.tasks.size(); ++i) {
            if (!m_want[i]) continue;
            const PlanTask& task = m_plan.tasks[i];
            if (job.isCancelled()) return Error::cancelled();
            progress.startTask(finished, stepName(task.step) + " " + task.concept + " " + task.layer);
            TaskOutcome outcome;
            outcome.step = task.step;
            outcome.concept = task.concept;
            outcome.layer = task.layer;
            outcome.key = task.keyHex;
            const auto taskStart = std::chrono::steady_clock::now();
            if (m_computedAhead[i]) {
                ++summary.computed;  // by an earlier task's pass (extractions at several layers)
            } else if (!m_dirs[i].empty()) {
                outcome.reused = true;
                ++summary.reused;
            } else {
                auto dir = compute(task, progress);
                if (!dir) return dir.error();
                m_dirs[i] = dir.value();
                ++summary.computed;
            }
            outcome.dir = m_dirs[i];
            outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - taskStart).count();
            summary.tasks.push_back(std::move(outcome));
            ++finished;
        }
        progress.startTask(finished, "done");
        summary.extractionPasses = m_extractionPasses;
        summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return summary;
    }

private:
    const std::string& inputDir(const PlanTask& task, size_t which) const
    {
        return m_dirs[static_cast<size_t>(task.inputs.at(which))];
    }

    // Runs `write` into ENTRY_TEMP/out, moves its files up and publishes the entry.
    Result<std::string> publish(const PlanTask& task, const std::function<Result<nlohmann::json>(const std::string&)>& write)
    {
        auto writer = m_cache.begin(task.key);
        if (!writer) return writer.error();
        const fs::path out = fs::path(writer->dir()) / "out";
        auto manifest = write(out.string());
        if (!manifest) return manifest.error();
        if (auto status = hoist(out, writer->dir()); !status) return status.error();
        return commitEntry(writer.value(), task, manifest.value());
    }

    static Result<std::string> commitEntry(store::CacheEntryWriter& writer, const PlanTask& task, nlohmann::json json)
    {
        json["step"] = stepName(task.step);
        json["concept"] = task.concept;
        json["layer"] = task.layer;
        return writer.commit(std::move(json));
    }

    // The extract tasks still to compute that one pass with `task` serves: the same images, labels and
    // settings at other layers (the key minus its tap), `task` first. They run when the first is reached.
    std::vector<size_t> extractionsWith(const PlanTask& task) const
    {
        auto withoutTap = [](const PlanTask& t) {
            store::CacheKey key = t.key;
            key.tap.clear();
            return key.canonicalText();
        };
        auto sameImages = [](const PlanTask& a, const PlanTask& b) {
            if (a.images.size() != b.images.size()) return false;
            for (size_t k = 0; k < a.images.size(); ++k)
                if (a.images[k].path != b.images[k].path || a.images[k].labelIndex != b.images[k].labelIndex) return false;
            return true;
        };
        const std::string settings = withoutTap(task);
        std::vector<size_t> together;
        for (size_t j = 0; j < m_plan.tasks.size(); ++j) {
            const PlanTask& other = m_plan.tasks[j];
            if (&other == &task) together.insert(together.begin(), j);
            else if (other.step == Step::Extract && m_want[j] && m_dirs[j].empty() && other.layer != task.layer &&
                     sameImages(task, other) && withoutTap(other) == settings)
                together.push_back(j);
        }
        return together;
    }

    // Extracts every layer of extractionsWith(task) in one pass per batch; one entry per layer, as alone.
    Result<std::string> extract(const PlanTask& task, jobs::JobContext& job)
    {
        auto net = network();
        if (!net) return net.error();
        const nlohmann::json& s = m_plan.settings;
        saliency::ExtractionRequest request;
        request.images = task.images;
        request.saliency.method = saliency::parseMethod(s["method"].get<std::string>()).value();
        request.saliency.seed = m_plan.seed;
        request.target = {saliency::TargetMode::Label, -1};
        auto mode = data::parsePreprocessMode(m_plan.preprocessing["mode"].get<std::string>());
        request.preprocess = {mode.value(), m_plan.preprocessing["size"].get<int>()};
        request.batchSize = s["batch"];

        const std::vector<size_t> together = extractionsWith(task);
        std::vector<store::CacheEntryWriter> writers;
        std::vector<saliency::TapOutput> taps;
        for (size_t j : together) {
            auto writer = m_cache.begin(m_plan.tasks[j].key);
            if (!writer) return writer.error();
            taps.push_back({m_plan.tasks[j].layer, (fs::path(writer->dir()) / "out").string()});
            writers.push_back(std::move(writer.value()));
        }
        auto summaries = saliency::runExtractionAtTaps(*net.value(), request, taps, job);
        if (!summaries) return summaries.error();
        std::string first;
        for (size_t k = 0; k < together.size(); ++k) {
            const PlanTask& done = m_plan.tasks[together[k]];
            auto manifest = readJsonFile(fs::path(taps[k].outDir) / "manifest.json");
            if (!manifest) return manifest.error();
            if (auto status = hoist(taps[k].outDir, writers[k].dir()); !status) return status.error();
            auto dir = commitEntry(writers[k], done, manifest.value());
            if (!dir) return dir.error();
            if (k == 0) {
                first = dir.value();
            } else {
                m_dirs[together[k]] = dir.value();
                m_computedAhead[together[k]] = true;
            }
        }
        ++m_extractionPasses;
        return first;
    }

    Result<const model::Network*> network()
    {
        if (m_network) return m_network.get();
        auto created = model::Network::create(m_plan.arch, m_plan.numClasses);
        if (!created) return created.error();
        // settingsOf checked the name; the keys of extraction and localization hold it.
        created.value()->setPrecision(model::parsePrecision(m_plan.settings["precision"].get<std::string>()).value());
        if (m_plan.weights.empty()) {
            created.value()->randomizeWeights(m_plan.seed);
        } else if (auto status = created.value()->loadWeights(m_plan.weights); !status) {
            return status.error();
        }
        m_network = created.value();
        return m_network.get();
    }

    Result<std::string> compute(const PlanTask& task, jobs::JobContext& job)
    {
        const nlohmann::json& s = m_plan.settings;
        switch (task.step) {
        case Step::Extract: return extract(task, job);
        case Step::Regions: {
            regions::RegionParams params;
            params.mask.threshold = s["threshold"];
            params.mask.percentile = s["percentile"];
            params.mask.mode = regions::parseAggregationMode(s["mode"].get<std::string>()).value();
            params.maxPositives = s["max_positives"];
            params.maxBackground = s["max_background"];
            params.seed = m_plan.seed;
            return publish(task, [&](const std::string& out) -> Result<nlohmann::json> {
                auto summary = regions::computeRegions(inputDir(task, 0), out, params, job);
                if (!summary) return summary.error();
                return nlohmann::json{{"positives", summary->positivesWritten}, {"background", summary->backgroundWritten}};
            });
        }
        case Step::Train: {
            classifiers::ConceptTrainingOptions options;
            options.sgd.loss = *classifiers::parseLoss(s["classifier"].get<std::string>());
            options.sgd.alpha = s["alpha"];
            options.sgd.maxIter = s["max_iter"];
            options.xgboost = true;
            options.xgb.rounds = s["rounds"];
            options.xgb.maxDepth = s["max_depth"];
            options.xgb.eta = s["eta"];
            options.xgb.threads = m_options.threads;
            options.seed = m_plan.seed;
            std::vector<std::string> group;
            for (size_t i = 0; i < task.inputs.size(); ++i) group.push_back(inputDir(task, i));
            return publish(task, [&](const std::string& out) -> Result<nlohmann::json> {
                auto summary = classifiers::trainConceptClassifier(group, task.target, out, options, job);
                if (!summary) return summary.error();
                return nlohmann::json{{"rows", summary->rows}, {"f1", summary->linearMetrics.f1},
                                      {"xgboost_f1", summary->xgboostMetrics.f1}};
            });
        }
        case Step::Shapley: {
            shapley::NeuronShapleyOptions options;
            options.method = *shapley::parseShapleyMethod(s["shapley"].get<std::string>());  // checked by the plan
            options.threads = m_options.threads;
            // Sampling explains the linear classifier (as `hint shapley --method sampling`), with intervals.
            options.sampling.permutations = s["permutations"];
            options.sampling.maxRows = s["shapley_rows"];
            options.sampling.seed = m_plan.seed;
            const bool withInterval = options.method == shapley::ShapleyMethod::Sampling;
            return publish(task, [&](const std::string& out) -> Result<nlohmann::json> {
                auto result = shapley::computeNeuronShapley(inputDir(task, 0), options, job);
                if (!result) return result.error();
                std::error_code ec;
                fs::create_directories(out, ec);
                if (auto status = shapley::writeNeuronScoresCsv(out + "/shapley.csv", result->scores, withInterval); !status)
                    return status.error();
                return nlohmann::json{{"rows", result->values.phi.shape.at(0)}, {"neurons", result->scores.size()}};
            });
        }
        case Step::Localize: {
            auto net = network();
            if (!net) return net.error();
            return publish(task, [&](const std::string& out) {
                return runLocalizeTask(*net.value(), m_plan, task, inputDir(task, 0), inputDir(task, 1), out, job);
            });
        }
        }
        return Error::runtime("unknown step");
    }

    const Plan& m_plan;
    const RunOptions& m_options;
    store::ResultCache m_cache;
    std::vector<std::string> m_dirs;
    std::vector<bool> m_computedAhead;  // published by an earlier task's pass
    std::vector<bool> m_want;  // the tasks this run visits
    int64_t m_extractionPasses = 0;
    std::shared_ptr<model::Network> m_network;
};

}  // namespace

int64_t RunSummary::computedOf(Step step) const
{
    int64_t n = 0;
    for (const auto& task : tasks) n += task.step == step && !task.reused ? 1 : 0;
    return n;
}

int64_t RunSummary::reusedOf(Step step) const
{
    int64_t n = 0;
    for (const auto& task : tasks) n += task.step == step && task.reused ? 1 : 0;
    return n;
}

double RunSummary::secondsOf(Step step) const
{
    double seconds = 0.0;
    for (const auto& task : tasks) seconds += task.step == step ? task.seconds : 0.0;
    return seconds;
}

Result<RunSummary> runPlan(const Plan& plan, const RunOptions& options, jobs::JobContext& job)
{
    Runner runner(plan, options);
    return runner.run(job);
}

Result<RunSummary> runProject(const store::Project& project, const RunOptions& options, jobs::JobContext& job)
{
    // The cache folder first, so the plan's file hashes are remembered from the first run on (the memo
    // writes only into an existing cache: listing a project creates nothing).
    std::error_code ec;
    fs::create_directories(project.cacheDir.empty() ? store::ResultCache::defaultRoot() : project.cacheDir, ec);
    auto plan = buildPlan(project, options.shard);
    if (!plan) return plan.error();
    return runPlan(plan.value(), options, job);
}

}  // namespace hint::pipeline
