// `hint report`: what a project's cache holds, with classifier quality and concept-neuron associations.
#include "commands.h"

#include "analysis/associations.h"
#include "pipeline/stored_results.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace hint::cli {
namespace {

nlohmann::json optionalNumber(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }

std::string fixed(double value, int digits)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, value);
    return text;
}

nlohmann::json topJson(const std::vector<analysis::NeuronScore>& top)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto& n : top) list.push_back({{"neuron", n.neuron}, {"score", n.score}, {"rank", n.rank}});
    return list;
}

nlohmann::json figuresJson(const pipeline::LocalizationFigures& f)
{
    return {{"images", f.images}, {"hint_iou50_accuracy", f.hintAccuracy}, {"mean_iou", f.meanIou}, {"maxboxacc", f.maxBoxAcc}};
}

nlohmann::json localizationsJson(const std::vector<pipeline::StoredLocalization>& localizations)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto& l : localizations) {
        nlohmann::json item = {{"dataset", l.dataset}, {"dir", l.dir}};
        if (!l.dir.empty()) {
            item["concept"] = figuresJson(l.concept);
            for (const auto& b : l.baselines) item["baselines"][b.name] = figuresJson(b);
            for (const auto& a : l.ablations) item["ablations"][a.name] = figuresJson(a);
        }
        list.push_back(std::move(item));
    }
    return list;
}

// "    localization on shapes-test (12 images): HINT acc 0.583, MaxBoxAcc 0.667; whole image 0.250, 0.250"
void printLocalizations(const std::vector<pipeline::StoredLocalization>& localizations)
{
    for (const auto& l : localizations) {
        std::cout << "    localization on " << l.dataset;
        if (l.dir.empty()) {
            std::cout << ": not stored\n";
            continue;
        }
        std::cout << " (" << l.concept.images << " images): HINT acc " << fixed(l.concept.hintAccuracy, 3)
                  << ", mean IoU " << fixed(l.concept.meanIou, 3) << ", MaxBoxAcc " << fixed(l.concept.maxBoxAcc, 3);
        if (const auto* whole = l.baseline("whole"))
            std::cout << "; whole image " << fixed(whole->hintAccuracy, 3) << ", " << fixed(whole->meanIou, 3) << ", "
                      << fixed(whole->maxBoxAcc, 3);
        std::cout << "\n";
    }
}

// The explorer installed beside this binary ("" when absent). In the build tree the build links it there.
std::string explorerBesideSelf()
{
    const std::string explorer = programBesideSelf("hint-explorer");
    return !explorer.empty() && ::access(explorer.c_str(), X_OK) == 0 ? explorer : std::string();
}

// --html: the static site is drawn by the explorer's views (Qt), which this binary does not link; run
// `hint-explorer PROJECT --export-report DIR` headless, its progress on our stderr, and pass on its exit.
int writeHtmlReport(const Args& args, int k)
{
    if (args.flag("json")) throw UsageError("--html and --json: choose one");
    if (args.has("cache-dir"))
        throw UsageError("--cache-dir is not supported with --html: set the project's cache_dir or HINT_CACHE_DIR");
    if (args.has("multimodal")) throw UsageError("--multimodal is not supported with --html (the report uses 2)");
    const std::string dir = args.get("html");
    if (dir.empty()) throw UsageError("--html needs a folder");
    auto project = loadProjectArg(args);  // a clear error for a bad project before starting the explorer
    if (!project) return reportError(project.error());
    const std::string explorer = explorerBesideSelf();
    if (explorer.empty()) {
        std::cerr << "hint: --html needs hint-explorer installed beside hint (the desktop explorer draws the report's "
                     "figures); it was not found next to this binary\n";
        return kExitBadInput;
    }
    std::vector<std::string> argv = {explorer, args.positional().front(), "--export-report", dir, "--top", std::to_string(k)};
    if (args.has("concepts")) argv.insert(argv.end(), {"--concepts", args.get("concepts")});
    std::vector<char*> raw;
    for (auto& arg : argv) raw.push_back(arg.data());
    raw.push_back(nullptr);
    pid_t child = 0;
    if (const int error = posix_spawn(&child, explorer.c_str(), nullptr, nullptr, raw.data(), environ); error != 0) {
        std::cerr << "hint: cannot start " << explorer << ": " << std::strerror(error) << "\n";
        return kExitRuntime;
    }
    // Ctrl-C reaches the child too, which deletes its temporary folder and exits 130: wait for it.
    std::signal(SIGINT, SIG_IGN);
    int status = 0;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return kExitRuntime;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGINT ? kExitCancelled : kExitRuntime;
}

}  // namespace

