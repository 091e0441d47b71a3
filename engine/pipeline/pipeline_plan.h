// The plan of a HINT project: every step (extract, regions, train, shapley, localize) of every concept x
// layer of the project's model, each one a ResultCache entry named by the SHA-256 of its CacheKey. A key holds the
// keys of the entries it reads, so changing anything upstream (weights, an image, a threshold) changes
// every key after it, and a re-run computes exactly the entries whose keys are not stored yet.
//
// Which images and which group (METHOD.md sections 1-2): the concept's leaves among the project's first
// data set (or parameters.dataset), sampled with the project seed; the group is the target followed by
// its WordNet siblings that have images of their own (leaves shared with the target stay the target's:
// hierarchy/concept_sampling.h) ("group": "siblings", default), the target and "rest:<wnid>" =
// a seeded sample of max_images images of the other classes ("rest": concept vs others), or the target
// alone ("none": concept vs background).
// Localize (METHOD.md section 6): per concept x layer x data set with boxes (localize_step.h says which), the
// concept's linear classifier localizes the concept's images there as `hint localize` does, with the
// baselines whole, centre, gradcam (and cam) and the 20-neuron ablation. A project without boxes, or whose
// preprocessing is not "hint" (boxes must scale linearly), plans no localize task.
// Parameters read from the project's "parameters" (defaults in brackets): method [guided], threshold
// [0.5], percentile [99], mode [norm], max_positives [0], max_background [0], max_leaves [233],
// images_per_leaf [20], max_images [233], group [siblings], dataset [first], classifier [sgd-huber],
// alpha [0.01], max_iter [1000], rounds [50], max_depth [10], eta [1], shapley [tree | linear | sampling],
// permutations [32] and shapley_rows [256] (sampling: per row, rows of X explained; 0 = all), batch [16],
// localize_images [0] (images per localization at most, a seeded sample; 0 = all of the concept's).
// The model's "classes" (wnids in output order) name the classes of a model that is not an ImageNet
// one; ShapesNet defaults to the Shapes world's. Empty "weights" = seeded random weights (project seed).
#pragma once

#include "common/result.h"
#include "data/dataset.h"
#include "saliency/extraction.h"
#include "store/cache_key.h"
#include "store/project.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::pipeline {

// Group member standing for the images outside a concept (parameters.group "rest").
inline constexpr const char* kRestPrefix = "rest:";

enum class Step { Extract, Regions, Train, Shapley, Localize };
std::string stepName(Step step);  // extract | regions | train | shapley | localize
const std::vector<Step>& allSteps();  // in pipeline order
// "extract,regions,train,shapley,localize" (any subset, any order); unknown names are BadInput listing the known.
Result<std::vector<Step>> parseSteps(const std::string& text);

// --shard i/N: the plan's concept x layer pairs whose position p satisfies p % N == i (0 <= i < N).
struct Shard {
    int index = 0;
    int count = 1;
};
Result<Shard> parseShard(const std::string& text);

struct PlanTask {
    Step step = Step::Extract;
    std::string concept;  // wnid of the concept whose images (extract, regions) or classifier (train, shapley, localize)
    std::string layer;
    store::CacheKey key;
    std::string keyHex;
    std::vector<int> inputs;  // positions in Plan::tasks of the entries this one reads, in order
    std::vector<saliency::ImageItem> images;  // extract: the sampled images with their model class index
    int target = 0;                           // train: position of the target in `inputs`
    std::string dataset;  // localize: the project data set's name
    data::Dataset boxed;  // localize: the concept's images there with their boxes (inputs: train, shapley)
};

// One concept x layer of the project: its classifier's chain and its group.
struct PlanUnit {
    std::string concept;
    std::string conceptName;
    std::string layer;
    std::vector<std::string> group;  // wnids, the target first
    std::vector<int> extracts, regions;  // positions in Plan::tasks, one per group member, in group order
    int train = -1, shapley = -1;
    std::vector<int> localizations;  // one per data set with boxes holding images of the concept, project order
};

struct Plan {
    std::string cacheRoot;
    std::string arch;
    int64_t numClasses = 0;     // 0 = the architecture's (1000 ImageNet classes)
    std::string weights;        // "" = random weights seeded by `seed`
    uint64_t seed = 0;
    nlohmann::json preprocessing;  // {"mode","size"}
    nlohmann::json settings;       // the parameters after defaults, as the keys use them
    std::vector<PlanTask> tasks;   // inputs come before the tasks that read them
    std::vector<PlanUnit> units;   // project concepts x layers (layers outer), after sharding
};

// The tasks a run of `steps` performs or reuses: those asked for and, for those not stored, the inputs
// they need (inputs precede their readers). `stored[i]`: task i's entry is in the cache.
std::vector<bool> tasksToRun(const Plan& plan, const std::vector<Step>& steps, const std::vector<bool>& stored);

// Reads the data set listing and WordNet, and hashes the weights and the sampled images (keys name images
// by content; hashes are remembered in the cache's file-hash memo, store/file_hash_memo.h, so a second
// plan reads no file); touches no cache entry.
// BadInput naming the project key for an unknown concept, layer, data set or parameter.
Result<Plan> buildPlan(const store::Project& project, const Shard& shard = {});

}  // namespace hint::pipeline
