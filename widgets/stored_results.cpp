// Readers of stored extraction, classifier and box files, and the scan for them.
#include "stored_results.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace hint::widgets {

namespace fs = std::filesystem;

namespace {

Result<nlohmann::json> readJsonFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in) return Error::badInput("cannot open " + path);
    nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return Error::badInput(path + " is not a JSON object");
    return json;
}

std::string normalized(const fs::path& path)
{
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    return (ec ? path : absolute).lexically_normal().string();
}

bool isOwnedByParent(const std::string& name)
{
    static const std::set<std::string> kParts = {"extract", "extraction", "classifier", "train", "model", "shapley"};
    return kParts.count(name) > 0;
}

}  // namespace

Result<ExtractionData> readExtraction(const std::string& dir)
{
    auto folder = regions::openExtraction(dir);
    if (!folder) return folder.error();
    auto manifest = readJsonFile(dir + "/manifest.json");
    if (!manifest) return manifest.error();
    ExtractionData data;
    data.folder = std::move(folder).value();
    if (data.folder.shape.size() != 4)
        return Error::badInput(data.folder.featuresPath() + ": expected 4 dimensions N,C,H,W");
    const auto& m = manifest.value();
    data.arch = m.value("arch", std::string());
    data.layer = m.value("layer", std::string());
    data.method = m.value("method", std::string());
    auto mode = data::parsePreprocessMode(m.value("preprocess", std::string("hint")));
    if (!mode) return Error::badInput(dir + "/manifest.json: key 'preprocess': " + mode.error().message);
    data.preprocess.mode = mode.value();
    data.preprocess.size = m.value("input_size", data::defaultInputSize(mode.value()));
    return data;
}

Result<ClassifierData> readClassifier(const std::string& dir)
{
    ClassifierData data;
    data.dir = dir;
    auto model = classifiers::loadLinearModel(dir + "/linear.json");
    if (!model) return model.error();
    data.model = std::move(model).value();
    const std::string metricsPath = dir + "/metrics.json";
    if (fs::exists(metricsPath)) {
        auto json = readJsonFile(metricsPath);
        if (!json) return json.error();
        ClassifierMetrics metrics;
        const auto number = [&](const char* key, double& out) -> Status {
            const auto it = json->find(key);
            if (it == json->end()) return {};
            if (!it->is_number()) return Error::badInput(metricsPath + ": key '" + key + "' is not a number");
            out = it->get<double>();
            return {};
        };
        for (auto [key, out] : {std::pair{"accuracy", &metrics.accuracy}, std::pair{"precision", &metrics.precision},
                                std::pair{"recall", &metrics.recall}, std::pair{"f1", &metrics.f1}})
            if (auto s = number(key, *out); !s) return s.error();
        data.metrics = metrics;
    }
    return data;
}

Result<BoxIndex> BoxIndex::read(const std::string& csvPath)
{
    auto rows = data::readBoxesCsv(csvPath);
    if (!rows) return rows.error();
    BoxIndex index;
    const fs::path base = fs::path(csvPath).parent_path();
    for (const auto& row : rows.value()) {
        const fs::path file(row.file);
        index.m_byPath[normalized(file.is_absolute() ? file : base / file)].push_back(row.box);
        index.m_byName[file.filename().string()].push_back(row.box);
    }
    return index;
}

std::vector<data::Box> BoxIndex::find(const std::string& imagePath) const
{
    if (const auto it = m_byPath.find(normalized(imagePath)); it != m_byPath.end()) return it->second;
    if (const auto it = m_byName.find(fs::path(imagePath).filename().string()); it != m_byName.end()) return it->second;
    return {};
}

std::vector<StoredResultSet> discoverResults(const std::string& root, int maxDepth)
{
    std::map<std::string, StoredResultSet> byOwner;
    std::error_code ec;
    const auto owner = [&](const fs::path& dir) -> StoredResultSet& {
        const fs::path ownerDir = isOwnedByParent(dir.filename().string()) ? dir.parent_path() : dir;
        auto& set = byOwner[ownerDir.string()];
        if (set.dir.empty()) {
            set.dir = ownerDir.string();
            set.layer = ownerDir.filename().string();
            set.concept = ownerDir.parent_path().filename().string();
        }
        return set;
    };
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it.depth() >= maxDepth) it.disable_recursion_pending();
        if (!it->is_directory(ec)) continue;
        const fs::path dir = it->path();
        const std::string name = dir.filename().string();
        if (!name.empty() && name[0] == '.') {  // temporary and old folders of atomic writers
            it.disable_recursion_pending();
            continue;
        }
        if (fs::exists(dir / "manifest.json") && fs::exists(dir / "features.npy")) owner(dir).extractDir = dir.string();
        if (fs::exists(dir / "linear.json")) owner(dir).classifierDir = dir.string();
        if (fs::exists(dir / "shapley.csv")) owner(dir).shapleyCsv = (dir / "shapley.csv").string();
    }
    std::vector<StoredResultSet> sets;
    for (auto& [dir, set] : byOwner) {
        for (fs::path up = dir; !up.empty() && up.string().size() >= root.size(); up = up.parent_path()) {
            if (fs::exists(up / "boxes.csv")) {
                set.boxesCsv = (up / "boxes.csv").string();
                break;
            }
            if (up == up.parent_path()) break;
        }
        sets.push_back(set);
    }
    std::sort(sets.begin(), sets.end(), [](const StoredResultSet& a, const StoredResultSet& b) {
        return std::tie(a.concept, a.layer) < std::tie(b.concept, b.layer);
    });
    return sets;
}

}  // namespace hint::widgets
