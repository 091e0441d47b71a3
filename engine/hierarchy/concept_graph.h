// ConceptGraph: the WordNet DAG over a data set's classes: the classes (leaves) and every ancestor
// through hypernym and instance-hypernym pointers, with per-concept leaves, depths and image counts.
// For the 1000 ILSVRC-2012 classes: 1860 synsets under entity (n00001740), 75 with several parents.
#pragma once

#include "common/result.h"
#include "hierarchy/word_net.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace hint::hierarchy {

struct Concept {
    std::string wnid;
    std::string name;                // first lemma, underscores as spaces
    std::vector<std::string> lemmas; // all lemmas, underscores as spaces
    std::string gloss;
    std::vector<int> parents;        // concept indices, sorted by name
    std::vector<int> children;       // concept indices, sorted by name
    std::vector<int> leaves;         // leaf descendants (itself if a class), unique, ascending class index
    int classIndex = -1;             // position in the class list given to build(), -1 for inner concepts
    int minDepth = 0;                // edges from a root, shortest path
    int maxDepth = 0;                // edges from a root, longest path
    int64_t images = 0;              // sum of its leaves' image counts

    bool isClass() const { return classIndex >= 0; }
};

class ConceptGraph {
public:
    // classWnids: the data set's classes in class order (model output order for ImageNet); imageCounts:
    // empty, or one count per class. Unknown or repeated wnids are a BadInput error.
    static Result<ConceptGraph> build(const WordNet& wordNet, const std::vector<std::string>& classWnids,
                                      const std::vector<int64_t>& imageCounts = {});
    // The 1000 ILSVRC-2012 classes in model output order.
    static Result<ConceptGraph> imagenet(const WordNet& wordNet, const std::vector<int64_t>& imageCounts = {});

    int size() const { return static_cast<int>(m_concepts.size()); }
    const std::vector<Concept>& concepts() const { return m_concepts; }  // sorted by wnid
    const Concept& at(int index) const { return m_concepts.at(static_cast<size_t>(index)); }
    int indexOf(const std::string& wnid) const;  // -1 when absent
    const Concept* find(const std::string& wnid) const;

    // Concepts without parents (WordNet 3.0 nouns: only entity), sorted by name.
    const std::vector<int>& roots() const { return m_roots; }
    int root() const { return m_roots.empty() ? -1 : m_roots.front(); }
    // Leaf concept of each class, in class order.
    const std::vector<int>& classConcepts() const { return m_classConcepts; }
    int classCount() const { return static_cast<int>(m_classConcepts.size()); }

    // Other children of the concept's parents (unique, sorted by name, without the concept itself).
    std::vector<int> siblings(int index) const;
    // Every ancestor (unique), nearest first (by max depth descending, then name).
    std::vector<int> ancestors(int index) const;
    // Every concept under it (unique, without itself), sorted by wnid.
    std::vector<int> descendants(int index) const;
    // Concepts whose name or a synonym matches the query case-insensitively (underscores = spaces):
    // exact matches, then lemma prefixes, then prefixes of a later word ("retriever" finds "golden
    // retriever"); within each group shallower first, then by name. Also accepts a wnid.
    std::vector<int> search(const std::string& query, size_t limit = 50) const;
    int64_t longestPath() const;  // the largest maxDepth

    void setImageCounts(const std::vector<int64_t>& imageCounts);  // one per class; others ignored

private:
    Status link(const WordNet& wordNet, const std::vector<std::string>& classWnids);
    Status computeDepths();

    std::vector<Concept> m_concepts;
    std::vector<int> m_roots;
    std::vector<int> m_classConcepts;
    std::unordered_map<std::string, int> m_index;
};

}  // namespace hint::hierarchy
