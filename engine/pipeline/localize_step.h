// The pipeline's localize step (pipeline_plan.h): which data sets of a project have boxes, which of their
// images a concept is localized on, what of the localization its cache key holds, and the run of one task,
// which writes the files of `hint localize` (per_image.csv, summary.json, maps.npy) with the request that
// command builds by default (localization/localization_request.h), the ablation included.
#pragma once

#include "common/result.h"
#include "data/dataset.h"
#include "hierarchy/concept_graph.h"
#include "jobs/job_context.h"
#include "localization/localization_run.h"
#include "model/network.h"
#include "pipeline/pipeline_plan.h"
#include "store/project.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hint::pipeline {

struct BoxedDataset {
    std::string name;
    data::Dataset dataset;  // the listing with its annotations
};

// The project's data sets with boxes, in project order: an entry with a "boxes" key (a boxes CSV or a
// folder of ILSVRC XML files over the images of its path; "masks": a mask folder for PxAP, as
// `hint localize --images --boxes --masks`) and the "voc" and "cub" kinds (their own annotations).
// A missing or malformed file is BadInput naming the project key.
Result<std::vector<BoxedDataset>> boxedDatasets(const store::Project& project);

// The concept's images in a data set with boxes: those labelled with the concept or a concept under it that
// have a box, in data set order. Wnid-labelled sets get the model's class index as label (as the extract
// step's). cap > 0: a seeded sample of at most cap images, kept in data set order.
data::Dataset conceptBoxedImages(const data::Dataset& dataset, const hierarchy::ConceptGraph& graph, int concept,
                                 size_t cap, uint64_t seed);

// What the key holds of the images' ground truth: SHA-256 over each image's label, size, boxes and its
// mask's content (through `fileIdentity`, so no path enters a key).
std::string annotationsId(const data::Dataset& images, const std::function<std::string(const std::string&)>& fileIdentity);

// The request every localize task starts from: `hint localize`'s defaults (HINT protocol, decision maps,
// cubic upsampling, its default baselines) at the given input size.
localization::LocalizationRequest baseLocalizationRequest(const std::string& arch, int inputSize);
// Those settings and the ablation's k as the key holds them.
nlohmann::json localizationSettings(const localization::LocalizationRequest& request, int ablationK);

// Runs one localize task into outDir (written whole by runLocalization): the train entry's linear
// classifier and, from the shapley entry's scores, the ablation's three classifiers. Returns the manifest's
// figures (data set, images, HINT accuracy, mean IoU, MaxBoxAcc).
Result<nlohmann::json> runLocalizeTask(const model::Network& network, const Plan& plan, const PlanTask& task,
                                       const std::string& trainDir, const std::string& shapleyDir,
                                       const std::string& outDir, jobs::JobContext& job);

}  // namespace hint::pipeline
