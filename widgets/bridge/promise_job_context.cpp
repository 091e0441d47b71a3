// PromiseJobContext: engine progress, warnings and cancellation over a QPromise.
#include "bridge/promise_job_context.h"

#include <algorithm>
#include <limits>

namespace hint::bridge {

PromiseJobContext::PromiseJobContext(JobSharedState& state, QPromise<void>& promise)
    : m_state(state), m_promise(promise)
{
    // The progress value is only a change counter; the real numbers are in the shared state.
    m_promise.setProgressRange(0, std::numeric_limits<int>::max());
}

bool PromiseJobContext::isCancelled() const
{
    return m_state.cancelRequested.load() || m_promise.isCanceled();
}

void PromiseJobContext::progress(int64_t done, int64_t total, const std::string& stage)
{
    stepProgress(done, total, 1, stage);
}

void PromiseJobContext::stepProgress(int64_t done, int64_t total, int64_t unitsPerStep, const std::string& stage)
{
    bool stageChanged = false;
    {
        std::lock_guard<std::mutex> lock(m_state.mutex);
        stageChanged = stage != m_state.stage;
        m_state.done = done;
        m_state.total = total;
        m_state.unitsPerStep = std::max<int64_t>(1, unitsPerStep);
        m_state.stage = stage;
    }
    announce(stageChanged || done >= total);
}

void PromiseJobContext::warning(const std::string& message)
{
    {
        std::lock_guard<std::mutex> lock(m_state.mutex);
        m_state.warnings.push_back(message);
    }
    announce(false);
}

void PromiseJobContext::markRunning()
{
    {
        std::lock_guard<std::mutex> lock(m_state.mutex);
        m_state.running = true;
    }
    announce(true);
}

void PromiseJobContext::announce(bool force)
{
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - m_lastAnnounce < kMinInterval) return;
    m_lastAnnounce = now;
    // Qt reports only increasing values; at <= 25 announcements a second the counter lasts years.
    if (m_tick < std::numeric_limits<int>::max()) ++m_tick;
    m_promise.setProgressValue(m_tick);
}

}  // namespace hint::bridge
