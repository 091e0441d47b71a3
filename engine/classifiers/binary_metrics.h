// Accuracy, precision, recall and F1 of a binary classifier, with their usual names.
// The original HINT computes these on all rows (train + validation) and prints precision under the name
// recall and vice versa (F1 is symmetric, so unaffected); we report them on the held-out rows only.
#pragma once

#include <cstdint>
#include <vector>

namespace hint::classifiers {

struct BinaryMetrics {
    int64_t rows = 0;
    int64_t truePositives = 0;
    int64_t falsePositives = 0;
    int64_t trueNegatives = 0;
    int64_t falseNegatives = 0;
    double accuracy = 0.0;
    double precision = 0.0;  // TP / (TP + FP); 0 when nothing is predicted positive (as sklearn)
    double recall = 0.0;     // TP / (TP + FN); 0 when there are no positives
    double f1 = 0.0;         // 2PR / (P + R); 0 when P + R = 0
};

// truth and predicted hold 0/1 labels (anything non-zero counts as 1).
BinaryMetrics computeBinaryMetrics(const std::vector<int64_t>& truth, const std::vector<int64_t>& predicted);

}  // namespace hint::classifiers
