// Reads the CSV that `hint shapley --out FILE.csv` writes (CLI.md):
// neuron,mean_abs,median_abs,max_abs,min_abs,rank, one row per neuron, into NeuronScores.
#pragma once

#include "common/result.h"
#include "neuron_scores.h"

#include <string>

namespace hint::widgets {

// Every numeric column except `neuron` and `rank` becomes a score series, except ci95_low,ci95_high
// (sampling estimates), which become the mean |phi| series' interval. Errors name file and line.
Result<NeuronScores> readShapleyCsv(const std::string& path);

}  // namespace hint::widgets
