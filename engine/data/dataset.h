// Dataset: the list of a data set's images with their labels, and boxes and masks where the data set
// has them. Readers for an image folder or list file (ImageNet train layout, flat nXXXXXXXX_*.JPEG
// folders), ILSVRC-2012 val (XML or boxes CSV), PASCAL VOC 2007 and CUB-200-2011. Only the file list
// and annotations are held; images are decoded by the caller, one at a time.
#pragma once

#include "common/result.h"
#include "data/annotation_readers.h"

#include <map>
#include <string>
#include <vector>

namespace hint::jobs {
class JobContext;
}

namespace hint::data {

enum class DatasetKind { Images, ImagenetVal, Voc, Cub };

struct ImageEntry {
    std::string file;     // relative to Dataset::root (absolute when a list file gives it so)
    std::string wnid;     // WordNet id of the label, "" when unknown
    int classIndex = -1;  // ImageNet-labelled sets: model output index (-1 outside the 1000 classes);
                          // VOC/CUB: index into Dataset::classNames
};

struct ImageAnnotation {
    std::vector<Box> boxes;    // original pixel coordinates of the file
    std::string maskPath;      // full path of a segmentation PNG, "" when none
    int width = 0, height = 0; // from the annotation, 0 when unknown
    std::string split;         // CUB: "train" or "test"; VOC: the image set; "" otherwise
};

struct Dataset {
    DatasetKind kind = DatasetKind::Images;
    std::string root;                     // folder the entries' files are relative to
    std::vector<std::string> classNames;  // VOC's 20 and CUB's 200 class names; empty for wnid-labelled sets
    std::vector<ImageEntry> images;       // folders: sorted by file; lists and annotated sets: in their order
    std::vector<ImageAnnotation> annotations;  // empty, or one per image

    size_t size() const { return images.size(); }
    std::string path(size_t index) const;  // root joined with the entry's file
    const ImageAnnotation* annotation(size_t index) const
    {
        return index < annotations.size() ? &annotations[index] : nullptr;
    }
    // Image indices per label wnid (images without a wnid are left out), wnids sorted.
    std::map<std::string, std::vector<size_t>> imagesByWnid() const;
};

// "n01440764" at the start of a name, followed by nothing or a non-digit; "" when there is none.
std::string leadingWnid(const std::string& name);

// A folder (every image file under it, sorted by relative path; hidden files skipped), a text file
// with one path per line (blank lines and '#' comments skipped; relative paths are relative to the
// list file's folder), or a single image file. Labels: the wnid in the parent folder's name or at
// the start of the file name. Progress and cancellation through `job` (may be null).
Result<Dataset> listImages(const std::string& folderOrList, jobs::JobContext* job = nullptr);
// Overrides labels from a `file,class_index` CSV (ImageNet model indices); `file` matches an entry's
// relative path, else its file name. Rows naming no listed image are ignored (a labels file may cover
// more images than listed); an index outside the 1000 classes is an error naming the line.
Status applyLabels(Dataset& dataset, const std::string& labelsCsv);

// Recognizes VOC (Annotations/ and JPEGImages/) and CUB (images.txt and bounding_boxes.txt), see
// localization_datasets.h; anything else goes to listImages.
Result<Dataset> openDataset(const std::string& path, jobs::JobContext* job = nullptr);

}  // namespace hint::data
