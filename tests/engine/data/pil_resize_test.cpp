// Pillow's resampling in the engine (data/pil_resize.h) against Pillow 9.4 itself
// (tests/python/pil_resize_reference.py): seeded random images of many shapes with each filter, and the
// shared real photos through decoding, the HINT resize and the network input tensor.
#include "data/image_io.h"
#include "data/pil_resize.h"
#include "data/preprocess.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <random>
#include <tuple>

using namespace hint::data;
namespace fs = std::filesystem;

namespace {

const char* filterName(PilFilter f)
{
    switch (f) {
    case PilFilter::Bilinear: return "bilinear";
    case PilFilter::Bicubic: return "bicubic";
    case PilFilter::Lanczos: return "lanczos";
    }
    return "?";
}

bool pythonWithPil()
{
    static const bool available =
        hint::test::runCommand(std::string(HINT_PYTHON3) + " -c 'import numpy, PIL' >/dev/null 2>&1").exitCode == 0;
    return available;
}

ImageRgb8 randomImage(int width, int height, std::mt19937& rng)
{
    ImageRgb8 image;
    image.width = width;
    image.height = height;
    image.pixels.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& p : image.pixels) p = static_cast<uint8_t>(byte(rng));
    return image;
}

ImageRgb8 constantImage(int width, int height, uint8_t value)
{
    ImageRgb8 image;
    image.width = width;
    image.height = height;
    image.pixels.assign(static_cast<size_t>(width) * static_cast<size_t>(height) * 3, value);
    return image;
}

void writeBytes(const std::string& path, const void* data, size_t size)
{
    std::ofstream out(path, std::ios::binary);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
}

std::vector<uint8_t> fileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<float> readFloats(const std::string& path)
{
    const std::vector<uint8_t> bytes = fileBytes(path);
    std::vector<float> values(bytes.size() / sizeof(float));
    std::copy(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(values.size() * sizeof(float)),
              reinterpret_cast<uint8_t*>(values.data()));
    return values;
}

// How far our 8-bit values are from Pillow's.
struct Agreement {
    size_t values = 0, exact = 0, withinOne = 0;
    int maxDiff = 0;

    // False when the sizes differ (then nothing is counted).
    bool add(const std::vector<uint8_t>& ours, const std::vector<uint8_t>& theirs)
    {
        if (ours.size() != theirs.size()) return false;
        for (size_t i = 0; i < ours.size(); ++i) {
            const int d = std::abs(int(ours[i]) - int(theirs[i]));
            exact += d == 0;
            withinOne += d <= 1;
            maxDiff = std::max(maxDiff, d);
        }
        values += ours.size();
        return true;
    }
    double exactShare() const { return values ? double(exact) / double(values) : 0.0; }
    double withinOneShare() const { return values ? double(withinOne) / double(values) : 0.0; }
};

// Runs the reference on spec (written to the folder); its JSON output, or null after a test failure.
nlohmann::json runReference(const hint::test::TempDir& dir, const nlohmann::json& spec)
{
    std::ofstream(dir / "spec.json") << spec.dump();
    const std::string command = std::string(HINT_PYTHON3) + " " + HINT_SOURCE_DIR +
                                "/tests/python/pil_resize_reference.py " + (dir / "spec.json") + " " +
                                (dir / "out.json") + " 2>&1";
    const auto run = hint::test::runCommand(command);
    EXPECT_EQ(run.exitCode, 0) << command << "\n" << run.output;
    if (run.exitCode != 0) return nullptr;
    return nlohmann::json::parse(std::ifstream(dir / "out.json"));
}

double secondsOf(const std::function<void()>& work, int repeat)
{
    double best = INFINITY;
    for (int i = 0; i < repeat; ++i) {
        const auto begin = std::chrono::steady_clock::now();
        work();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
    }
    return best;
}

}  // namespace

TEST(PilResize, TwoPixelsAverageWithPillowsRounding)
{
    // Shrinking 2 -> 1 weighs both pixels 1/2 (2^21 in fixed point) with every filter; with the half
    // added before the shift, (10 + 21) / 2 = 15.5 rounds up to 16, (10 + 20) / 2 stays 15.
    ImageRgb8 image;
    image.width = 2;
    image.height = 1;
    image.pixels = {10, 10, 10, 21, 20, 0};
    for (PilFilter f : {PilFilter::Bilinear, PilFilter::Bicubic, PilFilter::Lanczos}) {
        const ImageRgb8 out = pilResize(image, 1, 1, f);
        ASSERT_EQ(out.width, 1);
        ASSERT_EQ(out.height, 1);
        EXPECT_EQ(out.pixels, (std::vector<uint8_t>{16, 15, 5})) << filterName(f);
    }
}

