// `hint models` and `hint layers`: what the model zoo offers. Their output is also written at build time
// into the launcher's listing (writeZooListingSource), with these same functions.
#include "commands.h"

#include "model/network.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace hint::cli {
namespace {

constexpr int kDefaultInputSize = 224;  // hint layers --input-size

std::string modelsOutput(bool json)
{
    std::ostringstream out;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& info : model::architectures()) {
        if (json) {
            list.push_back({{"arch", info.name},
                            {"input_size", info.inputSize},
                            {"num_classes", info.numClasses},
                            {"default_layer", info.defaultLayer}});
        } else {
            out << info.name << "\t" << info.inputSize << "\t" << info.numClasses << "\t" << info.defaultLayer << "\n";
        }
    }
    if (json) out << list.dump(2) << "\n";
    return out.str();
}

std::string layersOutput(const std::vector<model::TapInfo>& taps, bool json)
{
    std::ostringstream out;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& tap : taps) {
        if (json) {
            list.push_back({{"name", tap.name}, {"shape", tap.shape}});
            continue;
        }
        out << tap.name << "\t";
        for (size_t i = 0; i < tap.shape.size(); ++i) out << (i ? "x" : "") << tap.shape[i];
        out << "\n";
    }
    if (json) out << list.dump(2) << "\n";
    return out.str();
}

// A C++ raw string literal of `text` (the listing's outputs never hold its delimiter: checked).
std::string rawString(const std::string& text)
{
    if (text.find(")listing\"") != std::string::npos) throw std::runtime_error("delimiter in a listing");
    return "R\"listing(" + text + ")listing\"";
}

}  // namespace

Command modelsCommand()
{
    CommandSpec spec{"models", "List the architectures with their input size, classes and default layer.", "[--json]",
                     {}, "JSON: [{\"arch\",\"input_size\",\"num_classes\",\"default_layer\"}]"};
    return {spec, [](const Args& args) {
                std::cout << modelsOutput(args.flag("json"));
                return kExitOk;
            }};
}

Command layersCommand()
{
    CommandSpec spec{"layers",
                     "List every tap of an architecture in forward order with its output shape.",
                     "--arch A [--input-size S] [--json]",
                     {{"arch", "A", "architecture (see hint models)", ""},
                      {"input-size", "S", "input side in pixels", std::to_string(kDefaultInputSize)}},
                     "JSON: [{\"name\",\"shape\":[C,H,W]}]"};
    return {spec, [](const Args& args) {
                applyThreads(args);
                // Shapes only: no weights are allocated and nothing is computed.
                auto taps = model::Network::tapsOf(args.require("arch"), args.getInt("input-size", kDefaultInputSize));
                if (!taps) return reportError(taps.error());
                std::cout << layersOutput(taps.value(), args.flag("json"));
                return kExitOk;
            }};
}

int writeZooListingSource(const std::string& path)
{
    std::ostringstream source;
    source << "// Generated at build time by `hint-engine --write-zoo-listing` (app/cli/cmd_models.cpp).\n"
              "#include \"zoo_listing.h\"\n\nnamespace hint::launcher {\n\n"
              "const std::vector<ListingEntry>& zooListing()\n{\n    static const std::vector<ListingEntry> entries = {\n";
    source << "    {\"models\", \"\", 0, " << rawString(modelsOutput(false)) << ", " << rawString(modelsOutput(true))
           << "},\n";
    for (const auto& info : model::architectures()) {
        // The layers command's default input size and the architecture's own.
        for (const int size : std::set<int>{kDefaultInputSize, info.inputSize}) {
            auto taps = model::Network::tapsOf(info.name, size);
            if (!taps) return reportError(taps.error());
            source << "    {\"layers\", \"" << info.name << "\", " << size << ", "
                   << rawString(layersOutput(taps.value(), false)) << ", " << rawString(layersOutput(taps.value(), true))
                   << "},\n";
        }
    }
    source << "    };\n    return entries;\n}\n\n}  // namespace hint::launcher\n";
    // Rewritten only when it changed, so a relinked engine that lists the same recompiles nothing.
    std::ifstream existing(path, std::ios::binary);
    std::ostringstream previous;
    previous << existing.rdbuf();
    if (existing && previous.str() == source.str()) return kExitOk;
    const std::string temp = path + ".tmp";
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << source.str();
    out.close();
    std::error_code error;
    if (out) std::filesystem::rename(temp, path, error);
    if (!out || error) return reportError(Error::runtime("cannot write " + path));
    return kExitOk;
}

}  // namespace hint::cli
