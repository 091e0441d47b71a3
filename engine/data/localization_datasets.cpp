#include "data/localization_datasets.h"

#include "common/embedded_resources.h"
#include "jobs/job_context.h"

#include <algorithm>
#include <filesystem>
#include <tuple>
#include <unordered_map>

namespace hint::data {
namespace fs = std::filesystem;
namespace {

constexpr const char* kBirdWnid = "n01503061";

Status checkCancelled(jobs::JobContext* job, size_t done, size_t total, const char* stage)
{
    if (!job || done % 256 != 0) return {};
    if (job->isCancelled()) return Error::cancelled();
    job->progress(static_cast<int64_t>(done), static_cast<int64_t>(total), stage);
    return {};
}

// Finds an image entry by relative path, else by file name when that is unique.
class EntryIndex {
public:
    explicit EntryIndex(const Dataset& dataset)
    {
        for (size_t i = 0; i < dataset.images.size(); ++i) {
            m_byFile.emplace(dataset.images[i].file, static_cast<long>(i));
            auto [it, inserted] = m_byName.emplace(fs::path(dataset.images[i].file).filename().string(), static_cast<long>(i));
            if (!inserted) it->second = -1;
        }
    }
    long find(const std::string& file) const
    {
        const std::string generic = fs::path(file).generic_string();
        if (auto it = m_byFile.find(generic); it != m_byFile.end()) return it->second;
        if (auto it = m_byName.find(fs::path(generic).filename().string()); it != m_byName.end()) return it->second;
        return -1;
    }

private:
    std::unordered_map<std::string, long> m_byFile, m_byName;
};

Status attachXml(Dataset& dataset, const fs::path& folder, jobs::JobContext* job)
{
    size_t matched = 0;
    for (size_t i = 0; i < dataset.images.size(); ++i) {
        if (auto status = checkCancelled(job, i, dataset.images.size(), "reading annotations"); !status) return status;
        const fs::path xml = folder / (fs::path(dataset.images[i].file).stem().string() + ".xml");
        std::error_code ec;
        if (!fs::is_regular_file(xml, ec)) continue;
        auto annotation = readVocXml(xml.string());
        if (!annotation) return annotation.error();
        auto& target = dataset.annotations[i];
        target.width = annotation->width;
        target.height = annotation->height;
        target.boxes = annotation->boxes;
        auto& image = dataset.images[i];
        for (auto& box : target.boxes) {
            box.classIndex = resources::imagenetIndex(box.label);
            if (image.wnid.empty() && box.classIndex >= 0) {
                image.wnid = box.label;
                image.classIndex = box.classIndex;
            }
        }
        ++matched;
    }
    if (matched == 0) return Error::badInput("no XML file in " + folder.string() + " matches the images (<stem>.xml)");
    return {};
}

Status attachCsv(Dataset& dataset, const std::string& csv)
{
    auto rows = readBoxesCsv(csv);
    if (!rows) return rows.error();
    const EntryIndex index(dataset);
    const auto& wnids = resources::imagenetWnids();
    size_t matched = 0;
    for (const auto& row : rows.value()) {
        const long i = index.find(row.file);
        if (i < 0) continue;
        auto& image = dataset.images[static_cast<size_t>(i)];
        auto& annotation = dataset.annotations[static_cast<size_t>(i)];
        Box box = row.box;
        if (box.classIndex >= 0) {
            if (static_cast<size_t>(box.classIndex) >= wnids.size())
                return Error::badInput(csv + ":" + std::to_string(row.line) + ": class_index " +
                                       std::to_string(box.classIndex) + " is outside 0.." + std::to_string(wnids.size() - 1));
            box.label = wnids[static_cast<size_t>(box.classIndex)];
            image.classIndex = box.classIndex;
            image.wnid = box.label;
        }
        if (row.origWidth > 0) annotation.width = row.origWidth;
        if (row.origHeight > 0) annotation.height = row.origHeight;
        annotation.boxes.push_back(std::move(box));
        ++matched;
    }
    if (matched == 0) return Error::badInput(csv + ": no row names one of the listed images");
    return {};
}

std::string maskIfPresent(const fs::path& path)
{
    std::error_code ec;
    return fs::is_regular_file(path, ec) ? path.string() : std::string();
}

Result<std::vector<std::string>> vocIds(const fs::path& root, const std::string& imageSet)
{
    std::vector<std::string> ids;
    if (imageSet.empty()) {
        std::error_code ec;
        for (fs::directory_iterator it(root / "Annotations", ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".xml") ids.push_back(it->path().stem().string());
        if (ec) return Error::badInput("cannot list " + (root / "Annotations").string() + ": " + ec.message());
        std::sort(ids.begin(), ids.end());
        return ids;
    }
    // Main/<set>.txt lists ids; class sets (<class>_<set>.txt) add a 1/0/-1 column: keep the first.
    const fs::path setFile = root / "ImageSets" / "Main" / (imageSet + ".txt");
    auto rows = readTextFile(setFile.string());
    if (!rows) return Error::badInput("VOC image set '" + imageSet + "' not found: " + setFile.string());
    size_t pos = 0;
    const std::string& text = rows.value();
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        const std::string line = text.substr(pos, eol - pos);
        pos = eol + 1;
        const size_t b = line.find_first_not_of(" \t\r");
        if (b == std::string::npos) continue;
        const size_t e = line.find_first_of(" \t\r", b);
        ids.push_back(line.substr(b, e == std::string::npos ? std::string::npos : e - b));
    }
    if (ids.empty()) return Error::badInput(setFile.string() + ": no image ids");
    return ids;
}

}  // namespace

const std::vector<std::string>& vocClassNames()
{
    static const std::vector<std::string> names = {
        "aeroplane", "bicycle", "bird",  "boat",        "bottle", "bus",         "car",   "cat",   "chair", "cow",
        "diningtable", "dog",  "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor"};
    return names;
}

std::string vocClassWnid(const std::string& vocName)
{
    // The WordNet 3.0 noun each VOC class means (cow: cattle; tvmonitor: display, the parent of monitor).
    static const std::unordered_map<std::string, std::string> wnids = {
        {"aeroplane", "n02691156"}, {"bicycle", "n02834778"}, {"bird", "n01503061"},       {"boat", "n02858304"},
        {"bottle", "n02876657"},    {"bus", "n02924116"},     {"car", "n02958343"},        {"cat", "n02121620"},
        {"chair", "n03001627"},     {"cow", "n02402425"},     {"diningtable", "n03201208"}, {"dog", "n02084071"},
        {"horse", "n02374451"},     {"motorbike", "n03790512"}, {"person", "n00007846"},   {"pottedplant", "n11536230"},
        {"sheep", "n02411705"},     {"sofa", "n04256520"},    {"train", "n04468005"},      {"tvmonitor", "n03211117"}};
    auto found = wnids.find(vocName);
    return found == wnids.end() ? std::string() : found->second;
}

Result<Dataset> openImagenetVal(const std::string& images, const std::string& annotations, jobs::JobContext* job)
{
    auto listed = listImages(images, job);
    if (!listed) return listed.error();
    Dataset dataset = std::move(listed.value());
    dataset.kind = DatasetKind::ImagenetVal;
    dataset.annotations.assign(dataset.images.size(), {});
    std::error_code ec;
    const fs::file_status status = fs::status(annotations, ec);
    if (!fs::exists(status)) return Error::badInput("no such annotation folder or boxes CSV: '" + annotations + "'");
    auto attached = fs::is_directory(status) ? attachXml(dataset, annotations, job) : attachCsv(dataset, annotations);
    if (!attached) return attached.error();
    return dataset;
}

Status attachMaskFolder(Dataset& dataset, const std::string& masksDir)
{
    std::error_code ec;
    if (!fs::is_directory(masksDir, ec)) return Error::badInput("no such mask folder: '" + masksDir + "'");
    dataset.annotations.resize(dataset.images.size());
    int found = 0;
    for (size_t i = 0; i < dataset.images.size(); ++i) {
        fs::path relative(dataset.images[i].file);
        if (relative.is_absolute()) relative = relative.lexically_relative(dataset.root);
        dataset.annotations[i].maskPath = maskIfPresent(fs::path(masksDir) / relative.replace_extension(".png"));
        if (!dataset.annotations[i].maskPath.empty()) ++found;
    }
    if (found == 0 && !dataset.images.empty())
        return Error::badInput("mask folder '" + masksDir + "' holds no <image path>.png for any image");
    return {};
}

Result<Dataset> openVoc(const std::string& rootPath, const std::string& imageSet, jobs::JobContext* job)
{
    const fs::path root(rootPath);
    std::error_code ec;
    if (!fs::is_directory(root / "Annotations", ec))
        return Error::badInput("not a PASCAL VOC folder (no Annotations/): " + rootPath);
    auto ids = vocIds(root, imageSet);
    if (!ids) return ids.error();
    Dataset dataset;
    dataset.kind = DatasetKind::Voc;
    dataset.root = rootPath;
    dataset.classNames = vocClassNames();
    for (size_t i = 0; i < ids->size(); ++i) {
        if (auto status = checkCancelled(job, i, ids->size(), "reading annotations"); !status) return status.error();
        const std::string& id = ids.value()[i];
        auto xml = readVocXml((root / "Annotations" / (id + ".xml")).string());
        if (!xml) return xml.error();
        ImageEntry image;
        image.file = "JPEGImages/" + (xml->filename.empty() ? id + ".jpg" : xml->filename);
        ImageAnnotation annotation;
        annotation.width = xml->width;
        annotation.height = xml->height;
        annotation.split = imageSet;
        annotation.maskPath = maskIfPresent(root / "SegmentationObject" / (id + ".png"));
        annotation.boxes = xml->boxes;
        for (auto& box : annotation.boxes) {
            auto known = std::find(dataset.classNames.begin(), dataset.classNames.end(), box.label);
            if (known == dataset.classNames.end()) known = dataset.classNames.insert(known, box.label);
            box.classIndex = static_cast<int>(known - dataset.classNames.begin());
        }
        // An image is labelled only when all its objects are of one class.
        if (!annotation.boxes.empty() &&
            std::all_of(annotation.boxes.begin(), annotation.boxes.end(),
                        [&](const Box& b) { return b.classIndex == annotation.boxes.front().classIndex; })) {
            image.classIndex = annotation.boxes.front().classIndex;
            image.wnid = vocClassWnid(annotation.boxes.front().label);
        }
        dataset.images.push_back(std::move(image));
        dataset.annotations.push_back(std::move(annotation));
    }
    if (dataset.images.empty()) return Error::badInput("no annotated images in " + rootPath);
    return dataset;
}

Result<Dataset> openCub(const std::string& rootPath, const std::string& split, jobs::JobContext* job)
{
    if (!split.empty() && split != "train" && split != "test")
        return Error::badInput("unknown CUB split '" + split + "' (train, test or all)");
    const fs::path root(rootPath);
    auto images = readCubTable((root / "images.txt").string(), 1);
    if (!images) return images.error();
    auto labels = readCubTable((root / "image_class_labels.txt").string(), 1);
    if (!labels) return labels.error();
    auto boxes = readCubTable((root / "bounding_boxes.txt").string(), 4);
    if (!boxes) return boxes.error();
    std::error_code ec;
    std::vector<CubRow> splits, classes;
    if (fs::exists(root / "train_test_split.txt", ec)) {
        auto table = readCubTable((root / "train_test_split.txt").string(), 1);
        if (!table) return table.error();
        splits = std::move(table.value());
    } else if (!split.empty()) {
        return Error::badInput("no train_test_split.txt in " + rootPath + " for the split '" + split + "'");
    }
    if (fs::exists(root / "classes.txt", ec)) {
        auto table = readCubTable((root / "classes.txt").string(), 1);
        if (!table) return table.error();
        classes = std::move(table.value());
    }

    // Tables keyed by image id; a repeated id is an error naming its line.
    using Table = std::unordered_map<int64_t, const CubRow*>;
    auto index = [](const std::vector<CubRow>& rows, const std::string& file, Table& table) -> Status {
        for (const auto& row : rows)
            if (!table.emplace(row.id, &row).second)
                return Error::badInput(file + ":" + std::to_string(row.line) + ": id " + std::to_string(row.id) + " repeated");
        return {};
    };
    Table labelOf, boxOf, splitOf, classOf;
    for (auto [rows, file, table] : {std::make_tuple(&labels.value(), "image_class_labels.txt", &labelOf),
                                     std::make_tuple(&boxes.value(), "bounding_boxes.txt", &boxOf),
                                     std::make_tuple(&splits, "train_test_split.txt", &splitOf),
                                     std::make_tuple(&classes, "classes.txt", &classOf)})
        if (auto status = index(*rows, (root / file).string(), *table); !status) return status.error();

    Dataset dataset;
    dataset.kind = DatasetKind::Cub;
    dataset.root = rootPath;
    int64_t classCount = 0;
    for (const auto& row : labels.value()) {
        int64_t id = 0;
        if (!parseInt(row.fields[0], id) || id < 1 || id > 100000)
            return Error::badInput((root / "image_class_labels.txt").string() + ":" + std::to_string(row.line) +
                                   ": bad class id '" + row.fields[0].substr(0, 40) + "'");
        classCount = std::max(classCount, id);
    }
    for (int64_t c = 1; c <= classCount; ++c) {
        auto found = classOf.find(c);
        dataset.classNames.push_back(found != classOf.end() ? found->second->fields[0] : "class " + std::to_string(c));
    }
    fs::path segmentations = root / "segmentations";
    if (!fs::is_directory(segmentations, ec)) segmentations = root.parent_path() / "segmentations";
    const bool haveMasks = fs::is_directory(segmentations, ec);

    const std::string imagesFile = (root / "images.txt").string();
    for (size_t i = 0; i < images->size(); ++i) {
        if (auto status = checkCancelled(job, i, images->size(), "reading annotations"); !status) return status.error();
        const CubRow& row = images.value()[i];
        const std::string at = imagesFile + ":" + std::to_string(row.line) + ": image id " + std::to_string(row.id);
        auto label = labelOf.find(row.id);
        if (label == labelOf.end()) return Error::badInput(at + " has no class in image_class_labels.txt");
        ImageAnnotation annotation;
        if (!splitOf.empty()) {
            auto found = splitOf.find(row.id);
            if (found == splitOf.end()) return Error::badInput(at + " is missing from train_test_split.txt");
            const std::string& flag = found->second->fields[0];
            if (flag != "0" && flag != "1")
                return Error::badInput((root / "train_test_split.txt").string() + ":" +
                                       std::to_string(found->second->line) + ": expected 1 (train) or 0 (test)");
            annotation.split = flag == "1" ? "train" : "test";
            if (!split.empty() && annotation.split != split) continue;
        }
        int64_t classId = 0;
        parseInt(label->second->fields[0], classId);
        ImageEntry image;
        image.file = "images/" + row.fields[0];
        image.classIndex = static_cast<int>(classId - 1);
        image.wnid = kBirdWnid;  // every CUB class is a bird species; none is a WordNet synset
        if (auto box = boxOf.find(row.id); box != boxOf.end()) {
            double v[4];
            for (int k = 0; k < 4; ++k)
                if (!parseDouble(box->second->fields[static_cast<size_t>(k)], v[k]) || (k >= 2 && v[k] < 0))
                    return Error::badInput((root / "bounding_boxes.txt").string() + ":" +
                                           std::to_string(box->second->line) + ": expected x y width height");
            Box b;
            b.x0 = v[0];
            b.y0 = v[1];
            b.x1 = v[0] + v[2];
            b.y1 = v[1] + v[3];
            b.classIndex = image.classIndex;
            b.label = dataset.classNames[static_cast<size_t>(image.classIndex)];
            annotation.boxes.push_back(b);
        }
        if (haveMasks) annotation.maskPath = maskIfPresent(segmentations / fs::path(row.fields[0]).replace_extension(".png"));
        dataset.images.push_back(std::move(image));
        dataset.annotations.push_back(std::move(annotation));
    }
    if (dataset.images.empty()) return Error::badInput("no images in " + imagesFile + (split.empty() ? "" : " for the split " + split));
    return dataset;
}

}  // namespace hint::data
