// MainWindow: File > Export HTML report (the job is report_job.h).
#include "main_window.h"

#include "app_settings.h"
#include "bridge/job_handle.h"
#include "bridge/job_result.h"
#include "report_job.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QStatusBar>
#include <QUndoStack>

namespace hint::gui {

void MainWindow::exportHtmlReport()
{
    if (m_projectPath.isEmpty()) {
        warn(tr("Export HTML report"), tr("Save the project first: the report is written from its file."));
        return;
    }
    if (!m_undo->isClean()) {
        warn(tr("Export HTML report"), tr("The project has unsaved changes; the report is written from the saved file. "
                                          "Save it first (File > Save)."));
        return;
    }
    const QString suggested = QFileInfo(m_projectPath).dir().filePath(QFileInfo(m_projectPath).completeBaseName() + QStringLiteral("-report"));
    const QString dir = QFileDialog::getSaveFileName(this, tr("Export HTML report into folder"), suggested, QString(), nullptr,
                                                     QFileDialog::ShowDirsOnly | QFileDialog::DontConfirmOverwrite);
    if (dir.isEmpty()) return;
    bridge::JobHandle* job = startReportJob(*m_runner, QCoreApplication::applicationFilePath(), m_projectPath, dir);
    connect(job, &bridge::JobHandle::succeeded, this, [this, dir](const bridge::JobResult&) {
        statusBar()->showMessage(tr("HTML report written: %1").arg(QDir(dir).filePath(QStringLiteral("index.html"))), 10000);
    });
    connect(job, &bridge::JobHandle::failed, this, [this](const QString& message) { warn(tr("Export HTML report"), message); });
}

}  // namespace hint::gui
