// The built-in demo: generates the Shapes world, trains ShapesNet and writes everything the apps
// need into one folder, atomically (a temporary sibling renamed at the end):
//   demo.json                manifest (classes, paths relative to the folder, figures)
//   demo.hintproj            the project `hint run` and the GUI open (see demo_project.h)
//   shapesnet.safetensors    the trained weights (copied from the shipped ones when they match the recipe)
//   test/images/<wnid>/*.png held-out images (ImageNet layout: `hint concepts --dataset`, extraction)
//   test/masks/<wnid>/*.png  instance masks; test/boxes.csv; test/labels.csv (file,class_index)
//   train/...                the first training images, only when asked for
#pragma once

#include "common/result.h"
#include "data/shapes_world.h"
#include "demo/shapes_training.h"
#include "demo/shipped_demo.h"
#include "hierarchy/concept_graph.h"
#include "jobs/job_context.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::demo {

constexpr int kDemoFormatVersion = 1;
constexpr const char* kDemoArch = "shapesnet";
constexpr const char* kDemoManifest = "demo.json";
constexpr const char* kDemoWeights = "shapesnet.safetensors";

struct DemoOptions {
    uint64_t seed = 1;              // drives the world and the weight initialisation
    int imageSize = 96;
    TrainingOptions training;       // its seed is replaced by `seed`
    int64_t testPerClass = 100;     // held-out images written and scored
    int64_t trainImagesToWrite = 0; // training images also written as a data set (0: none)
    // Folders searched for shipped weights trained with the same seed and options (see shipped_demo.h);
    // the first match is copied instead of training. Empty, or retrain: always train.
    std::vector<std::string> shippedDirs = shippedDemoDirs();
    bool retrain = false;
};

struct DemoResult {
    std::string dir;
    std::string weightsPath;
    std::string weightsSha256;      // of the safetensors file
    int64_t weightsBytes = 0;
    std::string parametersSha256;   // of the tensors themselves
    std::string imagesDir, masksDir, boxesCsv, labelsCsv;
    Evaluation test;
    TrainingReport training;        // empty when the weights were shipped
    bool trained = true;            // false: the weights were copied from `weightsSource`
    std::string weightsSource;      // the shipped weights file used, "" when trained here
    std::string projectPath;        // demo.hintproj
    int64_t concepts = 0;           // in the project (only the classes when WordNet cannot be read)
    double seconds = 0.0;           // wall time of the whole build
    double cpuSeconds = 0.0;        // process CPU time over the build (all threads)
    int threads = 0;
};

// $XDG_DATA_HOME/hint-explorer/demo, else ~/.local/share/hint-explorer/demo.
std::string defaultDemoDir();

// Builds the demo into `dir`. An existing `dir` is replaced only when it is empty or an earlier demo
// (holds demo.json); anything else is BadInput and left untouched, as is `dir` on failure or cancel.
Result<DemoResult> buildDemo(const std::string& dir, const DemoOptions& options, jobs::JobContext& job);

// The demo's concept graph: its classes with their WordNet ancestors (class order = model outputs).
Result<hierarchy::ConceptGraph> shapesConceptGraph(const hierarchy::WordNet& wordNet);

}  // namespace hint::demo
