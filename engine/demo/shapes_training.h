// Training and evaluating ShapesNet on the Shapes world (LibTorch, CPU). Every epoch draws new images
// from the generator (image i of epoch e is training image e * imagesPerEpoch + i), in a fixed batch
// order, so a run is a function of the seed (see DemoBuilder for what threading does to that).
#pragma once

#include "common/result.h"
#include "data/shapes_world.h"
#include "jobs/job_context.h"
#include "model/network.h"

#include <cstdint>
#include <vector>

namespace hint::demo {

struct TrainingOptions {
    uint64_t seed = 1;              // weight initialisation (the images come from the world's seed)
    int epochs = 15;
    int64_t imagesPerEpoch = 10000;
    int plainEpochs = 1;            // first epochs drawn without clutter (flat backgrounds, solid fills):
                                    // outlines are learnt there, much faster than in clutter from the start
    int batchSize = 32;
    double learningRate = 3e-3;     // AdamW peak, after a short warm-up, cosine decay to zero
    double weightDecay = 1e-4;
};

struct EpochStats {
    int epoch = 0;
    double loss = 0.0;       // mean training loss (train-mode batch norm)
    double accuracy = 0.0;   // training accuracy over the epoch
    double seconds = 0.0;
};

struct TrainingReport {
    std::vector<EpochStats> epochs;
    int64_t images = 0;
    double seconds = 0.0;
    double generateSeconds = 0.0;  // of which spent drawing images
};

// Re-initialises the network's weights from the seed, trains it and leaves it in eval mode with frozen
// parameters. The network must be a ShapesNet (or any architecture) with ShapesWorld::numClasses() outputs.
Result<TrainingReport> trainShapesNet(model::Network& network, const data::ShapesWorld& world,
                                      const TrainingOptions& options, jobs::JobContext& job);

struct Evaluation {
    int64_t images = 0;
    int64_t correct = 0;
    double accuracy = 0.0;
    std::vector<double> perClassAccuracy;          // in class order
    std::vector<std::vector<int64_t>> confusion;   // [true][predicted]
};

// Accuracy on images 0..count-1 of a split, preprocessed exactly as the app does (HINT mode at the
// world's image size) and classified with Network::logits.
Result<Evaluation> evaluateShapesNet(const model::Network& network, const data::ShapesWorld& world,
                                     data::ShapesSplit split, int64_t count, jobs::JobContext& job);

// A hash of the network's parameters and buffers (names, shapes, float bytes), independent of files.
std::string parametersSha256(const model::Network& network);

}  // namespace hint::demo
