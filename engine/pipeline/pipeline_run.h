// Running a project: the one entry point the CLI (`hint run`), the GUI and the demo call.
//
// Every step's result is one entry of the project's ResultCache (store/result_cache.h), the folder
// CACHE/<sha256 of its CacheKey>/ holding exactly the files the matching CLI command writes, plus the
// cache's manifest.json (cache_key, key_sha256, format_version, and "step", "concept", "layer"):
//   extract  manifest.json (as `hint extract`: images, shape, ...), features.npy, saliency.npy, targets.npy;
//            the same images wanted at several layers are extracted in one pass, one entry per layer
//   regions  positives.npy, background.npy, positives_index.npy, background_index.npy, regions.json
//   train    X.npy, y.npy, group.npy, linear.json, xgboost.json, metrics.json (held-out metrics)
//   shapley  shapley.csv (neuron,mean_abs,median_abs,max_abs,min_abs,rank)
//   localize per_image.csv, summary.json, maps.npy (as `hint localize --ablation`; one entry per concept x
//            layer x data set with boxes; the manifest adds "dataset", "images", "hint_iou50_accuracy",
//            "mean_iou" and "maxboxacc")
// An entry is written into a temporary folder and published by one rename, so a cancelled or killed run
// leaves no partial entry, and the next run skips every stored entry and computes only the rest.
// Progress covers the whole plan (stage "<step> <wnid> <layer>", done/total in thousandths of the
// plan); cancel is honoured between batches of every step.
#pragma once

#include "common/result.h"
#include "jobs/job_context.h"
#include "pipeline/pipeline_plan.h"
#include "store/project.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::pipeline {

struct RunOptions {
    std::vector<Step> steps = allSteps();  // and their inputs (localize: none without boxes)
    Shard shard;
    int threads = 0;  // XGBoost threads (0 = all cores); Torch threads are the caller's choice
};

struct TaskOutcome {
    Step step = Step::Extract;
    std::string concept;
    std::string layer;
    std::string key;
    std::string dir;    // the published entry
    bool reused = false;
    double seconds = 0.0;
};

struct RunSummary {
    int64_t computed = 0;  // entries written by this run
    int64_t reused = 0;    // entries found stored
    // Extraction runs over an image set: a set wanted at several layers is extracted once for all of them
    // (one forward and backward pass per batch), each layer still stored as its own entry.
    int64_t extractionPasses = 0;
    std::vector<TaskOutcome> tasks;  // in plan order
    double seconds = 0.0;
    std::string cacheRoot;
    int64_t computedOf(Step step) const;
    int64_t reusedOf(Step step) const;
    double secondsOf(Step step) const;  // wall time of the step's tasks (where the time goes)
};

// Runs the steps asked for (and the earlier steps they need) of every concept x layer of the shard.
// Cancelled: ErrorKind::Cancelled; entries finished before the cancel stay stored.
Result<RunSummary> runProject(const store::Project& project, const RunOptions& options, jobs::JobContext& job);

// The same on a plan built before (tests, the GUI's preview).
Result<RunSummary> runPlan(const Plan& plan, const RunOptions& options, jobs::JobContext& job);

}  // namespace hint::pipeline