Command reportCommand()
{
    CommandSpec spec{
        "report",
        "Show what a project's cache holds: per concept x layer, held-out F1, top neurons, associations.",
        "PROJECT.hintproj [--top K] [--multimodal M] [--json | --html DIR [--concepts WNID,...]]",
        {{"top", "K", "neurons listed per concept, and the top-k of the association measures", "10"},
         {"multimodal", "M", "a neuron is multimodal when it is in the top-k of at least M concepts", "2"},
         {"html", "DIR", "write the static HTML report into DIR (replaced whole) instead of printing", ""},
         {"concepts", "LIST", "with --html: pages only for these concepts (comma-separated wnids; default all)", ""}},
        "Computes nothing: lists each concept x layer of the project with the steps stored, the held-out F1 of\n"
        "its linear and XGBoost classifiers, its top-k neurons by mean |phi| with the share of the total held by\n"
        "them and the number of neurons that hold half of it, and per data set with boxes its localization (HINT\n"
        "IoU-50 accuracy, mean IoU and MaxBoxAcc of the concept's classifier beside the whole-image box); per layer,\n"
        "the multimodal neurons. A project whose cache is missing reports nothing stored. --json prints all of it\n"
        "as one object (units[].localizations[]: dataset, dir, concept, baselines, ablations).\n"
        "--html DIR writes a self-contained static site that needs no network: index.html (project summary,\n"
        "concept tree with best F1 and stored steps), a page per concept x layer (Neuron contributions SVG, the\n"
        "top-3 neurons' heatmaps, concept maps of 2 stored images, shared and multimodal neurons, localization\n"
        "beside the baselines) and a page per layer (neuron x concept matrix), a CSV beside each figure. It runs\n"
        "hint-explorer (installed beside hint) headless, whose views draw the figures; it too computes nothing.\n"
        "Written to a temporary folder renamed onto DIR; an earlier report in DIR is replaced whole, Ctrl-C (exit\n"
        "130) or a failure leaves it as it was, and a non-empty DIR that is not a report is never replaced (exit 2)."};
    return {spec, [](const Args& args) {
                const int k = args.getInt("top", 10);
                const int m = args.getInt("multimodal", 2);
                if (k < 1 || m < 1) throw UsageError("--top and --multimodal must be >= 1");
                if (args.has("html")) return writeHtmlReport(args, k);
                if (args.has("concepts")) throw UsageError("--concepts goes with --html");
                auto project = loadProjectArg(args);
                if (!project) return reportError(project.error());
                auto stored = pipeline::listStoredResults(project.value());
                if (!stored) return reportError(stored.error());

                std::map<std::string, std::vector<analysis::ConceptScores>> byLayer;
                std::vector<std::string> layerOrder;
                nlohmann::json units = nlohmann::json::array();
                for (const auto& unit : stored->units) {
                    if (!byLayer.count(unit.layer)) layerOrder.push_back(unit.layer);
                    auto& layer = byLayer[unit.layer];
                    if (!unit.scores.empty()) layer.push_back({unit.concept, unit.layer, unit.scores, unit.linearF1});
                    const auto top = analysis::conceptTopNeurons(unit.scores, k);
                    const auto mass = analysis::collaborativeMass(unit.scores, k);
                    nlohmann::json item = {{"concept", unit.concept}, {"name", unit.conceptName}, {"layer", unit.layer},
                                           {"group", unit.group}, {"group_regions_stored", unit.groupStored},
                                           {"extract", unit.extractDir}, {"regions", unit.regionsDir},
                                           {"train", unit.trainDir}, {"shapley", unit.shapleyDir},
                                           {"f1", optionalNumber(unit.linearF1)}, {"xgboost_f1", optionalNumber(unit.xgboostF1)},
                                           {"top", topJson(top)}, {"localizations", localizationsJson(unit.localizations)}};
                    if (!unit.scores.empty()) {
                        item["top_share"] = mass.topShare;
                        item["neurons_to_half"] = mass.neuronsToHalf;
                        item["neurons"] = mass.neurons;
                    }
                    units.push_back(std::move(item));
                    if (args.flag("json")) continue;
                    std::cout << unit.layer << "  " << unit.concept << " " << unit.conceptName << "  group "
                              << unit.groupStored << "/" << unit.group.size() << " regions stored";
                    if (unit.linearF1) std::cout << ", held-out F1 linear " << fixed(*unit.linearF1, 3);
                    if (unit.xgboostF1) std::cout << ", xgboost " << fixed(*unit.xgboostF1, 3);
                    if (unit.trainDir.empty()) std::cout << ", no classifier stored";
                    std::cout << "\n";
                    if (!unit.scores.empty()) {
                        std::cout << "    top-" << k << " neurons:";
                        for (const auto& n : top) std::cout << " " << n.neuron << " (" << fixed(n.score, 4) << ")";
                        std::cout << "\n    top-" << k << " hold " << fixed(100.0 * mass.topShare, 1) << "% of the total; "
                                  << mass.neuronsToHalf << " of " << mass.neurons << " neurons hold half\n";
                    }
                    printLocalizations(unit.localizations);
                }
                nlohmann::json layers = nlohmann::json::array();
                for (const auto& layer : layerOrder) {
                    nlohmann::json multimodal = nlohmann::json::array();
                    const auto neurons = analysis::multimodalNeurons(byLayer[layer], k, m);
                    for (const auto& neuron : neurons) {
                        nlohmann::json concepts = nlohmann::json::array();
                        for (const auto& c : neuron.concepts) concepts.push_back({{"concept", c.concept}, {"score", c.score}, {"rank", c.rank}});
                        multimodal.push_back({{"neuron", neuron.neuron}, {"concepts", concepts}});
                    }
                    layers.push_back({{"layer", layer}, {"concepts_with_scores", byLayer[layer].size()}, {"multimodal", multimodal}});
                    if (args.flag("json") || byLayer[layer].size() < 2) continue;
                    std::cout << layer << ": " << neurons.size() << " neurons in the top-" << k << " of >= " << m << " concepts\n";
                    for (const auto& neuron : neurons) {
                        std::cout << "    " << neuron.neuron << ":";
                        for (const auto& c : neuron.concepts) std::cout << " " << c.concept << " (#" << c.rank << ")";
                        std::cout << "\n";
                    }
                }
                // Per-layer comparison of each concept, when the project has several layers.
                std::vector<analysis::ConceptScores> all;
                std::vector<std::string> concepts;
                for (const auto& layer : layerOrder)
                    for (const auto& scores : byLayer[layer]) all.push_back(scores);
                for (const auto& wnid : project->concepts) concepts.push_back(wnid);
                nlohmann::json perLayer = nlohmann::json::object();
                for (const auto& concept : layerOrder.size() > 1 ? concepts : std::vector<std::string>{}) {
                    const auto rows = analysis::compareLayers(all, concept, k);
                    if (rows.empty()) continue;
                    if (!args.flag("json")) std::cout << concept << " by layer:\n";
                    for (const auto& row : rows) {
                        perLayer[concept].push_back({{"layer", row.layer}, {"f1", optionalNumber(row.f1)},
                                                     {"top_share", row.mass.topShare}, {"neurons_to_half", row.mass.neuronsToHalf}});
                        if (args.flag("json")) continue;
                        std::cout << "    " << row.layer << ": F1 " << (row.f1 ? fixed(*row.f1, 3) : std::string("-"))
                                  << ", top-" << k << " share " << fixed(100.0 * row.mass.topShare, 1) << "%, "
                                  << row.mass.neuronsToHalf << " neurons to half\n";
                    }
                }
                if (args.flag("json")) {
                    std::cout << nlohmann::json{{"cache", stored->cacheRoot}, {"per_layer", perLayer}, {"entries_stored", stored->entriesStored},
                                                {"entries_total", stored->entriesTotal}, {"entries_older_format", stored->entriesOlderFormat},
                                                {"units", units}, {"layers", layers}}
                                     .dump()
                              << "\n";
                } else {
                    std::cout << stored->entriesStored << " of " << stored->entriesTotal << " entries stored in "
                              << stored->cacheRoot << "\n";
                    if (stored->entriesOlderFormat > 0)
                        std::cout << stored->entriesOlderFormat << " entries of an older cache format are ignored "
                                  << "(they are evicted first when the cache is trimmed)\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
