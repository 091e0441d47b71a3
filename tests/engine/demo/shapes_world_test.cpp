// The Shapes world generator: determinism, class balance, exact masks and boxes, and the folder it writes.
#include "data/annotation_readers.h"
#include "data/dataset.h"
#include "data/image_io.h"
#include "data/localization_datasets.h"
#include "data/shapes_folder.h"
#include "data/shapes_world.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <iostream>
#include <map>
#include <set>

using hint::data::ShapesSample;
using hint::data::ShapesSplit;
using hint::data::ShapesWorld;
using hint::data::ShapesWorldOptions;

namespace {

ShapesWorld world(uint64_t seed, double clutter = 1.0)
{
    ShapesWorldOptions options;
    options.seed = seed;
    options.clutter = clutter;
    return ShapesWorld(options);
}

bool sameSample(const ShapesSample& a, const ShapesSample& b)
{
    if (a.classIndex != b.classIndex || a.image.pixels != b.image.pixels || a.mask != b.mask) return false;
    if (a.shapes.size() != b.shapes.size()) return false;
    for (size_t i = 0; i < a.shapes.size(); ++i)
        if (a.shapes[i].x0 != b.shapes[i].x0 || a.shapes[i].y1 != b.shapes[i].y1 || a.shapes[i].area != b.shapes[i].area)
            return false;
    return true;
}

TEST(ShapesWorld, SameSeedSameImagesOtherSeedOrSplitOthers)
{
    const ShapesWorld a = world(7), b = world(7), c = world(8);
    int differentSeed = 0, differentSplit = 0;
    for (int64_t i = 0; i < 30; ++i) {
        const ShapesSample sa = a.sample(ShapesSplit::Train, i);
        EXPECT_TRUE(sameSample(sa, b.sample(ShapesSplit::Train, i))) << "image " << i;
        EXPECT_EQ(sa.image.width, 96);
        EXPECT_EQ(sa.image.pixels.size(), 96u * 96u * 3u);
        if (sa.image.pixels != c.sample(ShapesSplit::Train, i).image.pixels) ++differentSeed;
        if (sa.image.pixels != a.sample(ShapesSplit::Test, i).image.pixels) ++differentSplit;
    }
    EXPECT_EQ(differentSeed, 30);
    EXPECT_EQ(differentSplit, 30);
    // Rendering the same image again, in another order, gives the same pixels (no shared state).
    EXPECT_TRUE(sameSample(a.sample(ShapesSplit::Train, 3), b.sample(ShapesSplit::Train, 3)));
}

TEST(ShapesWorld, EveryBlockHoldsEachClassOnce)
{
    const ShapesWorld w = world(3);
    const int n = ShapesWorld::numClasses();
    ASSERT_EQ(n, 11);
    std::set<std::vector<int>> orders;
    for (int64_t block = 0; block < 20; ++block) {
        std::vector<int> order;
        for (int i = 0; i < n; ++i) order.push_back(w.classOf(ShapesSplit::Train, block * n + i));
        std::vector<int> sorted = order;
        std::sort(sorted.begin(), sorted.end());
        for (int i = 0; i < n; ++i) EXPECT_EQ(sorted[static_cast<size_t>(i)], i);
        orders.insert(order);
    }
    EXPECT_GT(orders.size(), 15u);  // shuffled, not a fixed cycle
    EXPECT_EQ(w.sample(ShapesSplit::Test, 5).classIndex, w.classOf(ShapesSplit::Test, 5));
    EXPECT_EQ(w.sample(ShapesSplit::Test, 5, 99).classIndex, -1);
}

// How far inside the geometry's extent the mask's box may end. Rasterizing includes the pixels the
// outline crosses (at most one pixel outwards), but a corner of angle phi that points at the box side
// and ends between two pixel rows loses its tip: the nearest row is up to half a pixel away, where the
// shape is 0.5 * cot(phi / 2) pixels short of the corner, plus half a pixel of rounding at the edge and
// the 1/16 pixel to which fillPoly rounds the vertices (kShift).
// The sharpest corners follow from the generator's ranges (shapes_world.cpp, makeShape). The crescent's
// tips lose one more pixel of width to the drawn outline of its hole: 1 / tan(phi) further along.
double inwardBound(const std::string& className)
{
    const std::map<std::string, double> sharpest = {
        {"circle", 180.0},   {"ellipse", 180.0},  {"square", 90.0},     {"rectangle", 90.0},
        {"pentagon", 108.0}, {"hexagon", 120.0},  {"triangle", 35.0},   {"rhombus", 45.0},
        {"trapezoid", 43.2}, {"star", 34.0},      {"crescent", 16.2},  // star: 6 points, inner ratio 0.4
    };
    const double phi = sharpest.at(className) * M_PI / 180.0;
    const double tip = 0.5 / std::tan(phi / 2.0) + 0.5 + 1.0 / 16.0;
    return className == "crescent" ? tip + 1.0 / std::tan(phi) : tip;
}

}  // namespace

