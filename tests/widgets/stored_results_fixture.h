// A small stored-results folder for the widget tests, generated from formulas (no randomness):
// ROOT/<concept>/<layer>/{extract/, classifier/, shapley.csv} plus ROOT/boxes.csv, in the files the
// readers read (pipeline_store_fixture.h puts them into a project's pipeline cache). Six 120x90 images, each with a square covering a 2x2 block of the 6x6 feature grid
// (one cell = 20x15 original pixels). Neuron 0 fires on the square's block (the "square" classifier
// reads it), neuron 1 on another block (the "circle" sibling), neuron 2 has one bump of height r + 1
// in row r (so the top-activating rows are 5, 4, 3, ...). The saliency map (one channel) is 1 on the
// square's and the circle's blocks, so those 8 cells are the responsible region.
#pragma once

#include "classifiers/linear_classifier.h"
#include "common/npy.h"
#include "data/image_io.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace hint::testing {

// A fixture that cannot be written is a broken test machine, not a test result.
inline void must(const Status& status)
{
    if (!status) throw std::runtime_error("stored-results fixture: " + status.error().message);
}

struct StoredFixture {
    static constexpr int kImages = 6;
    static constexpr int kChannels = 8;
    static constexpr int kCells = 6;
    static constexpr int kWidth = 120;
    static constexpr int kHeight = 90;
    static constexpr int kInputSize = 96;
    std::string root;
    std::string extractDir, classifierDir, siblingClassifierDir, shapleyCsv, boxesCsv;
    std::vector<std::string> images;

    // The square's block (top-left cell) in image r; the circle's block is mirrored.
    static int squareRow(int r) { return r % 3; }
    static int squareCol(int r) { return (r * 2) % 5; }
    static int circleRow(int r) { return 4 - squareRow(r); }
    static int circleCol(int r) { return 4 - squareCol(r); }
    static int bumpRow(int r) { return (r * 5) % kCells; }
    static int bumpCol(int r) { return (r + 3) % kCells; }
};

