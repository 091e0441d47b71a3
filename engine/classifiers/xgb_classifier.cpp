#include "classifiers/xgb_classifier.h"

#include "classifiers/detail/xgb_handles.h"

#include <cmath>
#include <thread>

namespace hint::classifiers {

struct XgbClassifier::Impl {
    detail::Booster booster;
    int64_t features = 0;
    int rounds = 0;
};

namespace {

int resolveThreads(int threads)
{
    if (threads > 0) return threads;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Status checkMatrix(const FloatTensor& matrix, const char* what)
{
    if (matrix.shape.size() != 2 || matrix.shape[1] < 1 || matrix.numel() != matrix.shape[0] * matrix.shape[1])
        return Error::badInput(std::string(what) + " must be a 2-d (N,K) matrix");
    return {};
}

Result<detail::DMatrix> makeDMatrix(const FloatTensor& matrix, int threads)
{
    detail::DMatrix dmatrix;
    // NaN marks missing values, as Python's DMatrix(numpy array) does.
    auto status = detail::xgbCheck(XGDMatrixCreateFromMat_omp(matrix.data.data(), static_cast<bst_ulong>(matrix.shape[0]),
                                                              static_cast<bst_ulong>(matrix.shape[1]), std::nanf(""),
                                                              dmatrix.out(), threads),
                                   "matrix");
    if (!status) return status.error();
    return dmatrix;
}

Status setParam(BoosterHandle booster, const std::string& name, const std::string& value)
{
    return detail::xgbCheck(XGBoosterSetParam(booster, name.c_str(), value.c_str()), "parameter " + name);
}

}  // namespace

XgbClassifier::XgbClassifier() : m_impl(std::make_unique<Impl>()) {}
XgbClassifier::~XgbClassifier() = default;
XgbClassifier::XgbClassifier(XgbClassifier&&) noexcept = default;
XgbClassifier& XgbClassifier::operator=(XgbClassifier&&) noexcept = default;

int64_t XgbClassifier::features() const { return m_impl->features; }
int XgbClassifier::rounds() const { return m_impl->rounds; }

Result<XgbClassifier> XgbClassifier::train(const FloatTensor& matrix, const std::vector<int64_t>& labels,
                                           const XgbOptions& options, jobs::JobContext& context)
{
    if (auto s = checkMatrix(matrix, "XGBoost training matrix"); !s) return s.error();
    if (static_cast<int64_t>(labels.size()) != matrix.shape[0])
        return Error::badInput("XGBoost labels: " + std::to_string(labels.size()) + " labels for " +
                               std::to_string(matrix.shape[0]) + " rows");
    const int threads = resolveThreads(options.threads);
    auto dtrain = makeDMatrix(matrix, threads);
    if (!dtrain) return dtrain.error();
    std::vector<float> y;
    y.reserve(labels.size());
    for (int64_t v : labels) y.push_back(v != 0 ? 1.0f : 0.0f);
    if (auto s = detail::xgbCheck(XGDMatrixSetFloatInfo(dtrain->get(), "label", y.data(), static_cast<bst_ulong>(y.size())),
                                  "labels");
        !s)
        return s.error();

    XgbClassifier classifier;
    DMatrixHandle handles[] = {dtrain->get()};
    if (auto s = detail::xgbCheck(XGBoosterCreate(handles, 1, classifier.m_impl->booster.out()), "booster"); !s)
        return s.error();
    BoosterHandle booster = classifier.m_impl->booster.get();
    const std::pair<std::string, std::string> params[] = {
        {"objective", "binary:logistic"},
        {"max_depth", std::to_string(options.maxDepth)},
        {"eta", std::to_string(options.eta)},
        {"tree_method", options.treeMethod},
        {"seed", std::to_string(options.seed)},
        {"nthread", std::to_string(threads)},
        {"verbosity", "0"},
    };
    for (const auto& [name, value] : params)
        if (auto s = setParam(booster, name, value); !s) return s.error();
    for (int round = 0; round < options.rounds; ++round) {
        if (context.isCancelled()) return Error::cancelled();
        if (auto s = detail::xgbCheck(XGBoosterUpdateOneIter(booster, round, dtrain->get()), "training round"); !s)
            return s.error();
        context.progress(round + 1, options.rounds, "xgboost");
    }
    classifier.m_impl->features = matrix.shape[1];
    classifier.m_impl->rounds = options.rounds;
    return classifier;
}

Result<XgbClassifier> XgbClassifier::load(const std::string& path, int threads)
{
    XgbClassifier classifier;
    if (auto s = detail::xgbCheck(XGBoosterCreate(nullptr, 0, classifier.m_impl->booster.out()), "booster"); !s)
        return s.error();
    BoosterHandle booster = classifier.m_impl->booster.get();
    if (XGBoosterLoadModel(booster, path.c_str()) != 0) {
        const char* message = XGBGetLastError();
        return Error::badInput("cannot load XGBoost model " + path + ": " + (message ? message : "unknown error"));
    }
    if (auto s = setParam(booster, "nthread", std::to_string(resolveThreads(threads))); !s) return s.error();
    bst_ulong features = 0;
    int rounds = 0;
    if (auto s = detail::xgbCheck(XGBoosterGetNumFeature(booster, &features), "feature count"); !s) return s.error();
    if (auto s = detail::xgbCheck(XGBoosterBoostedRounds(booster, &rounds), "round count"); !s) return s.error();
    classifier.m_impl->features = static_cast<int64_t>(features);
    classifier.m_impl->rounds = rounds;
    return classifier;
}

Status XgbClassifier::save(const std::string& path) const
{
    if (!m_impl->booster.get()) return Error::runtime("no XGBoost model to save");
    return detail::xgbCheck(XGBoosterSaveModel(m_impl->booster.get(), path.c_str()), "save " + path);
}

Result<std::vector<float>> XgbClassifier::predict(const FloatTensor& matrix, int type, std::vector<uint64_t>* shape) const
{
    if (!m_impl->booster.get()) return Error::runtime("no XGBoost model loaded");
    if (auto s = checkMatrix(matrix, "XGBoost input"); !s) return s.error();
    if (matrix.shape[1] != m_impl->features)
        return Error::badInput("XGBoost input has " + std::to_string(matrix.shape[1]) + " features, the model " +
                               std::to_string(m_impl->features));
    if (matrix.shape[0] == 0) return std::vector<float>{};
    auto dmatrix = makeDMatrix(matrix, 0);
    if (!dmatrix) return dmatrix.error();
    const std::string config = "{\"type\": " + std::to_string(type) +
                               ", \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}";
    const bst_ulong* outShape = nullptr;
    bst_ulong outDim = 0;
    const float* result = nullptr;
    if (auto s = detail::xgbCheck(
            XGBoosterPredictFromDMatrix(m_impl->booster.get(), dmatrix->get(), config.c_str(), &outShape, &outDim, &result),
            "prediction");
        !s)
        return s.error();
    size_t count = 1;
    if (shape) shape->clear();
    for (bst_ulong d = 0; d < outDim; ++d) {
        count *= static_cast<size_t>(outShape[d]);
        if (shape) shape->push_back(static_cast<uint64_t>(outShape[d]));
    }
    // The buffer belongs to the booster and is overwritten by its next prediction: copy it now.
    return std::vector<float>(result, result + count);
}

Result<std::vector<float>> XgbClassifier::predictMargin(const FloatTensor& matrix) const
{
    return predict(matrix, 1, nullptr);
}

Result<std::vector<float>> XgbClassifier::predictProbability(const FloatTensor& matrix) const
{
    return predict(matrix, 0, nullptr);
}

Result<FloatTensor> XgbClassifier::contributions(const FloatTensor& matrix) const
{
    std::vector<uint64_t> shape;
    auto values = predict(matrix, 2, &shape);
    if (!values) return values.error();
    const int64_t rows = matrix.shape[0];
    const int64_t columns = m_impl->features + 1;
    if (static_cast<int64_t>(values->size()) != rows * columns)
        return Error::runtime("XGBoost contributions: unexpected output size " + std::to_string(values->size()));
    FloatTensor out;
    out.shape = {rows, columns};
    out.data = std::move(values).value();
    return out;
}

}  // namespace hint::classifiers
