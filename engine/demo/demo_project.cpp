#include "demo/demo_project.h"

#include "demo/demo_builder.h"
#include "hierarchy/word_net.h"
#include "model/network.h"

#include <filesystem>

namespace hint::demo {
namespace fs = std::filesystem;

std::vector<std::string> demoLayers()
{
    return {model::findArchitecture(kDemoArch)->defaultLayer, "features.10", "features.13"};
}

store::Project demoProject(const std::string& dir, uint64_t seed, const std::vector<std::string>& conceptWnids)
{
    const fs::path root(dir);
    const auto* info = model::findArchitecture(kDemoArch);
    store::Project project;
    project.model.arch = kDemoArch;
    project.model.weights = (root / kDemoWeights).string();
    if (info) project.model.preprocessing = {{"mode", info->defaultPreprocess}, {"size", info->inputSize}};
    project.layers = demoLayers();
    store::ProjectDataset test;
    test.name = kDemoDatasetName;
    test.kind = "folder";  // ImageNet layout: images/<wnid>/*.png
    test.path = (root / "test" / "images").string();
    // Relative to the project file like `path` (Project resolves `path`, `boxes`, `masks` and `labels` alike).
    test.extra = {{"boxes", "test/boxes.csv"}, {"masks", "test/masks"}, {"labels", "test/labels.csv"}};
    project.datasets.push_back(std::move(test));
    project.concepts = conceptWnids;
    project.seed = seed;
    // Localization costs ~25 ms of CPU per image and method set; inner concepts hold up to all 1100 test
    // images, so a sample of 12 per concept keeps the localize step to a few seconds per layer.
    project.parameters["localize_images"] = 12;
    // Positions HINT trains on, subsampled (seeded) per concept as METHOD.md allows for shallow layers:
    // the largest groups hold ~9,500 rows at features.10, and XGBoost training plus TreeSHAP on all of
    // them took the three-layer run to ~125 s on two cores. At 500 positives and a 1,000-vector background
    // pool per concept it takes ~55 s; held-out F1 moved by < 0.01 on average over the 60 classifiers and
    // the SHAP-picked 20 neurons still localize better than 20 random ones (bench/run_demo_run_bench.sh).
    project.parameters["max_positives"] = 500;
    project.parameters["max_background"] = 1000;
    return project;
}

Result<std::vector<std::string>> demoConceptWnids()
{
    auto wordNet = hierarchy::WordNet::load();
    if (!wordNet) return wordNet.error();
    auto graph = shapesConceptGraph(wordNet.value());
    if (!graph) return graph.error();
    std::vector<std::string> wnids;
    for (const auto& concept : graph->concepts()) wnids.push_back(concept.wnid);
    return wnids;
}

}  // namespace hint::demo
