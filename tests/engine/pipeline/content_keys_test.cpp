// Cache keys by content: a project and its data copied to another folder reuse every entry; an image whose
// bytes change (same size, mtime set back) recomputes exactly the entries that read it; keys hold no path;
// the second plan reads no file (the cache's file-hash memo); older cache formats are counted, not read.
#include "pipeline_fixture.h"

#include "common/sha256.h"
#include "data/image_io.h"
#include "pipeline/pipeline_run.h"
#include "pipeline/stored_results.h"
#include "store/file_hash_memo.h"
#include "store/result_cache.h"
#include "test_support.h"

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>

namespace {

namespace fs = std::filesystem;
using namespace hint;
using pipeline::Step;

// The fixture's images as binary PPM (raw RGB after a short header) in wnid folders under `dir`: a pixel
// can change without changing the file's size.
void writePpmCopy(const fs::path& dir)
{
    for (const auto& folder : fs::directory_iterator(test::pipelineImages())) {
        fs::create_directories(dir / folder.path().filename());
        for (const auto& file : fs::directory_iterator(folder.path())) {
            auto image = data::decodeImage(file.path().string());
            ASSERT_TRUE(image.ok()) << image.error().message;
            std::ofstream out(dir / folder.path().filename() / file.path().filename().replace_extension(".ppm"), std::ios::binary);
            out << "P6\n" << image->width << " " << image->height << "\n255\n";
            out.write(reinterpret_cast<const char*>(image->pixels.data()), static_cast<std::streamsize>(image->pixels.size()));
        }
    }
}

// Changes the last pixel's red byte in place and sets the file's mtime back: only its ctime tells.
void changeOnePixel(const std::string& path)
{
    const auto before = fileVersion(path).value();
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekg(-3, std::ios::end);
        const char red = static_cast<char>(file.get());
        file.seekp(-3, std::ios::end);
        file.put(static_cast<char>(red ^ 0x40));
    }
    const struct timespec times[2] = {{before.mtimeNs / 1000000000, before.mtimeNs % 1000000000},
                                      {before.mtimeNs / 1000000000, before.mtimeNs % 1000000000}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
    const auto after = fileVersion(path).value();
    ASSERT_EQ(after.size, before.size);
    ASSERT_EQ(after.mtimeNs, before.mtimeNs);
    ASSERT_EQ(after.inode, before.inode);
}

// The memo records files only once their times are a second old.
void waitUntilSettled() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

// A project over writePpmCopy's images, saved in `dir` with its cache beside it (paths relative).
store::Project savedProject(const fs::path& dir)
{
    auto project = test::pipelineProject(dir);
    project.datasets[0].path = (dir / "images").string();
    writePpmCopy(dir / "images");
    EXPECT_TRUE(project.save((dir / "study.hintproj").string()).ok());
    return store::Project::load((dir / "study.hintproj").string()).value();
}

struct MemoDelta {
    store::FileHashMemoCounts start = store::fileHashMemoCounts();
    int64_t hashed() const { return store::fileHashMemoCounts().hashed - start.hashed; }
    int64_t remembered() const { return store::fileHashMemoCounts().remembered - start.remembered; }
};

// Positions of the tasks that read `path`, directly (extract) or through their inputs.
std::set<size_t> readersOf(const pipeline::Plan& plan, const std::string& path)
{
    std::set<size_t> readers;
    for (size_t i = 0; i < plan.tasks.size(); ++i) {
        const auto& task = plan.tasks[i];
        bool reads = false;
        for (const auto& item : task.images) reads = reads || item.path == path;
        for (int input : task.inputs) reads = reads || readers.count(static_cast<size_t>(input)) > 0;
        if (reads) readers.insert(i);
    }
    return readers;
}

TEST(ContentKeys, ACopiedProjectReusesAllAndAChangedImageRecomputesExactlyItsReaders)
{
    REQUIRE_WORDNET();
    test::TempDir base("content_keys");
    const auto original = savedProject(base.path() / "a");
    waitUntilSettled();
    jobs::SimpleJobContext job;
    MemoDelta first;
    auto run = pipeline::runProject(original, {}, job);
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(run->computed, test::kPipelineEntries);
    EXPECT_EQ(first.hashed(), 9);  // 3 sampled images of each of the 3 polygons, each read once
    auto planA = pipeline::buildPlan(original).value();

    // The same project and data (and its cache) in another folder: nothing to compute.
    fs::copy(base.path() / "a", base.path() / "b", fs::copy_options::recursive);
    const auto copy = store::Project::load((base.path() / "b" / "study.hintproj").string()).value();
    ASSERT_EQ(copy.datasets[0].path, (base.path() / "b" / "images").string());
    ASSERT_EQ(copy.cacheDir, (base.path() / "b" / "cache").string());
    waitUntilSettled();
    MemoDelta copied;
    auto rerun = pipeline::runProject(copy, {}, job);
    ASSERT_TRUE(rerun.ok()) << rerun.error().message;
    EXPECT_EQ(rerun->computed, 0);
    EXPECT_EQ(rerun->reused, test::kPipelineEntries);
    EXPECT_EQ(copied.hashed(), 9);  // other files (paths, inodes): hashed once, then remembered

    // No key holds a path: neither folder's name appears in any key.
    auto planB = pipeline::buildPlan(copy).value();
    ASSERT_EQ(planB.tasks.size(), planA.tasks.size());
    for (size_t i = 0; i < planB.tasks.size(); ++i) {
        EXPECT_EQ(planB.tasks[i].keyHex, planA.tasks[i].keyHex);
        const std::string text = planB.tasks[i].key.canonicalText();
        EXPECT_EQ(text.find(base.path().filename().string()), std::string::npos) << text;
        EXPECT_EQ(text.find(".ppm"), std::string::npos) << text;
    }
    const auto& extractKey = planB.tasks[static_cast<size_t>(planB.units[0].extracts[0])].key;
    ASSERT_EQ(extractKey.images.size(), 3u);
    EXPECT_EQ(extractKey.images[0], sha256File(planB.tasks[static_cast<size_t>(planB.units[0].extracts[0])].images[0].path).value());

    // The memo is used: a new plan (as in the next process) reads no file.
    const auto readsBefore = fileHashCounts().read;
    MemoDelta replanned;
    auto again = pipeline::buildPlan(copy);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(replanned.hashed(), 0);
    EXPECT_EQ(replanned.remembered(), 18);  // 2 units x 3 extracts x 3 images
    EXPECT_EQ(fileHashCounts().read, readsBefore);

    // One pixel of one triangle image changes, size and mtime kept: exactly the entries that read it
    // (its extract, regions, and the train and shapley entries of both units, whose groups hold it).
    const std::string changed = planB.tasks[static_cast<size_t>(planB.units[0].extracts[0])].images[1].path;
    const auto readers = readersOf(planB, changed);
    EXPECT_EQ(readers.size(), 6u);
    changeOnePixel(changed);
    MemoDelta afterChange;
    auto planC = pipeline::buildPlan(copy).value();
    EXPECT_EQ(afterChange.hashed(), 1);
    ASSERT_EQ(planC.tasks.size(), planB.tasks.size());
    for (size_t i = 0; i < planC.tasks.size(); ++i)
        EXPECT_EQ(planC.tasks[i].keyHex != planB.tasks[i].keyHex, readers.count(i) == 1) << "task " << i;
    auto recomputed = pipeline::runProject(copy, {}, job);
    ASSERT_TRUE(recomputed.ok()) << recomputed.error().message;
    EXPECT_EQ(recomputed->computed, 6);
    EXPECT_EQ(recomputed->computedOf(Step::Extract), 1);
    EXPECT_EQ(recomputed->reused, test::kPipelineEntries - 6);
    // The original folder's images did not change: its keys stay.
    EXPECT_EQ(pipeline::buildPlan(original).value().tasks.back().keyHex, planA.tasks.back().keyHex);

    // An entry of the previous format (paths in keys) is counted as ignored, never listed as stored.
    store::ResultCache cache(copy.cacheDir);
    auto oldKey = planB.tasks[0].key;
    oldKey.formatVersion = 1;
    oldKey.images = {planB.tasks[0].images[0].path};
    auto writer = cache.begin(oldKey);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer->commit().ok());
    auto manifest = cache.manifest(oldKey.hex()).value();
    manifest["format_version"] = 1;
    std::ofstream(fs::path(copy.cacheDir) / oldKey.hex() / "manifest.json") << manifest.dump(2);
    auto stored = pipeline::listStoredResults(copy);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->entriesOlderFormat, 1);
    EXPECT_EQ(stored->entriesStored, test::kPipelineEntries);
}

}  // namespace
