// The demo's classes are WordNet 3.0 synsets and the hierarchy HINT shows over them is WordNet's.
#include "data/shapes_folder.h"
#include "data/shapes_world.h"
#include "demo/demo_builder.h"
#include "hierarchy/word_net.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

using hint::data::ShapesWorld;
using hint::hierarchy::ConceptGraph;
using hint::hierarchy::WordNet;

namespace {

const WordNet* wordNet()
{
    static const auto loaded = [] {
        if (!std::filesystem::exists(WordNet::defaultPath())) return std::unique_ptr<WordNet>();
        auto net = WordNet::load();
        return net.ok() ? std::make_unique<WordNet>(std::move(net.value())) : std::unique_ptr<WordNet>();
    }();
    return loaded.get();
}

// Every synset reachable from the classes through hypernym pointers, read from WordNet directly.
std::set<std::string> hypernymClosure(const WordNet& net)
{
    std::set<std::string> seen;
    std::vector<std::string> stack;
    for (const auto& c : ShapesWorld::classes()) stack.push_back(c.wnid);
    while (!stack.empty()) {
        const std::string wnid = stack.back();
        stack.pop_back();
        if (!seen.insert(wnid).second) continue;
        for (const auto& parent : net.hypernyms(wnid)) stack.push_back(parent);
    }
    return seen;
}

std::set<std::string> ancestorNames(const ConceptGraph& graph, const std::string& className)
{
    std::set<std::string> names;
    for (const auto& c : ShapesWorld::classes())
        if (c.name == className)
            for (int a : graph.ancestors(graph.indexOf(c.wnid))) names.insert(graph.at(a).name);
    return names;
}

std::set<std::string> leafNames(const ConceptGraph& graph, const std::string& conceptName)
{
    std::set<std::string> names;
    for (const auto& concept : graph.concepts())
        if (concept.name == conceptName)
            for (int leaf : concept.leaves) names.insert(graph.at(leaf).name);
    return names;
}

}  // namespace

TEST(DemoConcepts, ClassesAreWordNetShapeSynsets)
{
    if (!wordNet()) GTEST_SKIP() << "no WordNet at " << WordNet::defaultPath() << " (wordnet-base)";
    std::set<std::string> wnids;
    for (const auto& c : ShapesWorld::classes()) {
        const auto* synset = wordNet()->find(c.wnid);
        ASSERT_NE(synset, nullptr) << c.wnid;
        std::vector<std::string> lemmas;
        for (const auto& l : synset->lemmas) lemmas.push_back(hint::hierarchy::displayLemma(l));
        EXPECT_NE(std::find(lemmas.begin(), lemmas.end(), c.name), lemmas.end()) << c.wnid << " is not " << c.name;
        wnids.insert(c.wnid);
    }
    EXPECT_EQ(wnids.size(), ShapesWorld::classes().size());
    // Model output order is sorted wnid order, as for ImageNet models.
    EXPECT_TRUE(std::is_sorted(ShapesWorld::classes().begin(), ShapesWorld::classes().end(),
                               [](const auto& a, const auto& b) { return a.wnid < b.wnid; }));
}

