// Reader for `hint shapley` CSV files (plain C++: it runs on a job worker).
#include "shapley_csv.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hint::widgets {

namespace {

std::vector<std::string> splitCsvLine(const std::string& line)
{
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, ',')) {
        while (!field.empty() && (field.back() == '\r' || field.back() == ' ')) field.pop_back();
        while (!field.empty() && field.front() == ' ') field.erase(field.begin());
        fields.push_back(field);
    }
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    return fields;
}

// "mean_abs" -> "Mean |phi|" (Greek phi) for the score switch; unknown columns keep their names.
std::string displayName(const std::string& column)
{
    if (column == "mean_abs") return "Mean |\u03c6|";
    if (column == "median_abs") return "Median |\u03c6|";
    if (column == "max_abs") return "Max |\u03c6|";
    if (column == "min_abs") return "Min |\u03c6|";
    return column;
}

bool parseFloat(const std::string& text, float& value)
{
    if (text.empty()) return false;
    char* end = nullptr;
    value = std::strtof(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

}  // namespace

Result<NeuronScores> readShapleyCsv(const std::string& path)
{
    std::ifstream in(path);
    if (!in) return Error::badInput("cannot open " + path);
    std::string line;
    if (!std::getline(in, line)) return Error::badInput(path + ": empty file, expected a header line");
    const auto header = splitCsvLine(line);
    auto columnOf = [&](const std::string& name) {
        auto found = std::find(header.begin(), header.end(), name);
        return found == header.end() ? -1 : int(found - header.begin());
    };
    // Sampling estimates carry the 95% interval of mean |phi|: it belongs to that series.
    const int meanColumn = columnOf("mean_abs");
    const int lowColumn = meanColumn >= 0 ? columnOf("ci95_low") : -1;
    const int highColumn = meanColumn >= 0 ? columnOf("ci95_high") : -1;
    const bool interval = lowColumn >= 0 && highColumn >= 0;
    int neuronColumn = -1;
    int meanSeries = -1;
    std::vector<int> scoreColumns;
    NeuronScores scores;
    for (size_t c = 0; c < header.size(); ++c) {
        if (header[c] == "neuron") neuronColumn = int(c);
        else if (interval && (int(c) == lowColumn || int(c) == highColumn)) continue;
        else if (header[c] != "rank") {
            if (int(c) == meanColumn) meanSeries = int(scores.scores.size());
            scoreColumns.push_back(int(c));
            scores.scores.push_back({displayName(header[c]), {}, {}, {}});
        }
    }
    if (neuronColumn < 0) return Error::badInput(path + ":1: no 'neuron' column in the header");
    if (scoreColumns.empty()) return Error::badInput(path + ":1: no score columns in the header");

    int lineNumber = 1;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.empty() || line == "\r") continue;
        const auto fields = splitCsvLine(line);
        if (fields.size() != header.size())
            return Error::badInput(path + ":" + std::to_string(lineNumber) + ": expected " +
                                   std::to_string(header.size()) + " fields, found " +
                                   std::to_string(fields.size()));
        float neuron = 0;
        if (!parseFloat(fields[size_t(neuronColumn)], neuron) || neuron < 0 || neuron != float(int(neuron)))
            return Error::badInput(path + ":" + std::to_string(lineNumber) + ": neuron '" +
                                   fields[size_t(neuronColumn)] + "' is not a non-negative integer");
        scores.neuronIds.push_back(int(neuron));
        for (size_t s = 0; s < scoreColumns.size(); ++s) {
            float value = 0;
            const auto& text = fields[size_t(scoreColumns[s])];
            if (!parseFloat(text, value))
                return Error::badInput(path + ":" + std::to_string(lineNumber) + ": '" + text +
                                       "' in column " + header[size_t(scoreColumns[s])] + " is not a number");
            scores.scores[s].values.push_back(value);
        }
        if (interval) {
            float low = 0, high = 0;
            if (!parseFloat(fields[size_t(lowColumn)], low) || !parseFloat(fields[size_t(highColumn)], high))
                return Error::badInput(path + ":" + std::to_string(lineNumber) + ": ci95_low/ci95_high are not numbers");
            scores.scores[size_t(meanSeries)].low.push_back(low);
            scores.scores[size_t(meanSeries)].high.push_back(high);
        }
    }
    if (scores.neuronIds.empty()) return Error::badInput(path + ": no neuron rows");
    scores.conceptName = std::filesystem::path(path).stem().string();
    return scores;
}

}  // namespace hint::widgets
