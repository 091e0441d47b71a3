// `hint concepts`: the WordNet hierarchy over a data set's classes (default: the 1000 ILSVRC-2012
// classes), as an indented tree or as JSON.
#include "commands.h"

#include "data/dataset.h"
#include "hierarchy/concept_graph.h"
#include "hierarchy/word_net.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace hint::cli {
namespace {

// The graph of the data set's labelled classes (sorted wnids), with image counts.
Result<hierarchy::ConceptGraph> graphForDataset(const hierarchy::WordNet& wordNet, const Args& args)
{
    auto dataset = data::openDataset(args.get("dataset"));
    if (!dataset) return dataset.error();
    if (args.has("labels"))
        if (auto applied = data::applyLabels(dataset.value(), args.get("labels")); !applied) return applied.error();
    const auto groups = dataset->imagesByWnid();
    if (groups.empty())
        return Error::badInput("no image in " + args.get("dataset") +
                               " has a wnid label (folder or file names starting with nXXXXXXXX, or --labels)");
    std::vector<std::string> wnids;
    std::vector<int64_t> counts;
    for (const auto& [wnid, images] : groups) {
        wnids.push_back(wnid);
        counts.push_back(static_cast<int64_t>(images.size()));
    }
    return hierarchy::ConceptGraph::build(wordNet, wnids, counts);
}

Result<int> findRoot(const hierarchy::ConceptGraph& graph, const std::string& root)
{
    if (root.empty()) return graph.root();
    if (const int index = graph.indexOf(root); index >= 0) return index;
    const auto hits = graph.search(root, 2);
    if (!hits.empty() && hierarchy::searchKey(graph.at(hits.front()).name) == hierarchy::searchKey(root)) return hits.front();
    return Error::badInput("--root " + root + " is not one of the hierarchy's concepts (see hint concepts)");
}

// Depth-first from the root, children by name, each concept once.
std::vector<int> depthFirst(const hierarchy::ConceptGraph& graph, int root, std::vector<int>* depths)
{
    std::vector<char> seen(static_cast<size_t>(graph.size()), 0);
    std::vector<std::pair<int, int>> stack{{root, 0}};
    std::vector<int> order;
    while (!stack.empty()) {
        auto [node, depth] = stack.back();
        stack.pop_back();
        if (seen[static_cast<size_t>(node)]) continue;
        seen[static_cast<size_t>(node)] = 1;
        order.push_back(node);
        if (depths) depths->push_back(depth);
        const auto& children = graph.at(node).children;
        for (auto it = children.rbegin(); it != children.rend(); ++it)
            if (!seen[static_cast<size_t>(*it)]) stack.emplace_back(*it, depth + 1);
    }
    return order;
}

nlohmann::json conceptJson(const hierarchy::ConceptGraph& graph, int index)
{
    const auto& concept = graph.at(index);
    nlohmann::json parents = nlohmann::json::array(), children = nlohmann::json::array();
    for (int p : concept.parents) parents.push_back(graph.at(p).wnid);
    for (int c : concept.children) children.push_back(graph.at(c).wnid);
    return {{"wnid", concept.wnid},
            {"name", concept.name},
            {"parents", parents},
            {"children", children},
            {"leaves", concept.leaves.size()},
            {"images", concept.images}};
}

}  // namespace

Command conceptsCommand()
{
    CommandSpec spec{"concepts",
                     "Show the WordNet hierarchy over a data set's classes (default: the 1000 ILSVRC-2012 classes).",
                     "[--dataset DIR] [--root WNID] [--search TEXT] [--json]",
                     {{"dataset", "DIR", "image folder, list file, VOC or CUB folder whose wnid labels are the leaves",
                       "ILSVRC-2012 classes"},
                      {"labels", "FILE", "file,class_index CSV overriding the labels of --dataset", ""},
                      {"root", "WNID", "show only this concept and what lies under it (a wnid or an exact name)",
                       "the root (entity)"},
                      {"search", "TEXT", "list the concepts whose name or synonym starts with TEXT", ""},
                      {"wordnet", "FILE", "WordNet 3.0 data.noun", hierarchy::WordNet::defaultPath()}},
                     "JSON: [{\"wnid\",\"name\",\"parents\":[...],\"children\":[...],\"leaves\",\"images\"}],\n"
                     "depth first from the root, children by name, each concept once. Text: an indented tree\n"
                     "(a concept with several parents appears once, under the first parent reached) with the\n"
                     "columns name, wnid, leaves, images. Images are counted only with --dataset."};
    return {spec, [](const Args& args) {
                auto wordNet = hierarchy::WordNet::load(args.get("wordnet", hierarchy::WordNet::defaultPath()));
                if (!wordNet) return reportError(wordNet.error());
                auto graph = args.has("dataset") ? graphForDataset(wordNet.value(), args)
                                                 : hierarchy::ConceptGraph::imagenet(wordNet.value());
                if (!graph) return reportError(graph.error());
                const auto& g = graph.value();

                std::vector<int> selected, depths;
                if (args.has("search")) {
                    selected = g.search(args.get("search"), static_cast<size_t>(g.size()));
                    depths.assign(selected.size(), 0);
                } else {
                    auto root = findRoot(g, args.get("root"));
                    if (!root) return reportError(root.error());
                    selected = depthFirst(g, root.value(), &depths);
                }
                if (args.flag("json")) {
                    nlohmann::json list = nlohmann::json::array();
                    for (int index : selected) list.push_back(conceptJson(g, index));
                    std::cout << list.dump(1) << "\n";
                    return kExitOk;
                }
                for (size_t i = 0; i < selected.size(); ++i) {
                    const auto& concept = g.at(selected[i]);
                    std::cout << std::string(static_cast<size_t>(depths[i]) * 2, ' ') << concept.name << "\t"
                              << concept.wnid << "\t" << concept.leaves.size() << "\t" << concept.images << "\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
