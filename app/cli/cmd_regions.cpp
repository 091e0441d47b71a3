// `hint regions`: responsible regions (positives) and background vectors of an extraction folder.
#include "commands.h"
#include "progress_reporter.h"

#include "regions/region_extraction.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace hint::cli {
namespace {

int64_t nonNegativeOption(const Args& args, const std::string& name)
{
    const int value = args.getInt(name, 0);
    if (value < 0) throw UsageError("--" + name + " must be >= 0 (0 = keep all)");
    return value;
}

}  // namespace

Command regionsCommand()
{
    CommandSpec spec{
        "regions",
        "Split an extraction's feature vectors into responsible regions and background.",
        "--extract DIR --out DIR [--threshold T] [--mode M] [--percentile P] [--max-positives N] [--max-background N]",
        {{"extract", "DIR", "extraction folder written by `hint extract`", ""},
         {"out", "DIR", "output folder (written to a temp folder, renamed at the end)", ""},
         {"threshold", "T", "mask = normalized saliency > T", "0.5"},
         {"mode", "M", "per-position aggregation: norm | sum | filter_norm | max | abs_sum | abs_max", "norm"},
         {"percentile", "P", "normalize by (a - min) / (P-th percentile - min), clipped to [0,1]", "99"},
         {"max-positives", "N", "keep a seeded uniform sample of at most N positives (0 = all)", "0"},
         {"max-background", "N", "keep a seeded uniform sample of at most N background vectors (0 = all)", "0"}},
        "Writes DIR/positives.npy (float32 M,K), DIR/background.npy (float32 B,K), DIR/positives_index.npy and\n"
        "DIR/background_index.npy (int64 rows of [extraction row, position h*W+w]) and DIR/regions.json\n"
        "(parameters, totals and per-image counts). gradcam-type maps (N,1,H,W) are used as they are.\n"
        "With caps, memory is about N x (4K + 32) bytes per kind plus one image, whatever the folder size.\n"
        "--json prints the totals on stdout."};
    return {spec, [](const Args& args) {
                regions::RegionParams params;
                params.mask.threshold = args.getDouble("threshold", 0.5);
                params.mask.percentile = args.getDouble("percentile", 99.0);
                auto mode = regions::parseAggregationMode(args.get("mode", "norm"));
                if (!mode) return reportError(mode.error());
                params.mask.mode = mode.value();
                params.maxPositives = nonNegativeOption(args, "max-positives");
                params.maxBackground = nonNegativeOption(args, "max-background");
                params.seed = args.getSeed();
                const std::string extract = args.require("extract");
                const std::string out = args.require("out");

                ProgressReporter reporter(args.flag("quiet"));
                auto summary = regions::computeRegions(extract, out, params, reporter);
                if (!summary) return reportError(summary.error());
                const auto& s = summary.value();
                if (args.flag("json")) {
                    std::cout << nlohmann::json{{"out", out},
                                                {"images", s.images.size()},
                                                {"positives", s.positivesWritten},
                                                {"background", s.backgroundWritten},
                                                {"positives_total", s.positivesTotal},
                                                {"background_total", s.backgroundTotal}}
                                     .dump()
                              << "\n";
                } else if (!args.flag("quiet")) {
                    std::cerr << "hint: " << s.images.size() << " images: " << s.positivesWritten << " positives (of "
                              << s.positivesTotal << "), " << s.backgroundWritten << " background (of "
                              << s.backgroundTotal << ") in " << out << "\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
