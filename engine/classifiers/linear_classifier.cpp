#include "classifiers/linear_classifier.h"

#include "classifiers/detail/seeded_rng.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>

namespace hint::classifiers {

namespace {

// sklearn's WeightVector: w = wscale * v, so the L2 shrink of every step is O(1) instead of O(K).
class ScaledWeights {
public:
    explicit ScaledWeights(size_t n) : m_v(n, 0.0) {}

    double dot(const float* x) const
    {
        double sum = 0.0;
        for (size_t j = 0; j < m_v.size(); ++j) sum += m_v[j] * static_cast<double>(x[j]);
        return sum * m_scale;
    }
    void add(const float* x, double c)
    {
        const double step = c / m_scale;
        for (size_t j = 0; j < m_v.size(); ++j) m_v[j] += static_cast<double>(x[j]) * step;
    }
    void scale(double c)
    {
        m_scale *= c;
        if (m_scale < 1e-9) reset();
    }
    void reset()
    {
        for (double& v : m_v) v *= m_scale;
        m_scale = 1.0;
    }
    bool finite() const
    {
        return std::all_of(m_v.begin(), m_v.end(), [](double v) { return std::isfinite(v); });
    }
    const std::vector<double>& values() const { return m_v; }

private:
    std::vector<double> m_v;
    double m_scale = 1.0;
};

struct Standardizer {
    std::vector<double> mean;
    std::vector<double> scale;
};

// Mean and (population) standard deviation per column; constant columns get scale 1, as StandardScaler.
Standardizer fitStandardizer(const FloatTensor& matrix)
{
    const int64_t n = matrix.shape[0];
    const int64_t k = matrix.shape[1];
    Standardizer s{std::vector<double>(static_cast<size_t>(k), 0.0), std::vector<double>(static_cast<size_t>(k), 0.0)};
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < k; ++j) s.mean[static_cast<size_t>(j)] += matrix.data[static_cast<size_t>(i * k + j)];
    for (double& m : s.mean) m /= static_cast<double>(std::max<int64_t>(n, 1));
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < k; ++j) {
            const double d = matrix.data[static_cast<size_t>(i * k + j)] - s.mean[static_cast<size_t>(j)];
            s.scale[static_cast<size_t>(j)] += d * d;
        }
    for (double& v : s.scale) {
        v = std::sqrt(v / static_cast<double>(std::max<int64_t>(n, 1)));
        if (!(v > 0.0)) v = 1.0;
    }
    return s;
}

FloatTensor applyStandardizer(const FloatTensor& matrix, const Standardizer& s)
{
    FloatTensor out = matrix;
    const int64_t k = matrix.shape[1];
    for (size_t i = 0; i < out.data.size(); ++i) {
        const auto j = i % static_cast<size_t>(k);
        out.data[i] = static_cast<float>((out.data[i] - s.mean[j]) / s.scale[j]);
    }
    return out;
}

}  // namespace

std::string lossName(LinearLoss loss)
{
    switch (loss) {
    case LinearLoss::Hinge: return "hinge";
    case LinearLoss::Logistic: return "log_loss";
    case LinearLoss::ModifiedHuber: break;
    }
    return "modified_huber";
}

std::optional<LinearLoss> parseLoss(const std::string& name)
{
    if (name == "sgd-huber" || name == "modified_huber" || name == "modified-huber") return LinearLoss::ModifiedHuber;
    if (name == "hinge") return LinearLoss::Hinge;
    if (name == "logistic" || name == "log_loss" || name == "log") return LinearLoss::Logistic;
    return std::nullopt;
}

// The formulas (including the +-18 cut-offs of the logistic loss) are sklearn's sgd_fast.pyx.
double sampleLoss(LinearLoss loss, double f, double y)
{
    const double z = f * y;
    switch (loss) {
    case LinearLoss::Hinge: return z <= 1.0 ? 1.0 - z : 0.0;
    case LinearLoss::Logistic:
        if (z > 18.0) return std::exp(-z);
        if (z < -18.0) return -z;
        return std::log1p(std::exp(-z));
    case LinearLoss::ModifiedHuber: break;
    }
    if (z >= 1.0) return 0.0;
    if (z >= -1.0) return (1.0 - z) * (1.0 - z);
    return -4.0 * z;
}

