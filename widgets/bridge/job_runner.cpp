// JobRunner: pool workers for engine calls, with supersession of stale requests.
#include "bridge/job_runner.h"

#include "bridge/promise_job_context.h"
#include "bridge/tsan_annotations.h"

#include <QPromise>
#include <QRunnable>

#include <algorithm>
#include <exception>
#include <mutex>
#include <utility>

namespace hint::bridge {

namespace {

// One job on a pool thread. Its own QRunnable rather than QtConcurrent::run so the hand-over has a
// point on each side to annotate for ThreadSanitizer (tsan_annotations.h): QThreadPool's queue lock is
// inside uninstrumented Qt.
class JobRunnable : public QRunnable {
public:
    JobRunnable(std::shared_ptr<JobSharedState> shared, std::function<JobOutcome(jobs::JobContext&)> work)
        : m_shared(std::move(shared)), m_work(std::move(work))
    {
        setAutoDelete(true);
        // Started at once, as QtConcurrent::run does: a queued job's future is already running.
        m_promise.start();
    }

    QFuture<void> future() { return m_promise.future(); }

    void run() override
    {
        tsanAcquire(this);
        JobOutcome outcome = execute();
        {
            std::lock_guard<std::mutex> lock(m_shared->mutex);
            m_shared->outcome = std::move(outcome);
        }
        // The watcher's finished signal follows; the handle then takes the outcome under the mutex.
        m_promise.finish();
    }

private:
    JobOutcome execute()
    {
        PromiseJobContext context(*m_shared, m_promise);
        JobOutcome outcome;
        if (context.isCancelled()) {
            outcome.error = Error::cancelled();
            return outcome;
        }
        context.markRunning();
        try {
            outcome = m_work(context);
        } catch (const std::exception& e) {
            outcome.error = Error::runtime(std::string("internal error: ") + e.what());
        } catch (...) {
            outcome.error = Error::runtime("internal error: unknown exception");
        }
        return outcome;
    }

    std::shared_ptr<JobSharedState> m_shared;
    std::function<JobOutcome(jobs::JobContext&)> m_work;
    QPromise<void> m_promise;
};

}  // namespace

JobRunner::JobRunner(int maxConcurrent, QObject* parent) : QObject(parent)
{
    qRegisterMetaType<hint::bridge::JobResult>();
    m_pool.setMaxThreadCount(std::max(1, maxConcurrent));
    m_pool.setObjectName(QStringLiteral("hint-jobs"));
}

JobRunner::~JobRunner()
{
    cancelAll();
    m_pool.waitForDone();
}

QList<JobHandle*> JobRunner::jobs() const
{
    QList<JobHandle*> list;
    for (const auto& job : m_jobs)
        if (job) list << job.data();
    return list;
}

int JobRunner::activeCount() const
{
    int active = 0;
    for (const auto& job : m_jobs)
        if (job && !job->isFinished()) ++active;
    return active;
}

int JobRunner::maxConcurrent() const
{
    return m_pool.maxThreadCount();
}

void JobRunner::cancelAll()
{
    for (const auto& job : m_jobs)
        if (job) job->cancel();
}

void JobRunner::clearFinished()
{
    QList<QPointer<JobHandle>> kept;
    for (const auto& job : m_jobs) {
        if (!job) continue;
        if (!job->isFinished()) {
            kept << job;
            continue;
        }
        Q_EMIT jobRemoved(job.data());
        job->deleteLater();
    }
    m_jobs = kept;
}

void JobRunner::forget(JobHandle* job)
{
    m_jobs.removeAll(QPointer<JobHandle>(job));
    Q_EMIT jobRemoved(job);
    job->deleteLater();
}

JobHandle* JobRunner::startErased(const QString& title, const QString& key,
                                  std::function<JobOutcome(jobs::JobContext&)> work, bool internal)
{
    if (!key.isEmpty()) {
        if (auto previous = m_latestByKey.value(key)) previous->supersede();
    }
    auto shared = std::make_shared<JobSharedState>();
    auto* job = new JobHandle(m_nextId++, title, key, shared, this);
    job->m_internal = internal;
    m_jobs << job;
    if (!key.isEmpty()) m_latestByKey.insert(key, job);

    const int id = job->id();
    connect(job, &JobHandle::warningLogged, this,
            [this, id, title](const QString& message) { Q_EMIT logMessage(id, title, message, false); });
    connect(job, &JobHandle::failed, this,
            [this, id, title](const QString& message) { Q_EMIT logMessage(id, title, message, true); });
    connect(job, &JobHandle::finished, this, [this, job] {
        Q_EMIT activeCountChanged(activeCount());
        // A failed internal load stays, with its error, until the user clears it.
        if (job->isInternal() && job->state() != JobHandle::State::Failed) forget(job);
    });

    auto* runnable = new JobRunnable(std::move(shared), std::move(work));  // the pool deletes it after run()
    job->watch(runnable->future());
    // Everything the GUI thread wrote into the runnable happens before its run() on a pool thread.
    tsanRelease(runnable);
    m_pool.start(runnable);

    Q_EMIT jobAdded(job);
    Q_EMIT activeCountChanged(activeCount());
    return job;
}

}  // namespace hint::bridge
