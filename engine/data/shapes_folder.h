// Writing a split of the Shapes world as a data set folder that the rest of HINT Explorer reads:
//   DIR/images/<wnid>/<wnid>_<split>_<index>.png   ImageNet layout (the folder names the class)
//   DIR/masks/<wnid>/<same name>.png               8-bit: 0 background, k = instance k (VOC SegmentationObject)
//   DIR/boxes.csv                                  file,x0,y0,x1,y1,wnid,shape_index,instance,pixels
// Boxes are 0-based inclusive pixel coordinates; `file` is relative to DIR/images. The CSV has no
// class_index column on purpose: in this project's boxes CSVs class_index means an ImageNet index.
#pragma once

#include "common/result.h"
#include "data/shapes_world.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::jobs {
class JobContext;
}

namespace hint::data {

struct ShapesFolderOptions {
    ShapesSplit split = ShapesSplit::Test;
    int64_t count = 0;       // images, indices 0..count-1 of the split (balanced per block of classes)
    bool masks = true;
};

struct ShapesFolderSummary {
    int64_t images = 0;
    int64_t shapes = 0;
    std::string imagesDir, masksDir, boxesCsv;
    std::vector<int64_t> perClass;  // images per class
};

// Writes into `dir` (created if needed). Cancelled through `job` (may be null) between images.
Result<ShapesFolderSummary> writeShapesFolder(const ShapesWorld& world, const std::string& dir,
                                              const ShapesFolderOptions& options, jobs::JobContext* job = nullptr);

// "n13879320_test_000042.png"
std::string shapesFileName(const ShapesWorld& world, ShapesSplit split, int64_t index);

}  // namespace hint::data
