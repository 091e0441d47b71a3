// JobContext: what every long engine call receives, to report progress and notice cancellation.
// The engine polls isCancelled() between batches; it never waits on a UI.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace hint::jobs {

class JobContext {
public:
    virtual ~JobContext() = default;
    virtual bool isCancelled() const = 0;
    // done of total units finished in the named stage ("extract", "train", ...).
    virtual void progress(int64_t done, int64_t total, const std::string& stage) = 0;
    // Progress of a job made of whole steps that moves on smoothly inside each step (the pipeline's
    // tasks): done and total count units, unitsPerStep units make one step, and views count whole
    // steps ("9/72"). It is one counter over the whole job: stage names the current step and changes
    // while done goes on. A context that does not care about steps sees plain progress.
    virtual void stepProgress(int64_t done, int64_t total, int64_t unitsPerStep, const std::string& stage)
    {
        (void)unitsPerStep;
        progress(done, total, stage);
    }
    // A non-fatal problem (a skipped file): shown in logs, the job goes on.
    virtual void warning(const std::string& message) = 0;
};

// A context that can be cancelled through an atomic flag and records nothing else.
class SimpleJobContext : public JobContext {
public:
    bool isCancelled() const override { return m_cancelled.load(); }
    void cancel() { m_cancelled.store(true); }
    void progress(int64_t done, int64_t total, const std::string& stage) override
    {
        m_done = done;
        m_total = total;
        m_stage = stage;
    }
    void warning(const std::string&) override { ++m_warnings; }

    int64_t done() const { return m_done; }
    int64_t total() const { return m_total; }
    int warnings() const { return m_warnings; }

private:
    std::atomic<bool> m_cancelled{false};
    int64_t m_done = 0;
    int64_t m_total = 0;
    std::string m_stage;
    int m_warnings = 0;
};

}  // namespace hint::jobs
