// Explaining an adversarial attack with a concept classifier (`hint attack`): for every image, the clean
// and the attacked input's prediction, concept map (positive cells, overlap of the two binary maps,
// mean decision) and the mean activation of the concept's top neurons. Writes attack.csv,
// summary.json, clean_maps.npy and adversarial_maps.npy (float32 N,H,W decision maps).
// attackImage does the same attack on one image and returns what a view draws: both inputs as 8-bit
// images, the class probabilities, the features at the layer and the top neurons' means.
#pragma once

#include "classifiers/linear_classifier.h"
#include "common/float_tensor.h"
#include "common/result.h"
#include "data/image.h"
#include "data/preprocess.h"
#include "jobs/job_context.h"
#include "localization/adversarial.h"
#include "model/network.h"

#include <optional>
#include <string>
#include <vector>

namespace hint::localization {

struct AttackImage {
    std::string path;
    int64_t label = -1;  // model class, -1: attack the predicted class
};

// The attack's mean and std are taken from `preprocess` (attackNormalization), whatever `attack` holds.
struct AttackRequest {
    std::vector<AttackImage> images;
    std::string layer;
    data::PreprocessSpec preprocess;
    classifiers::LinearModel classifier;
    AttackOptions attack;
    std::vector<int> topNeurons;  // whose activations are compared (spatial mean at the layer)
    std::string topNeuronSource;  // "shap" or "weight", for the report
    int batchSize = 8;
    std::string outDir;           // "" = write nothing
};

struct AttackImageResult {
    std::string path;
    int64_t label = -1;
    int64_t cleanPrediction = -1, adversarialPrediction = -1;
    int cleanPositive = 0, adversarialPositive = 0;  // cells with f > 0
    double mapIoU = 0.0;                             // of the two binary concept maps (1 when both empty)
    double cleanMeanDecision = 0.0, adversarialMeanDecision = 0.0;
    double linf = 0.0;                               // of the pixel perturbation
    std::vector<double> cleanTop, adversarialTop;    // per top neuron: spatial mean activation
};

struct AttackSummary {
    std::vector<AttackImageResult> images;
    int64_t skipped = 0;
    double predictionChanged = 0.0;                  // share of images whose top-1 changed
    std::optional<double> cleanAccuracy, adversarialAccuracy;
    double meanMapIoU = 0.0;
    double meanCleanPositive = 0.0, meanAdversarialPositive = 0.0;
    std::vector<double> meanCleanTop, meanAdversarialTop;
};

Result<AttackSummary> runAttackComparison(const model::Network& network, const AttackRequest& request,
                                          jobs::JobContext& job);

// `options` with the mean and std that map pixels in [0, 1] to the inputs `mode` makes (caffe: BGR
// channels, 0..255 minus the BGR mean, so std = 1/255).
AttackOptions attackNormalization(AttackOptions options, data::PreprocessMode mode);

struct AttackImageRequest {
    AttackImage image;
    std::string layer;
    data::PreprocessSpec preprocess;
    AttackOptions attack;           // mean and std from `preprocess`, as in AttackRequest
    std::vector<int> topNeurons;
};

struct AttackedImage {
    std::string path;
    int64_t label = -1;             // the class attacked away from: the given one, else the clean prediction
    data::ImageRgb8 clean, adversarial;  // S x S RGB: the network's inputs de-normalized, rounded to 8 bits
    std::vector<double> cleanProbabilities, adversarialProbabilities;  // softmax of the logits
    int64_t cleanPrediction = -1, adversarialPrediction = -1;
    FloatTensor cleanFeatures, adversarialFeatures;  // 1,C,H,W at the layer
    std::vector<double> cleanTop, adversarialTop;    // per top neuron: spatial mean activation
    double linf = 0.0;              // of the pixel perturbation, in [0, 1] units
};

Result<AttackedImage> attackImage(const model::Network& network, const AttackImageRequest& request,
                                  jobs::JobContext& job);

}  // namespace hint::localization
