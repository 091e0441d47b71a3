#include "store/project.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>

namespace hint::store {
namespace fs = std::filesystem;
namespace {

fs::path baseDir(const std::string& projectFile) { return fs::absolute(projectFile).lexically_normal().parent_path(); }

std::string resolvePath(const std::string& stored, const fs::path& base)
{
    if (stored.empty()) return stored;
    fs::path p(stored);
    return (p.is_absolute() ? p : base / p).lexically_normal().string();
}

std::string relativePath(const std::string& absolute, const fs::path& base)
{
    if (absolute.empty()) return absolute;
    fs::path p = fs::path(absolute).lexically_normal();
    if (!p.is_absolute()) return p.string();
    // Paths that share only the filesystem root with the project (/srv/data vs /home/me/study) stay
    // absolute: they are machine locations, not part of the project's tree.
    const auto top = [](const fs::path& path) { return std::next(path.begin()) == path.end() ? fs::path() : *std::next(path.begin()); };
    if (top(p) != top(base)) return p.string();
    fs::path rel = p.lexically_relative(base);
    return rel.empty() ? p.string() : rel.string();
}

// Reads an optional key of the expected JSON type; a present key of another type is BadInput.
template <class T>
Status readKey(const nlohmann::json& object, const char* key, T& out, const std::string& where)
{
    auto found = object.find(key);
    if (found == object.end() || found->is_null()) return {};
    try {
        out = found->get<T>();
    } catch (const nlohmann::json::exception&) {
        return Error::badInput(where + ": key \"" + key + "\" has the wrong type (" + found->type_name() + ")");
    }
    return {};
}

// A data set's annotation files beside its images: paths like `path` (absolute in memory, relative in the file).
constexpr const char* kDatasetPathKeys[] = {"boxes", "masks", "labels"};

nlohmann::json withoutKeys(const nlohmann::json& object, std::initializer_list<const char*> known)
{
    nlohmann::json extra = object;
    for (const char* key : known) extra.erase(key);
    return extra;
}

Status writeFileAtomically(const fs::path& target, const std::string& text)
{
    const fs::path temp = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
    std::FILE* file = std::fopen(temp.c_str(), "wb");
    if (!file) return Error::runtime("cannot write " + temp.string() + ": " + std::strerror(errno));
    bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    ok = std::fflush(file) == 0 && ok;
    ok = ::fsync(::fileno(file)) == 0 && ok;  // the data is on disk before the name points to it
    ok = std::fclose(file) == 0 && ok;
    std::error_code ec;
    if (!ok) {
        fs::remove(temp, ec);
        return Error::runtime("cannot write " + temp.string() + " (disk full?)");
    }
    fs::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return Error::runtime("cannot rename " + temp.string() + " to " + target.string() + ": " + ec.message());
    }
    return {};
}

}  // namespace

