// HINT on the built-in demo, where the ground truth is known: with the trained ShapesNet
// (resources/demo/shapesnet.safetensors, as `hint demo` produces it), the pipeline's steps (guided
// saliency -> responsible regions -> linear concept classifier -> linear SHAP) must find what the
// Shapes world put into the images.
#include "classifiers/linear_classifier.h"
#include "data/preprocess.h"
#include "data/shapes_world.h"
#include "demo/demo_builder.h"
#include "hierarchy/word_net.h"
#include "localization/box_accuracy.h"
#include "localization/concept_map.h"
#include "localization/map_resize.h"
#include "model/network.h"
#include "regions/region_mask.h"
#include "saliency/saliency.h"
#include "shapley/linear_shap.h"
#include "shapley/neuron_scores.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;
using hint::FloatTensor;
using hint::data::ShapesSample;
using hint::data::ShapesSplit;
using hint::data::ShapesWorld;

namespace {

// The demo's tap: ShapesNet's default layer (the last convolution's ReLU output, 96x12x12).
const std::string kLayer = hint::model::findArchitecture("shapesnet")->defaultLayer;
constexpr int kImagesPerLeaf = 20;  // METHOD.md: 20 images per leaf
constexpr double kMinAccuracy = 0.95;

std::string demoWeights()
{
    if (const char* env = std::getenv("HINT_DEMO_WEIGHTS")) return env;
    return (fs::path(HINT_SOURCE_DIR) / "resources" / "demo" / "shapesnet.safetensors").string();
}

struct Fixture {
    std::shared_ptr<hint::model::Network> network;
    std::unique_ptr<hint::hierarchy::WordNet> wordNet;
    std::unique_ptr<hint::hierarchy::ConceptGraph> graph;
    std::string skipReason;
};

const Fixture& fixture()
{
    static const Fixture f = [] {
        Fixture out;
        if (!fs::exists(demoWeights())) {
            out.skipReason = "no trained demo weights at " + demoWeights() + " (run `hint demo` and copy them there)";
            return out;
        }
        if (!fs::exists(hint::hierarchy::WordNet::defaultPath())) {
            out.skipReason = "no WordNet (wordnet-base)";
            return out;
        }
        auto net = hint::model::Network::create("shapesnet", ShapesWorld::numClasses());
        if (!net || !net.value()->loadWeights(demoWeights()).ok()) {
            out.skipReason = "cannot load " + demoWeights();
            return out;
        }
        // The structure tests presuppose a network that classifies the world well (issue 6: >= 0.95).
        // Weights that do not are reported by their manifest's figure instead of failing every test.
        const fs::path manifest = fs::path(demoWeights()).parent_path() / "demo.json";
        if (fs::exists(manifest)) {
            std::ifstream in(manifest);
            const double accuracy = nlohmann::json::parse(in).value("test_accuracy", 0.0);
            if (accuracy < kMinAccuracy) {
                out.skipReason = "the demo weights' test accuracy is " + std::to_string(accuracy) + " < " +
                                 std::to_string(kMinAccuracy) + " (" + manifest.string() + "): retrain them";
                return out;
            }
        }
        out.network = net.value();
        auto wn = hint::hierarchy::WordNet::load();
        out.wordNet = std::make_unique<hint::hierarchy::WordNet>(std::move(wn.value()));
        auto graph = hint::demo::shapesConceptGraph(*out.wordNet);
        out.graph = std::make_unique<hint::hierarchy::ConceptGraph>(std::move(graph.value()));
        return out;
    }();
    return f;
}

FloatTensor batchOf(const std::vector<ShapesSample>& samples)
{
    FloatTensor input;
    const int size = samples.front().image.width;
    input.shape = {static_cast<int64_t>(samples.size()), 3, size, size};
    for (const auto& s : samples) {
        const FloatTensor one = hint::data::preprocessImage(s.image, {hint::data::PreprocessMode::Hint, size});
        input.data.insert(input.data.end(), one.data.begin(), one.data.end());
    }
    return input;
}

// Responsible vectors (positives) and background vectors of a concept's images at the tap.
struct Regions {
    std::vector<float> positives, background;
    int64_t k = 0;
    int64_t positiveRows() const { return k ? static_cast<int64_t>(positives.size()) / k : 0; }
};

Regions regionsOf(int concept, uint64_t salt, const std::vector<int>& excludedLeaves = {})
{
    const auto& f = fixture();
    const ShapesWorld world;
    std::vector<ShapesSample> samples;
    std::vector<int64_t> targets;
    for (int leaf : f.graph->at(concept).leaves) {
        if (std::find(excludedLeaves.begin(), excludedLeaves.end(), leaf) != excludedLeaves.end()) continue;
        const int c = f.graph->at(leaf).classIndex;
        for (int i = 0; i < kImagesPerLeaf; ++i) {
            samples.push_back(world.sample(ShapesSplit::Validation, static_cast<int64_t>(salt * 100000 + c * 1000 + i), c));
            targets.push_back(c);
        }
    }
    if (samples.empty()) return {};
    hint::saliency::Options options;
    options.layer = kLayer;
    auto out = hint::saliency::compute(*f.network, batchOf(samples), targets, options);
    EXPECT_TRUE(out.ok()) << out.error().message;
    Regions regions;
    if (!out.ok()) return regions;
    const auto& z = out->features;
    const int64_t k = z.shape[1], positions = z.shape[2] * z.shape[3];
    regions.k = k;
    for (size_t n = 0; n < samples.size(); ++n) {
        const float* s = out->saliency.data.data() + static_cast<int64_t>(n) * k * positions;
        const auto mask = hint::regions::computeMask(s, k, positions, {});
        for (int64_t p = 0; p < positions; ++p) {
            auto& target = mask.mask[static_cast<size_t>(p)] ? regions.positives : regions.background;
            for (int64_t c = 0; c < k; ++c) target.push_back(z.data[static_cast<size_t>((static_cast<int64_t>(n) * k + c) * positions + p)]);
        }
    }
    return regions;
}

// METHOD.md section 2: the target and its siblings' positives, plus floor(sum / G) background rows from
// the pooled background (every j-th row here); binary label 1 for the target's rows.
struct Classifier {
    hint::classifiers::LinearModel model;
    FloatTensor matrix;
};

Classifier trainConceptClassifier(int target);

// Trained once per concept for all tests (the regions of a concept take a few seconds).
const Classifier& conceptClassifier(int target)
{
    static std::map<int, Classifier> trained;
    auto found = trained.find(target);
    if (found == trained.end()) found = trained.emplace(target, trainConceptClassifier(target)).first;
    return found->second;
}

Classifier trainConceptClassifier(int target)
{
    const auto& f = fixture();
    std::vector<int> group = {target};
    for (int s : f.graph->siblings(target)) group.push_back(s);
    FloatTensor x;
    std::vector<int64_t> labels;
    std::vector<float> pool;
    int64_t k = 0, positives = 0;
    for (size_t g = 0; g < group.size(); ++g) {
        const Regions r = regionsOf(group[g], 1, g == 0 ? std::vector<int>{} : f.graph->at(target).leaves);
        if (r.k == 0) continue;
        k = r.k;
        x.data.insert(x.data.end(), r.positives.begin(), r.positives.end());
        labels.insert(labels.end(), static_cast<size_t>(r.positiveRows()), g == 0 ? 1 : 0);
        positives += r.positiveRows();
        pool.insert(pool.end(), r.background.begin(), r.background.end());
    }
    const int64_t poolRows = static_cast<int64_t>(pool.size()) / k;
    const int64_t wanted = std::min(poolRows, positives / static_cast<int64_t>(group.size()));
    for (int64_t i = 0; i < wanted; ++i) {
        const int64_t row = i * poolRows / wanted;
        x.data.insert(x.data.end(), pool.begin() + row * k, pool.begin() + (row + 1) * k);
        labels.push_back(0);
    }
    x.shape = {static_cast<int64_t>(labels.size()), k};
    hint::classifiers::SgdOptions options;
    options.seed = 3;
    hint::jobs::SimpleJobContext job;
    auto model = hint::classifiers::trainSgd(x, labels, options, job);
    EXPECT_TRUE(model.ok());
    return {model.ok() ? model.value() : hint::classifiers::LinearModel{}, std::move(x)};
}

int conceptNamed(const std::string& name)
{
    for (int i = 0; i < fixture().graph->size(); ++i)
        if (fixture().graph->at(i).name == name) return i;
    ADD_FAILURE() << "no concept " << name;
    return 0;
}

int classNamed(const std::string& name)
{
    for (size_t i = 0; i < ShapesWorld::classes().size(); ++i)
        if (ShapesWorld::classes()[i].name == name) return static_cast<int>(i);
    return -1;
}

// Share of the feature cells lying inside the shapes (at least half covered by the mask) where the
// concept map f(z[:,h,w]) > 0, over held-out test images of one class.
double insideHitRate(const hint::classifiers::LinearModel& model, int classIndex)
{
    const auto& f = fixture();
    const ShapesWorld world;
    std::vector<ShapesSample> samples;
    for (int i = 0; i < 16; ++i) samples.push_back(world.sample(ShapesSplit::Test, 500000 + i, classIndex));
    auto z = f.network->features(batchOf(samples), kLayer);
    EXPECT_TRUE(z.ok());
    const int64_t k = z->shape[1], h = z->shape[2], w = z->shape[3];
    const int size = samples.front().image.width;
    const int cell = size / static_cast<int>(h);
    int64_t inside = 0, hits = 0;
    std::vector<float> v(static_cast<size_t>(k));
    for (size_t n = 0; n < samples.size(); ++n) {
        for (int64_t y = 0; y < h; ++y)
            for (int64_t x = 0; x < w; ++x) {
                int covered = 0;
                for (int dy = 0; dy < cell; ++dy)
                    for (int dx = 0; dx < cell; ++dx)
                        covered += samples[n].mask[static_cast<size_t>((y * cell + dy) * size + x * cell + dx)] ? 1 : 0;
                if (2 * covered < cell * cell) continue;
                for (int64_t c = 0; c < k; ++c)
                    v[static_cast<size_t>(c)] = z->data[static_cast<size_t>(((static_cast<int64_t>(n) * k + c) * h + y) * w + x)];
                ++inside;
                hits += model.decision(v.data()) > 0 ? 1 : 0;
            }
    }
    return inside ? static_cast<double>(hits) / static_cast<double>(inside) : 0.0;
}

// Held-out test images of every leaf of a concept (other indices than the classifier's training images).
std::vector<ShapesSample> heldOutImages(int concept, int perLeaf)
{
    const auto& f = fixture();
    const ShapesWorld world;
    std::vector<ShapesSample> samples;
    for (int leaf : f.graph->at(concept).leaves)
        for (int i = 0; i < perLeaf; ++i)
            samples.push_back(world.sample(ShapesSplit::Test, 700000 + i, f.graph->at(leaf).classIndex));
    return samples;
}

// MaxBoxAcc (wsolevaluation: map upsampled with cubic interpolation, min-max normalized, largest contour,
// IoU >= 0.5 with any instance box) of the concept map f(z) on the images.
double maxBoxAcc(const hint::classifiers::LinearModel& model, const std::vector<ShapesSample>& samples)
{
    namespace loc = hint::localization;
    auto z = fixture().network->features(batchOf(samples), kLayer);
    EXPECT_TRUE(z.ok());
    if (!z.ok()) return 0.0;
    loc::BoxAccuracyOptions options;
    options.iouThresholds = {50};
    loc::BoxAccuracy accuracy(options);
    for (size_t n = 0; n < samples.size(); ++n) {
        auto decision = loc::decisionMap(z.value(), n, model);
        EXPECT_TRUE(decision.ok());
        if (!decision.ok()) continue;
        const int size = samples[n].image.width;
        auto upsampled = loc::resizeMap(*decision, size, size, loc::Upsampling::Cubic);
        EXPECT_TRUE(upsampled.ok());
        if (!upsampled.ok()) continue;
        std::vector<loc::PixelBox> truth;
        for (const auto& shape : samples[n].shapes) truth.push_back({shape.x0, shape.y0, shape.x1, shape.y1});
        accuracy.accumulate(loc::normalizeMinMax(*upsampled), truth);
    }
    return accuracy.result().value;
}

// Share of all feature cells of the images where the concept map is positive (f > 0).
double positiveArea(const hint::classifiers::LinearModel& model, const std::vector<ShapesSample>& samples)
{
    auto z = fixture().network->features(batchOf(samples), kLayer);
    EXPECT_TRUE(z.ok());
    if (!z.ok()) return 1.0;
    int64_t cells = 0, positive = 0;
    for (size_t n = 0; n < samples.size(); ++n) {
        auto decision = hint::localization::decisionMap(z.value(), n, model);
        if (!decision.ok()) continue;
        for (double v : decision->values) positive += v > 0 ? 1 : 0;
        cells += static_cast<int64_t>(decision->values.size());
    }
    return cells ? static_cast<double>(positive) / static_cast<double>(cells) : 1.0;
}

std::set<int64_t> topNeurons(int concept, int count)
{
    const Classifier& classifier = conceptClassifier(concept);
    auto phi = hint::shapley::linearShap(classifier.model, classifier.matrix);
    EXPECT_TRUE(phi.ok());
    std::set<int64_t> top;
    for (const auto& score : hint::shapley::scoreNeurons(phi.value()))
        if (score.rank <= count) top.insert(score.neuron);
    return top;
}

}  // namespace

