// File > Export HTML Report's job (app/gui/report_job.h) on the computed demo of the report.demo
// fixture: the child's "report N/M" lines become the job's progress and the report is published; a
// cancelled job ends the child and publishes nothing; a failing child fails the job with its message.
#include "bridge/job_handle.h"
#include "bridge/job_result.h"
#include "bridge/job_runner.h"
#include "report_job.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace hint;
using hint::gui::startReportJob;

namespace {

const QString kWork = QStringLiteral(HINT_REPORT_WORK);
const QString kExplorer = QStringLiteral(HINT_EXPLORER_PATH);
QString project() { return kWork + QStringLiteral("/demo/demo.hintproj"); }

}  // namespace

class ReportJobTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFile::exists(project())) QSKIP("the report.demo fixture has not run (ctest -R report)");
        qputenv("HINT_CACHE_DIR", (kWork + QStringLiteral("/cache")).toUtf8());
    }

    void progressFollowsThePagesAndTheReportIsPublished()
    {
        QTemporaryDir scratch;
        const QString site = scratch.filePath(QStringLiteral("site"));
        bridge::JobRunner runner;
        bridge::JobHandle* job = startReportJob(runner, kExplorer, project(), site, {QStringLiteral("--concepts"), QStringLiteral("n13878634")});
        QList<QPair<qint64, qint64>> progress;
        connect(job, &bridge::JobHandle::progressChanged, this,
                [&progress](qint64 done, qint64 total, const QString&, double, double) { progress.append({done, total}); });
        QSignalSpy succeeded(job, &bridge::JobHandle::succeeded);
        QSignalSpy failed(job, &bridge::JobHandle::failed);
        QVERIFY(QTest::qWaitFor([&] { return !succeeded.isEmpty() || !failed.isEmpty(); }, 240000));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(QFile::exists(site + QStringLiteral("/index.html")));
        QVERIFY(QFile::exists(site + QStringLiteral("/concepts/n13878634/features.16/contributions.svg")));
        // One concept at the demo's three layers: the last progress is 3 of 3.
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last(), (QPair<qint64, qint64>{3, 3}));
        const auto message = succeeded.first().first().value<bridge::JobResult>().get<std::string>();
        QVERIFY(message && QString::fromStdString(*message).contains(QStringLiteral("wrote the report")));
    }

    void cancellingPublishesNothing()
    {
        QTemporaryDir scratch;
        const QString site = scratch.filePath(QStringLiteral("site"));
        bridge::JobRunner runner;
        bridge::JobHandle* job = startReportJob(runner, kExplorer, project(), site);
        QSignalSpy cancelled(job, &bridge::JobHandle::cancelled);
        // Cancel once the first page is drawn: the child is ended before it publishes.
        QVERIFY(QTest::qWaitFor([job] { return job->done() >= 1; }, 240000));
        job->cancel();
        QVERIFY(QTest::qWaitFor([&] { return !cancelled.isEmpty(); }, 30000));
        QVERIFY(!QFile::exists(site));
        QCOMPARE(QDir(scratch.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size(), 0);
    }

    void aFailingChildFailsTheJobWithItsMessage()
    {
        QTemporaryDir scratch;
        bridge::JobRunner runner;
        bridge::JobHandle* job = startReportJob(runner, kExplorer, project(), scratch.filePath(QStringLiteral("site")),
                                                {QStringLiteral("--concepts"), QStringLiteral("n99999999")});
        QSignalSpy failed(job, &bridge::JobHandle::failed);
        QVERIFY(QTest::qWaitFor([&] { return !failed.isEmpty(); }, 240000));
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("n99999999")));
    }
};

QTEST_MAIN(ReportJobTest)
#include "report_job_test.moc"
