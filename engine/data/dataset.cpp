#include "data/dataset.h"

#include "common/embedded_resources.h"
#include "data/image_io.h"
#include "data/localization_datasets.h"
#include "jobs/job_context.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

namespace hint::data {
namespace fs = std::filesystem;
namespace {

constexpr int kMaxFolderDepth = 32;     // guards against cyclic directory symlinks
constexpr size_t kProgressEvery = 4096;

void labelFromNames(ImageEntry& entry)
{
    const fs::path file(entry.file);
    entry.wnid = leadingWnid(file.parent_path().filename().string());
    if (entry.wnid.empty()) entry.wnid = leadingWnid(file.filename().string());
    entry.classIndex = entry.wnid.empty() ? -1 : resources::imagenetIndex(entry.wnid);
}

Status listFolder(const fs::path& folder, Dataset& dataset, jobs::JobContext* job)
{
    std::error_code ec;
    const auto options = fs::directory_options::follow_directory_symlink | fs::directory_options::skip_permission_denied;
    fs::recursive_directory_iterator it(folder, options, ec);
    if (ec) return Error::badInput("cannot list the folder " + folder.string() + ": " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) return Error::badInput("cannot list the folder " + folder.string() + ": " + ec.message());
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        std::error_code typeError;
        const bool isDirectory = entry.is_directory(typeError);
        if (isDirectory) {
            // Hidden folders (.git, .cache) and runaway symlink loops are not part of a data set.
            if (name.empty() || name[0] == '.' || it.depth() >= kMaxFolderDepth) it.disable_recursion_pending();
            continue;
        }
        if (name.empty() || name[0] == '.' || !isImageFileName(name) || !entry.is_regular_file(typeError)) continue;
        ImageEntry image;
        image.file = entry.path().lexically_relative(folder).generic_string();
        dataset.images.push_back(std::move(image));
        if (job && dataset.images.size() % kProgressEvery == 0) {
            if (job->isCancelled()) return Error::cancelled();
            job->progress(static_cast<int64_t>(dataset.images.size()), 0, "listing images");
        }
    }
    std::sort(dataset.images.begin(), dataset.images.end(),
              [](const ImageEntry& a, const ImageEntry& b) { return a.file < b.file; });
    return {};
}

Status listFile(const fs::path& list, Dataset& dataset)
{
    auto text = readTextFile(list.string());
    if (!text) return text.error();
    size_t pos = 0;
    const std::string& t = text.value();
    while (pos < t.size()) {
        size_t eol = t.find('\n', pos);
        if (eol == std::string::npos) eol = t.size();
        std::string line = t.substr(pos, eol - pos);
        pos = eol + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        const size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        if (line.find('\0') != std::string::npos)
            return Error::badInput(list.string() + ": not a text file with one image path per line");
        ImageEntry image;
        image.file = fs::path(line.substr(first)).generic_string();
        dataset.images.push_back(std::move(image));
    }
    return {};
}

}  // namespace

std::string Dataset::path(size_t index) const
{
    const fs::path file(images.at(index).file);
    return file.is_absolute() || root.empty() ? file.string() : (fs::path(root) / file).string();
}

std::map<std::string, std::vector<size_t>> Dataset::imagesByWnid() const
{
    std::map<std::string, std::vector<size_t>> groups;
    for (size_t i = 0; i < images.size(); ++i)
        if (!images[i].wnid.empty()) groups[images[i].wnid].push_back(i);
    return groups;
}

std::string leadingWnid(const std::string& name)
{
    if (name.size() < 9 || name[0] != 'n') return {};
    for (size_t i = 1; i < 9; ++i)
        if (name[i] < '0' || name[i] > '9') return {};
    if (name.size() > 9 && name[9] >= '0' && name[9] <= '9') return {};
    return name.substr(0, 9);
}

Result<Dataset> listImages(const std::string& folderOrList, jobs::JobContext* job)
{
    const fs::path input(folderOrList);
    std::error_code ec;
    const fs::file_status status = fs::status(input, ec);
    if (folderOrList.empty() || !fs::exists(status))
        return Error::badInput("no such image folder or list file: '" + folderOrList + "'");
    Dataset dataset;
    if (fs::is_directory(status)) {
        dataset.root = input.string();
        if (auto listed = listFolder(input, dataset, job); !listed) return listed.error();
    } else if (isImageFileName(folderOrList)) {
        dataset.root = input.parent_path().string();
        dataset.images.push_back({input.filename().string(), "", -1});
    } else {
        dataset.root = input.parent_path().string();
        if (auto listed = listFile(input, dataset); !listed) return listed.error();
    }
    if (dataset.images.empty())
        return Error::badInput(fs::is_directory(status) ? "no image files under " + folderOrList
                                                        : "no image paths in " + folderOrList);
    for (auto& image : dataset.images) labelFromNames(image);
    if (job) job->progress(static_cast<int64_t>(dataset.images.size()), static_cast<int64_t>(dataset.images.size()),
                           "listing images");
    return dataset;
}

Status applyLabels(Dataset& dataset, const std::string& labelsCsv)
{
    auto rows = readLabelsCsv(labelsCsv);
    if (!rows) return rows.error();
    std::unordered_map<std::string, size_t> byFile;
    std::unordered_map<std::string, long> byName;  // -1 when two images share a file name
    for (size_t i = 0; i < dataset.images.size(); ++i) {
        byFile.emplace(dataset.images[i].file, i);
        const std::string name = fs::path(dataset.images[i].file).filename().string();
        auto [it, inserted] = byName.emplace(name, static_cast<long>(i));
        if (!inserted) it->second = -1;
    }
    const auto& wnids = resources::imagenetWnids();
    size_t matched = 0;
    for (const auto& row : rows.value()) {
        if (row.classIndex < 0 || static_cast<size_t>(row.classIndex) >= wnids.size())
            return Error::badInput(labelsCsv + ":" + std::to_string(row.line) + ": class_index " +
                                   std::to_string(row.classIndex) + " is outside 0.." + std::to_string(wnids.size() - 1));
        long index = -1;
        const std::string file = fs::path(row.file).generic_string();
        if (auto found = byFile.find(file); found != byFile.end()) {
            index = static_cast<long>(found->second);
        } else if (auto named = byName.find(fs::path(file).filename().string()); named != byName.end()) {
            index = named->second;
        }
        if (index < 0) continue;
        auto& image = dataset.images[static_cast<size_t>(index)];
        image.classIndex = row.classIndex;
        image.wnid = wnids[static_cast<size_t>(row.classIndex)];
        ++matched;
    }
    if (matched == 0 && !rows.value().empty())
        return Error::badInput(labelsCsv + ": no row names one of the " + std::to_string(dataset.images.size()) +
                               " listed images");
    return {};
}

Result<Dataset> openDataset(const std::string& path, jobs::JobContext* job)
{
    std::error_code ec;
    const fs::path root(path);
    for (const fs::path& candidate : {root, root / "VOC2007", root / "VOCdevkit" / "VOC2007"})
        if (fs::is_directory(candidate / "Annotations", ec) && fs::is_directory(candidate / "JPEGImages", ec))
            return openVoc(candidate.string(), "", job);
    for (const fs::path& candidate : {root, root / "CUB_200_2011"})
        if (fs::is_regular_file(candidate / "images.txt", ec) && fs::is_regular_file(candidate / "bounding_boxes.txt", ec))
            return openCub(candidate.string(), "", job);
    return listImages(path, job);
}

}  // namespace hint::data
