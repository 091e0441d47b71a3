// Cross-check against tests/python/hint_localization_reference.py: skimage.transform.resize (order 1,
// defaults), the original notebooks' box / IoU functions and wsolevaluation's PxAP, on generated maps.
#include "localization/hint_protocol.h"
#include "localization/map_resize.h"
#include "localization/pixel_precision.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>

using namespace hint::localization;

namespace {

nlohmann::json mapJson(const Map2d& m)
{
    nlohmann::json rows = nlohmann::json::array();
    for (int y = 0; y < m.height; ++y) {
        nlohmann::json row = nlohmann::json::array();
        for (int x = 0; x < m.width; ++x) row.push_back(m.at(y, x));
        rows.push_back(row);
    }
    return rows;
}

nlohmann::json maskJson(const BinaryMask& m)
{
    nlohmann::json rows = nlohmann::json::array();
    for (int y = 0; y < m.height; ++y) {
        nlohmann::json row = nlohmann::json::array();
        for (int x = 0; x < m.width; ++x) row.push_back(static_cast<int>(m.at(y, x)));
        rows.push_back(row);
    }
    return rows;
}

bool pythonWithSkimage()
{
    static const bool available =
        hint::test::runCommand(std::string(HINT_PYTHON3) + " -c 'import numpy, skimage' >/dev/null 2>&1").exitCode == 0;
    return available;
}

struct HintCase {
    BinaryMask cells;
    std::vector<hint::data::Box> boxes;
    int width = 0, height = 0;
};

}  // namespace

