// The seeded train/validation split of a training matrix (our own split, not scikit-learn's
// train_test_split): a seeded permutation of the rows; the first ceil(n * validationFraction) rows of it
// are held out, as train_test_split sizes its test part. Not stratified, like the original.
#pragma once

#include "common/float_tensor.h"

#include <cstdint>
#include <vector>

namespace hint::classifiers {

struct DataSplit {
    std::vector<int64_t> train;       // row indices, increasing
    std::vector<int64_t> validation;  // row indices, increasing
};

DataSplit splitTrainValidation(int64_t rows, double validationFraction, uint64_t seed);

// Rows of a 2-d matrix (N,K) picked by index, in the given order.
FloatTensor gatherRows(const FloatTensor& matrix, const std::vector<int64_t>& rows);
std::vector<int64_t> gatherValues(const std::vector<int64_t>& values, const std::vector<int64_t>& rows);

}  // namespace hint::classifiers
