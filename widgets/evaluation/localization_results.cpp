// Reader of a localization result folder (summary.json + per_image.csv, engine/localization/
// localization_report.cpp writes them).
#include "localization_results.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace hint::widgets {

namespace {

using nlohmann::json;

// Reads the keys of one method object; the first problem is kept with the key's dotted path.
class MethodReader {
public:
    MethodReader(const json& object, std::string file, std::string prefix)
        : m_object(object), m_file(std::move(file)), m_prefix(std::move(prefix))
    {
    }

    double number(const char* key)
    {
        const auto it = m_object.find(key);
        if (it == m_object.end()) fail(key, "is missing");
        else if (!it->is_number()) fail(key, "is not a number");
        else return it->get<double>();
        return 0.0;
    }
    // Absent or null: nothing (PxAP without masks, Top-1 without labels).
    std::optional<double> optionalNumber(const char* key)
    {
        const auto it = m_object.find(key);
        if (it == m_object.end() || it->is_null()) return std::nullopt;
        if (it->is_number()) return it->get<double>();
        fail(key, "is not a number or null");
        return std::nullopt;
    }
    std::vector<std::pair<int, double>> byIou(const char* key)
    {
        std::vector<std::pair<int, double>> values;
        const auto it = m_object.find(key);
        if (it == m_object.end()) return values;
        if (!it->is_object()) {
            fail(key, "is not an object");
            return values;
        }
        for (const auto& [threshold, value] : it->items()) {
            char* end = nullptr;
            const long percent = std::strtol(threshold.c_str(), &end, 10);
            if (threshold.empty() || *end != '\0' || !value.is_number()) {
                fail(std::string(key) + "." + threshold, "is not an IoU percent with a number");
                return values;
            }
            values.emplace_back(int(percent), value.get<double>());
        }
        std::sort(values.begin(), values.end());
        return values;
    }

    const std::optional<Error>& error() const { return m_error; }

private:
    void fail(const std::string& key, const std::string& what)
    {
        if (!m_error) m_error = Error::badInput(m_file + ": key '" + m_prefix + key + "' " + what);
    }

