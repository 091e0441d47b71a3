// RunParameters: what the Run panel holds, and how it maps onto a project's fields (model, layers,
// parameters, seed) with the key names the pipeline reads (pipeline/pipeline_plan.h).
#pragma once

#include <QString>

namespace hint::store {
class Project;
}

namespace hint::gui {

struct RunParameters {
    QString arch;
    QString weights;  // empty: none chosen
    QString tap;
    QString saliency = QStringLiteral("guided");
    double threshold = 0.5;
    int imagesPerLeaf = 20;
    QString classifier = QStringLiteral("sgd-huber");
    QString shapley = QStringLiteral("tree");
    QString precision = QStringLiteral("fp32");  // "fp32" | "bf16" (model::parsePrecision)
    int seed = 0;
};

// The project's values over `defaults` (the panel's current choices for what the project leaves open).
RunParameters runParametersOf(const store::Project& project, RunParameters defaults);

// Writes the parameters into the project. The tap is added to the project's layers when missing, so
// results computed for it are listed with the project's.
void applyRunParameters(const RunParameters& parameters, store::Project& project);

}  // namespace hint::gui
