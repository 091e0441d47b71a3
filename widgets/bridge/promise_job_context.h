// PromiseJobContext: the engine's JobContext seen from a JobRunner worker. Progress and warnings go into
// state shared with the JobHandle and are announced through the QPromise (throttled); cancel is an atomic
// flag, so the engine never touches Qt's event loop.
#pragma once

#include "bridge/job_result.h"
#include "jobs/job_context.h"

#include <QPromise>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hint::bridge {

// Written by the worker, read by the GUI thread; the handle and the worker each hold a shared_ptr.
struct JobSharedState {
    std::atomic<bool> cancelRequested{false};
    std::mutex mutex;  // guards the fields below
    bool running = false;
    int64_t done = 0;
    int64_t total = 0;
    int64_t unitsPerStep = 1;  // > 1: done and total count steps of that many units (stepProgress)
    std::string stage;
    std::vector<std::string> warnings;  // not yet shown; the GUI thread drains them
    // Set once by the worker before it finishes the promise. It crosses to the GUI thread under this
    // mutex, which ThreadSanitizer sees, rather than inside the QPromise, whose locks it cannot see.
    std::optional<JobOutcome> outcome;
};

class PromiseJobContext : public jobs::JobContext {
public:
    PromiseJobContext(JobSharedState& state, QPromise<void>& promise);

    bool isCancelled() const override;
    void progress(int64_t done, int64_t total, const std::string& stage) override;
    void stepProgress(int64_t done, int64_t total, int64_t unitsPerStep, const std::string& stage) override;
    void warning(const std::string& message) override;

    // Marks the job as running and tells the GUI thread at once.
    void markRunning();

private:
    // Bumps the promise's progress value, which the QFutureWatcher turns into a signal. At most every
    // kMinInterval unless forced, so an engine reporting per image cannot flood the GUI thread.
    void announce(bool force);

    static constexpr std::chrono::milliseconds kMinInterval{40};
    JobSharedState& m_state;
    QPromise<void>& m_promise;
    int m_tick = 0;
    std::chrono::steady_clock::time_point m_lastAnnounce{};
};

}  // namespace hint::bridge