inline StoredFixture writeStoredFixture(const std::string& root, const std::string& concept = "square",
                                        const std::string& sibling = "circle", const std::string& layer = "features.6")
{
    namespace fs = std::filesystem;
    StoredFixture f;
    f.root = root;
    const fs::path set = fs::path(root) / concept / layer;
    f.extractDir = (set / "extract").string();
    f.classifierDir = (set / "classifier").string();
    f.siblingClassifierDir = (fs::path(root) / sibling / layer / "classifier").string();
    f.shapleyCsv = (set / "shapley.csv").string();
    f.boxesCsv = (fs::path(root) / "boxes.csv").string();
    const fs::path imageDir = fs::path(root) / "images";
    for (const auto& dir : {fs::path(f.extractDir), fs::path(f.classifierDir), fs::path(f.siblingClassifierDir), imageDir})
        fs::create_directories(dir);

    constexpr int C = StoredFixture::kChannels, S = StoredFixture::kCells;
    FloatTensor features({StoredFixture::kImages, C, S, S});
    FloatTensor saliency({StoredFixture::kImages, 1, S, S});  // a Grad-CAM-type map: one channel
    std::ofstream boxes(f.boxesCsv);
    boxes << "file,x0,y0,x1,y1\n";
    nlohmann::json manifestImages = nlohmann::json::array();
    for (int r = 0; r < StoredFixture::kImages; ++r) {
        const auto at = [&](int c, int y, int x) -> float& {
            return features.data[size_t(((r * C + c) * S + y) * S + x)];
        };
        for (int dy = 0; dy < 2; ++dy)
            for (int dx = 0; dx < 2; ++dx) {
                at(0, StoredFixture::squareRow(r) + dy, StoredFixture::squareCol(r) + dx) = 1.0f;
                at(1, StoredFixture::circleRow(r) + dy, StoredFixture::circleCol(r) + dx) = 1.0f;
                saliency.data[size_t((r * S + StoredFixture::squareRow(r) + dy) * S + StoredFixture::squareCol(r) + dx)] = 1.0f;
                saliency.data[size_t((r * S + StoredFixture::circleRow(r) + dy) * S + StoredFixture::circleCol(r) + dx)] = 1.0f;
            }
        at(2, StoredFixture::bumpRow(r), StoredFixture::bumpCol(r)) = float(r + 1);
        for (int c = 3; c < C; ++c) at(c, c % S, (c + r) % S) = 0.1f * float(c);

        // The image: a soft gradient, an orange square where neuron 0 fires, a blue disc where neuron 1 does.
        data::ImageRgb8 image;
        image.width = StoredFixture::kWidth;
        image.height = StoredFixture::kHeight;
        image.pixels.resize(size_t(image.width * image.height * 3));
        const int sx0 = StoredFixture::squareCol(r) * 20, sy0 = StoredFixture::squareRow(r) * 15;
        const int cx = StoredFixture::circleCol(r) * 20 + 20, cy = StoredFixture::circleRow(r) * 15 + 15;
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x) {
                uint8_t* p = image.row(y) + x * 3;
                p[0] = uint8_t(200 - y);
                p[1] = uint8_t(210 - x / 2);
                p[2] = uint8_t(190 + (x + y) / 8);
                if (x >= sx0 && x < sx0 + 40 && y >= sy0 && y < sy0 + 30) p[0] = 230, p[1] = 120, p[2] = 20;
                if ((x - cx) * (x - cx) * 9 + (y - cy) * (y - cy) * 16 < 15 * 15 * 16) p[0] = 40, p[1] = 90, p[2] = 200;
            }
        const std::string path = (imageDir / ("shape_" + std::to_string(r) + ".png")).string();
        must(data::writePng(path, image));
        f.images.push_back(path);
        boxes << "images/shape_" << r << ".png," << sx0 << ',' << sy0 << ',' << sx0 + 39 << ',' << sy0 + 29 << "\n";
        manifestImages.push_back({{"path", path}, {"label_index", 0}, {"target_index", 0}, {"status", "ok"}});
    }
    must(writeNpy(f.extractDir + "/features.npy", features));
    must(writeNpy(f.extractDir + "/saliency.npy", saliency));
    must(writeNpy(f.extractDir + "/targets.npy", std::vector<int64_t>(StoredFixture::kImages, 0)));
    const nlohmann::json manifest = {{"arch", "shapesnet"},  {"weights_sha256", "0"},
                                     {"layer", layer},       {"method", "guided"},
                                     {"target", "label"},    {"preprocess", "hint"},
                                     {"input_size", StoredFixture::kInputSize},
                                     {"shape", {StoredFixture::kImages, C, S, S}},
                                     {"images", manifestImages}};
    std::ofstream(f.extractDir + "/manifest.json") << manifest.dump(2);

    classifiers::LinearModel square;
    square.weights.assign(C, 0.0);
    square.weights[0] = 1.0;
    square.bias = -0.5;
    must(classifiers::saveLinearModel(f.classifierDir + "/linear.json", square));
    std::ofstream(f.classifierDir + "/metrics.json") << R"({"accuracy":0.95,"precision":0.9,"recall":0.92,"f1":0.91})";
    classifiers::LinearModel circle = square;
    circle.weights[0] = 0.0;
    circle.weights[1] = 1.0;
    must(classifiers::saveLinearModel(f.siblingClassifierDir + "/linear.json", circle));

    std::ofstream shapley(f.shapleyCsv);
    shapley << "neuron,mean_abs,median_abs,max_abs,min_abs,rank\n";
    for (int k = 0; k < C; ++k)
        shapley << k << ',' << (k == 2 ? 0.9 : 0.5 / (k + 1)) << ",0.1,0.2,0.0," << k + 1 << "\n";
    return f;
}

}  // namespace hint::testing
