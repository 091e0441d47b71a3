// Readers for the localization benchmarks' layouts (METHOD.md section 6): ILSVRC-2012 val with XML
// or a boxes CSV, PASCAL VOC 2007 and CUB-200-2011. They fill Dataset::annotations (boxes, masks,
// sizes, splits); malformed annotation files are a BadInput error naming the file and line.
#pragma once

#include "common/result.h"
#include "data/dataset.h"

#include <string>
#include <vector>

namespace hint::data {

// ILSVRC-2012 val: images (folder or list) and `annotations` = a folder of per-image XML files
// (<stem>.xml) or a boxes CSV (file,x0,y0,x1,y1[,class_index][,orig_w,orig_h]).
Result<Dataset> openImagenetVal(const std::string& images, const std::string& annotations,
                                jobs::JobContext* job = nullptr);
// Segmentation masks for an image folder: the mask of image `<rel>` (its path relative to the data set's
// root) is `<masksDir>/<rel>` with the extension .png (the layout `hint demo` writes). Images without a
// mask keep none; a folder holding no mask for any image is BadInput naming it.
Status attachMaskFolder(Dataset& dataset, const std::string& masksDir);
// PASCAL VOC 2007 at `root` (holding Annotations/, JPEGImages/, ImageSets/Main/): the images of
// ImageSets/Main/<imageSet>.txt, or every annotated image when imageSet is "". Masks from
// SegmentationObject/<id>.png where present.
Result<Dataset> openVoc(const std::string& root, const std::string& imageSet = "", jobs::JobContext* job = nullptr);
// CUB-200-2011 at `root` (holding images.txt, images/, ...); split "train", "test" or "" for all.
// Masks from segmentations/ beside or inside root where present.
Result<Dataset> openCub(const std::string& root, const std::string& split = "", jobs::JobContext* job = nullptr);
// The 20 VOC class names in the standard order, and the WordNet noun each one means.
const std::vector<std::string>& vocClassNames();
std::string vocClassWnid(const std::string& vocName);

}  // namespace hint::data
