#include "hierarchy/word_net.h"

#include "common/embedded_resources.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace hint::hierarchy {
namespace {

// A cursor over one line of data.noun; every reader returns false on malformed input.
class LineCursor {
public:
    LineCursor(const char* begin, const char* end) : m_pos(begin), m_end(end) {}

    bool token(const char*& begin, const char*& end)
    {
        while (m_pos < m_end && *m_pos == ' ') ++m_pos;
        begin = m_pos;
        while (m_pos < m_end && *m_pos != ' ') ++m_pos;
        end = m_pos;
        return begin < end;
    }
    bool number(uint32_t& value, int base)
    {
        const char *b, *e;
        if (!token(b, e) || e - b > 10) return false;
        uint64_t v = 0;
        for (const char* p = b; p < e; ++p) {
            int digit;
            if (*p >= '0' && *p <= '9') digit = *p - '0';
            else if (base == 16 && *p >= 'a' && *p <= 'f') digit = *p - 'a' + 10;
            else if (base == 16 && *p >= 'A' && *p <= 'F') digit = *p - 'A' + 10;
            else return false;
            v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
        }
        if (v > 0xffffffffu) return false;
        value = static_cast<uint32_t>(v);
        return true;
    }
    bool skip(int count)
    {
        const char *b, *e;
        for (int i = 0; i < count; ++i)
            if (!token(b, e)) return false;
        return true;
    }
    const char* pos() const { return m_pos; }

private:
    const char* m_pos;
    const char* m_end;
};

// Parses one synset line; returns an empty string on success, else what is wrong.
std::string parseLine(const char* begin, const char* end, Synset& synset)
{
    LineCursor cursor(begin, end);
    uint32_t lexFile = 0, wordCount = 0, pointerCount = 0;
    const char *b, *e;
    if (!cursor.number(synset.offset, 10)) return "bad synset offset";
    if (!cursor.number(lexFile, 10)) return "bad lexicographer file number";
    if (!cursor.token(b, e) || e - b != 1) return "bad synset type";
    if (!cursor.number(wordCount, 16) || wordCount == 0) return "bad word count";
    for (uint32_t i = 0; i < wordCount; ++i) {
        if (!cursor.token(b, e)) return "missing word";
        synset.lemmas.emplace_back(b, e);
        if (!cursor.token(b, e) || e - b != 1 || !std::isxdigit(static_cast<unsigned char>(*b))) return "bad lex_id";
    }
    if (!cursor.number(pointerCount, 10)) return "bad pointer count";
    for (uint32_t i = 0; i < pointerCount; ++i) {
        const char *sb, *se;
        uint32_t target = 0;
        if (!cursor.token(sb, se) || !cursor.number(target, 10) || !cursor.token(b, e) || !cursor.skip(1))
            return "truncated pointer list";
        const std::string symbol(sb, se);
        if ((symbol == "@" || symbol == "@i") && e - b == 1 && *b == 'n') synset.hypernyms.push_back(target);
    }
    const char* bar = std::find(cursor.pos(), end, '|');
    if (bar != end) {
        const char* g = bar + 1;
        while (g < end && *g == ' ') ++g;
        const char* ge = end;
        while (ge > g && (ge[-1] == ' ' || ge[-1] == '\r')) --ge;
        synset.gloss.assign(g, ge);
    }
    return {};
}

Result<std::string> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput("cannot open WordNet noun database " + path + " (install Debian's wordnet-base)");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text;
}

}  // namespace

std::string Synset::wnid() const { return wnidFromOffset(offset); }

bool parseWnid(const std::string& wnid, uint32_t& offset)
{
    if (wnid.size() != 9 || wnid[0] != 'n') return false;
    uint32_t v = 0;
    for (size_t i = 1; i < 9; ++i) {
        if (wnid[i] < '0' || wnid[i] > '9') return false;
        v = v * 10 + static_cast<uint32_t>(wnid[i] - '0');
    }
    offset = v;
    return true;
}

std::string wnidFromOffset(uint32_t offset)
{
    std::string digits = std::to_string(offset);
    if (digits.size() < 8) digits.insert(0, 8 - digits.size(), '0');
    return "n" + digits;
}

std::string displayLemma(const std::string& lemma)
{
    std::string name = lemma;
    std::replace(name.begin(), name.end(), '_', ' ');
    return name;
}

std::string searchKey(const std::string& text)
{
    std::string key = displayLemma(text);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return key;
}

std::string WordNet::defaultPath()
{
    const char* env = std::getenv("HINT_WORDNET_DATA");
    return env && *env ? std::string(env) : std::string("/usr/share/wordnet/data.noun");
}

