// Acceptance 2 on real weights (skipped without ../shared/assets): 'dog' (n02084071: its descendants among
// the 400 sample photos) against the other photos, MobileNetV2 features.13 (96x14x14), guided saliency,
// through the whole pipeline. Prints the held-out F1 and the top-10 neurons by TreeSHAP.
#include "common/npy.h"
#include "hierarchy/word_net.h"
#include "pipeline/pipeline_run.h"
#include "pipeline/stored_results.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <numeric>

namespace {

namespace fs = std::filesystem;
using namespace hint;

const fs::path kAssets = HINT_SHARED_ASSETS;

TEST(PipelineRealWeights, DogVersusOtherPhotosOnMobileNetV2)
{
    const fs::path weights = kAssets / "models" / "mobilenet_v2.pth";
    const fs::path photos = kAssets / "images" / "imagenet-sample-400";
    if (!fs::exists(weights) || !fs::exists(photos)) GTEST_SKIP() << "no shared assets at " << kAssets;
    if (!fs::exists(hierarchy::WordNet::defaultPath())) GTEST_SKIP() << "no WordNet (wordnet-base)";
    test::TempDir dir("pipeline_dog");
    store::Project project;
    project.model.arch = "mobilenet_v2";
    project.model.weights = weights.string();
    project.model.preprocessing = {{"mode", "hint"}, {"size", 224}};
    project.layers = {"features.13"};
    store::ProjectDataset dataset;
    dataset.name = "sample";
    dataset.kind = "folder";
    dataset.path = photos.string();
    project.datasets = {dataset};
    project.concepts = {"n02084071"};
    // One photo per class: 1 image per leaf; the "rest" group member is 120 of the non-dog photos.
    project.parameters = {{"images_per_leaf", 1}, {"max_images", 120}, {"group", "rest"}, {"batch", 8}};
    project.cacheDir = (dir.path() / "cache").string();

    jobs::SimpleJobContext job;
    auto run = pipeline::runProject(project, {}, job);
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(run->computed, 6);  // 2 extract, 2 regions, train, shapley
    auto stored = pipeline::listStoredResults(project);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    const auto& unit = stored->units.at(0);
    ASSERT_EQ(unit.scores.size(), 96u);
    ASSERT_TRUE(unit.linearF1 && unit.xgboostF1);

    // The floor: a classifier that calls every row 'dog' gets F1 = 2p / (1 + p), p = share of dog rows.
    auto y = readNpyInt64(unit.trainDir + "/y.npy");
    ASSERT_TRUE(y.ok());
    const double p = static_cast<double>(std::accumulate(y->begin(), y->end(), int64_t{0})) / static_cast<double>(y->size());
    const double allDog = 2.0 * p / (1.0 + p);
    std::vector<int> top(96);
    std::iota(top.begin(), top.end(), 0);
    std::stable_sort(top.begin(), top.end(), [&](int a, int b) { return unit.scores[a] > unit.scores[b]; });
    std::cout << "[dog vs others, mobilenet_v2 features.13] rows " << y->size() << ", dog share " << p
              << ", all-dog F1 " << allDog << "; held-out F1 linear " << *unit.linearF1 << ", xgboost "
              << *unit.xgboostF1 << "\n  top-10 neurons by TreeSHAP (mean |phi|):";
    for (int i = 0; i < 10; ++i) std::cout << " " << top[i] << " (" << unit.scores[top[i]] << ")";
    std::cout << "\n";
    // Responsible regions of dog photos against those of other photos and the background: mid-level
    // features must separate them clearly better than the trivial all-dog answer, and XGBoost, which the
    // Shapley values explain, must reach the 0.46 of the paper's shallowest VGG19 layers (features.10/.14).
    EXPECT_GE(*unit.xgboostF1, std::max(0.46, allDog + 0.2));
    EXPECT_GE(*unit.linearF1, allDog + 0.1);
    EXPECT_GT(unit.scores[top[0]], 0.0);
}

}  // namespace
