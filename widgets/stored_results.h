// Readers for the files of stored results: an extraction folder and a classifier folder as `hint extract`
// and `hint train` (and the pipeline's cache entries, pipeline/pipeline_run.h) write them, and a boxes
// CSV. Plain C++ (no Qt): the views get them from a job and never touch the files on the GUI thread.
#pragma once

#include "classifiers/linear_classifier.h"
#include "common/result.h"
#include "data/annotation_readers.h"
#include "data/preprocess.h"
#include "regions/region_extraction.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hint::widgets {

// An extraction folder: manifest.json, features.npy (N,C,H,W), saliency.npy (N,C|1,H,W).
struct ExtractionData {
    regions::ExtractionFolder folder;  // images in row order, shapes
    std::string arch;
    std::string layer;
    std::string method;
    data::PreprocessSpec preprocess;
    int64_t rows() const { return folder.shape.empty() ? 0 : folder.shape[0]; }
    int64_t channels() const { return folder.shape.size() > 1 ? folder.shape[1] : 0; }
    int64_t cellsHigh() const { return folder.shape.size() > 2 ? folder.shape[2] : 0; }
    int64_t cellsWide() const { return folder.shape.size() > 3 ? folder.shape[3] : 0; }
};
Result<ExtractionData> readExtraction(const std::string& dir);

// The held-out metrics of metrics.json.
struct ClassifierMetrics {
    double accuracy = 0.0, precision = 0.0, recall = 0.0, f1 = 0.0;
};

// A classifier folder as `hint train` writes it: linear.json, metrics.json (optional).
struct ClassifierData {
    std::string dir;
    classifiers::LinearModel model;
    std::optional<ClassifierMetrics> metrics;
};
Result<ClassifierData> readClassifier(const std::string& dir);

// Ground-truth boxes of a boxes CSV, looked up by image path: the CSV's `file` may be the path as given,
// relative to the CSV, or the bare file name.
class BoxIndex {
public:
    static Result<BoxIndex> read(const std::string& csvPath);
    // Empty when the image has no box.
    std::vector<data::Box> find(const std::string& imagePath) const;
    size_t files() const { return m_byName.size(); }

private:
    std::map<std::string, std::vector<data::Box>> m_byPath;  // absolute, normalized
    std::map<std::string, std::vector<data::Box>> m_byName;  // file name only
};

}  // namespace hint::widgets
