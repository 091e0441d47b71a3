// `hint run`: the whole HINT pipeline of a project, resumable from its result cache.
#include "commands.h"
#include "progress_reporter.h"

#include "pipeline/pipeline_run.h"
#include "pipeline/run_estimate.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace hint::cli {
namespace {

std::string humanBytes(double bytes)
{
    const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
    int unit = 0;
    while (bytes >= 1000.0 && unit < 5) {
        bytes /= 1000.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof(text), unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    return text;
}

void printEstimate(const pipeline::RunEstimate& e)
{
    std::printf("%-9s %9s %9s %11s %9s %12s %10s\n", "step", "entries", "stored", "to compute", "images", "CPU hours", "disk");
    for (const auto& s : e.steps)
        std::printf("%-9s %9lld %9lld %11lld %9lld %12.3f %10s%s\n", pipeline::stepName(s.step).c_str(),
                    static_cast<long long>(s.entries), static_cast<long long>(s.stored),
                    static_cast<long long>(s.toCompute), static_cast<long long>(s.images), s.cpuSeconds / 3600.0,
                    humanBytes(static_cast<double>(s.diskBytes)).c_str(), s.measured ? "" : " (no cost model)");
    std::printf("%-9s %9lld %9lld %11lld %9s %12.3f %10s\n", "total", static_cast<long long>(e.entries),
                static_cast<long long>(e.stored), static_cast<long long>(e.toCompute), "", e.cpuSeconds / 3600.0,
                humanBytes(static_cast<double>(e.diskBytes)).c_str());
    std::printf("images to extract: %lld; cache %s now holds %s\n", static_cast<long long>(e.imagesToExtract),
                e.cacheRoot.c_str(), humanBytes(static_cast<double>(e.cacheBytes)).c_str());
    if (e.peakMemoryBytes > 0)
        std::printf("memory: %s at most when the cost model was measured (1 thread)\n",
                    humanBytes(static_cast<double>(e.peakMemoryBytes)).c_str());
    std::printf("CPU hours are core-hours (a task with C cores takes about 1/C of them); cost model: %s\n",
                e.costSource.c_str());
    for (const auto& note : e.notes) std::printf("note: %s\n", note.c_str());
}

}  // namespace

Command runCommand()
{
    CommandSpec spec{
        "run",
        "Run the HINT pipeline of a project (every concept x layer), reusing what its cache holds.",
        "PROJECT.hintproj [--steps extract,regions,train,shapley,localize] [--shard i/N] [--dry-run]",
        {{"steps", "LIST", "steps wanted (the earlier steps they need run too): extract, regions, train, shapley, localize",
          "extract,regions,train,shapley,localize"},
         {"shard", "i/N", "run only the concept x layer pairs p with p % N == i (0 <= i < N)", "0/1"},
         {"dry-run", "", "compute nothing: print the plan, what is stored and an estimate of CPU time and disk", ""}},
        "Each step of each concept x layer is one entry of the result cache (--cache-dir, else the project's\n"
        "cache_dir, else the default cache), named by the SHA-256 of what it depends on and holding the\n"
        "files of the matching command: extract (manifest.json, features.npy, saliency.npy, targets.npy),\n"
        "regions (positives.npy, background.npy, regions.json), train (X.npy, y.npy, linear.json, xgboost.json,\n"
        "metrics.json), shapley (shapley.csv), localize (per_image.csv, summary.json, maps.npy, as `hint localize`\n"
        "with the baselines whole, centre, gradcam, cam where the model has a GAP head, and the 20-neuron ablation:\n"
        "one per concept x layer x data set with boxes, i.e. with a \"boxes\" key or of kind voc or cub, on the\n"
        "concept's images there, at most parameters.localize_images of them; none without boxes). Entries are\n"
        "published whole, so after Ctrl-C (exit 130), a kill or a crash the next run computes only what is\n"
        "missing. Shards can run at once on a shared cache.\n"
        "The group of a concept is itself plus its WordNet siblings that have images (parameters.group:\n"
        "siblings; rest = the concept vs a sample of the other images; none = vs background only). Seeds come\n"
        "from the project (key seed), not --seed; parameters are listed in engine/pipeline/pipeline_plan.h.\n"
        "see `hint report` for what is stored. --json prints {\"computed\",\"reused\",\"seconds\",\"cache\",\"steps\":\n"
        "{STEP:{\"computed\",\"reused\",\"seconds\"}}} (seconds: wall time of the step's computed entries); extract\n"
        "also \"passes\" (the images wanted at several layers are extracted once for all of them).\n"
        "--dry-run reads the data set and hashes the images (as a run does first) but computes and writes\n"
        "nothing; --json then prints {\"entries\",\"stored\",\"to_compute\",\"images_to_extract\",\n"
        "\"estimate_cpu_seconds\",\"estimate_disk_bytes\",\"cache_bytes\",\"measured_peak_memory_bytes\",\"cache\",\n"
        "\"cost_model\",\"notes\",\"steps\":{STEP:{\"entries\",\"stored\",\"to_compute\",\"images\",\"estimate_cpu_seconds\",\n"
        "\"estimate_disk_bytes\",\"measured\"}}}. The estimate is CPU core-seconds and bytes per image of each\n"
        "step, measured per architecture and layer (resources/cost_model.json, bench/cost_model.py)."};
    return {spec, [](const Args& args) {
                applyThreads(args);
                auto project = loadProjectArg(args);
                if (!project) return reportError(project.error());
                pipeline::RunOptions options;
                auto steps = pipeline::parseSteps(args.get("steps", "extract,regions,train,shapley,localize"));
                if (!steps) throw UsageError("--steps: " + steps.error().message);
                options.steps = steps.value();
                auto shard = pipeline::parseShard(args.get("shard", "0/1"));
                if (!shard) throw UsageError(shard.error().message);
                options.shard = shard.value();
                options.threads = args.getInt("threads", 0);

                if (args.flag("dry-run")) {
                    auto plan = pipeline::buildPlan(project.value(), options.shard);
                    if (!plan) return reportError(plan.error());
                    const auto estimate = pipeline::estimateRun(plan.value(), options.steps);
                    if (args.flag("json"))
                        std::cout << estimate.toJson().dump() << "\n";
                    else
                        printEstimate(estimate);
                    return kExitOk;
                }

                ProgressReporter reporter(args.flag("quiet"));
                auto summary = pipeline::runProject(project.value(), options, reporter);
                if (!summary) return reportError(summary.error());
                const auto& s = summary.value();
                nlohmann::json perStep = nlohmann::json::object();
                for (auto step : pipeline::allSteps())
                    perStep[pipeline::stepName(step)] = {{"computed", s.computedOf(step)}, {"reused", s.reusedOf(step)},
                                                         {"seconds", s.secondsOf(step)}};
                perStep["extract"]["passes"] = s.extractionPasses;
                if (args.flag("json")) {
                    std::cout << nlohmann::json{{"computed", s.computed}, {"reused", s.reused}, {"seconds", s.seconds},
                                                {"cache", s.cacheRoot}, {"steps", perStep}}
                                     .dump()
                              << "\n";
                } else if (!args.flag("quiet")) {
                    std::cerr << "hint: " << s.computed << " entries computed, " << s.reused << " reused from "
                              << s.cacheRoot << " in " << s.seconds << " s\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
