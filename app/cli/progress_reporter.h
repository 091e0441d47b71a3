// ProgressReporter: the CLI's JobContext. Progress goes to stderr as a bar with rate and ETA on a terminal,
// as throttled plain lines otherwise (logs, pipes); --quiet silences progress (warnings still show).
// While it lives, Ctrl-C sets a cancel flag that the engine polls (the command then exits 130 and leaves
// nothing half-written); a second Ctrl-C kills the process at once.
#pragma once

#include "jobs/job_context.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace hint::cli {

class ProgressReporter : public jobs::JobContext {
public:
    enum class Style { Auto, Bar, Lines };

    explicit ProgressReporter(bool quiet, Style style = Style::Auto, std::FILE* out = stderr);
    ~ProgressReporter() override;  // ends the bar's line and restores the previous SIGINT handler
    ProgressReporter(const ProgressReporter&) = delete;
    ProgressReporter& operator=(const ProgressReporter&) = delete;

    bool isCancelled() const override;
    void progress(int64_t done, int64_t total, const std::string& stage) override;
    // A job of steps (a HINT run): counts whole steps ("9/72 steps") and estimates the ETA from the whole
    // run's elapsed time and fraction done, not from the current step.
    void stepProgress(int64_t done, int64_t total, int64_t unitsPerStep, const std::string& stage) override;
    void warning(const std::string& message) override;  // "hint: warning: <message>"
    void cancel();  // what Ctrl-C does (also for tests)
    int warnings() const { return m_warnings; }

    // "1:02:03" / "2:03"
    static std::string formatDuration(double seconds);

private:
    void report(int64_t done, int64_t total, int64_t unitsPerStep, const std::string& stage);
    void clearBar();
    // counts: "120/500 35.2/s" or "9/72 steps"
    void drawBar(double fraction, const std::string& stage, const std::string& counts, double eta);

    bool m_quiet;
    bool m_bar;
    std::FILE* m_out;
    std::mutex m_mutex;
    std::string m_stage;
    std::chrono::steady_clock::time_point m_stageStart;
    std::chrono::steady_clock::time_point m_runStart;  // first step report of a job of steps
    bool m_runStarted = false;
    std::chrono::steady_clock::time_point m_lastPrint;
    int64_t m_lastPercentBucket = -1;
    bool m_barVisible = false;
    bool m_printedAny = false;
    int m_warnings = 0;
    bool m_installedHandler = false;
};

}  // namespace hint::cli