TEST(PilResize, ConstantImagesStayConstantAndSizesAreKept)
{
    for (PilFilter f : {PilFilter::Bilinear, PilFilter::Bicubic, PilFilter::Lanczos})
        for (auto [w, h, ow, oh] : std::vector<std::array<int, 4>>{{500, 375, 224, 224}, {3, 2, 224, 224}, {1, 9, 4, 2}, {7, 1, 300, 5}})
            for (uint8_t value : {0, 137, 255}) {
                const ImageRgb8 out = pilResize(constantImage(w, h, value), ow, oh, f);
                ASSERT_EQ(out.width, ow);
                ASSERT_EQ(out.height, oh);
                EXPECT_EQ(out.pixels, constantImage(ow, oh, value).pixels)
                    << filterName(f) << " " << w << "x" << h << " -> " << ow << "x" << oh << " value " << int(value);
            }
}

TEST(PilResize, SameSizeCopiesAndBadSizesGiveAnEmptyImage)
{
    std::mt19937 rng(3);
    const ImageRgb8 image = randomImage(31, 17, rng);
    EXPECT_EQ(pilResize(image, 31, 17).pixels, image.pixels);
    EXPECT_TRUE(pilResize(image, 0, 17).empty());
    EXPECT_TRUE(pilResize(image, 31, -1).empty());
    EXPECT_TRUE(pilResize(ImageRgb8{}, 224, 224).empty());
}

TEST(PilResize, HintPreprocessingIsPillowsLanczosThenMeanAndStd)
{
    std::mt19937 rng(11);
    const ImageRgb8 image = randomImage(500, 375, rng);
    const ImageRgb8 resized = pilResize(image, 224, 224, PilFilter::Lanczos);
    const PreprocessSpec spec{PreprocessMode::Hint, 224};
    EXPECT_EQ(resizedForDisplay(image, spec).pixels, resized.pixels);
    const hint::FloatTensor x = preprocessImage(image, spec);
    ASSERT_EQ(x.shape, (std::vector<int64_t>{3, 224, 224}));
    const float mean[3] = {0.485f, 0.456f, 0.406f}, stdev[3] = {0.229f, 0.224f, 0.225f};
    float maxDiff = 0.0f;
    for (int c = 0; c < 3; ++c)
        for (size_t i = 0; i < 224 * 224; ++i) {
            const float expected = (float(resized.pixels[i * 3 + size_t(c)]) / 255.0f - mean[c]) / stdev[c];
            maxDiff = std::max(maxDiff, std::fabs(x.data[size_t(c) * 224 * 224 + i] - expected));
        }
    EXPECT_LE(maxDiff, 1e-6f);
}

TEST(PilResize, MatchesPillowOnRandomImages)
{
    if (!pythonWithPil()) GTEST_SKIP() << "no numpy/PIL at " << HINT_PYTHON3;
    hint::test::TempDir dir("pil_resize");
    std::mt19937 rng(2026);

    struct Case {
        std::string in, out;
        int width, height, toWidth, toHeight;
        PilFilter filter;
        ImageRgb8 ours;
    };
    std::vector<Case> cases;
    nlohmann::json spec;
    spec["resize"] = nlohmann::json::array();
    const std::vector<std::pair<int, int>> shapes = {{3, 2}, {227, 227}, {500, 375}, {375, 500}, {1, 300}, {300, 1},
                                                     {1, 1}, {64, 48},   {224, 224}, {96, 150},  {4000, 3000}};
    double ourSeconds = NAN;  // 4000x3000 -> 224x224 Lanczos, timed against Pillow's
    for (const auto& [w, h] : shapes) {
        const ImageRgb8 image = randomImage(w, h, rng);
        const std::string in = dir / ("in_" + std::to_string(w) + "x" + std::to_string(h) + ".rgb");
        writeBytes(in, image.pixels.data(), image.pixels.size());
        if (w == 4000) {
            spec["time"] = {{"in", in}, {"width", w}, {"height", h}, {"to", {224, 224}}, {"repeat", 3}};
            ourSeconds = secondsOf([&] { pilResize(image, 224, 224, PilFilter::Lanczos); }, 3);
        }
        // 224x224 as HINT, odd down- and upscales, one axis only, and (for the big image) Lanczos only.
        std::vector<std::pair<int, int>> targets = {{224, 224}, {100, 301}, {7, 5}, {1, 1}, {w, h + 3}, {w * 2 + 1, h}};
        if (w * h > 1000000) targets = {{224, 224}, {299, 299}};
        for (const auto& [ow, oh] : targets)
            for (PilFilter f : {PilFilter::Lanczos, PilFilter::Bicubic, PilFilter::Bilinear}) {
                if (w * h > 1000000 && f != PilFilter::Lanczos) continue;
                Case c{in, dir / ("out_" + std::to_string(cases.size()) + ".rgb"), w, h, ow, oh, f, pilResize(image, ow, oh, f)};
                spec["resize"].push_back({{"in", c.in}, {"width", w}, {"height", h}, {"to", {ow, oh}},
                                          {"filter", filterName(f)}, {"out", c.out}});
                cases.push_back(std::move(c));
            }
    }

    const nlohmann::json out = runReference(dir, spec);
    ASSERT_FALSE(out.is_null());
    Agreement all;
    for (const auto& c : cases) {
        Agreement one;
        const std::string what = std::string(filterName(c.filter)) + " " + std::to_string(c.width) + "x" +
                                 std::to_string(c.height) + " -> " + std::to_string(c.toWidth) + "x" + std::to_string(c.toHeight);
        ASSERT_TRUE(one.add(c.ours.pixels, fileBytes(c.out))) << what << ": sizes differ";
        EXPECT_EQ(one.maxDiff, 0) << what << ": " << one.exactShare() * 100 << "% exact";
        all.add(c.ours.pixels, fileBytes(c.out));
    }
    std::cout << "[ PIL      ] Pillow " << out.value("pillow", std::string("?")) << ", " << cases.size() << " resizes, "
              << all.values << " values: " << all.exactShare() * 100 << "% exact, max difference " << all.maxDiff
              << "; 4000x3000 -> 224x224 Lanczos: engine " << ourSeconds * 1000 << " ms, Pillow "
              << out.value("seconds_per_resize", NAN) * 1000 << " ms\n";
    EXPECT_EQ(all.exact, all.values);  // the arithmetic is Pillow's: every value, not just 99.9%
    EXPECT_LT(ourSeconds, 2.0);
}

