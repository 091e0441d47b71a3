// What the cache holds for a project: per concept x layer, the entry folder of each step ("" when not
// stored) and, when stored, the held-out F1 of the classifiers, the neuron scores and the localization
// figures per data set with boxes. For `hint report`
// and the GUI; it builds the plan (data set listing, WordNet, weights hash) but computes nothing, and a
// project whose cache is empty or gone simply lists nothing as stored.
#pragma once

#include "common/result.h"
#include "pipeline/pipeline_plan.h"
#include "store/project.h"

#include <optional>
#include <string>
#include <vector>

namespace hint::pipeline {

// One method's figures from a localize entry's summary.json (fractions in [0, 1]).
struct LocalizationFigures {
    std::string name;       // the concept's classifier: "concept"; else the baseline or extra classifier
    int64_t images = 0;
    double hintAccuracy = 0.0;  // hint_iou50_accuracy
    double meanIou = 0.0;       // mean_iou (HINT protocol)
    double maxBoxAcc = 0.0;     // maxboxacc
};

// A localize entry: the concept's classifier localizing its images of one data set with boxes.
struct StoredLocalization {
    std::string dataset;  // the project data set's name
    std::string dir;      // "" when not stored (the figures are then zero)
    LocalizationFigures concept;
    std::vector<LocalizationFigures> baselines;  // by name: cam (where planned), centre, gradcam, whole
    std::vector<LocalizationFigures> ablations;  // by name: ablation_random, ablation_shap, ablation_weight
    const LocalizationFigures* baseline(const std::string& name) const;  // nullptr when absent
};

struct StoredUnit {
    std::string concept;      // wnid
    std::string conceptName;
    std::string layer;
    std::vector<std::string> group;  // the target first, then its contrast concepts
    // Entry folders (see pipeline_run.h for their files); "" when not stored. extract/regions: the target's.
    std::string extractDir, regionsDir, trainDir, shapleyDir;
    int groupStored = 0;  // group members whose regions entry is stored
    // From trainDir/metrics.json (held-out rows), when stored.
    std::optional<double> linearF1, xgboostF1;
    // mean |phi| per neuron from shapleyDir/shapley.csv, in neuron order; empty when not stored.
    std::vector<double> scores;
    // One per data set with boxes holding images of the concept (project order), stored or not.
    std::vector<StoredLocalization> localizations;
};

struct StoredResults {
    std::string cacheRoot;
    std::vector<StoredUnit> units;  // layers outer, concepts inner (project order)
    int64_t entriesStored = 0;      // of the plan's entries
    int64_t entriesTotal = 0;
    int64_t entriesOlderFormat = 0;  // entries of an older cache format in the folder: ignored, never misread
    std::vector<std::string> missingKeys;  // the plan's entries not stored (cache keys), for following the cache
};

Result<StoredResults> listStoredResults(const store::Project& project);
Result<StoredResults> listStoredResults(const Plan& plan);

}  // namespace hint::pipeline
