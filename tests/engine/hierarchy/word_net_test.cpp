#include "hierarchy/word_net.h"

#include "common/embedded_resources.h"
#include "engine/hierarchy/word_net_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

using namespace hint::hierarchy;
using hint::test::haveWordNet;
using hint::test::kDataNoun;

namespace {



// A miniature data.noun: a licence header line, hypernym (@), instance hypernym (@i) and pointers
// that are not hypernyms (~ hyponym, #m member holonym, + derivation to a verb).
const char* kMini =
    "  1 This software and database is being provided to you, the LICENSEE, by  \n"
    "00001740 03 n 01 entity 0 001 ~ 00002137 n 0000 | that which is perceived  \n"
    "00002137 03 n 02 abstraction 0 abstract_entity 0 002 @ 00001740 n 0000 ~ 00003000 n 0000 | a general concept  \n"
    "00003000 03 n 01 Big_Idea 0 003 @ 00002137 n 0000 #m 00001740 n 0000 + 01234567 v 0101 | an idea  \n"
    "00004000 18 n 01 Einstein 0 001 @i 00003000 n 0000 | a physicist  \n";

}  // namespace

TEST(WordNet, ParsesLemmasGlossesAndOnlyHypernymPointers)
{
    auto wn = WordNet::parse(kMini, "mini");
    ASSERT_TRUE(wn.ok()) << wn.error().message;
    ASSERT_EQ(wn->size(), 4u);
    const Synset* abstraction = wn->find("n00002137");
    ASSERT_NE(abstraction, nullptr);
    EXPECT_EQ(abstraction->lemmas, (std::vector<std::string>{"abstraction", "abstract_entity"}));
    EXPECT_EQ(abstraction->gloss, "a general concept");
    EXPECT_EQ(wn->hypernyms("n00002137"), (std::vector<std::string>{"n00001740"}));
    // '#m' (member holonym) and '+' (verb) are not hypernyms; '@i' is.
    EXPECT_EQ(wn->hypernyms("n00003000"), (std::vector<std::string>{"n00002137"}));
    EXPECT_EQ(wn->hypernyms("n00004000"), (std::vector<std::string>{"n00003000"}));
    EXPECT_TRUE(wn->hypernyms("n00001740").empty());
    EXPECT_EQ(wn->name("n00003000"), "Big Idea");
    EXPECT_EQ(wn->name("n99999999"), "");
    EXPECT_EQ(wn->find("x00001740"), nullptr);
    EXPECT_EQ(wn->find("n0000174"), nullptr);
}

TEST(WordNet, SearchIsCaseInsensitiveWithPrefixesAfterExactMatches)
{
    auto wn = WordNet::parse(kMini, "mini");
    ASSERT_TRUE(wn.ok());
    EXPECT_EQ(wn->search("BIG IDEA"), (std::vector<std::string>{"n00003000"}));
    EXPECT_EQ(wn->search("abstract entity"), (std::vector<std::string>{"n00002137"}));
    EXPECT_EQ(wn->search("abstract"), (std::vector<std::string>{"n00002137"}));
    EXPECT_EQ(wn->search("ein"), (std::vector<std::string>{"n00004000"}));
    EXPECT_TRUE(wn->search("zebra").empty());
    EXPECT_TRUE(wn->search("").empty());
}

TEST(WordNet, MalformedLineIsAnErrorNamingFileAndLine)
{
    const std::string broken = std::string(kMini) + "00005000 03 n 01 lonely 0 002 @ 00000001 n 0000 @ 000\n";
    auto wn = WordNet::parse(broken, "data.noun");
    ASSERT_FALSE(wn.ok());
    EXPECT_EQ(wn.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(wn.error().message.find("data.noun:6:"), std::string::npos) << wn.error().message;

    auto counts = WordNet::parse("00001740 03 n zz entity 0 000 | x\n", "f");
    ASSERT_FALSE(counts.ok());
    EXPECT_NE(counts.error().message.find("f:1:"), std::string::npos);
    // Two words announced, one given: the second "word" would be the pointer count.
    auto words = WordNet::parse("00001740 03 n 02 entity 0 000 | x\n", "g");
    ASSERT_FALSE(words.ok());
    EXPECT_NE(words.error().message.find("g:1:"), std::string::npos);
    EXPECT_FALSE(WordNet::parse("", "empty").ok());
    EXPECT_FALSE(WordNet::load("/nonexistent/data.noun").ok());
}

TEST(WordNet, WnidFormatting)
{
    uint32_t offset = 0;
    EXPECT_TRUE(parseWnid("n02084071", offset));
    EXPECT_EQ(offset, 2084071u);
    EXPECT_EQ(wnidFromOffset(1740), "n00001740");
    EXPECT_FALSE(parseWnid("n2084071", offset));
    EXPECT_FALSE(parseWnid("v02084071", offset));
    EXPECT_EQ(displayLemma("Canis_familiaris"), "Canis familiaris");
    EXPECT_EQ(searchKey("Canis_Familiaris"), "canis familiaris");
}

TEST(WordNet, RealDatabaseParsesInUnderASecond)
{
    if (!haveWordNet()) GTEST_SKIP() << "no " << kDataNoun << " (Debian package wordnet-base)";
    const auto start = std::chrono::steady_clock::now();
    auto wn = WordNet::load(kDataNoun);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(wn.ok()) << wn.error().message;
    std::cout << "[ timing ] parsing data.noun: " << ms << " ms\n";
    EXPECT_LT(ms, 1000.0);
    EXPECT_EQ(wn->size(), 82115u);  // WordNet 3.0's noun synset count
    EXPECT_EQ(wn->name("n02084071"), "dog");
    auto dogParents = wn->hypernyms("n02084071");
    std::sort(dogParents.begin(), dogParents.end());
    EXPECT_EQ(dogParents, (std::vector<std::string>{"n01317541", "n02083346"}));  // domestic animal, canine
    EXPECT_EQ(wn->name("n01317541"), "domestic animal");
    EXPECT_EQ(wn->name("n02083346"), "canine");
    const auto hits = wn->search("canis familiaris");
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits.front(), "n02084071");
    // Every synset's offset is its line's byte offset, which the seek lookups rely on.
    EXPECT_EQ(wn->findOffset(wn->synsets().front().offset)->lemmas.front(), wn->synsets().front().lemmas.front());
}

TEST(WordNet, ImagenetClassNamesBySeekingAgreeWithTheFullParse)
{
    if (!haveWordNet()) GTEST_SKIP() << "no " << kDataNoun << " (Debian package wordnet-base)";
    auto wn = WordNet::load(kDataNoun);
    ASSERT_TRUE(wn.ok());
    const auto start = std::chrono::steady_clock::now();
    auto names = imagenetClassNames(kDataNoun);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(names.ok()) << names.error().message;
    std::cout << "[ timing ] 1000 class names by seeking: " << ms << " ms\n";
    const auto& wnids = hint::resources::imagenetWnids();
    ASSERT_EQ(names->size(), 1000u);
    for (size_t i = 0; i < wnids.size(); ++i) ASSERT_EQ(names.value()[i], wn->name(wnids[i])) << wnids[i];
    EXPECT_EQ(names->front(), "tench");
    EXPECT_FALSE(lookupNames({"n00000001"}, kDataNoun).ok());
    EXPECT_FALSE(lookupNames({"dog"}, kDataNoun).ok());
}