TEST(DemoConcepts, AncestorsAreTheExpectedGeometry)
{
    if (!wordNet()) GTEST_SKIP() << "no WordNet (wordnet-base)";
    auto graph = hint::demo::shapesConceptGraph(*wordNet());
    ASSERT_TRUE(graph.ok()) << graph.error().message;
    const auto square = ancestorNames(*graph, "square");
    for (const char* a : {"rectangle", "parallelogram", "quadrilateral", "polygon", "regular polygon", "plane figure",
                          "shape", "entity"})
        EXPECT_TRUE(square.count(a)) << "square -> " << a;
    const auto circle = ancestorNames(*graph, "circle");
    for (const char* a : {"ellipse", "conic section", "plane figure"}) EXPECT_TRUE(circle.count(a)) << "circle -> " << a;
    EXPECT_FALSE(circle.count("polygon"));
    for (const char* polygon : {"triangle", "pentagon", "hexagon", "rhombus", "trapezoid", "rectangle"}) {
        EXPECT_TRUE(ancestorNames(*graph, polygon).count("polygon")) << polygon;
        EXPECT_FALSE(ancestorNames(*graph, polygon).count("conic section")) << polygon;
    }
    EXPECT_FALSE(ancestorNames(*graph, "triangle").count("quadrilateral"));
    EXPECT_FALSE(ancestorNames(*graph, "star").count("polygon"));  // WordNet: star is a plane figure
    EXPECT_TRUE(ancestorNames(*graph, "crescent").count("curve"));
    EXPECT_FALSE(ancestorNames(*graph, "crescent").count("plane figure"));

    EXPECT_EQ(leafNames(*graph, "polygon"),
              (std::set<std::string>{"triangle", "square", "rectangle", "rhombus", "trapezoid", "pentagon", "hexagon"}));
    EXPECT_EQ(leafNames(*graph, "quadrilateral"), (std::set<std::string>{"square", "rectangle", "rhombus", "trapezoid"}));
    EXPECT_EQ(leafNames(*graph, "parallelogram"), (std::set<std::string>{"square", "rectangle", "rhombus"}));
    EXPECT_EQ(leafNames(*graph, "conic section"), (std::set<std::string>{"circle", "ellipse"}));
    // ellipse is a class and, as circle's hypernym, an inner concept too.
    const auto* ellipse = graph->find("n13878306");
    ASSERT_NE(ellipse, nullptr);
    EXPECT_TRUE(ellipse->isClass());
    EXPECT_EQ(leafNames(*graph, "ellipse"), (std::set<std::string>{"circle", "ellipse"}));
    EXPECT_EQ(graph->at(graph->root()).wnid, "n00001740");
}

TEST(DemoConcepts, GraphIsWordNetsHypernymClosure)
{
    if (!wordNet()) GTEST_SKIP() << "no WordNet (wordnet-base)";
    auto graph = hint::demo::shapesConceptGraph(*wordNet());
    ASSERT_TRUE(graph.ok());
    const std::set<std::string> closure = hypernymClosure(*wordNet());
    std::set<std::string> shown;
    for (const auto& concept : graph->concepts()) {
        shown.insert(concept.wnid);
        std::set<std::string> parents, expected;
        for (int p : concept.parents) parents.insert(graph->at(p).wnid);
        for (const auto& h : wordNet()->hypernyms(concept.wnid)) expected.insert(h);
        EXPECT_EQ(parents, expected) << concept.name;
    }
    EXPECT_EQ(shown, closure);
    for (size_t i = 0; i < ShapesWorld::classes().size(); ++i)
        EXPECT_EQ(graph->at(graph->classConcepts()[i]).classIndex, static_cast<int>(i));
}

// `hint concepts --dataset` over a written demo folder shows the same hierarchy, with image counts.
TEST(DemoConcepts, ConceptsCommandShowsTheDemoHierarchy)
{
    if (!wordNet()) GTEST_SKIP() << "no WordNet (wordnet-base)";
    hint::test::TempDir dir("demo_concepts");
    hint::data::ShapesFolderOptions options;
    options.count = 3 * ShapesWorld::numClasses();
    options.masks = false;
    auto written = hint::data::writeShapesFolder(ShapesWorld(), dir.path().string(), options);
    ASSERT_TRUE(written.ok()) << written.error().message;
    const auto run = hint::test::runCommand(std::string(HINT_CLI_PATH) + " concepts --json --dataset '" +
                                            written->imagesDir + "' 2>/dev/null");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const auto list = nlohmann::json::parse(run.output);
    const std::set<std::string> closure = hypernymClosure(*wordNet());
    std::set<std::string> shown;
    std::map<std::string, int64_t> images;
    for (const auto& c : list) {
        const std::string wnid = c["wnid"];
        shown.insert(wnid);
        images[wnid] = c["images"];
        std::set<std::string> parents, expected;
        for (const auto& p : c["parents"]) parents.insert(p.get<std::string>());
        for (const auto& h : wordNet()->hypernyms(wnid)) expected.insert(h);
        EXPECT_EQ(parents, expected) << wnid;
    }
    EXPECT_EQ(shown, closure);
    EXPECT_EQ(images["n13878634"], 3);                       // square
    EXPECT_EQ(images["n13879126"], 4 * 3);                   // quadrilateral: square, rectangle, rhombus, trapezoid
    EXPECT_EQ(images["n00001740"], options.count);           // entity
}