// What the tests below measured on the shipped ShapesNet (test accuracy 0.989) at features.16, 2026-11-27:
// polygon map inside shapes: triangle 0.78, square 0.92, hexagon 0.54 vs circle 0.06, ellipse 0.29;
// MaxBoxAcc 0.73 on its leaves; positive area 0.172 on polygon images vs 0.035 on circle images; top-10
// overlap of square with quadrilateral 1, rectangle 3, parallelogram 3 vs circle 0, ellipse 0; circle with
// ellipse 6 vs square 0. (At features.15, the batch norm before that ReLU, the polygon map also lit
// ellipses (0.40) and circle backgrounds (area 0.067), MaxBoxAcc 0.66: the negative pre-activation
// values the head never reads carry clutter. Hence the default tap moved to features.16.)
TEST(DemoHint, PolygonMapCoversPolygonsNotCircles)
{
    if (!fixture().skipReason.empty()) GTEST_SKIP() << fixture().skipReason;
    const Classifier& polygon = conceptClassifier(conceptNamed("polygon"));
    const double triangle = insideHitRate(polygon.model, classNamed("triangle"));
    const double square = insideHitRate(polygon.model, classNamed("square"));
    const double hexagon = insideHitRate(polygon.model, classNamed("hexagon"));
    const double circle = insideHitRate(polygon.model, classNamed("circle"));
    const double ellipse = insideHitRate(polygon.model, classNamed("ellipse"));
    std::cout << "polygon map inside shapes: triangle " << triangle << ", square " << square << ", hexagon " << hexagon
              << ", circle " << circle << ", ellipse " << ellipse << "\n";
    // Most cells inside polygons are polygon cells; inside circles, few are. Non-circular ellipses are
    // elongated like rectangles and rhombi at 12x12 cells: fewer than a third of their cells, and fewer
    // than of any polygon.
    for (double rate : {triangle, square, hexagon}) {
        EXPECT_GT(rate, 0.5);
        EXPECT_GT(rate, 3.0 * circle);
        EXPECT_GT(rate, ellipse);
    }
    EXPECT_LT(circle, 0.15);
    EXPECT_LT(ellipse, 0.33);
}

