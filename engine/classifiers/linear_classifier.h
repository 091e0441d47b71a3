// The linear concept classifier f(r) = w.r + b, trained by plain SGD exactly as scikit-learn 1.2's
// SGDClassifier (penalty l2, learning_rate 'optimal', average=False): same per-sample update, same
// step-size schedule, same stopping rule. Only the shuffle order differs (our own seeded RNG), so with
// shuffle off the weights equal sklearn's to rounding.
#pragma once

#include "common/float_tensor.h"
#include "common/result.h"
#include "jobs/job_context.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hint::classifiers {

enum class LinearLoss {
    ModifiedHuber,  // max(0, 1 - yf)^2 if yf >= -1 else -4yf (the HINT default)
    Hinge,          // max(0, 1 - yf)
    Logistic,       // log(1 + exp(-yf)) (sklearn's log_loss)
};

// sklearn's names: "modified_huber", "hinge", "log_loss".
std::string lossName(LinearLoss loss);
// Accepts sklearn's names and the CLI's: sgd-huber, modified_huber, hinge, logistic, log_loss, log.
std::optional<LinearLoss> parseLoss(const std::string& name);

// Loss of one sample with margin f and label y in {-1, +1}, and its derivative d loss / d f.
double sampleLoss(LinearLoss loss, double f, double y);
double sampleLossDerivative(LinearLoss loss, double f, double y);

struct SgdOptions {
    LinearLoss loss = LinearLoss::ModifiedHuber;
    double alpha = 0.01;       // L2 strength: objective = mean loss + alpha/2 ||w||^2
    int maxIter = 1000;        // epochs
    double tol = 1e-3;         // stop when the epoch's summed loss fails to drop by tol * n,
    int nIterNoChange = 5;     //   this many epochs in a row; tol = -infinity disables it (sklearn's tol=None)
    bool shuffle = true;       // reshuffle the rows before every epoch (seeded)
    bool fitIntercept = true;
    bool standardize = false;  // train on z-scored features; the saved w, b still apply to raw features
    uint64_t seed = 0;
};

struct LinearModel {
    std::vector<double> weights;
    double bias = 0.0;
    LinearLoss loss = LinearLoss::ModifiedHuber;
    double alpha = 0.01;
    bool standardized = false;
    int epochs = 0;
    bool converged = true;  // false when maxIter was reached (sklearn warns then)

    int64_t features() const { return static_cast<int64_t>(weights.size()); }
    double decision(const float* row) const;
    // Modified Huber and hinge: (clip(f, -1, 1) + 1) / 2; logistic: 1 / (1 + exp(-f)).
    double probability(const float* row) const;
    std::vector<double> decisions(const FloatTensor& matrix) const;
    std::vector<int64_t> predict(const FloatTensor& matrix) const;  // 1 where f > 0
};

// matrix: (N, K) float32; labels: 0/1 (non-zero = positive). Checks cancel between epochs.
Result<LinearModel> trainSgd(const FloatTensor& matrix, const std::vector<int64_t>& labels, const SgdOptions& options,
                             jobs::JobContext& context);

// sklearn's objective: mean sample loss + alpha/2 ||w||^2.
double sgdObjective(const LinearModel& model, const FloatTensor& matrix, const std::vector<int64_t>& labels);

// linear.json: {"weights":[K],"bias","loss","alpha","standardized","epochs","converged"}.
std::string linearModelJson(const LinearModel& model);
Status saveLinearModel(const std::string& path, const LinearModel& model);
Result<LinearModel> loadLinearModel(const std::string& path);

}  // namespace hint::classifiers
