// JobsPanel: the Jobs dock. Every job of a JobRunner with a progress bar, rate, ETA and a cancel
// button (Esc cancels the focused job), and a log of skipped files and errors. Internal loads (stored
// results, heatmaps) appear only when they last over a second or fail: the dock shows the user's work.
#pragma once

#include <QHash>
#include <QPointer>
#include <QString>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QVBoxLayout;

namespace hint::bridge {
class JobHandle;
class JobRunner;
}  // namespace hint::bridge

namespace hint::widgets {

class JobsPanel : public QWidget {
    Q_OBJECT

public:
    explicit JobsPanel(bridge::JobRunner* runner, QWidget* parent = nullptr);

    // "1 job running, 2 queued · extract 45% · ETA 0:32", or "Ready".
    QString summaryText() const;
    int rowCount() const { return int(m_rows.size()); }
    QPlainTextEdit* log() const { return m_log; }

    // An internal load (JobHandle::isInternal) gets a row only when it runs longer than this, or fails.
    static constexpr int kInternalJobDelayMs = 1000;

    static QString formatDuration(double seconds);
    // A job row's figures: "120/500 · 35.2/s · ETA 0:11"; a stepped job shows whole steps and no rate,
    // "9/72 steps · ETA 4:05". Empty while the job has no total.
    static QString progressText(const bridge::JobHandle& job);

Q_SIGNALS:
    void summaryChanged(const QString& summary);

private:
    void addJob(bridge::JobHandle* job);
    void showJob(bridge::JobHandle* job);
    void removeJob(bridge::JobHandle* job);
    void appendLog(int jobId, const QString& title, const QString& message, bool isError);
    void updateSummary();

    // Guarded: the runner may be destroyed before the panel (both are children of the main window).
    QPointer<bridge::JobRunner> m_runner;
    QVBoxLayout* m_rowsLayout = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QPlainTextEdit* m_log = nullptr;
    QHash<bridge::JobHandle*, QWidget*> m_rows;
};

}  // namespace hint::widgets