double sampleLossDerivative(LinearLoss loss, double f, double y)
{
    const double z = f * y;
    switch (loss) {
    case LinearLoss::Hinge: return z <= 1.0 ? -y : 0.0;
    case LinearLoss::Logistic:
        if (z > 18.0) return std::exp(-z) * -y;
        if (z < -18.0) return -y;
        return -y / (std::exp(z) + 1.0);
    case LinearLoss::ModifiedHuber: break;
    }
    if (z >= 1.0) return 0.0;
    if (z >= -1.0) return 2.0 * (1.0 - z) * -y;
    return -4.0 * y;
}

double LinearModel::decision(const float* row) const
{
    double sum = 0.0;
    for (size_t j = 0; j < weights.size(); ++j) sum += weights[j] * static_cast<double>(row[j]);
    return sum + bias;
}

double LinearModel::probability(const float* row) const
{
    const double f = decision(row);
    if (loss == LinearLoss::Logistic) return 1.0 / (1.0 + std::exp(-f));
    return (std::clamp(f, -1.0, 1.0) + 1.0) / 2.0;
}

std::vector<double> LinearModel::decisions(const FloatTensor& matrix) const
{
    const int64_t n = matrix.shape.empty() ? 0 : matrix.shape[0];
    std::vector<double> out(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out[static_cast<size_t>(i)] = decision(matrix.data.data() + i * features());
    return out;
}

std::vector<int64_t> LinearModel::predict(const FloatTensor& matrix) const
{
    std::vector<int64_t> out;
    for (double f : decisions(matrix)) out.push_back(f > 0.0 ? 1 : 0);
    return out;
}

Result<LinearModel> trainSgd(const FloatTensor& matrix, const std::vector<int64_t>& labels, const SgdOptions& options,
                             jobs::JobContext& context)
{
    if (matrix.shape.size() != 2 || matrix.shape[0] < 1 || matrix.shape[1] < 1)
        return Error::badInput("SGD training matrix must be 2-d (N,K) with N, K >= 1");
    const int64_t n = matrix.shape[0];
    const int64_t k = matrix.shape[1];
    if (static_cast<int64_t>(labels.size()) != n)
        return Error::badInput("SGD labels: " + std::to_string(labels.size()) + " labels for " + std::to_string(n) + " rows");
    const auto positives = std::count_if(labels.begin(), labels.end(), [](int64_t v) { return v != 0; });
    if (positives == 0 || positives == n) return Error::badInput("SGD labels hold only one class");
    if (!(options.alpha > 0.0)) return Error::badInput("SGD alpha must be > 0 (learning rate 'optimal')");

    Standardizer standardizer;
    FloatTensor scaled;
    if (options.standardize) {
        standardizer = fitStandardizer(matrix);
        scaled = applyStandardizer(matrix, standardizer);
    }
    const FloatTensor& x = options.standardize ? scaled : matrix;

    const LinearLoss loss = options.loss;
    const double alpha = options.alpha;
    // sklearn: eta0 from a "typical" weight; dloss(-typw, 1) is negative for every loss, so the max is 1.
    const double typw = std::sqrt(1.0 / std::sqrt(alpha));
    const double initialEta = typw / std::max(1.0, sampleLossDerivative(loss, -typw, 1.0));
    const double optimalInit = 1.0 / (initialEta * alpha);
    constexpr double kMaxDloss = 1e12;

    ScaledWeights w(static_cast<size_t>(k));
    double intercept = 0.0;
    double t = 1.0;
    double bestLoss = std::numeric_limits<double>::infinity();
    int noImprovement = 0;
    detail::SeededRng rng(options.seed);
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), int64_t{0});

    LinearModel model;
    model.loss = loss;
    model.alpha = alpha;
    model.standardized = options.standardize;
    model.converged = false;
    for (int epoch = 0; epoch < options.maxIter; ++epoch) {
        if (context.isCancelled()) return Error::cancelled();
        if (options.shuffle) rng.shuffle(order);
        double sumLoss = 0.0;
        for (int64_t index : order) {
            const float* row = x.data.data() + index * k;
            const double y = labels[static_cast<size_t>(index)] != 0 ? 1.0 : -1.0;
            const double p = w.dot(row) + intercept;
            const double eta = 1.0 / (alpha * (optimalInit + t - 1.0));
            sumLoss += sampleLoss(loss, p, y);
            const double dloss = std::clamp(sampleLossDerivative(loss, p, y), -kMaxDloss, kMaxDloss);
            const double update = -eta * dloss;
            w.scale(std::max(0.0, 1.0 - eta * alpha));
            if (update != 0.0) {
                w.add(row, update);
                if (options.fitIntercept) intercept += update;
            }
            t += 1.0;
        }
        model.epochs = epoch + 1;
        context.progress(epoch + 1, options.maxIter, "train");
        if (!std::isfinite(intercept) || !w.finite())
            return Error::runtime("SGD diverged (non-finite weights) at epoch " + std::to_string(epoch + 1) +
                                  "; try standardized features or a larger alpha");
        if (options.tol > -std::numeric_limits<double>::infinity() && sumLoss > bestLoss - options.tol * static_cast<double>(n)) {
            ++noImprovement;
        } else {
            noImprovement = 0;
        }
        bestLoss = std::min(bestLoss, sumLoss);
        if (noImprovement >= options.nIterNoChange) {
            model.converged = true;
            break;
        }
    }
    w.reset();
    model.weights = w.values();
    model.bias = intercept;
    if (options.standardize) {
        // Fold the z-scoring into w and b so that f(r) = w.r + b holds on raw features.
        for (int64_t j = 0; j < k; ++j) {
            const auto jj = static_cast<size_t>(j);
            model.weights[jj] /= standardizer.scale[jj];
            model.bias -= model.weights[jj] * standardizer.mean[jj];
        }
    }
    return model;
}

