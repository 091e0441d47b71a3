// JobRunner: starts engine calls on a QThreadPool (its own QRunnable with a QPromise) and hands back a
// JobHandle whose signals arrive on the GUI thread. Results are immutable shared_ptr<const T>.
#pragma once

#include "bridge/job_handle.h"
#include "bridge/job_result.h"
#include "common/result.h"
#include "jobs/job_context.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace hint::bridge {

namespace detail {
template <class R>
struct ResultValue;
template <class T>
struct ResultValue<Result<T>> {
    using type = T;
};
}  // namespace detail

class JobRunner : public QObject {
    Q_OBJECT

public:
    // maxConcurrent: jobs running at once; the rest queue. The engine's own calls use every core
    // (Torch intra-op threads), so more than one or two at a time only oversubscribes.
    explicit JobRunner(int maxConcurrent = 1, QObject* parent = nullptr);
    // Cancels every job and waits for the workers, which notice cancellation between batches.
    ~JobRunner() override;

    // Starts work(JobContext&) -> Result<T> on a worker. A job with the same non-empty key that is still
    // queued or running is superseded: cancelled, and its result dropped even if it finishes.
    template <class Work>
    JobHandle* start(const QString& title, const QString& key, Work work)
    {
        return startErased(title, key, erase(std::move(work)), false);
    }
    // The same for an internal load the user did not ask for as such (stored results, heatmaps, a
    // listing): JobHandle::isInternal(); the runner forgets it once it succeeded or was cancelled.
    template <class Work>
    JobHandle* startInternal(const QString& title, const QString& key, Work work)
    {
        return startErased(title, key, erase(std::move(work)), true);
    }

    QList<JobHandle*> jobs() const;
    int activeCount() const;  // queued or running
    int maxConcurrent() const;

public Q_SLOTS:
    void cancelAll();
    // Forgets finished jobs (their handles are deleted later, so pending signal handlers are safe).
    void clearFinished();

Q_SIGNALS:
    void jobAdded(hint::bridge::JobHandle* job);
    void jobRemoved(hint::bridge::JobHandle* job);
    // Skipped files and errors of every job, for the job log.
    void logMessage(int jobId, const QString& title, const QString& message, bool isError);
    void activeCountChanged(int active);

private:
    template <class Work>
    static std::function<JobOutcome(jobs::JobContext&)> erase(Work work)
    {
        using R = std::invoke_result_t<Work&, jobs::JobContext&>;
        using T = typename detail::ResultValue<R>::type;
        return [work = std::move(work)](jobs::JobContext& context) mutable {
            R result = work(context);
            JobOutcome outcome;
            if (!result.ok()) outcome.error = result.error();
            else outcome.result = JobResult::of<T>(std::make_shared<const T>(std::move(result).value()));
            return outcome;
        };
    }
    JobHandle* startErased(const QString& title, const QString& key,
                           std::function<JobOutcome(jobs::JobContext&)> work, bool internal);
    void forget(JobHandle* job);

    QThreadPool m_pool;
    QList<QPointer<JobHandle>> m_jobs;
    QHash<QString, QPointer<JobHandle>> m_latestByKey;
    int m_nextId = 1;
};

}  // namespace hint::bridge