TEST(PilResize, MatchesPillowOnRealPhotos)
{
    const fs::path assets = fs::path(HINT_SHARED_ASSETS) / "images";
    if (!fs::is_directory(assets)) GTEST_SKIP() << "shared assets absent (" << assets << ")";
    if (!pythonWithPil()) GTEST_SKIP() << "no numpy/PIL at " << HINT_PYTHON3;
    // Every other validation photo and every 20th of the sample from the second on (its 162nd photo,
    // taken so, is one of its grey-scale JPEGs): ~70 photos, a few seconds.
    std::vector<std::string> photos;
    for (auto [folder, first, step] : {std::tuple{"imagenet-val-100", 0, 2}, std::tuple{"imagenet-sample-400", 1, 20}}) {
        std::vector<std::string> names;
        if (!fs::is_directory(assets / folder)) continue;
        for (const auto& e : fs::directory_iterator(assets / folder))
            if (isImageFileName(e.path().string())) names.push_back(e.path().string());
        std::sort(names.begin(), names.end());
        for (size_t i = size_t(first); i < names.size(); i += size_t(step)) photos.push_back(names[i]);
    }
    ASSERT_GE(photos.size(), 50u);

    hint::test::TempDir dir("pil_resize_photos");
    nlohmann::json spec;
    spec["photos"] = nlohmann::json::array();
    for (size_t i = 0; i < photos.size(); ++i) {
        const std::string tag = std::to_string(i);
        spec["photos"].push_back({{"path", photos[i]}, {"size", 224}, {"decoded", dir / (tag + ".rgb")},
                                  {"resized", dir / (tag + "_224.rgb")}, {"tensor", dir / (tag + ".f32")}});
    }
    const nlohmann::json out = runReference(dir, spec);
    ASSERT_FALSE(out.is_null());

    const PreprocessSpec hintSpec{PreprocessMode::Hint, 224};
    Agreement decoded, resized;
    float tensorDiff = 0.0f;  // the engine's whole path (decode, resize, normalize) vs PIL's
    size_t sameDecode = 0;
    for (size_t i = 0; i < photos.size(); ++i) {
        const std::string tag = std::to_string(i);
        auto image = decodeImage(photos[i]);
        ASSERT_TRUE(image.ok()) << image.error().message;
        ASSERT_TRUE(decoded.add(image->pixels, fileBytes(dir / (tag + ".rgb")))) << photos[i] << ": decoded sizes differ";
        sameDecode += image->pixels == fileBytes(dir / (tag + ".rgb"));
        const std::vector<uint8_t> theirs = fileBytes(dir / (tag + "_224.rgb"));
        ASSERT_TRUE(resized.add(resizedForDisplay(image.value(), hintSpec).pixels, theirs)) << photos[i];
        const std::vector<float> tensor = readFloats(dir / (tag + ".f32"));
        const hint::FloatTensor x = preprocessImage(image.value(), hintSpec);
        ASSERT_EQ(x.data.size(), tensor.size()) << photos[i];
        for (size_t k = 0; k < tensor.size(); ++k) tensorDiff = std::max(tensorDiff, std::fabs(x.data[k] - tensor[k]));
    }
    std::cout << "[ PIL      ] " << photos.size() << " photos: decoding identical for " << sameDecode << " ("
              << decoded.exactShare() * 100 << "% of values exact, max difference " << decoded.maxDiff
              << "); 224x224 Lanczos: " << resized.exactShare() * 100 << "% exact, " << resized.withinOneShare() * 100
              << "% within 1, max difference " << resized.maxDiff << "; input tensor max difference " << tensorDiff << "\n";
    EXPECT_GE(resized.withinOneShare(), 0.999);
    EXPECT_EQ(sameDecode, photos.size());  // OpenCV and Pillow both decode with Debian's libjpeg-turbo
    EXPECT_EQ(resized.exact, resized.values);
    EXPECT_LE(tensorDiff, 1e-6f);
}
