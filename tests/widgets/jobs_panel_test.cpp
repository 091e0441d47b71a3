// JobsPanel: the figures a job row shows while a fake engine job holds still at a known point: plain
// counts with their rate, and a pipeline-like job counted in whole steps with an ETA from the whole run.
#include "bridge/job_handle.h"
#include "bridge/job_runner.h"
#include "jobs_panel.h"

#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QPointer>
#include <QLabel>
#include <QProgressBar>
#include <QRegularExpression>
#include <QTest>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using hint::Result;
using hint::bridge::JobHandle;
using hint::bridge::JobRunner;
using hint::jobs::JobContext;
using hint::widgets::JobsPanel;

using namespace std::chrono_literals;

namespace {

// Holds the job until the test lets it go (or cancels it), so the panel can be read at that point.
Result<int> holdUntil(const std::atomic<bool>& released, JobContext& context)
{
    while (!released.load() && !context.isCancelled()) std::this_thread::sleep_for(5ms);
    return 0;
}

// The row's "n/total · ..." label (the only label starting with a count).
QString rowFigures(const JobsPanel& panel)
{
    static const QRegularExpression count(QStringLiteral("^\\d+/\\d+"));
    for (const QLabel* label : panel.findChildren<QLabel*>())
        if (count.match(label->text()).hasMatch()) return label->text();
    return QString();
}

int barValue(const JobsPanel& panel)
{
    const auto bars = panel.findChildren<QProgressBar*>();
    return bars.size() == 1 ? bars.first()->value() : -1;
}

}  // namespace

class JobsPanelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plainCountsShowAsReported()
    {
        JobRunner runner(1);
        JobsPanel panel(&runner);
        auto released = std::make_shared<std::atomic<bool>>(false);
        JobHandle* job = runner.start(QStringLiteral("extract"), QString(), [released](JobContext& context) {
            context.progress(0, 20, "extract");
            std::this_thread::sleep_for(400ms);  // beyond the 250 ms a rate needs
            context.progress(7, 20, "extract");
            return holdUntil(*released, context);
        });
        QTRY_COMPARE_WITH_TIMEOUT(job->done(), qint64(7), 5000);
        const QString figures = rowFigures(panel);
        // Images as counted, about 7 in 0.4 s (the GUI reads the reports a little late), and the rest at that rate.
        QVERIFY2(figures.startsWith(QStringLiteral("7/20 · ")), qPrintable(figures));
        QVERIFY2(job->rate() > 0 && job->rate() <= 7 / 0.3, qPrintable(QString::number(job->rate())));
        QVERIFY2(QRegularExpression(QStringLiteral("^7/20 · [0-9.]+/s · ETA ")).match(figures).hasMatch(), qPrintable(figures));
        QCOMPARE(job->etaSeconds(), 13 / job->rate());
        QCOMPARE(barValue(panel), 350);
        released->store(true);
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 5000);
    }

    void steppedProgressShowsWholeStepsAndARunEta()
    {
        JobRunner runner(1);
        JobsPanel panel(&runner);
        auto released = std::make_shared<std::atomic<bool>>(false);
        QElapsedTimer clock;
        clock.start();
        // Four steps of 1000 units, as the pipeline reports them: the first takes 0.3 s, then the second
        // has done a tenth of its work after another 0.3 s.
        JobHandle* job = runner.start(QStringLiteral("Run HINT"), QString(), [released](JobContext& context) {
            context.stepProgress(0, 4000, 1000, "extract a");
            std::this_thread::sleep_for(300ms);
            context.stepProgress(1000, 4000, 1000, "extract b");
            std::this_thread::sleep_for(300ms);
            context.stepProgress(1100, 4000, 1000, "extract b");
            return holdUntil(*released, context);
        });
        QTRY_COMPARE_WITH_TIMEOUT(job->done(), qint64(1100), 5000);
        const double seconds = double(clock.elapsed()) / 1000.0;
        const QString figures = rowFigures(panel);
        // Whole steps, no rate in thousandths of a step; the bar still shows the step's part.
        QVERIFY2(figures.startsWith(QStringLiteral("1/4 steps · ETA ")), qPrintable(figures));
        QVERIFY2(!figures.contains(QStringLiteral("/s")), qPrintable(figures));
        QCOMPARE(barValue(panel), 275);
        // 27.5% done after about 0.6 s: the rest takes elapsed * 72.5 / 27.5, about 1.6 s. Extrapolating
        // the second step alone (a tenth in 0.3 s) would say 8.7 s.
        const double eta = job->etaSeconds();
        QVERIFY2(eta >= 0.5 * 0.6 * 2900 / 1100 && eta <= seconds * 2900 / 1100,
                 qPrintable(QStringLiteral("ETA %1 s after %2 s").arg(eta).arg(seconds)));
        QVERIFY2(figures.endsWith(JobsPanel::formatDuration(eta)), qPrintable(figures));
        QVERIFY2(panel.summaryText().contains(QStringLiteral("extract b 27%")), qPrintable(panel.summaryText()));
        released->store(true);
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 5000);
    }

    // The dock shows the user's work: a sub-second internal load never gets a row and the runner
    // forgets it; one that lasts over a second appears while it runs; a failed one appears with its error.
    void internalLoadsShowOnlyWhenSlowOrFailed()
    {
        JobRunner runner(2);
        JobsPanel panel(&runner);
        JobHandle* quick = runner.startInternal(QStringLiteral("Load stored results"), QString(),
                                                [](JobContext&) -> Result<int> { return 1; });
        QPointer<JobHandle> quickGuard(quick);
        QTRY_VERIFY_WITH_TIMEOUT(quickGuard.isNull() || quick->isFinished(), 5000);
        QTest::qWait(JobsPanel::kInternalJobDelayMs + 200);
        QCOMPARE(panel.rowCount(), 0);
        QVERIFY(runner.jobs().isEmpty());  // forgotten, not kept for the user to clear
        QCOMPARE(panel.summaryText(), QStringLiteral("Ready"));

        auto released = std::make_shared<std::atomic<bool>>(false);
        JobHandle* slow = runner.startInternal(QStringLiteral("Heatmaps of neuron 3"), QString(),
                                               [released](JobContext& context) { return holdUntil(*released, context); });
        QTest::qWait(JobsPanel::kInternalJobDelayMs / 2);
        QCOMPARE(panel.rowCount(), 0);  // not yet a second
        QTRY_COMPARE_WITH_TIMEOUT(panel.rowCount(), 1, 3000);
        QVERIFY(!slow->isFinished());
        QVERIFY2(panel.summaryText().startsWith(QStringLiteral("1 job")) && panel.summaryText().contains(QStringLiteral("Heatmaps of neuron 3")),
                 qPrintable(panel.summaryText()));
        released->store(true);
        QTRY_COMPARE_WITH_TIMEOUT(panel.rowCount(), 0, 5000);  // forgotten once done

        JobHandle* broken = runner.startInternal(QStringLiteral("List stored results"), QString(),
                                                 [](JobContext&) -> Result<int> { return hint::Error::badInput("no such cache"); });
        QTRY_COMPARE_WITH_TIMEOUT(panel.rowCount(), 1, 5000);
        QCOMPARE(broken->state(), JobHandle::State::Failed);
        QVERIFY(runner.jobs().contains(broken));  // stays, with its error, until cleared
        QVERIFY(panel.log()->toPlainText().contains(QStringLiteral("no such cache")));

        // A job the user started shows at once, however short.
        runner.start(QStringLiteral("Run HINT"), QString(), [](JobContext&) -> Result<int> { return 1; });
        QTRY_COMPARE_WITH_TIMEOUT(panel.rowCount(), 2, 1000);
    }
};

QTEST_MAIN(JobsPanelTest)
#include "jobs_panel_test.moc"
