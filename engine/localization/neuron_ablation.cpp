#include "localization/neuron_ablation.h"

#include "classifiers/concept_training.h"
#include "common/npy.h"
#include "data/annotation_readers.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <sstream>

namespace hint::localization {

std::string rankingName(NeuronRanking ranking)
{
    switch (ranking) {
    case NeuronRanking::Shap: return "shap";
    case NeuronRanking::Weight: return "weight";
    case NeuronRanking::Random: return "random";
    }
    return "shap";
}

std::vector<int> topNeurons(const std::vector<double>& scores, int k)
{
    std::vector<int> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return scores[static_cast<size_t>(a)] > scores[static_cast<size_t>(b)]; });
    order.resize(std::min(order.size(), static_cast<size_t>(std::max(0, k))));
    return order;
}

std::vector<int> randomNeurons(int total, int k, uint64_t seed)
{
    std::vector<int> all(static_cast<size_t>(std::max(0, total)));
    std::iota(all.begin(), all.end(), 0);
    std::mt19937_64 rng(seed);
    std::shuffle(all.begin(), all.end(), rng);
    all.resize(std::min(all.size(), static_cast<size_t>(std::max(0, k))));
    std::sort(all.begin(), all.end());
    return all;
}

Result<std::vector<double>> readShapleyScores(const std::string& csvPath)
{
    auto text = data::readTextFile(csvPath);
    if (!text) return text.error();
    std::istringstream in(text.value());
    std::string line;
    if (!std::getline(in, line)) return Error::badInput(csvPath + ": empty file");
    std::vector<std::string> header;
    for (std::stringstream s(line); std::getline(s, line, ',');) header.push_back(line);
    if (!header.empty() && !header.back().empty() && header.back().back() == '\r') header.back().pop_back();
    const auto column = [&](const std::string& name) {
        return static_cast<long>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    const long neuronColumn = column("neuron"), scoreColumn = column("mean_abs");
    if (neuronColumn >= static_cast<long>(header.size()) || scoreColumn >= static_cast<long>(header.size()))
        return Error::badInput(csvPath + ":1: header must name neuron and mean_abs");
    std::vector<std::pair<int64_t, double>> rows;
    int lineNumber = 1;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::vector<std::string> fields;
        for (std::stringstream s(line); std::getline(s, line, ',');) fields.push_back(line);
        int64_t neuron = 0;
        double score = 0.0;
        if (static_cast<long>(fields.size()) <= std::max(neuronColumn, scoreColumn) ||
            !data::parseInt(fields[static_cast<size_t>(neuronColumn)], neuron) ||
            !data::parseDouble(fields[static_cast<size_t>(scoreColumn)], score) || neuron < 0)
            return Error::badInput(csvPath + ":" + std::to_string(lineNumber) + ": malformed row");
        rows.emplace_back(neuron, score);
    }
    if (rows.empty()) return Error::badInput(csvPath + ": no neuron rows");
    std::vector<double> scores(rows.size(), 0.0);
    for (const auto& [neuron, score] : rows) {
        if (neuron >= static_cast<int64_t>(scores.size()))
            return Error::badInput(csvPath + ": neuron " + std::to_string(neuron) + " is outside 0.." + std::to_string(scores.size() - 1));
        scores[static_cast<size_t>(neuron)] = score;
    }
    return scores;
}

Result<classifiers::LinearModel> trainOnNeurons(const FloatTensor& matrix, const std::vector<int64_t>& labels,
                                                const std::vector<int>& neurons, const classifiers::SgdOptions& options,
                                                jobs::JobContext& job)
{
    if (matrix.shape.size() != 2) return Error::badInput("training matrix must be M,K");
    const int64_t rows = matrix.shape[0], columns = matrix.shape[1];
    for (int n : neurons)
        if (n < 0 || n >= columns) return Error::badInput("neuron " + std::to_string(n) + " is outside the matrix");
    FloatTensor subset({rows, static_cast<int64_t>(neurons.size())});
    for (int64_t r = 0; r < rows; ++r)
        for (size_t j = 0; j < neurons.size(); ++j)
            subset.data[static_cast<size_t>(r) * neurons.size() + j] =
                matrix.data[static_cast<size_t>(r * columns + neurons[j])];
    auto trained = classifiers::trainSgd(subset, labels, options, job);
    if (!trained) return trained.error();
    classifiers::LinearModel full = trained.value();
    full.weights.assign(static_cast<size_t>(columns), 0.0);
    for (size_t j = 0; j < neurons.size(); ++j) full.weights[static_cast<size_t>(neurons[j])] = trained->weights[j];
    return full;
}

Result<std::vector<AblationClassifier>> ablationClassifiers(const std::string& classifierDir,
                                                            const std::vector<double>& shapScores, int k, uint64_t seed,
                                                            jobs::JobContext& job)
{
    namespace fs = std::filesystem;
    const fs::path dir(classifierDir);
    auto matrix = readNpyFloat((dir / classifiers::kMatrixFile).string());
    if (!matrix) return matrix.error();
    auto labels = readNpyInt64((dir / classifiers::kLabelsFile).string());
    if (!labels) return labels.error();
    auto linear = classifiers::loadLinearModel((dir / classifiers::kLinearFile).string());
    if (!linear) return linear.error();
    if (matrix->shape.size() != 2 || static_cast<size_t>(matrix->shape[0]) != labels->size())
        return Error::badInput(classifierDir + ": X.npy and y.npy do not match");
    const int columns = static_cast<int>(matrix->shape[1]);
    if (static_cast<int>(shapScores.size()) != columns)
        return Error::badInput("the Shapley scores cover " + std::to_string(shapScores.size()) + " neurons, the classifier " +
                               std::to_string(columns));
    std::vector<double> absWeights;
    for (double w : linear->weights) absWeights.push_back(std::fabs(w));
    classifiers::SgdOptions options;
    options.loss = linear->loss;
    options.alpha = linear->alpha;
    options.seed = seed;
    std::vector<AblationClassifier> result;
    for (NeuronRanking ranking : {NeuronRanking::Shap, NeuronRanking::Weight, NeuronRanking::Random}) {
        AblationClassifier entry{ranking, {}, {}};
        switch (ranking) {
        case NeuronRanking::Shap: entry.neurons = topNeurons(shapScores, k); break;
        case NeuronRanking::Weight: entry.neurons = topNeurons(absWeights, k); break;
        case NeuronRanking::Random: entry.neurons = randomNeurons(columns, k, seed); break;
        }
        auto model = trainOnNeurons(matrix.value(), labels.value(), entry.neurons, options, job);
        if (!model) return model.error();
        entry.model = std::move(model.value());
        result.push_back(std::move(entry));
    }
    return result;
}

}  // namespace hint::localization
