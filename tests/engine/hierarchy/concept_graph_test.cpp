#include "hierarchy/concept_graph.h"

#include "common/embedded_resources.h"
#include "engine/hierarchy/word_net_data.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

using namespace hint::hierarchy;
using hint::test::kDataNoun;

namespace {


// entity -> animal -> canine -> dog, wolf; entity -> pet -> dog, kitty (dog has two parents, so the
// root reaches it by two paths of different lengths); entity -> rock.
const char* kZoo =
    "00000001 03 n 01 entity 0 000 | root  \n"
    "00000002 05 n 01 animal 0 001 @ 00000001 n 0000 | a\n"
    "00000003 05 n 01 canine 0 001 @ 00000002 n 0000 | c\n"
    "00000004 05 n 02 dog 0 Canis_familiaris 0 002 @ 00000003 n 0000 @ 00000005 n 0000 | d\n"
    "00000005 05 n 01 pet 0 001 @ 00000001 n 0000 | p\n"
    "00000006 05 n 01 wolf 0 001 @ 00000003 n 0000 | w\n"
    "00000007 05 n 01 kitty 0 001 @ 00000005 n 0000 | k\n"
    "00000008 17 n 01 rock 0 001 @i 00000001 n 0000 | r\n"
    "00000009 17 n 01 unused 0 001 @ 00000001 n 0000 | u\n";

std::vector<std::string> wnidsOf(const ConceptGraph& graph, const std::vector<int>& indices)
{
    std::vector<std::string> result;
    for (int i : indices) result.push_back(graph.at(i).wnid);
    return result;
}

std::string runCommand(const std::string& command)
{
    std::string output;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return output;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) output.append(buffer, n);
    return output;
}

}  // namespace

TEST(ConceptGraph, DiamondCountsEachLeafOnceAndKeepsBothDepths)
{
    auto wn = WordNet::parse(kZoo, "zoo");
    ASSERT_TRUE(wn.ok()) << wn.error().message;
    // Classes: dog, wolf, kitty, rock with 10, 20, 30, 40 images.
    auto graph = ConceptGraph::build(wn.value(), {"n00000004", "n00000006", "n00000007", "n00000008"}, {10, 20, 30, 40});
    ASSERT_TRUE(graph.ok()) << graph.error().message;
    const auto& g = graph.value();
    EXPECT_EQ(g.size(), 8);  // "unused" is no ancestor of a class
    EXPECT_EQ(g.indexOf("n00000009"), -1);
    ASSERT_EQ(g.roots().size(), 1u);
    EXPECT_EQ(g.at(g.root()).wnid, "n00000001");

    const Concept& entity = *g.find("n00000001");
    EXPECT_EQ(entity.leaves.size(), 4u);  // dog reached twice, counted once
    EXPECT_EQ(entity.images, 100);
    const Concept& pet = *g.find("n00000005");
    EXPECT_EQ(wnidsOf(g, pet.leaves), (std::vector<std::string>{"n00000004", "n00000007"}));
    EXPECT_EQ(pet.images, 40);
    const Concept& dog = *g.find("n00000004");
    EXPECT_EQ(dog.minDepth, 2);  // entity -> pet -> dog
    EXPECT_EQ(dog.maxDepth, 3);  // entity -> animal -> canine -> dog
    EXPECT_EQ(dog.classIndex, 0);
    EXPECT_TRUE(dog.isClass());
    EXPECT_FALSE(pet.isClass());
    EXPECT_EQ(dog.lemmas, (std::vector<std::string>{"dog", "Canis familiaris"}));
    EXPECT_EQ(wnidsOf(g, dog.parents), (std::vector<std::string>{"n00000003", "n00000005"}));  // canine, pet by name
    EXPECT_EQ(g.find("n00000008")->parents.size(), 1u);  // instance hypernym
    EXPECT_EQ(g.longestPath(), 3);

    // Siblings through both parents: wolf (canine) and kitty (pet).
    EXPECT_EQ(wnidsOf(g, g.siblings(g.indexOf("n00000004"))), (std::vector<std::string>{"n00000007", "n00000006"}));
    EXPECT_EQ(wnidsOf(g, g.ancestors(g.indexOf("n00000004"))),
              (std::vector<std::string>{"n00000003", "n00000002", "n00000005", "n00000001"}));
    EXPECT_EQ(wnidsOf(g, g.descendants(g.indexOf("n00000005"))), (std::vector<std::string>{"n00000004", "n00000007"}));
    EXPECT_EQ(wnidsOf(g, g.classConcepts()),
              (std::vector<std::string>{"n00000004", "n00000006", "n00000007", "n00000008"}));

    graph->setImageCounts({1, 1, 1, 1});
    EXPECT_EQ(g.find("n00000001")->images, 4);
}

TEST(ConceptGraph, SearchByNameSynonymPrefixAndWnid)
{
    auto wn = WordNet::parse(kZoo, "zoo");
    ASSERT_TRUE(wn.ok());
    auto graph = ConceptGraph::build(wn.value(), {"n00000004", "n00000006", "n00000007", "n00000008"});
    ASSERT_TRUE(graph.ok());
    const auto& g = graph.value();
    EXPECT_EQ(wnidsOf(g, g.search("CANIS")), (std::vector<std::string>{"n00000004"}));
    EXPECT_EQ(wnidsOf(g, g.search("familiaris")), (std::vector<std::string>{"n00000004"}));  // later word
    EXPECT_EQ(wnidsOf(g, g.search("n00000006")), (std::vector<std::string>{"n00000006"}));
    // "can" starts canine and "Canis familiaris" (dog): same rank and depth (2), so by name.
    EXPECT_EQ(wnidsOf(g, g.search("can")), (std::vector<std::string>{"n00000003", "n00000004"}));
    EXPECT_TRUE(g.search("unused").empty());
    EXPECT_EQ(g.search("can", 1).size(), 1u);
}