// The mask is what was drawn: each instance's pixels, box and area agree with the geometry.
TEST(ShapesWorld, MasksAndBoxesAreExact)
{
    const ShapesWorld w = world(11);
    const int n = ShapesWorld::numClasses();
    int twoShapeImages = 0;
    std::map<std::string, double> worstInward;
    for (int64_t i = 0; i < 20 * n; ++i) {
        const ShapesSample s = w.sample(ShapesSplit::Validation, i);
        const int size = s.image.width;
        ASSERT_FALSE(s.shapes.empty());
        ASSERT_LE(s.shapes.size(), 2u);
        if (s.shapes.size() == 2) ++twoShapeImages;
        for (size_t k = 0; k < s.shapes.size(); ++k) {
            const auto& shape = s.shapes[k];
            EXPECT_EQ(shape.classIndex, s.classIndex);
            int64_t count = 0;
            int x0 = size, y0 = size, x1 = -1, y1 = -1;
            for (int y = 0; y < size; ++y)
                for (int x = 0; x < size; ++x) {
                    if (s.mask[static_cast<size_t>(y * size + x)] != k + 1) continue;
                    ++count;
                    x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
                }
            EXPECT_EQ(count, shape.pixels);
            EXPECT_EQ(x0, shape.x0);
            EXPECT_EQ(y0, shape.y0);
            EXPECT_EQ(x1, shape.x1);
            EXPECT_EQ(y1, shape.y1);
            // Rasterizing without anti-aliasing can only disagree with the ideal shape on pixels the
            // outline crosses: at most a one-pixel band along the perimeter.
            EXPECT_NEAR(static_cast<double>(count), shape.area, shape.perimeter + 4.0)
                << "class " << s.classIndex << " image " << i;
            EXPECT_GT(shape.area, 100.0);
            // The box is the geometry's extent up to the pixel grid and the tips lost between rows.
            const std::string name = ShapesWorld::classes()[static_cast<size_t>(s.classIndex)].name;
            const double inward = inwardBound(name);
            const std::vector<double> outwards = {shape.minX - x0, x1 - shape.maxX, shape.minY - y0, y1 - shape.maxY};
            for (double out : outwards) {
                EXPECT_LE(out, 1.0) << name << " image " << i;
                EXPECT_GE(out, -inward) << name << " image " << i;
                worstInward[name] = std::max(worstInward[name], -out);
            }
            EXPECT_GE(x0, 1);
            EXPECT_LE(x1, size - 2);
        }
    }
    EXPECT_GT(twoShapeImages, 20);
    for (const auto& [name, worst] : worstInward) std::cout << name << " " << worst << " / " << inwardBound(name) << "\n";
}

