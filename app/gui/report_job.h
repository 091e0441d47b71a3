// The File menu's "Export HTML report...": `hint-explorer PROJECT --export-report DIR` run as a job of
// the window's runner, in a child process with a main window of its own (never shown), so the user's
// window keeps its concept and views while the report's views are switched through every concept.
// The child's "report N/M" lines are the job's progress; cancelling the job ends the child.
#pragma once

#include <QString>
#include <QStringList>

namespace hint::bridge {
class JobHandle;
class JobRunner;
}  // namespace hint::bridge

namespace hint::gui {

// `explorer` is the hint-explorer binary (QCoreApplication::applicationFilePath() in the app). The job's
// result is the child's last line (std::string); it fails with the child's last line on a non-zero exit.
// `options` go to the child after the folder (e.g. --concepts LIST, --top K).
bridge::JobHandle* startReportJob(bridge::JobRunner& runner, const QString& explorer, const QString& project, const QString& dir,
                                  const QStringList& options = {});

}  // namespace hint::gui
