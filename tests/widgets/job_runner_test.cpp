// JobRunner/JobHandle: progress, results, cancellation, supersession, failures and warnings, with fake
// engine jobs that only use the JobContext interface.
#include "bridge/job_runner.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

using hint::Error;
using hint::Result;
using hint::bridge::JobHandle;
using hint::bridge::JobResult;
using hint::bridge::JobRunner;
using hint::jobs::JobContext;

namespace {

void sleepMs(int ms)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// Counts to n like an engine loop over batches: checks cancel, reports progress.
Result<int> countTo(JobContext& context, int n, int stepMs, std::atomic<int>* steps = nullptr)
{
    for (int i = 0; i < n; ++i) {
        if (context.isCancelled()) return Error::cancelled();
        sleepMs(stepMs);
        if (steps) ++*steps;
        context.progress(i + 1, n, "count");
    }
    return n;
}

}  // namespace

class JobRunnerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliversProgressAndResult()
    {
        JobRunner runner(1);
        QElapsedTimer clock;
        clock.start();
        JobHandle* job = runner.start(QStringLiteral("count"), QString(),
                                      [](JobContext& context) { return countTo(context, 40, 10); });
        QVERIFY(clock.elapsed() < 50);  // start() does not wait for the worker
        QSignalSpy progress(job, &JobHandle::progressChanged);
        QSignalSpy succeeded(job, &JobHandle::succeeded);
        QSignalSpy failed(job, &JobHandle::failed);
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 10000);

        QCOMPARE(succeeded.count(), 1);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(job->state(), JobHandle::State::Succeeded);
        const auto value = succeeded.first().first().value<JobResult>().get<int>();
        QVERIFY(value);
        QCOMPARE(*value, 40);
        QVERIFY(!job->result().get<double>());  // typed access refuses the wrong type

        // Throttled, but some intermediate reports arrive, in order, and the last one is complete.
        QVERIFY(progress.count() >= 2);
        qint64 previous = -1;
        for (const auto& args : progress) {
            QVERIFY(args.at(0).toLongLong() >= previous);
            previous = args.at(0).toLongLong();
            QCOMPARE(args.at(1).toLongLong(), qlonglong(40));
            QCOMPARE(args.at(2).toString(), QStringLiteral("count"));
        }
        QCOMPARE(job->done(), qint64(40));
        // 10 ms a step: at most ~100 steps a second, and not absurdly slower.
        QVERIFY2(job->rate() > 5.0 && job->rate() < 110.0, qPrintable(QString::number(job->rate())));
        QCOMPARE(job->etaSeconds(), 0.0);
    }

    void cancelIsHonoured()
    {
        JobRunner runner(1);
        auto steps = std::make_shared<std::atomic<int>>(0);
        JobHandle* job = runner.start(QStringLiteral("long"), QString(), [steps](JobContext& context) {
            return countTo(context, 1000, 5, steps.get());
        });
        QSignalSpy cancelled(job, &JobHandle::cancelled);
        QSignalSpy succeeded(job, &JobHandle::succeeded);
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == JobHandle::State::Running && job->done() > 0, 5000);
        job->cancel();
        QVERIFY(job->isCancelRequested());
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 5000);
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(succeeded.count(), 0);
        QCOMPARE(job->state(), JobHandle::State::Cancelled);
        QVERIFY2(steps->load() < 1000, "the worker did not stop");
        QVERIFY(job->result().isNull());
    }

    void supersededResultIsDropped()
    {
        JobRunner runner(2);
        // The old job ignores cancellation and produces a value anyway: it must not be delivered.
        JobHandle* old = runner.start(QStringLiteral("old"), QStringLiteral("view/key"), [](JobContext&) -> Result<int> {
            sleepMs(200);
            return 1;
        });
        QSignalSpy oldSucceeded(old, &JobHandle::succeeded);
        QSignalSpy oldCancelled(old, &JobHandle::cancelled);
        JobHandle* fresh = runner.start(QStringLiteral("new"), QStringLiteral("view/key"),
                                        [](JobContext&) -> Result<int> { return 2; });
        JobHandle* other = runner.start(QStringLiteral("other key"), QStringLiteral("view/other"),
                                        [](JobContext&) -> Result<int> { return 3; });
        QSignalSpy freshSucceeded(fresh, &JobHandle::succeeded);
        QVERIFY(old->isSuperseded());
        QVERIFY(!other->isSuperseded());
        QTRY_VERIFY_WITH_TIMEOUT(old->isFinished() && fresh->isFinished() && other->isFinished(), 5000);
        QCOMPARE(oldSucceeded.count(), 0);
        QCOMPARE(oldCancelled.count(), 1);
        QCOMPARE(old->state(), JobHandle::State::Cancelled);
        QCOMPARE(freshSucceeded.count(), 1);
        QCOMPARE(*fresh->result().get<int>(), 2);
        QCOMPARE(*other->result().get<int>(), 3);
        QCOMPARE(runner.activeCount(), 0);
    }

    void failureMessageIsDelivered()
    {
        JobRunner runner(1);
        QSignalSpy log(&runner, &JobRunner::logMessage);
        JobHandle* job = runner.start(QStringLiteral("bad"), QString(), [](JobContext&) -> Result<int> {
            return Error::badInput("labels.csv:3: unknown wnid n0000000x");
        });
        QSignalSpy failed(job, &JobHandle::failed);
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 5000);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().toString(), QStringLiteral("labels.csv:3: unknown wnid n0000000x"));
        QCOMPARE(job->state(), JobHandle::State::Failed);
        QCOMPARE(log.count(), 1);
        QCOMPARE(log.first().at(3).toBool(), true);  // an error line in the job log
    }

    void exceptionBecomesFailure()
    {
        JobRunner runner(1);
        JobHandle* job = runner.start(QStringLiteral("throws"), QString(), [](JobContext&) -> Result<int> {
            throw std::runtime_error("boom");
        });
        QSignalSpy failed(job, &JobHandle::failed);
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 5000);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("boom")));
    }

    void warningsReachTheLog()
    {
        JobRunner runner(1);
        QSignalSpy log(&runner, &JobRunner::logMessage);
        JobHandle* job = runner.start(QStringLiteral("scan"), QString(), [](JobContext& context) -> Result<int> {
            for (int i = 0; i < 3; ++i) context.warning("skipped broken" + std::to_string(i) + ".jpg: truncated");
            return 3;
        });
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 5000);
        QCOMPARE(log.count(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(log.at(i).at(0).toInt(), job->id());
            QCOMPARE(log.at(i).at(2).toString(), QStringLiteral("skipped broken%1.jpg: truncated").arg(i));
            QCOMPARE(log.at(i).at(3).toBool(), false);
        }
    }

    void jobsBeyondTheLimitQueue()
    {
        JobRunner runner(1);
        JobHandle* first = runner.start(QStringLiteral("first"), QString(),
                                        [](JobContext& context) { return countTo(context, 20, 10); });
        JobHandle* second = runner.start(QStringLiteral("second"), QString(),
                                         [](JobContext& context) { return countTo(context, 2, 1); });
        QTRY_VERIFY_WITH_TIMEOUT(first->state() == JobHandle::State::Running, 5000);
        QCOMPARE(second->state(), JobHandle::State::Queued);
        QCOMPARE(runner.activeCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(second->isFinished(), 5000);
        QVERIFY(first->isFinished());  // FIFO with one worker
        runner.clearFinished();
        QTRY_COMPARE(runner.jobs().size(), 0);
    }

    void queuedJobsRunOneAfterAnotherOnABusyWorker()
    {
        // One worker that does not wait between jobs: each queued job is taken straight from the pool's
        // queue by the thread that just finished the previous one, and the jobs report nothing. Under
        // ThreadSanitizer this exercises the hand-over annotation (bridge/tsan_annotations.h) rather
        // than a lock the job happens to share with the GUI thread.
        JobRunner runner(1);
        QList<JobHandle*> jobs;
        for (int i = 0; i < 5; ++i) {
            auto payload = std::make_shared<std::vector<int>>(1000, i);
            jobs << runner.start(QStringLiteral("quiet"), QString(), [payload](JobContext&) -> Result<int> {
                sleepMs(20);
                int sum = 0;
                for (int v : *payload) sum += v;
                return sum;
            });
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(jobs.begin(), jobs.end(), [](JobHandle* job) { return job->isFinished(); }),
                                 10000);
        for (int i = 0; i < 5; ++i) QCOMPARE(*jobs[i]->result().get<int>(), 1000 * i);
    }

    void destructionCancelsRunningJobs()
    {
        auto steps = std::make_shared<std::atomic<int>>(0);
        QElapsedTimer clock;
        {
            JobRunner runner(1);
            JobHandle* job = runner.start(QStringLiteral("long"), QString(), [steps](JobContext& context) {
                return countTo(context, 1000, 5, steps.get());
            });
            QTRY_VERIFY_WITH_TIMEOUT(job->done() > 0, 5000);
            clock.start();
        }
        QVERIFY(clock.elapsed() < 1000);
        QVERIFY(steps->load() < 1000);
    }
};

QTEST_GUILESS_MAIN(JobRunnerTest)
#include "job_runner_test.moc"