    const json& m_object;
    std::string m_file, m_prefix;
    std::optional<Error> m_error;
};

Result<MethodMetrics> readMethod(const json& object, const std::string& name, const std::string& file,
                                 const std::string& prefix)
{
    if (!object.is_object()) return Error::badInput(file + ": '" + prefix + "' is not an object");
    MethodReader r(object, file, prefix.empty() ? std::string() : prefix + ".");
    MethodMetrics m;
    m.name = name;
    m.images = int64_t(r.number("n"));
    m.meanIou = r.number("mean_iou");
    m.hintMeanIou = r.number("hint_mean_iou");
    m.hintAccuracy = r.number("hint_iou50_accuracy");
    m.emptyMaps = int64_t(r.optionalNumber("empty_maps").value_or(0.0));
    m.maxBoxAcc = r.number("maxboxacc");
    m.bestThreshold = r.optionalNumber("best_threshold").value_or(0.0);
    m.maxBoxAccMeanIou = r.optionalNumber("maxboxacc_mean_iou").value_or(0.0);
    m.maxBoxAccV2 = r.number("maxboxacc_v2");
    m.maxBoxAccV2MeanIou = r.optionalNumber("maxboxacc_v2_mean_iou").value_or(0.0);
    m.v2Accuracy = r.byIou("maxboxacc_v2_by_iou");
    m.pxap = r.optionalNumber("pxap");
    m.pointingGame = r.number("pointing_game");
    m.top1Cls = r.optionalNumber("top1_cls");
    m.top1LocHint = r.optionalNumber("top1_loc_hint");
    m.top1LocMaxBoxAcc = r.optionalNumber("top1_loc_maxboxacc");
    if (r.error()) return *r.error();
    return m;
}

// Known names first in a fixed order (JSON objects come back sorted by key), then the rest by name.
Result<std::vector<MethodMetrics>> readMethods(const json& root, const char* key, const std::vector<std::string>& order,
                                               const std::string& file)
{
    std::vector<MethodMetrics> methods;
    const auto it = root.find(key);
    if (it == root.end() || it->is_null()) return methods;
    if (!it->is_object()) return Error::badInput(file + ": key '" + key + "' is not an object");
    for (const auto& [name, object] : it->items()) {
        auto method = readMethod(object, name, file, std::string(key) + "." + name);
        if (!method) return method.error();
        methods.push_back(std::move(method).value());
    }
    const auto rank = [&order](const std::string& name) {
        return size_t(std::find(order.begin(), order.end(), name) - order.begin());
    };
    std::stable_sort(methods.begin(), methods.end(), [&](const MethodMetrics& a, const MethodMetrics& b) {
        return rank(a.name) != rank(b.name) ? rank(a.name) < rank(b.name) : a.name < b.name;
    });
    return methods;
}

std::string stringOr(const json& root, const char* key, const std::string& fallback = {})
{
    const auto it = root.find(key);
    return it != root.end() && it->is_string() ? it->get<std::string>() : fallback;
}

Status readSummary(const std::string& file, LocalizationResults& results)
{
    std::ifstream in(file);
    if (!in) return Error::badInput("cannot open " + file + " (is this a localization result folder?)");
    const json root = json::parse(in, nullptr, false);
    if (root.is_discarded()) return Error::badInput(file + ": not valid JSON");
    if (!root.is_object()) return Error::badInput(file + ": not a JSON object");
    const std::string name = stringOr(root, "classifier_name", "concept");
    auto main = readMethod(root, name, file, "");
    if (!main) return main.error();
    results.classifier = std::move(main).value();
    auto baselines = readMethods(root, "baselines", {"whole", "centre", "cam", "gradcam"}, file);
    if (!baselines) return baselines.error();
    results.baselines = std::move(baselines).value();
    auto extras = readMethods(root, "extra_classifiers", {"ablation_shap", "ablation_weight", "ablation_random"}, file);
    if (!extras) return extras.error();
    results.extras = std::move(extras).value();
    results.layer = stringOr(root, "layer");
    results.arch = stringOr(root, "arch");
    results.protocol = stringOr(root, "protocol", "hint");
    results.classifierPath = stringOr(root, "classifier");
    const auto processed = root.find("processed");
    results.processed = processed != root.end() && processed->is_number() ? processed->get<int64_t>() : results.classifier.images;
    const auto skipped = root.find("skipped");
    results.skipped = skipped != root.end() && skipped->is_array() ? int64_t(skipped->size()) : 0;
    return {};
}

// One CSV record (the writer quotes fields holding a comma, a quote or a newline); false at the end.
bool readRecord(std::istream& in, std::vector<std::string>& fields, int& line)
{
    fields.clear();
    if (in.peek() == std::char_traits<char>::eof()) return false;
    ++line;
    std::string field;
    bool quoted = false;
    char c = 0;
    while (in.get(c)) {
        if (quoted) {
            if (c == '"' && in.peek() == '"') field += char(in.get());
            else if (c == '"') quoted = false;
            else field += c;
            if (c == '\n') ++line;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            break;
        } else if (c != '\r') {
            field += c;
        }
    }
    fields.push_back(std::move(field));
    return true;
}

bool parseDouble(const std::string& text, double& value)
{
    if (text.empty()) return false;
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

Status readPerImage(const std::string& file, LocalizationResults& results)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::badInput("cannot open " + file);
    std::vector<std::string> header, fields;
    int line = 0;
    if (!readRecord(in, header, line)) return Error::badInput(file + ": empty file, expected a header line");
    const auto column = [&header](const char* name) {
        const auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -1 : int(it - header.begin());
    };
    const int image = column("image"), iou = column("iou"), hint = column("hint_iou");
    const int hasBox = column("has_box"), pointing = column("pointing_hit");
    if (image < 0) return Error::badInput(file + ":1: no 'image' column in the header");
    if (iou < 0 && hint < 0) return Error::badInput(file + ":1: no 'hint_iou' or 'iou' column in the header");
    while (readRecord(in, fields, line)) {
        if (fields.size() == 1 && fields[0].empty()) continue;
        const std::string where = file + ":" + std::to_string(line) + ": ";
        if (fields.size() != header.size())
            return Error::badInput(where + "expected " + std::to_string(header.size()) + " fields, found " +
                                   std::to_string(fields.size()));
        const auto number = [&](int c, double& value) -> Status {
            if (c < 0) return {};
            if (!parseDouble(fields[size_t(c)], value))
                return Error::badInput(where + "'" + fields[size_t(c)] + "' in column " + header[size_t(c)] +
                                       " is not a number");
            return {};
        };
        ImageIou row;
        row.path = fields[size_t(image)];
        double box = 0.0, hit = 0.0;
        const std::pair<int, double*> targets[] = {{iou, &row.iou}, {hint, &row.hintIou}, {hasBox, &box}, {pointing, &hit}};
        for (const auto& [c, value] : targets)
            if (auto s = number(c, *value); !s) return s.error();
        if (iou < 0) row.iou = row.hintIou;
        if (hint < 0) row.hintIou = row.iou;
        row.hasBox = box != 0.0;
        row.pointingHit = hit != 0.0;
        results.images.push_back(std::move(row));
    }
    if (int64_t(results.images.size()) != results.classifier.images)
        return Error::badInput(file + ": " + std::to_string(results.images.size()) + " image rows, but summary.json says n = " +
                               std::to_string(results.classifier.images));
    return {};
}

}  // namespace

std::optional<double> MethodMetrics::v2AccuracyAt(int iouPercent) const
{
    for (const auto& [percent, accuracy] : v2Accuracy)
        if (percent == iouPercent) return accuracy;
    return std::nullopt;
}

Result<LocalizationResults> readLocalizationResults(const std::string& entryDir)
{
    const std::filesystem::path dir(entryDir);
    LocalizationResults results;
    results.entryDir = entryDir;
    if (auto s = readSummary((dir / "summary.json").string(), results); !s) return s.error();
    if (auto s = readPerImage((dir / "per_image.csv").string(), results); !s) return s.error();
    return results;
}

}  // namespace hint::widgets
