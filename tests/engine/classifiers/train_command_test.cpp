// End to end: `hint train` then `hint shapley` on generated regions folders.
#include "common/npy.h"
#include "engine/classifiers/classifier_test_data.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <numeric>
#include <set>
#include <sstream>

namespace {

using namespace hint;
namespace fs = std::filesystem;

// Concept c's positives are Gaussian around a concept-specific mean; background around 0.
std::string makeRegions(const fs::path& root, const std::string& name, int concept, int64_t m, int64_t b, int64_t k)
{
    const fs::path dir = root / name;
    fs::create_directories(dir);
    std::mt19937_64 rng(100 + concept);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    FloatTensor pos({m, k}), bg({b, k});
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < k; ++j)
            pos.data[static_cast<size_t>(i * k + j)] = normal(rng) + (j % 3 == concept ? 2.0f : 0.0f);
    for (auto& v : bg.data) v = normal(rng);
    EXPECT_TRUE(writeNpy((dir / "positives.npy").string(), pos).ok());
    EXPECT_TRUE(writeNpy((dir / "background.npy").string(), bg).ok());
    std::ofstream(dir / "regions.json") << "{}";
    return dir.string();
}

std::string hint(const std::string& arguments) { return std::string(HINT_CLI_PATH) + " " + arguments + " 2>&1"; }