double sgdObjective(const LinearModel& model, const FloatTensor& matrix, const std::vector<int64_t>& labels)
{
    const std::vector<double> f = model.decisions(matrix);
    double sum = 0.0;
    for (size_t i = 0; i < f.size(); ++i) sum += sampleLoss(model.loss, f[i], labels[i] != 0 ? 1.0 : -1.0);
    double norm = 0.0;
    for (double v : model.weights) norm += v * v;
    return sum / static_cast<double>(std::max<size_t>(f.size(), 1)) + 0.5 * model.alpha * norm;
}

std::string linearModelJson(const LinearModel& model)
{
    nlohmann::json j = {{"weights", model.weights},   {"bias", model.bias},
                        {"loss", lossName(model.loss)}, {"alpha", model.alpha},
                        {"standardized", model.standardized}, {"epochs", model.epochs},
                        {"converged", model.converged}};
    return j.dump(1);
}

Status saveLinearModel(const std::string& path, const LinearModel& model)
{
    const std::string part = path + ".part";
    {
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        if (!out) return Error::runtime("cannot write " + part);
        out << linearModelJson(model) << "\n";
        if (!out.good()) return Error::runtime("cannot write " + part);
    }
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec) return Error::runtime("cannot rename " + part + " to " + path + ": " + ec.message());
    return {};
}

Result<LinearModel> loadLinearModel(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput("cannot open linear model " + path);
    try {
        const nlohmann::json j = nlohmann::json::parse(in);
        LinearModel model;
        model.weights = j.at("weights").get<std::vector<double>>();
        model.bias = j.at("bias").get<double>();
        const auto loss = parseLoss(j.value("loss", std::string("modified_huber")));
        if (!loss) return Error::badInput(path + ": unknown key value \"loss\": " + j.value("loss", std::string()));
        model.loss = *loss;
        model.alpha = j.value("alpha", 0.01);
        model.standardized = j.value("standardized", false);
        model.epochs = j.value("epochs", 0);
        model.converged = j.value("converged", true);
        if (model.weights.empty()) return Error::badInput(path + ": key \"weights\" is empty");
        return model;
    } catch (const std::exception& e) {
        return Error::badInput(path + ": not a linear model (" + std::string(e.what()) + ")");
    }
}

}  // namespace hint::classifiers