// Issue 6's acceptance: the polygon map localizes its leaves (MaxBoxAcc >= 0.7 on held-out images) and
// covers little of images of circles.
TEST(DemoHint, PolygonMapLocalizesPolygonsAndSparesCircles)
{
    if (!fixture().skipReason.empty()) GTEST_SKIP() << fixture().skipReason;
    const int polygonConcept = conceptNamed("polygon");
    const Classifier& polygon = conceptClassifier(polygonConcept);
    const double boxAcc = maxBoxAcc(polygon.model, heldOutImages(polygonConcept, 10));
    std::vector<ShapesSample> circles, polygons = heldOutImages(polygonConcept, 4);
    const ShapesWorld world;
    for (int i = 0; i < 20; ++i) circles.push_back(world.sample(ShapesSplit::Test, 800000 + i, classNamed("circle")));
    const double circleArea = positiveArea(polygon.model, circles);
    const double polygonArea = positiveArea(polygon.model, polygons);
    std::cout << "polygon map: MaxBoxAcc " << boxAcc << " on its leaves; positive area " << polygonArea
              << " on polygon images, " << circleArea << " on circle images\n";
    EXPECT_GE(boxAcc, 0.7);
    EXPECT_LT(circleArea, 0.05);
    EXPECT_GT(polygonArea, 3.0 * circleArea);
}

