// Project files: relative paths, unknown keys kept, atomic save, newer versions refused.
#include "store/project.h"

#include <gtest/gtest.h>

#include <fstream>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using hint::store::Project;

fs::path scratchDir(const std::string& name)
{
    auto dir = fs::temp_directory_path() / ("hint_project_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

const char* kProjectText = R"({
  "format_version": 1,
  "model": {"arch": "vgg19", "weights": "../weights/vgg19.pth", "preprocessing": {"mode": "hint", "size": 224},
            "future_model_key": [1, 2]},
  "layers": ["features.30", "features.25"],
  "datasets": [{"name": "val", "kind": "folder", "path": "data/val", "future_dataset_key": {"x": true},
                "boxes": "data/val_boxes.csv", "masks": "/srv/masks"},
               {"name": "abs", "kind": "voc", "path": "/srv/voc"}],
  "concepts": ["n02084071", "n02121808"],
  "parameters": {"threshold": 0.5, "max_leaves": 233, "future_parameter": "kept"},
  "seed": 42,
  "cache_dir": "store",
  "gui_state": {"selected": "n02084071", "splitter": [300, 700]}
})";

nlohmann::json readJson(const fs::path& file)
{
    std::ifstream in(file);
    return nlohmann::json::parse(in);
}

TEST(Project, LoadResolvesPathsAgainstTheProjectFolder)
{
    auto dir = scratchDir("load");
    fs::create_directories(dir / "study");
    std::ofstream(dir / "study" / "p.hintproj") << kProjectText;
    auto project = Project::load((dir / "study" / "p.hintproj").string());
    ASSERT_TRUE(project.ok()) << project.error().message;
    EXPECT_EQ(project->model.arch, "vgg19");
    EXPECT_EQ(project->model.weights, (dir / "weights" / "vgg19.pth").string());
    EXPECT_EQ(project->datasets.at(0).path, (dir / "study" / "data" / "val").string());
    EXPECT_EQ(project->datasets.at(1).path, "/srv/voc");
    // A data set's annotation files are paths like its images'.
    EXPECT_EQ(project->datasets.at(0).extra["boxes"], (dir / "study" / "data" / "val_boxes.csv").string());
    EXPECT_EQ(project->datasets.at(0).extra["masks"], "/srv/masks");
    EXPECT_EQ(project->cacheDir, (dir / "study" / "store").string());  // need not exist: opens without its cache
    EXPECT_FALSE(fs::exists(project->cacheDir));
    EXPECT_EQ(project->layers, (std::vector<std::string>{"features.30", "features.25"}));
    EXPECT_EQ(project->seed, 42u);
    EXPECT_EQ(project->parameters["max_leaves"], 233);
    EXPECT_EQ(project->model.preprocessing["size"], 224);
}

TEST(Project, SaveRoundTripKeepsUnknownKeysAndRelativePaths)
{
    auto dir = scratchDir("roundtrip");
    fs::create_directories(dir / "study");
    const fs::path file = dir / "study" / "p.hintproj";
    std::ofstream(file) << kProjectText;
    const auto original = readJson(file);
    auto project = Project::load(file.string());
    ASSERT_TRUE(project.ok());
    ASSERT_TRUE(project->save(file.string()).ok());
    EXPECT_EQ(readJson(file), original);
    for (const auto& entry : fs::directory_iterator(dir / "study"))
        EXPECT_EQ(entry.path().filename(), "p.hintproj") << "left behind: " << entry.path();

    // Saved elsewhere, the relative paths are rewritten so they still point at the same files.
    fs::create_directories(dir / "other" / "deeper");
    const fs::path moved = dir / "other" / "deeper" / "q.hintproj";
    ASSERT_TRUE(project->save(moved.string()).ok());
    auto json = readJson(moved);
    EXPECT_EQ(json["model"]["weights"], "../../weights/vgg19.pth");
    EXPECT_EQ(json["datasets"][0]["path"], "../../study/data/val");
    EXPECT_EQ(json["datasets"][1]["path"], "/srv/voc");
    EXPECT_EQ(json["datasets"][0]["boxes"], "../../study/data/val_boxes.csv");
    EXPECT_EQ(json["datasets"][0]["masks"], "/srv/masks");
    EXPECT_EQ(json["gui_state"], original["gui_state"]);
    auto reloaded = Project::load(moved.string());
    ASSERT_TRUE(reloaded.ok());
    EXPECT_EQ(reloaded->model.weights, project->model.weights);
    EXPECT_EQ(reloaded->datasets[0].path, project->datasets[0].path);
    EXPECT_EQ(reloaded->datasets[0].extra["future_dataset_key"]["x"], true);
}

TEST(Project, NewerFormatIsRefusedAndNothingIsOverwritten)
{
    auto dir = scratchDir("newer");
    const fs::path file = dir / "p.hintproj";
    auto json = nlohmann::json::parse(kProjectText);
    json["format_version"] = hint::store::kProjectFormatVersion + 1;
    std::ofstream(file) << json.dump();
    auto project = Project::load(file.string());
    ASSERT_FALSE(project.ok());
    EXPECT_EQ(project.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(project.error().message.find("newer"), std::string::npos);
    EXPECT_NE(project.error().message.find(std::to_string(hint::store::kProjectFormatVersion + 1)), std::string::npos);
    EXPECT_NE(project.error().message.find(file.string()), std::string::npos);
    EXPECT_EQ(readJson(file), json);
}

TEST(Project, MalformedFilesAreBadInputNamingFileAndKey)
{
    auto dir = scratchDir("malformed");
    std::ofstream(dir / "broken.hintproj") << "{\"format_version\": 1, \"layers\": [";
    auto broken = Project::load((dir / "broken.hintproj").string());
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(broken.error().message.find("broken.hintproj"), std::string::npos);

    std::ofstream(dir / "typed.hintproj") << R"({"format_version": 1, "layers": "features.30"})";
    auto typed = Project::load((dir / "typed.hintproj").string());
    ASSERT_FALSE(typed.ok());
    EXPECT_NE(typed.error().message.find("\"layers\""), std::string::npos);

    std::ofstream(dir / "none.hintproj") << R"({"layers": []})";
    EXPECT_FALSE(Project::load((dir / "none.hintproj").string()).ok());
    EXPECT_FALSE(Project::load((dir / "missing.hintproj").string()).ok());
}

TEST(Project, SaveReplacesTheFileAtomically)
{
    auto dir = scratchDir("atomic");
    const fs::path file = dir / "p.hintproj";
    Project project;
    project.model.arch = "resnet50";
    project.model.weights = (dir / "w.pth").string();
    project.layers = {"layer3.5"};
    ASSERT_TRUE(project.save(file.string()).ok());
    // A reader holding the old file keeps seeing complete old content: the save swapped the name.
    std::ifstream reader(file);
    project.layers = {"layer4.2"};
    ASSERT_TRUE(project.save(file.string()).ok());
    auto old = nlohmann::json::parse(reader);
    EXPECT_EQ(old["layers"][0], "layer3.5");
    EXPECT_EQ(readJson(file)["layers"][0], "layer4.2");
    EXPECT_EQ(readJson(file)["model"]["weights"], "w.pth");
    EXPECT_FALSE(project.save((dir / "no" / "such" / "p.hintproj").string()).ok());
}

}  // namespace