std::vector<std::string> readLines(const fs::path& path)
{
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

void expectScoresCsv(const fs::path& path, int64_t k, const std::string& header)
{
    const auto lines = readLines(path);
    ASSERT_EQ(static_cast<int64_t>(lines.size()), k + 1) << path;
    EXPECT_EQ(lines[0], header);
    std::set<int64_t> ranks;
    for (size_t i = 1; i < lines.size(); ++i) {
        EXPECT_EQ(lines[i].substr(0, lines[i].find(',')), std::to_string(i - 1));
        std::vector<std::string> fields;
        std::stringstream s(lines[i]);
        for (std::string f; std::getline(s, f, ',');) fields.push_back(f);
        ASSERT_GE(fields.size(), 6u);
        ranks.insert(std::stoll(fields[5]));
    }
    EXPECT_EQ(static_cast<int64_t>(ranks.size()), k);
    EXPECT_EQ(*ranks.begin(), 1);
    EXPECT_EQ(*ranks.rbegin(), k);
}

TEST(TrainCommand, TrainThenShapleyEndToEnd)
{
    const auto root = testdata::freshDir("cli");
    const int64_t k = 9;
    const std::string concepts = makeRegions(root, "a", 0, 120, 200, k) + "," + makeRegions(root, "b", 1, 90, 150, k) +
                                 "," + makeRegions(root, "c", 2, 60, 100, k);
    const fs::path out = root / "clf";
    std::string log;
    ASSERT_EQ(testdata::runCommand(hint("train --concepts " + concepts + " --target 1 --out " + out.string() +
                                       " --xgboost --seed 3 --quiet --json"),
                                  &log),
              0)
        << log;

    const int64_t rows = 120 + 90 + 60 + (270 / 3);
    auto header = readNpyHeader((out / "X.npy").string());
    ASSERT_TRUE(header.ok());
    EXPECT_EQ(header->dtype, "<f4");
    EXPECT_EQ(header->shape, (std::vector<int64_t>{rows, k}));
    std::vector<int64_t> yShape;
    auto y = readNpyInt64((out / "y.npy").string(), &yShape);
    ASSERT_TRUE(y.ok());
    EXPECT_EQ(yShape, (std::vector<int64_t>{rows}));
    EXPECT_EQ(std::accumulate(y->begin(), y->end(), int64_t{0}), 90);
    EXPECT_EQ((*y)[120], 1);
    EXPECT_EQ((*y)[119], 0);

    const auto linear = nlohmann::json::parse(std::ifstream(out / "linear.json"));
    EXPECT_EQ(linear["weights"].size(), static_cast<size_t>(k));
    EXPECT_EQ(linear["loss"], "modified_huber");
    EXPECT_EQ(linear["alpha"], 0.01);
    EXPECT_TRUE(linear["bias"].is_number());
    const auto metrics = nlohmann::json::parse(std::ifstream(out / "metrics.json"));
    for (const char* key : {"accuracy", "precision", "recall", "f1"}) {
        EXPECT_TRUE(metrics[key].is_number()) << key;
        EXPECT_TRUE(metrics["xgboost"][key].is_number()) << key;
    }
    EXPECT_GT(metrics["accuracy"].get<double>(), 0.8);  // concept b is separable from the rest by its mean
    EXPECT_EQ(metrics["validation_rows"], (rows + 3) / 4);
    EXPECT_EQ(metrics["total_rows"], rows);
    EXPECT_TRUE(nlohmann::json::parse(std::ifstream(out / "xgboost.json")).contains("learner"));
    for (const auto& entry : fs::directory_iterator(root))  // no temp folder left behind
        EXPECT_EQ(entry.path().filename().string().find(".clf.tmp"), std::string::npos);

    const std::string columns = "neuron,mean_abs,median_abs,max_abs,min_abs,rank";
    for (const std::string method : {"tree", "linear"}) {
        const fs::path csv = root / (method + ".csv");
        ASSERT_EQ(testdata::runCommand(hint("shapley --model " + out.string() + " --method " + method + " --out " +
                                           csv.string() + " --values " + (root / (method + ".npy")).string() + " --quiet"),
                                      &log),
                  0)
            << log;
        expectScoresCsv(csv, k, columns);
        auto values = readNpyHeader((root / (method + ".npy")).string());
        ASSERT_TRUE(values.ok());
        EXPECT_EQ(values->shape, (std::vector<int64_t>{rows, k}));
    }
    const fs::path sampled = root / "sampling.csv";
    ASSERT_EQ(testdata::runCommand(hint("shapley --model " + out.string() + " --method sampling --rows 20 --permutations 4 --out " +
                                       sampled.string() + " --quiet"),
                                  &log),
              0)
        << log;
    expectScoresCsv(sampled, k, columns + ",ci95_low,ci95_high");
    // For the linear model, sampling and exact linear SHAP rank the top neuron the same.
    const auto linearLines = readLines(root / "linear.csv");
    const auto sampledLines = readLines(sampled);
    auto topOf = [](const std::vector<std::string>& lines) {
        for (size_t i = 1; i < lines.size(); ++i) {
            std::vector<std::string> fields;
            std::stringstream s(lines[i]);
            for (std::string f; std::getline(s, f, ',');) fields.push_back(f);
            if (fields.size() >= 6 && fields[5] == "1") return fields[0];
        }
        return std::string();
    };
    EXPECT_EQ(topOf(linearLines), topOf(sampledLines));
    EXPECT_FALSE(topOf(linearLines).empty());
}

TEST(TrainCommand, BadInputExitsTwoNamingTheProblem)
{
    const auto root = testdata::freshDir("cli_bad");
    const std::string a = makeRegions(root, "a", 0, 30, 30, 4);
    const std::string b = makeRegions(root, "b", 1, 30, 30, 4);
    std::string log;
    EXPECT_EQ(testdata::runCommand(hint("train --concepts " + a + "," + b + " --target 2 --out " + (root / "o").string()), &log), 2);
    EXPECT_NE(log.find("--target"), std::string::npos) << log;
    EXPECT_FALSE(fs::exists(root / "o"));

    EXPECT_EQ(testdata::runCommand(hint("train --concepts " + a + "," + (root / "missing").string() + " --target 0 --out " +
                                       (root / "o").string()),
                                  &log),
              2);
    EXPECT_NE(log.find((root / "missing").string()), std::string::npos) << log;

    const std::string wide = makeRegions(root, "wide", 1, 30, 30, 5);
    EXPECT_EQ(testdata::runCommand(hint("train --concepts " + a + "," + wide + " --target 0 --out " + (root / "o").string()), &log), 2);
    EXPECT_NE(log.find("wide/positives.npy"), std::string::npos) << log;

    // Without --xgboost there is no model for TreeSHAP: exit 2 naming xgboost.json.
    ASSERT_EQ(testdata::runCommand(hint("train --concepts " + a + "," + b + " --target 0 --quiet --out " + (root / "lin").string()), &log), 0) << log;
    EXPECT_FALSE(fs::exists(root / "lin" / "xgboost.json"));
    EXPECT_EQ(testdata::runCommand(hint("shapley --model " + (root / "lin").string() + " --method tree --out " +
                                       (root / "t.csv").string()),
                                  &log),
              2);
    EXPECT_NE(log.find("xgboost.json"), std::string::npos) << log;
    EXPECT_FALSE(fs::exists(root / "t.csv"));
    EXPECT_EQ(testdata::runCommand(hint("shapley --model " + (root / "nope").string() + " --method linear --out " +
                                       (root / "t.csv").string()),
                                  &log),
              2);
    EXPECT_EQ(testdata::runCommand(hint("shapley --model " + (root / "lin").string() + " --method magic --out x.csv"), &log), 2);
}

}  // namespace