// Neurons follow the lineage: square's top-10 neurons (linear SHAP) overlap quadrilateral's more than
// circle's (issue 6's example), and its WordNet ancestors' (rectangle, parallelogram, quadrilateral) more
// than the conic sections' (circle, ellipse); circle's overlap its parent ellipse's more than square's.
// Chance overlap of two top-10 lists of 96 neurons is about 1.
TEST(DemoHint, TopNeuronsAreSharedAlongTheLineage)
{
    if (!fixture().skipReason.empty()) GTEST_SKIP() << fixture().skipReason;
    constexpr int kTop = 10;
    std::map<std::string, std::set<int64_t>> top;
    for (const char* name : {"square", "rectangle", "parallelogram", "quadrilateral", "circle", "ellipse"})
        top[name] = topNeurons(conceptNamed(name), kTop);
    ASSERT_EQ(top["square"].size(), static_cast<size_t>(kTop));
    auto overlap = [&](const std::string& a, const std::string& b) {
        int n = 0;
        for (int64_t v : top[a]) n += top[b].count(v) ? 1 : 0;
        return n;
    };
    const int ancestors = overlap("square", "rectangle") + overlap("square", "parallelogram") + overlap("square", "quadrilateral");
    const int conics = overlap("square", "circle") + overlap("square", "ellipse");
    std::cout << "top-" << kTop << " overlap: square/quadrilateral " << overlap("square", "quadrilateral")
              << ", square/circle " << overlap("square", "circle") << "; square with its 3 ancestors " << ancestors
              << ", with the 2 conic sections " << conics << "; circle/ellipse " << overlap("circle", "ellipse")
              << ", circle/square " << overlap("circle", "square") << "\n";
    EXPECT_GT(overlap("square", "quadrilateral"), overlap("square", "circle"));
    EXPECT_GT(ancestors / 3.0, conics / 2.0 + 1.0);
    EXPECT_GT(overlap("circle", "ellipse"), overlap("circle", "square") + 2);
}