Result<Project> Project::fromJson(const nlohmann::json& json, const std::string& projectFile)
{
    const std::string& where = projectFile;
    if (!json.is_object()) return Error::badInput(where + ": a project file must hold a JSON object");
    auto version = json.find("format_version");
    if (version == json.end() || !version->is_number_integer())
        return Error::badInput(where + ": not a HINT Explorer project (no integer \"format_version\")");
    Project project;
    project.formatVersion = version->get<int>();
    if (project.formatVersion > kProjectFormatVersion)
        return Error::badInput(where + " was saved by a newer HINT Explorer (format_version " +
                               std::to_string(project.formatVersion) + "; this version reads up to " +
                               std::to_string(kProjectFormatVersion) + "): update HINT Explorer to open it");
    if (project.formatVersion < 1) return Error::badInput(where + ": bad \"format_version\"");
    const fs::path base = baseDir(projectFile);

    nlohmann::json model = nlohmann::json::object();
    Status status = readKey(json, "model", model, where);
    if (status && !model.is_object()) status = Error::badInput(where + ": key \"model\" must be an object");
    if (status) status = readKey(model, "arch", project.model.arch, where + ": model");
    if (status) status = readKey(model, "weights", project.model.weights, where + ": model");
    if (status) status = readKey(model, "preprocessing", project.model.preprocessing, where + ": model");
    if (!status) return status.error();
    project.model.weights = resolvePath(project.model.weights, base);
    project.model.extra = withoutKeys(model, {"arch", "weights", "preprocessing"});

    nlohmann::json datasets = nlohmann::json::array();
    status = readKey(json, "datasets", datasets, where);
    if (status && !datasets.is_array()) status = Error::badInput(where + ": key \"datasets\" must be a list");
    if (!status) return status.error();
    for (size_t i = 0; i < datasets.size(); ++i) {
        const std::string item = where + ": datasets[" + std::to_string(i) + "]";
        if (!datasets[i].is_object()) return Error::badInput(item + " must be an object");
        ProjectDataset dataset;
        status = readKey(datasets[i], "name", dataset.name, item);
        if (status) status = readKey(datasets[i], "kind", dataset.kind, item);
        if (status) status = readKey(datasets[i], "path", dataset.path, item);
        if (!status) return status.error();
        dataset.path = resolvePath(dataset.path, base);
        dataset.extra = withoutKeys(datasets[i], {"name", "kind", "path"});
        for (const char* key : kDatasetPathKeys)
            if (dataset.extra.contains(key) && dataset.extra[key].is_string())
                dataset.extra[key] = resolvePath(dataset.extra[key].get<std::string>(), base);
        project.datasets.push_back(std::move(dataset));
    }

    status = readKey(json, "layers", project.layers, where);
    if (status) status = readKey(json, "concepts", project.concepts, where);
    if (status) status = readKey(json, "parameters", project.parameters, where);
    if (status) status = readKey(json, "seed", project.seed, where);
    if (status) status = readKey(json, "cache_dir", project.cacheDir, where);
    if (!status) return status.error();
    project.cacheDir = resolvePath(project.cacheDir, base);
    project.extra = withoutKeys(json, {"format_version", "model", "datasets", "layers", "concepts", "parameters",
                                       "seed", "cache_dir"});
    return project;
}

nlohmann::json Project::toJson(const std::string& projectFile) const
{
    const fs::path base = baseDir(projectFile);
    nlohmann::json json = extra.is_object() ? extra : nlohmann::json::object();
    nlohmann::json modelJson = model.extra.is_object() ? model.extra : nlohmann::json::object();
    modelJson["arch"] = model.arch;
    modelJson["weights"] = relativePath(model.weights, base);
    modelJson["preprocessing"] = model.preprocessing;
    nlohmann::json datasetList = nlohmann::json::array();
    for (const auto& dataset : datasets) {
        nlohmann::json item = dataset.extra.is_object() ? dataset.extra : nlohmann::json::object();
        item["name"] = dataset.name;
        item["kind"] = dataset.kind;
        item["path"] = relativePath(dataset.path, base);
        for (const char* key : kDatasetPathKeys)
            if (item.contains(key) && item[key].is_string()) item[key] = relativePath(item[key].get<std::string>(), base);
        datasetList.push_back(std::move(item));
    }
    json["format_version"] = kProjectFormatVersion;
    json["model"] = std::move(modelJson);
    json["datasets"] = std::move(datasetList);
    json["layers"] = layers;
    json["concepts"] = concepts;
    json["parameters"] = parameters;
    json["seed"] = seed;
    if (!cacheDir.empty()) json["cache_dir"] = relativePath(cacheDir, base);
    return json;
}

Result<Project> Project::load(const std::string& path)
{
    std::ifstream in(path);
    if (!in) return Error::badInput("cannot open project file " + path);
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        return Error::badInput(path + ": malformed project file: " + e.what());
    }
    return fromJson(json, path);
}

Status Project::save(const std::string& path) const
{
    const fs::path target = fs::absolute(path).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(target.parent_path(), ec))
        return Error::badInput("folder " + target.parent_path().string() + " does not exist");
    return writeFileAtomically(target, toJson(target.string()).dump(2) + "\n");
}

}  // namespace hint::store