TEST(ConceptGraph, UnknownRepeatedAndCyclicInputAreErrors)
{
    auto wn = WordNet::parse(kZoo, "zoo");
    ASSERT_TRUE(wn.ok());
    auto unknown = ConceptGraph::build(wn.value(), {"n00000004", "n12345678"});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(unknown.error().message.find("n12345678"), std::string::npos);
    EXPECT_FALSE(ConceptGraph::build(wn.value(), {"n00000004", "n00000004"}).ok());
    EXPECT_FALSE(ConceptGraph::build(wn.value(), {}).ok());

    auto cyclic = WordNet::parse("00000001 03 n 01 a 0 001 @ 00000002 n 0000 | a\n"
                                 "00000002 03 n 01 b 0 001 @ 00000001 n 0000 | b\n",
                                 "cycle");
    ASSERT_TRUE(cyclic.ok());
    auto graph = ConceptGraph::build(cyclic.value(), {"n00000001"});
    ASSERT_FALSE(graph.ok());
    EXPECT_NE(graph.error().message.find("cycle"), std::string::npos);
}

TEST(ConceptGraph, ImagenetHierarchyFacts)
{
    if (!std::filesystem::exists(kDataNoun)) GTEST_SKIP() << "no " << kDataNoun << " (Debian package wordnet-base)";
    auto wn = WordNet::load(kDataNoun);
    ASSERT_TRUE(wn.ok());
    const auto start = std::chrono::steady_clock::now();
    auto graph = ConceptGraph::imagenet(wn.value());
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(graph.ok()) << graph.error().message;
    std::cout << "[ timing ] ConceptGraph for the 1000 ILSVRC-2012 classes: " << ms << " ms\n";
    const auto& g = graph.value();
    EXPECT_EQ(g.size(), 1860);
    ASSERT_EQ(g.roots().size(), 1u);
    EXPECT_EQ(g.at(g.root()).wnid, "n00001740");
    EXPECT_EQ(g.at(g.root()).name, "entity");
    int multiParent = 0;
    for (const auto& c : g.concepts()) multiParent += c.parents.size() > 1 ? 1 : 0;
    EXPECT_EQ(multiParent, 75);
    EXPECT_EQ(g.find("n00015388")->leaves.size(), 398u);  // animal
    EXPECT_EQ(g.find("n00003553")->leaves.size(), 949u);  // whole
    EXPECT_EQ(g.at(g.root()).leaves.size(), 1000u);
    EXPECT_EQ(g.longestPath(), 18);
    const Concept* dog = g.find("n02084071");
    ASSERT_NE(dog, nullptr);
    std::vector<std::string> parentNames;
    for (int p : dog->parents) parentNames.push_back(g.at(p).name);
    EXPECT_EQ(parentNames, (std::vector<std::string>{"canine", "domestic animal"}));
    for (size_t c = 0; c < g.classConcepts().size(); ++c) {
        const Concept& leaf = g.at(g.classConcepts()[c]);
        ASSERT_EQ(leaf.wnid, hint::resources::imagenetWnids()[c]);
        ASSERT_EQ(leaf.classIndex, static_cast<int>(c));
        ASSERT_TRUE(leaf.children.empty()) << leaf.wnid;  // no ILSVRC class lies under another
    }
    EXPECT_EQ(g.at(g.search("Dog").front()).wnid, "n02084071");
    EXPECT_EQ(g.at(g.search("golden retriever").front()).wnid, "n02099601");
}

TEST(ConceptGraph, ImagenetHierarchyMatchesAnIndependentPythonClosure)
{
    if (!std::filesystem::exists(kDataNoun)) GTEST_SKIP() << "no " << kDataNoun;
    const std::string script = std::string(HINT_SOURCE_DIR) + "/tests/python/wordnet_closure.py";
    const std::string wnids = std::string(HINT_SOURCE_DIR) + "/resources/imagenet1k_wnids.txt";
    const std::string output = runCommand(std::string(HINT_PYTHON3) + " " + script + " " + kDataNoun + " " + wnids);
    auto wn = WordNet::load(kDataNoun);
    ASSERT_TRUE(wn.ok());
    auto graph = ConceptGraph::imagenet(wn.value());
    ASSERT_TRUE(graph.ok());
    std::istringstream lines(output);
    std::string line;
    int checked = 0;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string wnid, name;
        size_t parents, children, leaves;
        int minDepth, maxDepth;
        fields >> wnid >> parents >> children >> leaves >> minDepth >> maxDepth;
        std::getline(fields >> std::ws, name);
        const Concept* c = graph->find(wnid);
        ASSERT_NE(c, nullptr) << wnid;
        EXPECT_EQ(c->parents.size(), parents) << wnid;
        EXPECT_EQ(c->children.size(), children) << wnid;
        EXPECT_EQ(c->leaves.size(), leaves) << wnid;
        EXPECT_EQ(c->minDepth, minDepth) << wnid;
        EXPECT_EQ(c->maxDepth, maxDepth) << wnid;
        EXPECT_EQ(c->name, name) << wnid;
        ++checked;
    }
    EXPECT_EQ(checked, graph->size()) << "python output:\n" << output.substr(0, 500);
}
