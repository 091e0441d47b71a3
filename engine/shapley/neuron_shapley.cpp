#include "shapley/neuron_shapley.h"

#include "classifiers/concept_training.h"
#include "common/npy.h"
#include "shapley/linear_shap.h"
#include "shapley/tree_shap.h"

#include <filesystem>

namespace hint::shapley {

namespace fs = std::filesystem;

namespace {

Result<std::string> requireFile(const fs::path& dir, const char* name)
{
    const fs::path path = dir / name;
    if (!fs::is_regular_file(path)) return Error::badInput("missing file " + path.string());
    return path.string();
}

Result<FloatTensor> loadMatrix(const fs::path& dir)
{
    auto path = requireFile(dir, classifiers::kMatrixFile);
    if (!path) return path.error();
    auto header = readNpyHeader(*path);
    if (!header) return Error::badInput(*path + ": " + header.error().message);
    if (header->dtype != "<f4" || header->shape.size() != 2 || header->shape[0] < 1 || header->shape[1] < 1)
        return Error::badInput(*path + ": expected a non-empty float32 (M,K) array");
    auto matrix = readNpyFloat(*path);
    if (!matrix) return Error::badInput(*path + ": " + matrix.error().message);
    return matrix;
}

Result<classifiers::XgbClassifier> loadBooster(const fs::path& dir, int64_t features, int threads)
{
    auto path = requireFile(dir, classifiers::kXgboostFile);
    if (!path) return path.error();
    auto booster = classifiers::XgbClassifier::load(*path, threads);
    if (!booster) return booster.error();
    if (booster->features() != features)
        return Error::badInput(*path + ": the model has " + std::to_string(booster->features()) + " features, " +
                               (dir / classifiers::kMatrixFile).string() + " has " + std::to_string(features));
    return booster;
}

Result<classifiers::LinearModel> loadLinear(const fs::path& dir, int64_t features)
{
    auto path = requireFile(dir, classifiers::kLinearFile);
    if (!path) return path.error();
    auto model = classifiers::loadLinearModel(*path);
    if (!model) return model.error();
    if (model->features() != features)
        return Error::badInput(*path + ": " + std::to_string(model->features()) + " weights, " +
                               (dir / classifiers::kMatrixFile).string() + " has " + std::to_string(features) + " columns");
    return model;
}

}  // namespace

std::optional<ShapleyMethod> parseShapleyMethod(const std::string& name)
{
    if (name == "tree") return ShapleyMethod::Tree;
    if (name == "linear") return ShapleyMethod::Linear;
    if (name == "sampling") return ShapleyMethod::Sampling;
    return std::nullopt;
}

Result<NeuronShapleyResult> computeNeuronShapley(const std::string& modelDir, const NeuronShapleyOptions& options,
                                                 jobs::JobContext& context)
{
    const fs::path dir(modelDir);
    if (!fs::is_directory(dir)) return Error::badInput("--model folder not found: " + modelDir);
    auto matrix = loadMatrix(dir);
    if (!matrix) return matrix.error();
    const int64_t k = matrix->shape[1];

    Result<ShapleyValues> values = Error::runtime("no method");
    if (options.method == ShapleyMethod::Tree || (options.method == ShapleyMethod::Sampling && options.samplingXgboost)) {
        auto booster = loadBooster(dir, k, options.threads);
        if (!booster) return booster.error();
        if (options.method == ShapleyMethod::Tree) {
            values = treeShap(booster.value(), matrix.value(), context);
        } else {
            const classifiers::XgbClassifier& model = booster.value();
            BatchScore score = [&model](const FloatTensor& rows) -> Result<std::vector<double>> {
                auto margins = model.predictMargin(rows);
                if (!margins) return margins.error();
                return std::vector<double>(margins->begin(), margins->end());
            };
            values = samplingShap(score, matrix.value(), options.sampling, context);
        }
    } else {
        auto linear = loadLinear(dir, k);
        if (!linear) return linear.error();
        if (options.method == ShapleyMethod::Linear) {
            values = linearShap(linear.value(), matrix.value());
        } else {
            const classifiers::LinearModel& model = linear.value();
            RowScore score = [&model](const float* row, int64_t) { return model.decision(row); };
            values = samplingShap(score, matrix.value(), options.sampling, context);
        }
    }
    if (!values) return values.error();
    NeuronShapleyResult result;
    result.values = std::move(values).value();
    result.scores = scoreNeurons(result.values);
    return result;
}

}  // namespace hint::shapley
