// `hint concepts` end to end through the built executable.
#include "engine/hierarchy/word_net_data.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sys/wait.h>

namespace fs = std::filesystem;
using hint::test::haveWordNet;

namespace {

struct CliRun {
    int exitCode = -1;
    std::string out;
};

CliRun runHint(const std::string& arguments)
{
    CliRun run;
    const std::string command = std::string(HINT_CLI_PATH) + " " + arguments + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return run;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
    const int status = pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}


}  // namespace

TEST(ConceptsCli, ImagenetHierarchyAsJson)
{
    if (!haveWordNet()) GTEST_SKIP() << "no WordNet (wordnet-base)";
    const CliRun run = runHint("concepts --json");
    ASSERT_EQ(run.exitCode, 0);
    const auto list = nlohmann::json::parse(run.out);
    ASSERT_EQ(list.size(), 1860u);
    EXPECT_EQ(list[0]["wnid"], "n00001740");
    EXPECT_EQ(list[0]["name"], "entity");
    EXPECT_EQ(list[0]["leaves"], 1000);
    EXPECT_EQ(list[0]["images"], 0);
    EXPECT_TRUE(list[0]["parents"].empty());
    std::set<std::string> wnids;
    for (const auto& c : list) wnids.insert(c["wnid"].get<std::string>());
    EXPECT_EQ(wnids.size(), 1860u);
    for (const auto& c : list)
        for (const auto& child : c["children"]) ASSERT_TRUE(wnids.count(child.get<std::string>()));

    const CliRun dog = runHint("concepts --root n02084071 --json");
    ASSERT_EQ(dog.exitCode, 0);
    const auto dogs = nlohmann::json::parse(dog.out);
    EXPECT_EQ(dogs[0]["wnid"], "n02084071");
    EXPECT_EQ(dogs[0]["parents"].size(), 2u);
    size_t leaves = 0;
    for (const auto& c : dogs) leaves += c["children"].empty() ? 1 : 0;
    EXPECT_EQ(leaves, dogs[0]["leaves"].get<size_t>());

    EXPECT_EQ(runHint("concepts --root n99999999").exitCode, 2);
    EXPECT_EQ(runHint("concepts --wordnet /nonexistent").exitCode, 2);
}

TEST(ConceptsCli, DatasetLeavesAndImageCounts)
{
    if (!haveWordNet()) GTEST_SKIP() << "no WordNet (wordnet-base)";
    const fs::path root = fs::temp_directory_path() / ("hint_concepts_cli_" + std::to_string(::getpid()));
    fs::remove_all(root);
    for (int i = 0; i < 3; ++i) {
        fs::create_directories(root / "n02099601");
        std::ofstream(root / "n02099601" / ("g" + std::to_string(i) + ".jpg")) << "x";
    }
    for (int i = 0; i < 2; ++i) std::ofstream(root / ("n02123045_" + std::to_string(i) + ".JPEG")) << "x";
    const CliRun run = runHint("concepts --dataset " + root.string() + " --json");
    ASSERT_EQ(run.exitCode, 0);
    const auto list = nlohmann::json::parse(run.out);
    EXPECT_EQ(list[0]["wnid"], "n00001740");
    EXPECT_EQ(list[0]["leaves"], 2);
    EXPECT_EQ(list[0]["images"], 5);
    bool sawRetriever = false;
    for (const auto& c : list)
        if (c["wnid"] == "n02099601") {
            sawRetriever = true;
            EXPECT_EQ(c["images"], 3);
            EXPECT_EQ(c["name"], "golden retriever");
        }
    EXPECT_TRUE(sawRetriever);

    const CliRun text = runHint("concepts --dataset " + root.string() + " --root carnivore");
    ASSERT_EQ(text.exitCode, 0);
    EXPECT_EQ(text.out.rfind("carnivore\tn02075296\t2\t5\n", 0), 0u) << text.out.substr(0, 200);

    fs::create_directories(root / "n99999999");
    std::ofstream(root / "n99999999" / "x.jpg") << "x";
    const CliRun unknown = runHint("concepts --dataset " + root.string());
    EXPECT_EQ(unknown.exitCode, 2);
    fs::remove_all(root);
}
