// Generates extraction folders as `hint extract` writes them (manifest.json, features.npy, saliency.npy,
// targets.npy) from seeded random numbers, for the regions and CLI tests.
#pragma once

#include "common/float_tensor.h"
#include "common/npy.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <unistd.h>

namespace hint::test {

inline std::filesystem::path scratchDir(const std::string& name)
{
    auto dir = std::filesystem::temp_directory_path() / ("hint_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

struct FakeExtraction {
    int64_t n = 6, k = 8, h = 7, w = 7;
    int64_t saliencyChannels = 8;  // k, or 1 for gradcam-type maps
    uint64_t seed = 1;
    FloatTensor features;
    FloatTensor saliency;

    // Writes the folder; `skipped` adds manifest entries with "status":"error" that have no rows.
    void write(const std::filesystem::path& dir, int skipped = 1)
    {
        std::mt19937_64 rng(seed);
        std::normal_distribution<float> normal(0.0f, 1.0f);
        if (features.numel() == 0) {
            features = FloatTensor({n, k, h, w});
            for (auto& v : features.data) v = normal(rng);
        }
        if (saliency.numel() == 0) {
            saliency = FloatTensor({n, saliencyChannels, h, w});
            for (auto& v : saliency.data) v = normal(rng);
        }
        std::filesystem::create_directories(dir);
        ASSERT_TRUE(writeNpy((dir / "features.npy").string(), features).ok());
        ASSERT_TRUE(writeNpy((dir / "saliency.npy").string(), saliency).ok());
        std::vector<int64_t> targets;
        nlohmann::json images = nlohmann::json::array();
        for (int64_t i = 0; i < n; ++i) {
            targets.push_back(i % 3);
            images.push_back({{"path", "img" + std::to_string(i) + ".png"},
                              {"label_index", i % 3},
                              {"target_index", i % 3},
                              {"status", "ok"}});
            if (i == 0)
                for (int s = 0; s < skipped; ++s)
                    images.push_back({{"path", "broken" + std::to_string(s) + ".png"},
                                      {"label_index", -1},
                                      {"target_index", -1},
                                      {"status", "error"},
                                      {"error", "not an image"}});
        }
        ASSERT_TRUE(writeNpy((dir / "targets.npy").string(), targets).ok());
        nlohmann::json manifest = {{"arch", "vgg19"}, {"layer", "features.30"}, {"method", "guided"},
                                   {"shape", {n, k, h, w}}, {"images", images}};
        std::ofstream(dir / "manifest.json") << manifest.dump(2);
    }
};

}  // namespace hint::test