TEST(HintReference, MatchesNumpyAndSkimageTranscription)
{
    if (!pythonWithSkimage()) GTEST_SKIP() << "no numpy/skimage at " << HINT_PYTHON3;
    std::mt19937 rng(1234);
    std::uniform_real_distribution<double> unit(0.0, 1.0);

    // Resize cases: integer and non-integer factors, 1-cell-wide maps.
    std::vector<std::pair<Map2d, std::pair<int, int>>> resizes;
    for (auto [h, w, oh, ow] : std::vector<std::array<int, 4>>{{14, 14, 224, 224}, {7, 7, 224, 224}, {12, 12, 224, 224},
                                                              {13, 9, 227, 100}, {1, 5, 4, 17}}) {
        Map2d m(h, w);
        for (double& v : m.values) v = unit(rng) * 4.0 - 2.0;
        resizes.push_back({m, {oh, ow}});
    }
    // HINT cases: random blobs (including border-touching and empty maps) and 1-3 boxes on odd-sized files.
    std::vector<HintCase> cases;
    for (int c = 0; c < 40; ++c) {
        HintCase hc;
        const int n = c % 3 == 0 ? 7 : 14;
        hc.cells = BinaryMask(n, n);
        const double density = c == 0 ? 0.0 : unit(rng) * 0.3;
        for (auto& v : hc.cells.values) v = unit(rng) < density ? 1 : 0;
        if (c == 1) hc.cells.at(0, n - 1) = 1;  // a single corner cell
        hc.width = 150 + static_cast<int>(unit(rng) * 400);
        hc.height = 150 + static_cast<int>(unit(rng) * 400);
        const int boxes = 1 + c % 3;
        for (int b = 0; b < boxes; ++b) {
            hint::data::Box box;
            box.x0 = std::floor(unit(rng) * hc.width * 0.6);
            box.y0 = std::floor(unit(rng) * hc.height * 0.6);
            box.x1 = std::min<double>(hc.width, box.x0 + 1 + std::floor(unit(rng) * hc.width * 0.5));
            box.y1 = std::min<double>(hc.height, box.y0 + 1 + std::floor(unit(rng) * hc.height * 0.5));
            hc.boxes.push_back(box);
        }
        cases.push_back(hc);
    }
    // PxAP: three maps and masks (with ignored pixels).
    std::vector<std::pair<Map2d, BinaryMask>> pxapImages;
    for (int i = 0; i < 3; ++i) {
        Map2d m(20, 20);
        BinaryMask mask(20, 20);
        for (int y = 0; y < 20; ++y) {
            for (int x = 0; x < 20; ++x) {
                const bool inside = y > 4 + i && y < 15 && x > 3 && x < 13 + i;
                m.at(y, x) = std::floor(std::clamp(unit(rng) * 0.6 + (inside ? 0.4 : 0.0), 0.0, 1.0) * 1000.0) / 1000.0;
                mask.at(y, x) = unit(rng) < 0.05 ? BinaryMask::kIgnore : (inside ? 1 : 0);
            }
        }
        pxapImages.push_back({m, mask});
    }

    nlohmann::json spec;
    for (const auto& [m, size] : resizes) spec["resize"].push_back({{"map", mapJson(m)}, {"size", {size.first, size.second}}});
    for (const auto& hc : cases) {
        nlohmann::json boxes = nlohmann::json::array();
        for (const auto& b : hc.boxes) boxes.push_back({b.x0, b.y0, b.x1, b.y1});
        spec["hint"].push_back(
            {{"cells", maskJson(hc.cells)}, {"boxes", boxes}, {"width", hc.width}, {"height", hc.height}, {"size", 224}});
    }
    spec["pxap"]["interval"] = 0.01;
    for (const auto& [m, mask] : pxapImages) spec["pxap"]["images"].push_back({{"map", mapJson(m)}, {"mask", maskJson(mask)}});

    hint::test::TempDir dir("hint_reference");
    std::ofstream(dir / "in.json") << spec.dump();
    const std::string command = std::string(HINT_PYTHON3) + " " + HINT_SOURCE_DIR +
                                "/tests/python/hint_localization_reference.py " + (dir / "in.json") + " " + (dir / "out.json");
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    nlohmann::json ref;
    std::ifstream(dir / "out.json") >> ref;

    for (size_t i = 0; i < resizes.size(); ++i) {
        const auto& [m, size] = resizes[i];
        auto ours = resizeLinearSkimage(m, size.first, size.second);
        ASSERT_TRUE(ours.ok());
        const auto& theirs = ref["resize"][i];
        double maxDiff = 0.0;
        for (int y = 0; y < size.first; ++y)
            for (int x = 0; x < size.second; ++x)
                maxDiff = std::max(maxDiff, std::fabs(ours->at(y, x) - theirs[static_cast<size_t>(y)][static_cast<size_t>(x)].get<double>()));
        EXPECT_LT(maxDiff, 1e-12) << "resize case " << i;
    }
    int positive = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
        const auto& hc = cases[i];
        auto ours = hintLocalize(hc.cells, hc.boxes, hc.width, hc.height, 224);
        ASSERT_TRUE(ours.ok());
        const auto& theirs = ref["hint"][i];
        // Bit-for-bit: the same pixel counts, so the same IoU.
        EXPECT_EQ(groundTruthMask(hc.boxes, hc.width, hc.height, 224).count(), theirs["gt_mask_sum"].get<int64_t>()) << i;
        if (ours->hasBox) {
            auto mask = upsampledBoxMask(ours->cellBox, hc.cells.height, hc.cells.width, 224);
            ASSERT_TRUE(mask.ok());
            EXPECT_EQ(mask->count(), theirs["pred_mask_sum"].get<int64_t>()) << i;
        }
        EXPECT_DOUBLE_EQ(ours->iou, theirs["iou"].get<double>()) << i;
        positive += ours->iou > 0 ? 1 : 0;
    }
    EXPECT_GT(positive, 5);  // the cases exercise overlapping boxes, not only zeros

    PixelPrecision pxap(0.01);
    for (const auto& [m, mask] : pxapImages) pxap.accumulate(m, mask);
    auto ap = pxap.compute();
    ASSERT_TRUE(ap.ok());
    EXPECT_NEAR(ap.value(), ref["pxap"].get<double>(), 1e-12);
    EXPECT_GT(ap.value(), 0.5);
}
