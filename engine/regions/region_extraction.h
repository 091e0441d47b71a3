// Responsible regions of a whole extraction folder (as `hint extract` writes it): image by image, the
// mask of METHOD.md section 1 splits each image's feature vectors z[:,h,w] into positives (responsible)
// and background, written as positives.npy / background.npy (float32 rows of K) plus regions.json.
// Streams one image at a time; with caps, a seeded reservoir keeps memory bounded (see RegionParams).
#pragma once

#include "common/result.h"
#include "jobs/job_context.h"
#include "regions/region_mask.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::regions {

constexpr int kRegionsFormatVersion = 1;

struct RegionParams {
    MaskParams mask;
    // 0 = keep all. Otherwise a seeded uniform sample of at most this many vectors over the whole folder:
    // memory is then about cap x (4K + 32) bytes per kind instead of growing with the folder.
    int64_t maxPositives = 0;
    int64_t maxBackground = 0;
    uint64_t seed = 0;
};

// What the extraction folder holds, read from manifest.json and the .npy headers (no data loaded).
struct ExtractionImage {
    std::string path;
    int64_t labelIndex = -1;
    int64_t targetIndex = -1;
};

struct ExtractionFolder {
    std::string dir;
    std::vector<int64_t> shape;     // N, K, H, W of features.npy
    int64_t saliencyChannels = 0;   // K, or 1 for gradcam-type maps
    std::vector<ExtractionImage> images;  // the N "ok" images, in row order
    std::vector<int64_t> targets;   // targets.npy (N)
    std::string featuresPath() const { return dir + "/features.npy"; }
    std::string saliencyPath() const { return dir + "/saliency.npy"; }
};

// BadInput naming the folder, file or key when something is missing or inconsistent.
Result<ExtractionFolder> openExtraction(const std::string& dir);

struct ImageRegionCount {
    std::string path;
    int64_t row = 0;
    int64_t labelIndex = -1;
    int64_t targetIndex = -1;
    int64_t positives = 0;   // responsible positions of the image (before any sampling)
    int64_t background = 0;
    bool normalized = true;  // false when P(a) <= min(a) left the map as it was
};

struct RegionsSummary {
    RegionParams params;
    std::vector<int64_t> shape;
    int64_t saliencyChannels = 0;
    int64_t positivesTotal = 0;     // over all images, before sampling
    int64_t backgroundTotal = 0;
    int64_t positivesWritten = 0;   // rows of positives.npy
    int64_t backgroundWritten = 0;  // rows of background.npy
    int64_t bufferBytes = 0;        // the bound on what was held in memory (one image + reservoirs)
    std::vector<ImageRegionCount> images;
};

// Writes outDir/{positives.npy, background.npy, positives_index.npy, background_index.npy, regions.json}
// (the *_index files: int64 M,2 = extraction row, position h*W+w of each vector). Everything is written to
// a temporary sibling folder that is renamed to outDir at the end; a cancelled or failed run removes it
// and leaves outDir untouched. An existing outDir is replaced only if it is empty or an earlier regions
// output (it has regions.json); anything else is BadInput.
Result<RegionsSummary> computeRegions(const std::string& extractDir, const std::string& outDir,
                                      const RegionParams& params, jobs::JobContext& context);

}  // namespace hint::regions