// Each class has its own geometry: the area relative to the outline radius separates families.
TEST(ShapesWorld, ClassesDrawTheirShapes)
{
    const ShapesWorld w = world(5, 0.0);
    std::map<std::string, double> fill;  // mean area / (pi r^2)
    for (int c = 0; c < ShapesWorld::numClasses(); ++c) {
        double sum = 0.0;
        int n = 0;
        for (int64_t i = 0; i < 12; ++i)
            for (const auto& shape : w.sample(ShapesSplit::Train, i, c).shapes) {
                sum += shape.area / (M_PI * shape.radius * shape.radius);
                ++n;
            }
        fill[ShapesWorld::classes()[static_cast<size_t>(c)].name] = sum / n;
    }
    EXPECT_NEAR(fill["circle"], 1.0, 1e-3);
    EXPECT_NEAR(fill["square"], 2.0 / M_PI, 1e-3);
    EXPECT_NEAR(fill["hexagon"], 3.0 * std::sqrt(3.0) / (2.0 * M_PI), 1e-3);
    EXPECT_NEAR(fill["pentagon"], 5.0 * std::sin(2.0 * M_PI / 5.0) / (2.0 * M_PI), 1e-3);
    EXPECT_LT(fill["ellipse"], 1.0 / 1.45);
    EXPECT_LT(fill["rectangle"], fill["square"]);
    EXPECT_LT(fill["rhombus"], fill["square"]);
    EXPECT_LT(fill["triangle"], 3.0 * std::sqrt(3.0) / (4.0 * M_PI) + 1e-3);  // the equilateral one is the largest
    EXPECT_GT(fill["star"], 0.3);
    EXPECT_LT(fill["star"], 0.5);
    EXPECT_LT(fill["crescent"], 0.7);
}

TEST(ShapesWorld, WrittenFolderReadsBackWithBoxesAndMasks)
{
    hint::test::TempDir dir("shapes_folder");
    const ShapesWorld w = world(2);
    hint::data::ShapesFolderOptions options;
    options.count = 2 * ShapesWorld::numClasses();
    auto summary = hint::data::writeShapesFolder(w, dir.path().string(), options);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->images, options.count);
    for (int64_t perClass : summary->perClass) EXPECT_EQ(perClass, 2);

    // ImageNet layout: the folder names the class.
    auto listed = hint::data::listImages(summary->imagesDir);
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    ASSERT_EQ(listed->size(), static_cast<size_t>(options.count));
    std::map<std::string, int> perWnid;
    for (const auto& image : listed->images) ++perWnid[image.wnid];
    ASSERT_EQ(perWnid.size(), ShapesWorld::classes().size());
    for (const auto& c : ShapesWorld::classes()) EXPECT_EQ(perWnid[c.wnid], 2) << c.name;

    // The boxes CSV attaches to the images as an ILSVRC-val style set and keeps the folder's labels.
    auto val = hint::data::openImagenetVal(summary->imagesDir, summary->boxesCsv);
    ASSERT_TRUE(val.ok()) << val.error().message;
    int64_t boxes = 0;
    for (size_t i = 0; i < val->size(); ++i) {
        boxes += static_cast<int64_t>(val->annotations[i].boxes.size());
        EXPECT_FALSE(val->annotations[i].boxes.empty());
        EXPECT_EQ(val->images[i].wnid.substr(0, 4), "n138");
    }
    EXPECT_EQ(boxes, summary->shapes);

    // Images and masks on disk are the samples.
    for (int64_t i = 0; i < options.count; i += 5) {
        const ShapesSample s = w.sample(ShapesSplit::Test, i);
        const auto& wnid = ShapesWorld::classes()[static_cast<size_t>(s.classIndex)].wnid;
        const std::string name = hint::data::shapesFileName(w, ShapesSplit::Test, i);
        auto image = hint::data::decodeImage(summary->imagesDir + "/" + wnid + "/" + name);
        ASSERT_TRUE(image.ok()) << image.error().message;
        EXPECT_EQ(image->pixels, s.image.pixels);
        const cv::Mat mask = cv::imread(summary->masksDir + "/" + wnid + "/" + name, cv::IMREAD_UNCHANGED);
        ASSERT_EQ(mask.type(), CV_8U);
        EXPECT_EQ(std::vector<uint8_t>(mask.data, mask.data + mask.total()), s.mask);
    }
    auto rows = hint::data::readBoxesCsv(summary->boxesCsv);
    ASSERT_TRUE(rows.ok());
    const ShapesSample first = w.sample(ShapesSplit::Test, 0);
    EXPECT_EQ(rows->front().box.x0, first.shapes[0].x0);
    EXPECT_EQ(rows->front().box.y1, first.shapes[0].y1);
    EXPECT_EQ(rows->front().box.classIndex, -1);  // no class_index column: that means an ImageNet index here
}
