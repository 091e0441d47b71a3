// A small HINT project on generated data: Shapes-world images of three sibling polygons (triangle,
// pentagon, hexagon: all children of WordNet's polygon) in wnid folders, a random-weight ShapesNet, one
// layer. The plan of its two concepts (triangle, pentagon; each grouped with its two siblings) has
// 3 extract + 3 regions + 2 train + 2 shapley = 10 entries.
#pragma once

#include "data/image_io.h"
#include "engine/hierarchy/word_net_data.h"
#include "data/shapes_world.h"
#include "hierarchy/word_net.h"
#include "store/project.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

namespace hint::test {

constexpr int kPipelineImagesPerClass = 4;
constexpr int64_t kPipelineEntries = 10;
inline const std::vector<std::string>& pipelineClasses()
{
    static const std::vector<std::string> wnids = {"n13879320", "n13882201", "n13882276"};  // triangle, pentagon, hexagon
    return wnids;
}

// Writes kPipelineImagesPerClass Shapes-world images of each class (wnid folders) into a new folder
// named after `tag` under the temp directory; returns the folder.
inline std::string writeShapesFolder(const std::vector<std::string>& wnids, const std::string& tag)
{
    const auto root = std::filesystem::temp_directory_path() / ("hint_" + tag + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    data::ShapesWorld world({96, 7, 0.3, 1.0});
    const auto& classes = data::ShapesWorld::classes();
    for (const auto& wnid : wnids) {
        int classIndex = -1;
        for (size_t c = 0; c < classes.size(); ++c)
            if (classes[c].wnid == wnid) classIndex = static_cast<int>(c);
        std::filesystem::create_directories(root / wnid);
        for (int i = 0; i < kPipelineImagesPerClass; ++i) {
            auto sample = world.sample(data::ShapesSplit::Test, i, classIndex);
            EXPECT_TRUE(data::writePng((root / wnid / (wnid + "_" + std::to_string(i) + ".png")).string(), sample.image).ok());
        }
    }
    return root.string();
}

// The three polygons' images, written once per test process.
inline std::string pipelineImages()
{
    static const std::string dir = writeShapesFolder(pipelineClasses(), "pipeline_images");
    return dir;
}

// The project (not saved); cacheDir under `dir`.
inline store::Project pipelineProject(const std::filesystem::path& dir)
{
    store::Project project;
    project.model.arch = "shapesnet";
    project.layers = {"features.13"};
    store::ProjectDataset dataset;
    dataset.name = "shapes";
    dataset.kind = "folder";
    dataset.path = pipelineImages();
    project.datasets = {dataset};
    project.concepts = {"n13879320", "n13882201"};
    project.parameters = {{"images_per_leaf", 3}, {"batch", 1}, {"rounds", 10}};
    project.seed = 3;
    project.cacheDir = (dir / "cache").string();
    return project;
}

// Published entries (64-hex folders with a manifest) and leftover temp folders of a cache root.
inline int countEntries(const std::filesystem::path& root, int* temps = nullptr)
{
    int entries = 0;
    if (temps) *temps = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() == 64 && std::filesystem::exists(it->path() / "manifest.json")) ++entries;
        if (temps && name.rfind(".tmp-", 0) == 0) ++*temps;
    }
    return entries;
}

}  // namespace hint::test
