// Benchmark of an extraction at several taps in one pass (saliency::runExtractionAtTaps) against the
// same taps one at a time (saliency::runExtraction), on the same images in one run, guided saliency,
// random seeded weights. Each variant runs REPEATS times, interleaved, and the fastest run counts (the
// machine may be shared). Prints JSON: seconds of each tap alone, of all taps together, and the ratios
// together / costliest single tap (the earliest one: its backward pass is the longest), together /
// latest tap (the last listed: give TAPS in forward order), together / sum of the single taps (what a
// multi-layer project paid before).
#include "jobs/job_context.h"
#include "model/network.h"
#include "saliency/extraction.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <sys/resource.h>

namespace {

struct Timing {
    double wall = 1e30;
    double cpu = 1e30;  // user + system of the whole process (all compute threads)
};

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

template <class F>
bool timeInto(Timing& best, F&& run)
{
    const double cpu0 = processCpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    if (!run()) return false;
    best.wall = std::min(best.wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    best.cpu = std::min(best.cpu, processCpuSeconds() - cpu0);
    return true;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 5) {
        std::cerr << "usage: multi_tap_bench ARCH TAP,TAP,... IMAGE_LIST OUT_DIR [BATCH] [REPEATS]\n";
        return 2;
    }
    const std::string arch = argv[1], list = argv[3], outDir = argv[4];
    std::vector<std::string> layers;
    std::stringstream tapText(argv[2]);
    for (std::string tap; std::getline(tapText, tap, ',');)
        if (!tap.empty()) layers.push_back(tap);
    const int batch = argc > 5 ? std::stoi(argv[5]) : 16;
    const int repeats = argc > 6 ? std::stoi(argv[6]) : 2;
    hint::model::setComputeThreads(0);
    auto network = hint::model::Network::create(arch);
    if (!network) {
        std::cerr << network.error().message << "\n";
        return 2;
    }
    network.value()->randomizeWeights(0);

    hint::saliency::ExtractionRequest request;
    std::ifstream in(list);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) request.images.push_back({line, -1});
    request.saliency.method = hint::saliency::Method::Guided;
    request.target = {hint::saliency::TargetMode::Predicted, -1};
    request.preprocess = {hint::data::PreprocessMode::Hint, 224};
    request.batchSize = batch;

    std::vector<Timing> alone(layers.size());
    Timing together;
    std::vector<hint::saliency::TapOutput> taps;
    for (const auto& layer : layers) taps.push_back({layer, outDir + "/together/" + layer});
    for (int r = 0; r < repeats; ++r) {
        for (size_t t = 0; t < layers.size(); ++t) {
            request.saliency.layer = layers[t];
            request.outDir = outDir + "/alone-" + layers[t];
            const bool ok = timeInto(alone[t], [&] {
                hint::jobs::SimpleJobContext job;
                auto summary = hint::saliency::runExtraction(*network.value(), request, job);
                if (!summary) std::cerr << summary.error().message << "\n";
                return summary.ok();
            });
            if (!ok) return 1;
        }
        const bool ok = timeInto(together, [&] {
            hint::jobs::SimpleJobContext job;
            auto summaries = hint::saliency::runExtractionAtTaps(*network.value(), request, taps, job);
            if (!summaries) std::cerr << summaries.error().message << "\n";
            return summaries.ok();
        });
        if (!ok) return 1;
    }

    nlohmann::json result = {{"arch", arch}, {"images", request.images.size()}, {"batch", batch},
                             {"repeats", repeats}, {"threads", hint::model::computeThreads()}};
    double maxWall = 0, maxCpu = 0, sumWall = 0, sumCpu = 0;
    for (size_t t = 0; t < layers.size(); ++t) {
        result["alone"][layers[t]] = {{"wall_seconds", alone[t].wall}, {"cpu_seconds", alone[t].cpu}};
        maxWall = std::max(maxWall, alone[t].wall);
        maxCpu = std::max(maxCpu, alone[t].cpu);
        sumWall += alone[t].wall;
        sumCpu += alone[t].cpu;
    }
    result["together"] = {{"wall_seconds", together.wall}, {"cpu_seconds", together.cpu}};
    result["ratio_together_vs_costliest_tap"] = {{"wall", together.wall / maxWall}, {"cpu", together.cpu / maxCpu}};
    result["ratio_together_vs_latest_tap"] = {{"wall", together.wall / alone.back().wall},
                                              {"cpu", together.cpu / alone.back().cpu}};
    result["ratio_together_vs_sum_of_taps"] = {{"wall", together.wall / sumWall}, {"cpu", together.cpu / sumCpu}};
    std::cout << result.dump(2) << "\n";
    return 0;
}
