// engine/jobs: JobContext used across threads as the GUI and the CLI use it. A worker polls cancellation
// that another thread requests, progress written on a worker is read after it, and an engine call
// (listing a data set folder) stops at its next check when cancelled from another thread. Built as its
// own small target (engine_jobs_tests) so the ThreadSanitizer gate runs it without all of engine_tests.
#include "data/dataset.h"
#include "jobs/job_context.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using hint::ErrorKind;
using hint::jobs::JobContext;
using hint::jobs::SimpleJobContext;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kGiveUp = std::chrono::seconds(20);  // far beyond any real wait: a worker that never stops

// An engine-like loop: checks cancel between "batches", reports progress. Returns the batches done, or -1
// if it ran until kGiveUp without seeing a cancel.
int64_t pollUntilCancelled(JobContext& context, std::atomic<int64_t>& batches)
{
    const auto start = Clock::now();
    while (Clock::now() - start < kGiveUp) {
        if (context.isCancelled()) return batches.load();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        context.progress(++batches, 0, "poll");
    }
    return -1;
}

void waitUntil(const std::atomic<int64_t>& value, int64_t atLeast)
{
    const auto start = Clock::now();
    while (value.load() < atLeast && Clock::now() - start < kGiveUp) std::this_thread::yield();
}

}  // namespace

TEST(JobContext, SimpleContextStartsUncancelledAndKeepsTheLastProgressAndEveryWarning)
{
    SimpleJobContext context;
    EXPECT_FALSE(context.isCancelled());
    context.progress(3, 10, "extract");
    context.warning("skipped a.jpg: truncated");
    context.progress(7, 12, "train");
    context.warning("skipped b.jpg: not an image");
    EXPECT_EQ(context.done(), 7);
    EXPECT_EQ(context.total(), 12);
    EXPECT_EQ(context.warnings(), 2);
    context.cancel();
    EXPECT_TRUE(context.isCancelled());
    context.cancel();  // idempotent
    EXPECT_TRUE(context.isCancelled());
}

TEST(JobContext, CancelFromAnotherThreadStopsAPollingWorker)
{
    SimpleJobContext context;
    std::atomic<int64_t> batches{0};
    int64_t stoppedAfter = 0;
    std::thread worker([&] { stoppedAfter = pollUntilCancelled(context, batches); });
    waitUntil(batches, 5);  // the worker is really polling before the cancel comes
    const auto cancelledAt = Clock::now();
    context.cancel();
    worker.join();
    const auto stopSeconds = std::chrono::duration<double>(Clock::now() - cancelledAt).count();

    ASSERT_GE(stoppedAfter, 5) << "the worker never saw the cancel";
    EXPECT_LT(stopSeconds, 5.0);  // at its next check, not at the give-up time
    // Progress the worker wrote is complete once it has been joined.
    EXPECT_EQ(context.done(), stoppedAfter);
    EXPECT_EQ(context.total(), 0);
}

TEST(JobContext, OneCancelStopsEveryWorkerPollingTheSameFlag)
{
    // Several workers poll one job's flag (the GUI's parallel steps do); each keeps its own progress.
    SimpleJobContext shared;
    constexpr int kWorkers = 4;
    std::vector<SimpleJobContext> own(kWorkers);
    std::vector<std::atomic<int64_t>> batches(kWorkers);
    std::vector<int64_t> stoppedAfter(kWorkers, 0);

    class Forwarding : public JobContext {
    public:
        Forwarding(const SimpleJobContext& flag, SimpleJobContext& own) : m_flag(flag), m_own(own) {}
        bool isCancelled() const override { return m_flag.isCancelled(); }
        void progress(int64_t done, int64_t total, const std::string& stage) override { m_own.progress(done, total, stage); }
        void warning(const std::string& message) override { m_own.warning(message); }

    private:
        const SimpleJobContext& m_flag;
        SimpleJobContext& m_own;
    };

    std::vector<std::thread> workers;
    for (int i = 0; i < kWorkers; ++i) {
        workers.emplace_back([&, i] {
            Forwarding context(shared, own[static_cast<size_t>(i)]);
            stoppedAfter[static_cast<size_t>(i)] = pollUntilCancelled(context, batches[static_cast<size_t>(i)]);
        });
    }
    for (auto& count : batches) waitUntil(count, 2);
    shared.cancel();
    for (auto& worker : workers) worker.join();
    for (int i = 0; i < kWorkers; ++i) {
        SCOPED_TRACE("worker " + std::to_string(i));
        EXPECT_GE(stoppedAfter[static_cast<size_t>(i)], 2);
        EXPECT_EQ(own[static_cast<size_t>(i)].done(), stoppedAfter[static_cast<size_t>(i)]);
    }
}

namespace {

// Cancels itself from a second thread when the engine first reports progress, and waits until that
// thread is done: the engine's next isCancelled() check must see it.
class CancelledFromAnotherThreadOnFirstProgress : public SimpleJobContext {
public:
    void progress(int64_t done, int64_t total, const std::string& stage) override
    {
        SimpleJobContext::progress(done, total, stage);
        ++m_reports;
        if (m_reports == 1) std::thread([this] { cancel(); }).join();
    }
    int reports() const { return m_reports; }

private:
    int m_reports = 0;
};

// A fresh folder under the system temp dir, removed at scope exit.
class TempFolder {
public:
    TempFolder() : m_path(fs::temp_directory_path() / ("hint_job_context_" + std::to_string(::getpid())))
    {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempFolder()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

// Enough image files for the folder listing to check cancel (every 4096 files) twice.
constexpr int kImages = 8200;

void writeImageFolder(const fs::path& dir)
{
    fs::create_directories(dir / "n01440764");
    for (int i = 0; i < kImages; ++i) std::ofstream(dir / "n01440764" / ("n01440764_" + std::to_string(i) + ".jpg"));
}

}  // namespace

TEST(JobContext, FolderListingStopsWhenCancelledFromAnotherThread)
{
    TempFolder dir;
    writeImageFolder(dir.path());

    // Not cancelled: the whole folder is listed (so the cancelled run below really stops early).
    SimpleJobContext plain;
    auto all = hint::data::listImages(dir.path().string(), &plain);
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_EQ(all->size(), size_t(kImages));
    EXPECT_EQ(plain.done(), kImages);

    CancelledFromAnotherThreadOnFirstProgress context;
    auto cancelled = hint::data::listImages(dir.path().string(), &context);
    ASSERT_FALSE(cancelled.ok());
    EXPECT_EQ(cancelled.error().kind, ErrorKind::Cancelled);
    EXPECT_EQ(context.reports(), 1);  // stopped at the check after the first report
    EXPECT_EQ(context.done(), 4096);
}
