// `hint models` and `hint layers`: what the model zoo offers.
#include "commands.h"

#include "model/network.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace hint::cli {

Command modelsCommand()
{
    CommandSpec spec{"models", "List the architectures with their input size, classes and default layer.", "[--json]",
                     {}, "JSON: [{\"arch\",\"input_size\",\"num_classes\",\"default_layer\"}]"};
    return {spec, [](const Args& args) {
                nlohmann::json list = nlohmann::json::array();
                for (const auto& info : model::architectures()) {
                    if (args.flag("json")) {
                        list.push_back({{"arch", info.name},
                                        {"input_size", info.inputSize},
                                        {"num_classes", info.numClasses},
                                        {"default_layer", info.defaultLayer}});
                    } else {
                        std::cout << info.name << "\t" << info.inputSize << "\t" << info.numClasses << "\t"
                                  << info.defaultLayer << "\n";
                    }
                }
                if (args.flag("json")) std::cout << list.dump(2) << "\n";
                return kExitOk;
            }};
}

Command layersCommand()
{
    CommandSpec spec{"layers",
                     "List every tap of an architecture in forward order with its output shape.",
                     "--arch A [--input-size S] [--json]",
                     {{"arch", "A", "architecture (see hint models)", ""},
                      {"input-size", "S", "input side in pixels", "224"}},
                     "JSON: [{\"name\",\"shape\":[C,H,W]}]"};
    return {spec, [](const Args& args) {
                applyThreads(args);
                // Shapes only: no weights are allocated and nothing is computed.
                auto taps = model::Network::tapsOf(args.require("arch"), args.getInt("input-size", 224));
                if (!taps) return reportError(taps.error());
                nlohmann::json list = nlohmann::json::array();
                for (const auto& tap : taps.value()) {
                    if (args.flag("json")) {
                        list.push_back({{"name", tap.name}, {"shape", tap.shape}});
                        continue;
                    }
                    std::cout << tap.name << "\t";
                    for (size_t i = 0; i < tap.shape.size(); ++i) std::cout << (i ? "x" : "") << tap.shape[i];
                    std::cout << "\n";
                }
                if (args.flag("json")) std::cout << list.dump(2) << "\n";
                return kExitOk;
            }};
}

}  // namespace hint::cli
