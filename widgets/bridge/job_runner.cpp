// JobRunner: QtConcurrent workers for engine calls, with supersession of stale requests.
#include "bridge/job_runner.h"

#include "bridge/promise_job_context.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>

namespace hint::bridge {

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

JobHandle* JobRunner::startErased(const QString& title, const QString& key,
                                  std::function<JobOutcome(jobs::JobContext&)> work)
{
    if (!key.isEmpty()) {
        if (auto previous = m_latestByKey.value(key)) previous->supersede();
    }
    auto shared = std::make_shared<JobSharedState>();
    auto* job = new JobHandle(m_nextId++, title, key, shared, this);
    m_jobs << job;
    if (!key.isEmpty()) m_latestByKey.insert(key, job);

    const int id = job->id();
    connect(job, &JobHandle::warningLogged, this,
            [this, id, title](const QString& message) { Q_EMIT logMessage(id, title, message, false); });
    connect(job, &JobHandle::failed, this,
            [this, id, title](const QString& message) { Q_EMIT logMessage(id, title, message, true); });
    connect(job, &JobHandle::finished, this, [this] { Q_EMIT activeCountChanged(activeCount()); });

    QFuture<JobOutcome> future = QtConcurrent::run(
        &m_pool, [shared, work = std::move(work)](QPromise<JobOutcome>& promise) {
            PromiseJobContext context(*shared, promise);
            JobOutcome outcome;
            if (context.isCancelled()) {
                outcome.error = Error::cancelled();
            } else {
                context.markRunning();
                try {
                    outcome = work(context);
                } catch (const std::exception& e) {
                    outcome.error = Error::runtime(std::string("internal error: ") + e.what());
                } catch (...) {
                    outcome.error = Error::runtime("internal error: unknown exception");
                }
            }
            promise.addResult(std::move(outcome));
        });
    job->watch(future);

    Q_EMIT jobAdded(job);
    Q_EMIT activeCountChanged(activeCount());
    return job;
}

}  // namespace hint::bridge
