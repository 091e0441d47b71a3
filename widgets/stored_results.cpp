// Readers of stored extraction, classifier and box files.
#include "stored_results.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

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

}  // namespace hint::widgets
