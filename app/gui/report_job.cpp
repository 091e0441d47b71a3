// The HTML report as a job: a child hint-explorer writes it; its stderr lines are the progress.
#include "report_job.h"

#include "bridge/job_handle.h"
#include "bridge/job_runner.h"
#include "jobs/job_context.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace hint::gui {

namespace {

constexpr int kPollMs = 200;
constexpr int kStopMs = 10000;

}  // namespace

bridge::JobHandle* startReportJob(bridge::JobRunner& runner, const QString& explorer, const QString& project, const QString& dir,
                                  const QStringList& options)
{
    return runner.start(QObject::tr("Export HTML report"), QStringLiteral("report/html"),
                        [explorer, project, dir, options](jobs::JobContext& context) -> Result<std::string> {
                            QProcess child;  // in the worker thread: the waitFor* calls need no event loop
                            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                            environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
                            child.setProcessEnvironment(environment);
                            child.start(explorer, QStringList{project, QStringLiteral("--export-report"), dir} + options);
                            if (!child.waitForStarted())
                                return Error::runtime("cannot start " + explorer.toStdString() + ": " + child.errorString().toStdString());
                            static const QRegularExpression progress(QStringLiteral("report (\\d+)/(\\d+): (.*)$"));
                            QString lastLine;
                            QByteArray pending;
                            context.progress(0, 1, "opening the project");
                            while (child.state() != QProcess::NotRunning) {
                                if (context.isCancelled()) {
                                    // SIGTERM: the child deletes its temporary folder and exits 130.
                                    child.terminate();
                                    if (!child.waitForFinished(kStopMs)) {
                                        child.kill();
                                        child.waitForFinished();
                                    }
                                    return Error::cancelled();
                                }
                                child.waitForReadyRead(kPollMs);
                                pending += child.readAllStandardError();
                                for (int end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
                                    lastLine = QString::fromUtf8(pending.left(end)).remove(QStringLiteral("hint-explorer: "));
                                    pending.remove(0, end + 1);
                                    if (const auto match = progress.match(lastLine); match.hasMatch())
                                        context.progress(match.captured(1).toLongLong(), match.captured(2).toLongLong(),
                                                         match.captured(3).toStdString());
                                }
                                child.readAllStandardOutput();  // nothing expected; never let it fill up
                            }
                            pending += child.readAllStandardError();
                            if (!pending.trimmed().isEmpty())
                                lastLine = QString::fromUtf8(pending.trimmed()).section(QLatin1Char('\n'), -1).remove(QStringLiteral("hint-explorer: "));
                            if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
                                return Error::runtime(lastLine.isEmpty() ? "the report's process failed" : lastLine.toStdString());
                            return lastLine.toStdString();
                        });
}

}  // namespace hint::gui
