// `hint run`: the whole HINT pipeline of a project, resumable from its result cache.
#include "commands.h"
#include "progress_reporter.h"

#include "pipeline/pipeline_run.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace hint::cli {

Command runCommand()
{
    CommandSpec spec{
        "run",
        "Run the HINT pipeline of a project (every concept x layer), reusing what its cache holds.",
        "PROJECT.hintproj [--steps extract,regions,train,shapley,localize] [--shard i/N]",
        {{"steps", "LIST", "steps wanted (the earlier steps they need run too): extract, regions, train, shapley, localize",
          "extract,regions,train,shapley,localize"},
         {"shard", "i/N", "run only the concept x layer pairs p with p % N == i (0 <= i < N)", "0/1"}},
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
        "see `hint report` for what is stored. --json prints {\"computed\",\"reused\",\"seconds\",\"steps\":{...}}: per\n"
        "step \"computed\", \"reused\" and \"seconds\"; extract also \"passes\" (the images wanted at several layers\n"
        "are extracted once for all of them)."};
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
