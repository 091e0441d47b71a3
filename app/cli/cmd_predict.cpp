// `hint predict`: the model's top classes for each image (a quick check that weights and preprocessing fit).
#include "commands.h"
#include "image_inputs.h"
#include "progress_reporter.h"

#include "common/embedded_resources.h"
#include "data/image_io.h"
#include "data/preprocess.h"
#include "hierarchy/word_net.h"
#include "model/network.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <numeric>

namespace hint::cli {
namespace {

nlohmann::json topClasses(const float* logits, int64_t classes, int top, const std::vector<std::string>& names)
{
    // Softmax, then the k largest.
    const float maxLogit = *std::max_element(logits, logits + classes);
    std::vector<double> prob(static_cast<size_t>(classes));
    double sum = 0.0;
    for (int64_t c = 0; c < classes; ++c) sum += prob[static_cast<size_t>(c)] = std::exp(logits[c] - maxLogit);
    std::vector<int64_t> order(static_cast<size_t>(classes));
    std::iota(order.begin(), order.end(), 0);
    const size_t k = std::min<size_t>(static_cast<size_t>(std::max(1, top)), order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](int64_t a, int64_t b) { return prob[static_cast<size_t>(a)] > prob[static_cast<size_t>(b)]; });
    const auto& wnids = resources::imagenetWnids();
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < k; ++i) {
        const auto c = static_cast<size_t>(order[i]);
        const bool imagenet = classes == static_cast<int64_t>(wnids.size());
        list.push_back({{"index", order[i]},
                        {"wnid", imagenet ? wnids[c] : ""},
                        {"name", c < names.size() ? names[c] : ""},
                        {"prob", prob[c] / sum}});
    }
    return list;
}

}  // namespace

Command predictCommand()
{
    CommandSpec spec{"predict",
                     "Classify images and print each one's top classes.",
                     "--arch A --weights W (--images DIR|LIST | IMAGE...) [--preprocess classify|hint|caffe] [--top K] [--json]",
                     {{"arch", "A", "architecture (see hint models)", ""},
                      {"weights", "W", "weights file: PyTorch .pth state dict or .safetensors", ""},
                      {"images", "DIR|LIST", "image folder or list file (image files may also follow as arguments)", ""},
                      {"labels", "FILE", "file,class_index CSV overriding labels", ""},
                      {"preprocess", "P", "classify | hint | caffe", "classify"},
                      {"input-size", "S", "input side in pixels", "224 (caffe: 227)"},
                      {"top", "K", "classes per image", "5"},
                      {"batch", "N", "images per batch", "32"}},
                     "JSON (one object per line): {\"image\",\"label_index\",\"top\":[{\"index\",\"wnid\",\"name\",\"prob\"}]}.\n"
                     "Unreadable images are reported on stderr and skipped."};
    return {spec, [](const Args& args) {
                applyThreads(args);
                auto network = model::Network::create(args.require("arch"));
                if (!network) return reportError(network.error());
                auto& net = *network.value();
                // Classifying needs no hash of the weights (no cache key, no provenance): skipping it saves a
                // read of the whole file.
                if (auto status = net.loadWeights(args.require("weights"), model::WeightsHash::Skip); !status)
                    return reportError(status.error());
                auto mode = data::parsePreprocessMode(args.get("preprocess", net.info().defaultPreprocess));
                if (!mode) return reportError(mode.error());
                const data::PreprocessSpec preprocess{mode.value(),
                                                      args.getInt("input-size", data::defaultInputSize(mode.value()))};
                auto items = imageItemsFromArgs(args);
                if (!items) return reportError(items.error());
                auto names = hierarchy::imagenetClassNames();
                const std::vector<std::string> classNames = names ? names.value() : std::vector<std::string>{};
                const int top = args.getInt("top", 5);
                const size_t batchSize = static_cast<size_t>(std::max(1, args.getInt("batch", 32)));

                ProgressReporter progress(args.flag("quiet"));
                const auto& list = items.value();
                for (size_t first = 0; first < list.size(); first += batchSize) {
                    if (progress.isCancelled()) return reportError(Error::cancelled());
                    std::vector<size_t> kept;
                    FloatTensor batch;
                    for (size_t i = first; i < std::min(list.size(), first + batchSize); ++i) {
                        auto image = data::decodeImage(list[i].path);
                        if (!image) {
                            progress.warning("skipped " + image.error().message);
                            continue;
                        }
                        FloatTensor input = data::preprocessImage(image.value(), preprocess);
                        batch.data.insert(batch.data.end(), input.data.begin(), input.data.end());
                        kept.push_back(i);
                    }
                    if (kept.empty()) continue;
                    batch.shape = {static_cast<int64_t>(kept.size()), 3, preprocess.size, preprocess.size};
                    auto logits = net.logits(batch);
                    if (!logits) return reportError(logits.error());
                    const int64_t classes = logits->shape[1];
                    for (size_t k = 0; k < kept.size(); ++k) {
                        nlohmann::json topList = topClasses(logits->data.data() + k * static_cast<size_t>(classes),
                                                            classes, top, classNames);
                        const auto& item = list[kept[k]];
                        if (args.flag("json")) {
                            std::cout << nlohmann::json{{"image", item.path}, {"label_index", item.labelIndex}, {"top", topList}}.dump()
                                      << "\n";
                        } else {
                            std::cout << item.path;
                            for (const auto& t : topList)
                                std::cout << "\t" << t["index"].get<int64_t>() << " " << t["name"].get<std::string>() << " "
                                          << t["prob"].get<double>();
                            std::cout << "\n";
                        }
                    }
                    progress.progress(static_cast<int64_t>(std::min(list.size(), first + batchSize)),
                                      static_cast<int64_t>(list.size()), "predict");
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
