// Benchmark of `hint extract`'s engine path against the floor: a plain batched forward pass of the
// same network on the same (preprocessed) images, in one run. Prints JSON {"forward_seconds",
// "extract_seconds", "images"}. The original's way is timed by bench/original_extract.py. The floor
// always runs in float32; PRECISION (fp32 | bf16) is the extraction's.
#include "common/memory_reuse.h"
#include "data/image_io.h"
#include "data/preprocess.h"
#include "jobs/job_context.h"
#include "model/network.h"
#include "saliency/extraction.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

int main(int argc, char** argv)
{
    if (argc < 5) {
        std::cerr << "usage: extract_bench ARCH LAYER IMAGE_LIST OUT_DIR [BATCH [PRECISION]]\n";
        return 2;
    }
    const std::string arch = argv[1], layer = argv[2], list = argv[3], outDir = argv[4];
    const int batch = argc > 5 ? std::stoi(argv[5]) : 16;
    auto precision = hint::model::parsePrecision(argc > 6 ? argv[6] : "fp32");
    if (!precision) {
        std::cerr << precision.error().message << "\n";
        return 2;
    }
    hint::model::setComputeThreads(0);
    auto network = hint::model::Network::create(arch);
    if (!network) return 2;
    network.value()->randomizeWeights(0);

    std::vector<hint::saliency::ImageItem> items;
    std::ifstream in(list);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) items.push_back({line, -1});
    const hint::data::PreprocessSpec spec{hint::data::PreprocessMode::Hint, 224};

    // Floor: decode + preprocess outside the timer, then batched forward passes without autograd, with the
    // same memory policy as the extraction (large buffers reused between batches).
    std::vector<hint::FloatTensor> inputs;
    for (const auto& item : items) inputs.push_back(hint::data::preprocessImage(hint::data::decodeImage(item.path).value(), spec));
    auto t0 = std::chrono::steady_clock::now();
    const hint::ReusedMemoryScope reuseBatchBuffers;
    for (size_t first = 0; first < inputs.size(); first += static_cast<size_t>(batch)) {
        hint::FloatTensor x;
        size_t n = std::min(inputs.size() - first, static_cast<size_t>(batch));
        x.shape = {static_cast<int64_t>(n), 3, 224, 224};
        for (size_t i = 0; i < n; ++i) x.data.insert(x.data.end(), inputs[first + i].data.begin(), inputs[first + i].data.end());
        if (!network.value()->logits(x)) return 1;
    }
    const double forwardSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // Ours: the whole extraction, decoding and writing included.
    network.value()->setPrecision(precision.value());
    hint::saliency::ExtractionRequest request;
    request.images = items;
    request.saliency.layer = layer;
    request.saliency.method = hint::saliency::Method::Guided;
    request.target = {hint::saliency::TargetMode::Predicted, -1};
    request.preprocess = spec;
    request.batchSize = batch;
    request.outDir = outDir;
    hint::jobs::SimpleJobContext job;
    auto t1 = std::chrono::steady_clock::now();
    auto summary = hint::saliency::runExtraction(*network.value(), request, job);
    const double extractSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    if (!summary) {
        std::cerr << summary.error().message << "\n";
        return 1;
    }
    std::cout << "{\"images\": " << items.size() << ", \"forward_seconds\": " << forwardSeconds
              << ", \"extract_seconds\": " << extractSeconds << "}\n";
    return 0;
}
