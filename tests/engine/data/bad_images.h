// Test helper: a folder of awkward image files (grey, CMYK, 16-bit, alpha, palette, EXIF-rotated,
// truncated, empty, text named .jpg) written by tests/python/make_bad_images.py, with what decoding
// each one must give. Reusable by any test that feeds images to the engine.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace hint::testing {

struct BadImageCase {
    std::string file;    // relative to the folder
    bool ok = false;     // must decode (else: must be skipped with a reason)
    int width = 0, height = 0;
    std::string reason;  // a word the error message must contain when !ok
    std::vector<std::array<int, 6>> checks;  // x, y, r, g, b, tolerance
};

struct BadImageFolder {
    std::string dir;
    std::vector<BadImageCase> images;   // every file a folder listing must return, sorted
    std::vector<std::string> notListed; // files in the folder that are not images
    std::string error;                  // why the folder could not be made ("" on success)
};

// Writes the folder (created if needed) with Debian's Python and PIL.
inline BadImageFolder makeBadImages(const std::string& dir)
{
    BadImageFolder folder;
    folder.dir = dir;
    std::filesystem::create_directories(dir);
    const std::string command = std::string(HINT_PYTHON3) + " " + HINT_SOURCE_DIR +
                                "/tests/python/make_bad_images.py '" + dir + "'";
    if (std::system(command.c_str()) != 0) {
        folder.error = "failed: " + command;
        return folder;
    }
    std::ifstream in(dir + "/manifest.json");
    const nlohmann::json manifest = nlohmann::json::parse(in, nullptr, false);
    if (manifest.is_discarded()) {
        folder.error = "unreadable " + dir + "/manifest.json";
        return folder;
    }
    for (const auto& item : manifest["images"]) {
        BadImageCase c;
        c.file = item["file"];
        c.ok = item["ok"];
        c.width = item["width"];
        c.height = item["height"];
        c.reason = item["reason"];
        for (const auto& check : item["checks"])
            c.checks.push_back({check[0], check[1], check[2], check[3], check[4], check[5]});
        folder.images.push_back(std::move(c));
    }
    for (const auto& name : manifest["not_listed"]) folder.notListed.push_back(name);
    return folder;
}

}  // namespace hint::testing
