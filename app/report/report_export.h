// ReportExport: `hint-explorer PROJECT --export-report DIR`, the static HTML report. It drives a main
// window that is never shown, as --export-view does: opens the project, and for each layer and each
// concept shown in turn writes the views' figures with their own painting (Neuron contributions as SVG,
// the top neurons' heatmaps and a few concept maps as JPEG, the Evaluation figure when localization is
// stored, the Associations diagram and matrix per layer) with the CSV of each beside it, then the pages
// (report_pages.h) and renames the staged folder onto DIR. It renders only what the cache holds and
// computes no missing HINT result (a page says what is missing); the heatmaps and concept maps it draws
// are read from the stored extraction, as the views do. Progress goes to stderr as
// "hint-explorer: report N/M: ..." lines. Bad arguments exit 2 naming them; failures exit 1.
#pragma once

#include "report_content.h"
#include "report_request.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

class QSocketNotifier;

namespace hint::gui {
class MainWindow;
}

namespace hint::report {

class StagedFolder;

// Figures per concept x layer beyond the contributions chart.
constexpr int kHeatmapNeurons = 3;
constexpr int kConceptMapImages = 2;

class ReportExport : public QObject {
    Q_OBJECT

public:
    ReportExport(gui::MainWindow& window, ReportRequest request, QObject* parent = nullptr);
    ~ReportExport() override;
    // Opens the project; finished() follows, once.
    void start();
    // Stops at once: the staged folder is deleted (an earlier report stays) and finished(130) follows.
    void cancel();
    // SIGINT and SIGTERM call cancel() (through a self-pipe, on the event loop): Ctrl-C on `hint report
    // --html` or cancelling the menu's job leaves no temporary folder behind.
    void cancelOnSignals();

Q_SIGNALS:
    void finished(int exitCode);

private:
    // One step: does its part and says whether to wait for the window's jobs before the next.
    using Step = std::function<bool()>;
    void onProjectReady();
    void planSteps();
    void planUnit(int unitIndex);
    void runNext();
    void onIdleCheck();
    bool exportView(QObject* view, const QString& dir, const QString& stem, const QString& suffix, const QString& title,
                    QList<ReportFigure>& into, QStringList& notes);
    bool writePagesAndPublish();
    void fail(int exitCode, const QString& message);

    gui::MainWindow& m_window;
    ReportRequest m_request;
    ReportContent m_content;
    std::unique_ptr<StagedFolder> m_folder;
    std::deque<Step> m_steps;
    QTimer m_idleTimer;
    int m_idleChecks = 0;
    bool m_opening = true;
    bool m_done = false;
    int m_unitsDone = 0;
    QElapsedTimer m_clock;
    QSocketNotifier* m_signalNotifier = nullptr;
};

}  // namespace hint::report
