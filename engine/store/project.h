// Project: the `*.hintproj` file (JSON) describing one study: model, layers, data sets, concepts, parameters
// and seed. Paths are stored relative to the project file and absolute in memory; keys this version does
// not know are kept and written back; saves are atomic (temp file + rename). A project never depends on its
// cache: it opens whether or not the results are still stored.
#pragma once

#include "common/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hint::store {

constexpr int kProjectFormatVersion = 1;

struct ProjectModel {
    std::string arch;
    std::string weights;  // absolute in memory ("" for none)
    nlohmann::json preprocessing = nlohmann::json::object();
    nlohmann::json extra = nlohmann::json::object();  // unknown keys, written back as they were
};

struct ProjectDataset {
    std::string name;
    std::string kind;  // "folder", "imagenet-val", "voc", "cub", "shapes", ...
    std::string path;  // absolute in memory
    // Other keys, kept as read; "boxes", "masks" and "labels" are paths like `path`.
    nlohmann::json extra = nlohmann::json::object();
};

class Project {
public:
    // BadInput naming the file (and key) for unreadable or malformed files, and for a file of a newer
    // format_version than this version reads.
    static Result<Project> load(const std::string& path);
    // Writes with paths relative to `path`'s folder, through a temp file renamed over the target.
    Status save(const std::string& path) const;

    nlohmann::json toJson(const std::string& projectFile) const;
    static Result<Project> fromJson(const nlohmann::json& json, const std::string& projectFile);

    int formatVersion = kProjectFormatVersion;
    ProjectModel model;
    std::vector<std::string> layers;
    std::vector<ProjectDataset> datasets;
    std::vector<std::string> concepts;  // wnids
    nlohmann::json parameters = nlohmann::json::object();
    uint64_t seed = 0;
    std::string cacheDir;  // absolute in memory; "" = the default cache
    nlohmann::json extra = nlohmann::json::object();
};

}  // namespace hint::store
