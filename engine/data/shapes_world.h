// ShapesWorld: the built-in demo's synthetic data. Each image shows one or two shapes of one class
// (WordNet 3.0 plane-figure synsets: triangle, square, ... crescent) with random size, position,
// rotation, colour and texture on a cluttered background, with the exact instance mask and box.
// Deterministic for a seed on every platform: each image has its own std::mt19937_64 stream and our
// own uniform mapping (no std::*_distribution, whose output the standard leaves to the library).
#pragma once

#include "data/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::data {

struct ShapeClassInfo {
    std::string wnid;  // WordNet 3.0 noun synset
    std::string name;
};

// One drawn shape. Coordinates are pixels, 0-based, pixel centres at integers.
struct ShapeInstance {
    int classIndex = -1;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // bounding box of the instance's mask pixels, inclusive
    int64_t pixels = 0;                  // mask pixels of the instance
    double area = 0.0;                   // analytic area of the geometry that was rasterized
    double perimeter = 0.0;              // analytic length of its outline
    double minX = 0, minY = 0, maxX = 0, maxY = 0;  // analytic extent of the geometry
    double radius = 0.0;                 // largest distance of the outline from the shape's centre
};

struct ShapesSample {
    ImageRgb8 image;
    std::vector<uint8_t> mask;  // width*height, 0 = background, k = instance k (1-based, as VOC SegmentationObject)
    int classIndex = -1;
    std::vector<ShapeInstance> shapes;
};

enum class ShapesSplit { Train, Validation, Test };
std::string shapesSplitName(ShapesSplit split);

struct ShapesWorldOptions {
    int imageSize = 96;
    uint64_t seed = 0;
    double secondShapeProbability = 0.3;  // a second, smaller instance of the same class
    double clutter = 1.0;                 // 0: flat backgrounds, no strokes, solid fills (tests)
};

class ShapesWorld {
public:
    explicit ShapesWorld(ShapesWorldOptions options = {});

    // The classes in model output order.
    static const std::vector<ShapeClassInfo>& classes();
    static int numClasses() { return static_cast<int>(classes().size()); }

    const ShapesWorldOptions& options() const { return m_options; }

    // Class of image `index` of a split: every block of numClasses() consecutive images holds each
    // class once, in a seeded order.
    int classOf(ShapesSplit split, int64_t index) const;
    ShapesSample sample(ShapesSplit split, int64_t index) const;
    // The same stream with the class forced (tests of one class).
    ShapesSample sample(ShapesSplit split, int64_t index, int classIndex) const;

private:
    uint64_t streamSeed(ShapesSplit split, int64_t index, uint64_t salt) const;
    ShapesWorldOptions m_options;
};

}  // namespace hint::data
