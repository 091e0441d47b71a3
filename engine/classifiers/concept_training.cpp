#include "classifiers/concept_training.h"

#include "classifiers/data_split.h"
#include "classifiers/training_set.h"
#include "jobs/progress_slice.h"
#include "common/npy.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace hint::classifiers {

namespace fs = std::filesystem;

namespace {

// Independent, reproducible streams from one user seed (splitmix64 finalizer).
uint64_t deriveSeed(uint64_t seed, uint64_t stream)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

class TempDir {
public:
    explicit TempDir(fs::path dir) : m_dir(std::move(dir)) {}
    ~TempDir()
    {
        std::error_code ec;
        if (!m_dir.empty()) fs::remove_all(m_dir, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_dir; }
    void release() { m_dir.clear(); }

private:
    fs::path m_dir;
};

Status checkOutDir(const fs::path& out)
{
    std::error_code ec;
    if (!fs::exists(out, ec)) return {};
    if (!fs::is_directory(out, ec)) return Error::badInput("--out " + out.string() + " exists and is not a folder");
    if (fs::is_empty(out, ec) || fs::exists(out / kMetricsFile, ec)) return {};
    return Error::badInput("--out " + out.string() + " exists and is not a classifier folder; not overwriting it");
}

Status publish(const fs::path& temp, const fs::path& out)
{
    std::error_code ec;
    fs::path old;
    if (fs::exists(out, ec)) {
        old = out.parent_path() / ("." + out.filename().string() + ".old-" + std::to_string(::getpid()));
        fs::remove_all(old, ec);
        fs::rename(out, old, ec);
        if (ec) return Error::runtime("cannot move the old " + out.string() + " aside: " + ec.message());
    }
    fs::rename(temp, out, ec);
    if (ec) {
        std::error_code ignored;
        if (!old.empty()) fs::rename(old, out, ignored);
        return Error::runtime("cannot rename " + temp.string() + " to " + out.string() + ": " + ec.message());
    }
    if (!old.empty()) fs::remove_all(old, ec);
    return {};
}

nlohmann::json metricsJson(const BinaryMetrics& m)
{
    return {{"accuracy", m.accuracy},        {"precision", m.precision},           {"recall", m.recall},
            {"f1", m.f1},                    {"rows", m.rows},                      {"true_positives", m.truePositives},
            {"false_positives", m.falsePositives}, {"true_negatives", m.trueNegatives}, {"false_negatives", m.falseNegatives}};
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<int64_t> thresholdProbabilities(const std::vector<float>& p)
{
    std::vector<int64_t> out;
    out.reserve(p.size());
    for (float v : p) out.push_back(v > 0.5f ? 1 : 0);
    return out;
}

}  // namespace

Result<ConceptTrainingSummary> trainConceptClassifier(const std::vector<std::string>& regionsDirs, int target,
                                                      const std::string& outDir, const ConceptTrainingOptions& options,
                                                      jobs::JobContext& context)
{
    const fs::path out = fs::absolute(outDir).lexically_normal();
    if (auto s = checkOutDir(out); !s) return s.error();
    if (!(options.validationFraction > 0.0 && options.validationFraction < 1.0))
        return Error::badInput("validation fraction must be in (0, 1)");
    // One bar over the phases, by their typical share of the time: matrix, SGD, XGBoost.
    const int64_t sgdEnd = options.xgboost ? 300 : jobs::ProgressSlice::kScale;
    jobs::ProgressSlice matrixPhase(context, 0, 100), sgdPhase(context, 100, sgdEnd),
        xgboostPhase(context, sgdEnd, jobs::ProgressSlice::kScale);
    auto built = buildTrainingSet(regionsDirs, target, deriveSeed(options.seed, 0), matrixPhase);
    if (!built) return built.error();
    const TrainingSet& set = built.value();

    ConceptTrainingSummary summary;
    summary.rows = set.matrix.shape[0];
    summary.features = set.features;
    summary.conceptRows = set.conceptRows;
    summary.targetRows = set.conceptRows[static_cast<size_t>(target)];
    summary.backgroundRows = set.backgroundRows;
    summary.backgroundPool = set.backgroundPool;

    const DataSplit split = splitTrainValidation(summary.rows, options.validationFraction, deriveSeed(options.seed, 1));
    summary.trainRows = static_cast<int64_t>(split.train.size());
    summary.validationRows = static_cast<int64_t>(split.validation.size());
    const FloatTensor trainX = gatherRows(set.matrix, split.train);
    const std::vector<int64_t> trainY = gatherValues(set.labels, split.train);
    const FloatTensor validX = gatherRows(set.matrix, split.validation);
    const std::vector<int64_t> validY = gatherValues(set.labels, split.validation);

    SgdOptions sgd = options.sgd;
    sgd.seed = deriveSeed(options.seed, 2);
    auto start = std::chrono::steady_clock::now();
    auto linear = trainSgd(trainX, trainY, sgd, sgdPhase);
    if (!linear) return linear.error();
    summary.linearSeconds = secondsSince(start);
    summary.linear = linear.value();
    summary.linearMetrics = computeBinaryMetrics(validY, summary.linear.predict(validX));

    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    TempDir temp(out.parent_path() /
                 ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(stamp)));
    if (!fs::create_directory(temp.path(), ec))
        return Error::runtime("cannot create " + temp.path().string() + ": " + ec.message());