Result<WordNet> WordNet::load(const std::string& path)
{
    auto text = readFile(path);
    if (!text) return text.error();
    return parse(text.value(), path);
}

Result<WordNet> WordNet::parse(const std::string& text, const std::string& name)
{
    WordNet wordNet;
    wordNet.m_synsets.reserve(text.size() / 150);
    const char* p = text.data();
    const char* end = p + text.size();
    size_t lineNumber = 0;
    bool sorted = true;
    while (p < end) {
        const char* eol = std::find(p, end, '\n');
        ++lineNumber;
        // License header lines start with two spaces; blank lines are tolerated.
        if (eol > p && *p != ' ' && *p != '\r') {
            Synset synset;
            const std::string problem = parseLine(p, eol, synset);
            if (!problem.empty())
                return Error::badInput(name + ":" + std::to_string(lineNumber) + ": " + problem +
                                       " (not a WordNet data.noun file?)");
            if (!wordNet.m_synsets.empty() && wordNet.m_synsets.back().offset >= synset.offset) sorted = false;
            wordNet.m_synsets.push_back(std::move(synset));
        }
        p = eol < end ? eol + 1 : end;
    }
    if (wordNet.m_synsets.empty()) return Error::badInput(name + ": no synsets (not a WordNet data.noun file?)");
    if (!sorted) {
        std::stable_sort(wordNet.m_synsets.begin(), wordNet.m_synsets.end(),
                         [](const Synset& a, const Synset& b) { return a.offset < b.offset; });
        auto dup = std::adjacent_find(wordNet.m_synsets.begin(), wordNet.m_synsets.end(),
                                      [](const Synset& a, const Synset& b) { return a.offset == b.offset; });
        if (dup != wordNet.m_synsets.end()) return Error::badInput(name + ": synset " + dup->wnid() + " appears twice");
    }
    return wordNet;
}

const Synset* WordNet::findOffset(uint32_t offset) const
{
    auto it = std::lower_bound(m_synsets.begin(), m_synsets.end(), offset,
                               [](const Synset& s, uint32_t o) { return s.offset < o; });
    return it != m_synsets.end() && it->offset == offset ? &*it : nullptr;
}

const Synset* WordNet::find(const std::string& wnid) const
{
    uint32_t offset = 0;
    return parseWnid(wnid, offset) ? findOffset(offset) : nullptr;
}

std::string WordNet::name(const std::string& wnid) const
{
    const Synset* synset = find(wnid);
    return synset ? displayLemma(synset->lemmas.front()) : std::string();
}

std::vector<std::string> WordNet::hypernyms(const std::string& wnid) const
{
    std::vector<std::string> result;
    if (const Synset* synset = find(wnid))
        for (uint32_t h : synset->hypernyms) result.push_back(wnidFromOffset(h));
    return result;
}

std::vector<std::string> WordNet::search(const std::string& query, size_t limit) const
{
    const std::string key = searchKey(query);
    if (key.empty()) return {};
    std::vector<std::string> exact, prefix;
    for (const auto& synset : m_synsets) {
        bool isExact = false, isPrefix = false;
        for (const auto& lemma : synset.lemmas) {
            const std::string k = searchKey(lemma);
            if (k == key) isExact = true;
            else if (k.compare(0, key.size(), key) == 0) isPrefix = true;
        }
        if (isExact) exact.push_back(synset.wnid());
        else if (isPrefix) prefix.push_back(synset.wnid());
    }
    exact.insert(exact.end(), prefix.begin(), prefix.end());
    if (exact.size() > limit) exact.resize(limit);
    return exact;
}

Result<std::vector<std::string>> lookupNames(const std::vector<std::string>& wnids, const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput("cannot open WordNet noun database " + path + " (install Debian's wordnet-base)");
    std::vector<std::string> names;
    names.reserve(wnids.size());
    std::string line;
    for (const auto& wnid : wnids) {
        uint32_t offset = 0;
        if (!parseWnid(wnid, offset)) return Error::badInput("not a WordNet noun id: '" + wnid + "'");
        in.clear();
        in.seekg(offset);
        Synset synset;
        if (!in || !std::getline(in, line) || !parseLine(line.data(), line.data() + line.size(), synset).empty() ||
            synset.offset != offset)
            return Error::badInput(path + ": no synset at byte offset " + std::to_string(offset) + " for " + wnid +
                                   " (not WordNet 3.0's data.noun?)");
        names.push_back(displayLemma(synset.lemmas.front()));
    }
    return names;
}

Result<std::vector<std::string>> imagenetClassNames(const std::string& path)
{
    return lookupNames(resources::imagenetWnids(), path);
}

}  // namespace hint::hierarchy
