// Extraction: feature maps and saliency maps of one tap for a list of images, streamed to disk as
// features.npy, saliency.npy, targets.npy and manifest.json (CLI.md, `hint extract`). Unreadable images
// are skipped and listed; the output folder appears only when complete. Several taps share one decode
// and one set of passes per batch (saliency.h), each written to its own folder exactly as alone.
#pragma once

#include "common/result.h"
#include "data/preprocess.h"
#include "jobs/job_context.h"
#include "model/network.h"
#include "saliency/saliency.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::saliency {

struct ImageItem {
    std::string path;
    int64_t labelIndex = -1;  // model output index of the image's class, -1 when unknown
};

enum class TargetMode { Label, Predicted, Index };

struct TargetSpec {
    TargetMode mode = TargetMode::Label;
    int64_t index = -1;  // with TargetMode::Index
};
Result<TargetSpec> parseTarget(const std::string& text);
std::string targetName(const TargetSpec& target);

struct ExtractionRequest {
    std::vector<ImageItem> images;
    Options saliency;
    TargetSpec target;
    data::PreprocessSpec preprocess;
    int batchSize = 16;
    std::string outDir;
};

struct ExtractionSummary {
    int64_t processed = 0;
    int64_t skipped = 0;
    std::vector<int64_t> featureShape;   // N,C,H,W
    std::vector<int64_t> saliencyShape;  // N,C,H,W or N,1,H,W
    double seconds = 0.0;
};

Result<ExtractionSummary> runExtraction(const model::Network& network, const ExtractionRequest& request,
                                        jobs::JobContext& job);

// One tap of a multi-tap extraction: its layer and its output folder.
struct TapOutput {
    std::string layer;
    std::string outDir;
};

// Every tap from the same passes (request.saliency.layer and request.outDir are not used): each folder
// holds exactly what runExtraction of that layer alone writes. The folders are published one after the
// other once every tap is complete (none when the extraction fails). One summary per tap, in order.
Result<std::vector<ExtractionSummary>> runExtractionAtTaps(const model::Network& network,
                                                           const ExtractionRequest& request,
                                                           const std::vector<TapOutput>& taps, jobs::JobContext& job);

}  // namespace hint::saliency