    if (options.xgboost) {
        XgbOptions xgb = options.xgb;
        xgb.seed = deriveSeed(options.seed, 3) & 0x7FFFFFFFull;
        start = std::chrono::steady_clock::now();
        auto booster = XgbClassifier::train(trainX, trainY, xgb, xgboostPhase);
        if (!booster) return booster.error();
        summary.xgboostSeconds = secondsSince(start);
        auto p = booster->predictProbability(validX);
        if (!p) return p.error();
        summary.xgboostMetrics = computeBinaryMetrics(validY, thresholdProbabilities(p.value()));
        summary.hasXgboost = true;
        if (auto s = booster->save((temp.path() / kXgboostFile).string()); !s) return s.error();
    }
    if (context.isCancelled()) return Error::cancelled();

    if (auto s = writeNpy((temp.path() / kMatrixFile).string(), set.matrix); !s) return s.error();
    if (auto s = writeNpyInt64((temp.path() / kLabelsFile).string(), {summary.rows}, set.labels); !s) return s.error();
    if (auto s = writeNpyInt64((temp.path() / "group.npy").string(), {summary.rows}, set.groupLabels); !s)
        return s.error();
    if (auto s = saveLinearModel((temp.path() / kLinearFile).string(), summary.linear); !s) return s.error();

    nlohmann::json metrics = metricsJson(summary.linearMetrics);
    metrics["classifier"] = lossName(summary.linear.loss);
    metrics["evaluated_on"] = "held-out validation rows";
    metrics["features"] = summary.features;
    metrics["total_rows"] = summary.rows;
    metrics["train_rows"] = summary.trainRows;
    metrics["validation_rows"] = summary.validationRows;
    metrics["target_rows"] = summary.targetRows;
    metrics["concept_rows"] = summary.conceptRows;
    metrics["background_rows"] = summary.backgroundRows;
    metrics["background_pool"] = summary.backgroundPool;
    metrics["concepts"] = regionsDirs;
    metrics["target"] = target;
    metrics["seed"] = options.seed;
    metrics["epochs"] = summary.linear.epochs;
    metrics["converged"] = summary.linear.converged;
    metrics["train_seconds"] = summary.linearSeconds;
    if (summary.hasXgboost) {
        nlohmann::json x = metricsJson(summary.xgboostMetrics);
        x["rounds"] = options.xgb.rounds;
        x["max_depth"] = options.xgb.maxDepth;
        x["eta"] = options.xgb.eta;
        x["train_seconds"] = summary.xgboostSeconds;
        metrics["xgboost"] = x;
    }
    {
        std::ofstream file(temp.path() / kMetricsFile);
        file << metrics.dump(2) << "\n";
        if (!file.good()) return Error::runtime("cannot write " + (temp.path() / kMetricsFile).string());
    }
    if (auto s = publish(temp.path(), out); !s) return s.error();
    temp.release();
    return summary;
}

}  // namespace hint::classifiers
