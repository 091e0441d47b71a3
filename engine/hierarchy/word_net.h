// WordNet 3.0 nouns read from the database file data.noun (Debian's wordnet-base): synset ids,
// lemmas, glosses and hypernym pointers. Parsed on every load (no cache that could go stale).
#pragma once

#include "common/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hint::hierarchy {

struct Synset {
    uint32_t offset = 0;              // byte offset in data.noun, the numeric part of the wnid
    std::vector<std::string> lemmas;  // as in the file: underscores for spaces, original case
    std::string gloss;
    std::vector<uint32_t> hypernyms;  // offsets of '@' (hypernym) and '@i' (instance hypernym) targets

    std::string wnid() const;
};

class WordNet {
public:
    // /usr/share/wordnet/data.noun unless the environment variable HINT_WORDNET_DATA names another file.
    static std::string defaultPath();
    static Result<WordNet> load(const std::string& path = defaultPath());
    // Parses the text of a data.noun file; `name` is used in error messages.
    static Result<WordNet> parse(const std::string& text, const std::string& name);

    size_t size() const { return m_synsets.size(); }
    const std::vector<Synset>& synsets() const { return m_synsets; }
    // nullptr for an unknown or malformed wnid.
    const Synset* find(const std::string& wnid) const;
    const Synset* findOffset(uint32_t offset) const;
    bool contains(const std::string& wnid) const { return find(wnid) != nullptr; }

    // First lemma with underscores as spaces ("" for an unknown wnid).
    std::string name(const std::string& wnid) const;
    // Wnids of the '@' and '@i' targets.
    std::vector<std::string> hypernyms(const std::string& wnid) const;
    // Wnids whose lemmas start with the query (case-insensitive, spaces or underscores alike),
    // exact matches first, then by wnid; at most `limit`.
    std::vector<std::string> search(const std::string& query, size_t limit = 50) const;

private:
    std::vector<Synset> m_synsets;  // in file order, which is ascending offset
};

// "n02084071" -> 2084071; false for anything else.
bool parseWnid(const std::string& wnid, uint32_t& offset);
std::string wnidFromOffset(uint32_t offset);
// Lemma as shown to users: underscores as spaces.
std::string displayLemma(const std::string& lemma);
// Lower case, underscores as spaces: the form name searches compare.
std::string searchKey(const std::string& text);

// Display names of the given wnids, read by seeking to each synset (data.noun's offsets are byte
// offsets), so the 1000 ImageNet class names cost 1000 small reads instead of a full parse.
Result<std::vector<std::string>> lookupNames(const std::vector<std::string>& wnids,
                                             const std::string& path = WordNet::defaultPath());
// The 1000 ILSVRC-2012 class names in model output order.
Result<std::vector<std::string>> imagenetClassNames(const std::string& path = WordNet::defaultPath());

}  // namespace hint::hierarchy
