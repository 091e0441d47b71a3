// The XGBoost concept classifier (used for Shapley values): binary:logistic gradient-boosted trees,
// trained, saved and loaded in XGBoost's JSON model format, and queried for margins, probabilities and
// exact TreeSHAP contributions. XGBoost stays behind a pimpl; this header is Torch/XGBoost-free.
#pragma once

#include "common/float_tensor.h"
#include "common/result.h"
#include "jobs/job_context.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hint::classifiers {

struct XgbOptions {
    int maxDepth = 10;
    double eta = 1.0;
    int rounds = 50;
    std::string treeMethod = "hist";
    uint64_t seed = 0;
    int threads = 0;  // 0 = all cores
};

class XgbClassifier {
public:
    XgbClassifier();
    ~XgbClassifier();
    XgbClassifier(XgbClassifier&&) noexcept;
    XgbClassifier& operator=(XgbClassifier&&) noexcept;

    // matrix (N,K) float32, labels 0/1. Checks cancel between boosting rounds.
    static Result<XgbClassifier> train(const FloatTensor& matrix, const std::vector<int64_t>& labels,
                                       const XgbOptions& options, jobs::JobContext& context);
    // An XGBoost model file (JSON when the name ends in .json, as XGBoost decides).
    static Result<XgbClassifier> load(const std::string& path, int threads = 0);
    Status save(const std::string& path) const;

    int64_t features() const;
    int rounds() const;

    // Log-odds per row (N).
    Result<std::vector<float>> predictMargin(const FloatTensor& matrix) const;
    // P(y = 1) per row (N).
    Result<std::vector<float>> predictProbability(const FloatTensor& matrix) const;
    // Exact path-dependent TreeSHAP in margin units: (N, K+1), the last column is the bias phi_0.
    Result<FloatTensor> contributions(const FloatTensor& matrix) const;

private:
    struct Impl;
    Result<std::vector<float>> predict(const FloatTensor& matrix, int type, std::vector<uint64_t>* shape) const;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hint::classifiers
