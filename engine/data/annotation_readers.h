// Readers for the annotation files of the localization data sets: PASCAL-style XML (VOC 2007 and
// ILSVRC-2012 val), boxes and labels CSV files, and CUB-200-2011's whitespace tables. Each has a
// text overload (for tests and fuzzing) and a path overload. Malformed input is a BadInput error
// naming the file and line.
#pragma once

#include "common/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::data {

// A ground-truth box in the file's pixel coordinates, as stored (VOC and ILSVRC XML are 1-based
// inclusive; CUB's x y w h become x0 = x, y0 = y, x1 = x + w, y1 = y + h).
struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::string label;     // VOC class name, ILSVRC wnid, CUB class name; "" when unknown
    int classIndex = -1;   // when the source gives one
    bool difficult = false;
};

// One PASCAL-style XML annotation (VOC 2007 Annotations/*.xml, ILSVRC-2012 val XML).
struct XmlAnnotation {
    std::string filename;
    int width = 0, height = 0;  // 0 when the file has no <size>
    bool segmented = false;
    std::vector<Box> boxes;     // label = <name> of each <object>
};
Result<XmlAnnotation> parseVocXml(const std::string& text, const std::string& name);
Result<XmlAnnotation> readVocXml(const std::string& path);

// A boxes CSV: a header naming at least file,x0,y0,x1,y1 (any order; class_index, orig_w, orig_h
// are read when present, other columns are ignored); several rows per image allowed.
struct BoxRow {
    std::string file;
    Box box;
    int origWidth = 0, origHeight = 0;  // 0 when absent
    int line = 0;
};
Result<std::vector<BoxRow>> parseBoxesCsv(const std::string& text, const std::string& name);
Result<std::vector<BoxRow>> readBoxesCsv(const std::string& path);

// A labels CSV (`hint --labels`): header with file,class_index.
struct LabelRow {
    std::string file;
    int classIndex = -1;
    int line = 0;
};
Result<std::vector<LabelRow>> parseLabelsCsv(const std::string& text, const std::string& name);
Result<std::vector<LabelRow>> readLabelsCsv(const std::string& path);

// A CUB-200-2011 table: "<id> <field>..." per line, exactly `fieldCount` fields after the id
// (images.txt 1, image_class_labels.txt 1, train_test_split.txt 1, classes.txt 1, bounding_boxes.txt 4).
struct CubRow {
    int64_t id = 0;
    std::vector<std::string> fields;
    int line = 0;
};
Result<std::vector<CubRow>> parseCubTable(const std::string& text, const std::string& name, size_t fieldCount);
Result<std::vector<CubRow>> readCubTable(const std::string& path, size_t fieldCount);

// Whole-file read; BadInput naming the path when it cannot be opened.
Result<std::string> readTextFile(const std::string& path);
// Strict number parsing (the whole trimmed field, finite).
bool parseDouble(const std::string& text, double& value);
bool parseInt(const std::string& text, int64_t& value);

}  // namespace hint::data
