// JobHandle: progress, warnings and the outcome of one job, delivered on the GUI thread.
#include "bridge/job_handle.h"

#include "bridge/promise_job_context.h"

#include <mutex>
#include <utility>

namespace hint::bridge {

namespace {
// Below this the rate estimate is noise; report it unknown instead.
constexpr qint64 kMinRateMilliseconds = 250;
}  // namespace

JobHandle::JobHandle(int id, QString title, QString key, std::shared_ptr<JobSharedState> shared, QObject* parent)
    : QObject(parent), m_id(id), m_title(std::move(title)), m_key(std::move(key)), m_shared(std::move(shared))
{
    connect(&m_watcher, &QFutureWatcherBase::progressValueChanged, this, [this] { onProgressAnnounced(); });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] { onFutureFinished(); });
}

JobHandle::~JobHandle()
{
    // A job deleted while running must still stop: nobody will read its result.
    if (m_shared) m_shared->cancelRequested.store(true);
}

bool JobHandle::isFinished() const
{
    return m_state == State::Succeeded || m_state == State::Failed || m_state == State::Cancelled;
}

void JobHandle::watch(const QFuture<void>& future)
{
    m_watcher.setFuture(future);
}

void JobHandle::cancel()
{
    if (isFinished() || m_cancelRequested) return;
    m_cancelRequested = true;
    m_shared->cancelRequested.store(true);
    // Re-announce the state so views can show "cancelling".
    Q_EMIT stateChanged(m_state);
}

void JobHandle::supersede()
{
    if (isFinished()) return;
    m_superseded = true;
    cancel();
}

void JobHandle::readSharedState()
{
    QStringList warnings;
    bool running = false;
    QString stage;
    qint64 done = 0;
    qint64 total = 0;
    qint64 unitsPerStep = 1;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        running = m_shared->running;
        done = m_shared->done;
        total = m_shared->total;
        unitsPerStep = m_shared->unitsPerStep;
        stage = QString::fromStdString(m_shared->stage);
        for (const auto& warning : m_shared->warnings) warnings << QString::fromStdString(warning);
        m_shared->warnings.clear();
    }
    if (running && m_state == State::Queued) {
        setState(State::Running);
        m_stageClock.start();
        m_runClock.start();
    }
    for (const auto& warning : warnings) Q_EMIT warningLogged(warning);
    if (done == m_done && total == m_total && stage == m_stage && unitsPerStep == m_unitsPerStep) return;

    // A new count restarts the rate window. Steps are one count over the whole job (their stage only
    // names the current step), so a stepped job's rate and ETA come from its elapsed time and fraction
    // done, not from the current step extrapolated to all the others.
    const bool newCount = unitsPerStep > 1 ? total != m_total || unitsPerStep != m_unitsPerStep : stage != m_stage;
    if (newCount || done < m_done) {
        m_stageClock.start();
        m_stageStartDone = done;
    }
    m_done = done;
    m_total = total;
    m_unitsPerStep = unitsPerStep;
    m_stage = stage;
    const qint64 elapsedMs = m_stageClock.isValid() ? m_stageClock.elapsed() : 0;
    if (elapsedMs >= kMinRateMilliseconds && done > m_stageStartDone) {
        m_rate = double(done - m_stageStartDone) * 1000.0 / double(elapsedMs);
        m_etaSeconds = total > done ? double(total - done) / m_rate : 0.0;
    } else {
        m_rate = 0.0;
        m_etaSeconds = -1.0;
    }
    Q_EMIT progressChanged(m_done, m_total, m_stage, m_rate, m_etaSeconds);
}

void JobHandle::onProgressAnnounced()
{
    if (!isFinished()) readSharedState();
}

void JobHandle::onFutureFinished()
{
    if (isFinished()) return;
    readSharedState();
    JobOutcome outcome;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        if (m_shared->outcome) outcome = std::move(*m_shared->outcome);
        else outcome.error = Error::runtime("the job ended without a result");
        m_shared->outcome.reset();
    }

    // A cancelled or superseded job's result is stale even if the work finished anyway: drop it.
    if (m_cancelRequested || (outcome.error && outcome.error->kind == ErrorKind::Cancelled)) {
        setState(State::Cancelled);
        Q_EMIT cancelled();
    } else if (outcome.error) {
        m_errorMessage = QString::fromStdString(outcome.error->message);
        setState(State::Failed);
        Q_EMIT failed(m_errorMessage);
    } else {
        m_result = std::move(outcome.result);
        setState(State::Succeeded);
        Q_EMIT succeeded(m_result);
    }
    Q_EMIT finished();
}

double JobHandle::elapsedSeconds() const
{
    if (m_finishedSeconds >= 0) return m_finishedSeconds;
    return m_runClock.isValid() ? double(m_runClock.elapsed()) / 1000.0 : 0.0;
}

void JobHandle::setState(State state)
{
    if (state == m_state) return;
    if (state == State::Succeeded || state == State::Failed || state == State::Cancelled)
        m_finishedSeconds = m_runClock.isValid() ? double(m_runClock.elapsed()) / 1000.0 : 0.0;
    m_state = state;
    Q_EMIT stateChanged(state);
}

}  // namespace hint::bridge
