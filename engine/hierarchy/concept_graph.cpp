#include "hierarchy/concept_graph.h"

#include "common/embedded_resources.h"

#include <algorithm>
#include <map>
#include <set>

namespace hint::hierarchy {
namespace {

// Lowercase display forms of a concept's lemmas, for search.
std::vector<std::string> keysOf(const Concept& concept)
{
    std::vector<std::string> keys;
    for (const auto& lemma : concept.lemmas) keys.push_back(searchKey(lemma));
    return keys;
}

// 0 exact, 1 lemma prefix, 2 prefix of a later word, 3 no match.
int matchRank(const std::vector<std::string>& keys, const std::string& query)
{
    int best = 3;
    for (const auto& key : keys) {
        if (key == query) return 0;
        if (key.compare(0, query.size(), query) == 0) best = std::min(best, 1);
        for (size_t space = key.find(' '); space != std::string::npos; space = key.find(' ', space + 1))
            if (key.compare(space + 1, query.size(), query) == 0) best = std::min(best, 2);
    }
    return best;
}

}  // namespace

Result<ConceptGraph> ConceptGraph::build(const WordNet& wordNet, const std::vector<std::string>& classWnids,
                                         const std::vector<int64_t>& imageCounts)
{
    if (classWnids.empty()) return Error::badInput("no classes to build a concept hierarchy from");
    if (!imageCounts.empty() && imageCounts.size() != classWnids.size())
        return Error::runtime("image counts (" + std::to_string(imageCounts.size()) + ") do not match the classes (" +
                              std::to_string(classWnids.size()) + ")");
    ConceptGraph graph;
    if (auto status = graph.link(wordNet, classWnids); !status) return status.error();
    if (auto status = graph.computeDepths(); !status) return status.error();

    // Leaves: each class climbs to every ancestor once, so DAG diamonds do not count a leaf twice.
    std::vector<int> visitedBy(graph.m_concepts.size(), -1);
    for (size_t c = 0; c < graph.m_classConcepts.size(); ++c) {
        std::vector<int> stack{graph.m_classConcepts[c]};
        visitedBy[static_cast<size_t>(stack.back())] = static_cast<int>(c);
        while (!stack.empty()) {
            const int node = stack.back();
            stack.pop_back();
            auto& concept = graph.m_concepts[static_cast<size_t>(node)];
            concept.leaves.push_back(graph.m_classConcepts[c]);
            for (int parent : concept.parents) {
                if (visitedBy[static_cast<size_t>(parent)] == static_cast<int>(c)) continue;
                visitedBy[static_cast<size_t>(parent)] = static_cast<int>(c);
                stack.push_back(parent);
            }
        }
    }
    for (auto& concept : graph.m_concepts)
        std::sort(concept.leaves.begin(), concept.leaves.end(), [&graph](int a, int b) {
            return graph.at(a).classIndex < graph.at(b).classIndex;
        });
    graph.setImageCounts(imageCounts);
    return graph;
}

Result<ConceptGraph> ConceptGraph::imagenet(const WordNet& wordNet, const std::vector<int64_t>& imageCounts)
{
    return build(wordNet, resources::imagenetWnids(), imageCounts);
}

Status ConceptGraph::link(const WordNet& wordNet, const std::vector<std::string>& classWnids)
{
    // Collect the classes and all their ancestors, keyed by offset (= wnid order).
    std::map<uint32_t, const Synset*> members;
    std::vector<const Synset*> pending;
    std::set<uint32_t> classOffsets;
    for (size_t c = 0; c < classWnids.size(); ++c) {
        const Synset* synset = wordNet.find(classWnids[c]);
        if (!synset)
            return Error::badInput("unknown class wnid '" + classWnids[c] + "' (class " + std::to_string(c) +
                                   "): not a WordNet 3.0 noun synset");
        if (!classOffsets.insert(synset->offset).second)
            return Error::badInput("class wnid " + classWnids[c] + " is listed twice");
        if (members.emplace(synset->offset, synset).second) pending.push_back(synset);
    }
    while (!pending.empty()) {
        const Synset* synset = pending.back();
        pending.pop_back();
        for (uint32_t h : synset->hypernyms) {
            const Synset* parent = wordNet.findOffset(h);
            if (!parent)
                return Error::badInput("WordNet synset " + synset->wnid() + " points to a missing hypernym " +
                                       wnidFromOffset(h));
            if (members.emplace(h, parent).second) pending.push_back(parent);
        }
    }

    m_concepts.reserve(members.size());
    for (const auto& [offset, synset] : members) {
        Concept concept;
        concept.wnid = synset->wnid();
        for (const auto& lemma : synset->lemmas) concept.lemmas.push_back(displayLemma(lemma));
        concept.name = concept.lemmas.front();
        concept.gloss = synset->gloss;
        m_index.emplace(concept.wnid, static_cast<int>(m_concepts.size()));
        m_concepts.push_back(std::move(concept));
    }
    for (const auto& [offset, synset] : members) {
        const int child = m_index.at(wnidFromOffset(offset));
        for (uint32_t h : synset->hypernyms) {
            const int parent = m_index.at(wnidFromOffset(h));
            auto& parents = m_concepts[static_cast<size_t>(child)].parents;
            if (std::find(parents.begin(), parents.end(), parent) != parents.end()) continue;
            parents.push_back(parent);
            m_concepts[static_cast<size_t>(parent)].children.push_back(child);
        }
    }
    auto byName = [this](int a, int b) {
        const auto& ca = m_concepts[static_cast<size_t>(a)];
        const auto& cb = m_concepts[static_cast<size_t>(b)];
        const std::string ka = searchKey(ca.name), kb = searchKey(cb.name);
        return ka != kb ? ka < kb : ca.wnid < cb.wnid;
    };
    for (auto& concept : m_concepts) {
        std::sort(concept.parents.begin(), concept.parents.end(), byName);
        std::sort(concept.children.begin(), concept.children.end(), byName);
    }
    for (int i = 0; i < size(); ++i)
        if (m_concepts[static_cast<size_t>(i)].parents.empty()) m_roots.push_back(i);
    std::sort(m_roots.begin(), m_roots.end(), byName);
    for (size_t c = 0; c < classWnids.size(); ++c) {
        const int index = m_index.at(classWnids[c]);
        m_concepts[static_cast<size_t>(index)].classIndex = static_cast<int>(c);
        m_classConcepts.push_back(index);
    }
    return {};
}

Status ConceptGraph::computeDepths()
{
    // Kahn's order from the roots: a concept's depths are final once all its parents are.
    std::vector<size_t> waiting(m_concepts.size());
    std::vector<int> ready;
    for (size_t i = 0; i < m_concepts.size(); ++i) {
        waiting[i] = m_concepts[i].parents.size();
        if (waiting[i] == 0) ready.push_back(static_cast<int>(i));
    }
    size_t done = 0;
    while (!ready.empty()) {
        const int node = ready.back();
        ready.pop_back();
        ++done;
        const auto& concept = m_concepts[static_cast<size_t>(node)];
        for (int child : concept.children) {
            auto& c = m_concepts[static_cast<size_t>(child)];
            const bool first = waiting[static_cast<size_t>(child)] == c.parents.size();
            c.minDepth = first ? concept.minDepth + 1 : std::min(c.minDepth, concept.minDepth + 1);
            c.maxDepth = first ? concept.maxDepth + 1 : std::max(c.maxDepth, concept.maxDepth + 1);
            if (--waiting[static_cast<size_t>(child)] == 0) ready.push_back(child);
        }
    }
    if (done != m_concepts.size()) return Error::badInput("the WordNet hypernym pointers form a cycle");
    return {};
}

void ConceptGraph::setImageCounts(const std::vector<int64_t>& imageCounts)
{
    for (auto& concept : m_concepts) {
        concept.images = 0;
        for (int leaf : concept.leaves) {
            const size_t c = static_cast<size_t>(m_concepts[static_cast<size_t>(leaf)].classIndex);
            if (c < imageCounts.size()) concept.images += imageCounts[c];
        }
    }
}

int ConceptGraph::indexOf(const std::string& wnid) const
{
    auto found = m_index.find(wnid);
    return found == m_index.end() ? -1 : found->second;
}

const Concept* ConceptGraph::find(const std::string& wnid) const
{
    const int index = indexOf(wnid);
    return index < 0 ? nullptr : &m_concepts[static_cast<size_t>(index)];
}

std::vector<int> ConceptGraph::siblings(int index) const
{
    const auto& concept = at(index);
    std::vector<int> result;
    for (int parent : concept.parents)
        for (int child : at(parent).children)
            if (child != index && std::find(result.begin(), result.end(), child) == result.end()) result.push_back(child);
    std::sort(result.begin(), result.end(), [this](int a, int b) {
        const std::string ka = searchKey(at(a).name), kb = searchKey(at(b).name);
        return ka != kb ? ka < kb : at(a).wnid < at(b).wnid;
    });
    return result;
}

std::vector<int> ConceptGraph::ancestors(int index) const
{
    std::vector<char> seen(m_concepts.size(), 0);
    std::vector<int> stack{index}, result;
    while (!stack.empty()) {
        const int node = stack.back();
        stack.pop_back();
        for (int parent : at(node).parents) {
            if (seen[static_cast<size_t>(parent)]) continue;
            seen[static_cast<size_t>(parent)] = 1;
            result.push_back(parent);
            stack.push_back(parent);
        }
    }
    std::sort(result.begin(), result.end(), [this](int a, int b) {
        if (at(a).maxDepth != at(b).maxDepth) return at(a).maxDepth > at(b).maxDepth;
        return at(a).name < at(b).name;
    });
    return result;
}

std::vector<int> ConceptGraph::descendants(int index) const
{
    std::vector<char> seen(m_concepts.size(), 0);
    std::vector<int> stack{index}, result;
    while (!stack.empty()) {
        const int node = stack.back();
        stack.pop_back();
        for (int child : at(node).children) {
            if (seen[static_cast<size_t>(child)]) continue;
            seen[static_cast<size_t>(child)] = 1;
            result.push_back(child);
            stack.push_back(child);
        }
    }
    std::sort(result.begin(), result.end());  // indices are in wnid order
    return result;
}

std::vector<int> ConceptGraph::search(const std::string& query, size_t limit) const
{
    if (const int exact = indexOf(query); exact >= 0) return {exact};
    const std::string key = searchKey(query);
    if (key.empty()) return {};
    std::vector<std::pair<int, int>> hits;  // rank, index
    for (int i = 0; i < size(); ++i) {
        const int rank = matchRank(keysOf(at(i)), key);
        if (rank < 3) hits.emplace_back(rank, i);
    }
    std::sort(hits.begin(), hits.end(), [this](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        const auto &ca = at(a.second), &cb = at(b.second);
        if (ca.minDepth != cb.minDepth) return ca.minDepth < cb.minDepth;
        return ca.name != cb.name ? ca.name < cb.name : ca.wnid < cb.wnid;
    });
    std::vector<int> result;
    for (size_t i = 0; i < hits.size() && i < limit; ++i) result.push_back(hits[i].second);
    return result;
}

int64_t ConceptGraph::longestPath() const
{
    int64_t longest = 0;
    for (const auto& concept : m_concepts) longest = std::max<int64_t>(longest, concept.maxDepth);
    return longest;
}

}  // namespace hint::hierarchy
