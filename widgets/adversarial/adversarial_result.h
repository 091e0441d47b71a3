// AdversarialResult: what the Adversarial view (GUI.md view 7, METHOD.md section 4) shows for one image:
// the clean and the FGSM/PGD-attacked input as the network saw them, each one's top-1 class, the concept
// maps of the chosen classifiers and the mean activations of the concept's top neurons. Computed by the
// engine on a worker (computeAdversarial, from an AdversarialRequest), painted by AdversarialPainter.
// Plain C++ (no Qt).
#pragma once

#include "common/result.h"
#include "concept_maps.h"
#include "data/image.h"
#include "data/preprocess.h"
#include "jobs/job_context.h"
#include "localization/adversarial.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hint::model {
class Network;
}

namespace hint::widgets {

// What the user picks in the view; the rest of a request comes from the project.
struct AdversarialSettings {
    int imageIndex = -1;                 // in the view's image choices
    std::string imagePath;
    localization::AttackMethod method = localization::AttackMethod::Fgsm;
    double epsilon = 2.0;                // L-infinity radius in 1/255 pixel units
    int steps = 10;                      // PGD iterations
    bool operator==(const AdversarialSettings& o) const
    {
        return imageIndex == o.imageIndex && imagePath == o.imagePath && method == o.method && epsilon == o.epsilon &&
               steps == o.steps;
    }
};
// The engine's options for these settings (epsilon / 255, PGD's default step size).
localization::AttackOptions attackOptions(const AdversarialSettings& settings);

struct AdversarialRequest {
    std::string arch;
    std::string weightsPath;
    std::shared_ptr<const model::Network> network;  // when set, used instead of loading arch + weights
    std::string layer;
    data::PreprocessSpec preprocess;
    std::string imagePath;
    int64_t label = -1;                  // model class to attack away from; -1: the clean prediction
    localization::AttackOptions attack;
    std::vector<ConceptClassifier> classifiers;  // one concept map pair each
    std::vector<int> topNeurons;         // e.g. the top 10 by stored Shapley score
};

// One side of the comparison: the clean or the attacked input.
struct AdversarialSide {
    data::ImageRgb8 image;               // S x S RGB, as the network saw it
    int64_t prediction = -1;             // top-1 class
    std::string className;               // of the prediction ("class N" when the model's names are unknown)
    double probability = 0.0;            // softmax probability of the prediction
    double labelProbability = 0.0;       // softmax probability of the attacked label
    std::vector<ConceptMapPanel> maps;   // per classifier, as the concept maps view computes them
    std::vector<double> topMeans;        // per top neuron: spatial mean activation at the layer
};

struct AdversarialResult {
    std::string imagePath;
    std::string arch;
    std::string layer;
    localization::AttackMethod method = localization::AttackMethod::Fgsm;
    double epsilon = 0.0;                // in 1/255 pixel units
    int steps = 1;                       // PGD iterations (1 for FGSM)
    int64_t label = -1;                  // the class attacked away from
    std::string labelName;
    double linf = 0.0;                   // measured L-infinity of the perturbation, in 1/255 pixel units
    std::vector<int> topNeurons;
    AdversarialSide clean, attacked;
    bool predictionChanged() const { return clean.prediction != attacked.prediction; }
};

Result<AdversarialResult> computeAdversarial(const AdversarialRequest& request, jobs::JobContext& job);

// Display names of classes `indices` of a model with `numClasses` outputs: the Shapes world's for the
// demo's ShapesNet, WordNet's for the 1000 ImageNet classes, else "class N".
std::vector<std::string> modelClassNames(const std::string& arch, int64_t numClasses, const std::vector<int64_t>& indices);

}  // namespace hint::widgets
