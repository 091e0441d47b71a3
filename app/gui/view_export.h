// ViewExport: `hint-explorer PROJECT --export-view VIEW --out FILE ...`, the explorer's scripted entry
// point (CLI.md). It drives a main window that is never shown: opens the project, runs HINT for what the
// cache lacks (progress on stderr), selects the layer, concept, neuron and image asked for, waits until
// every job the view started has finished, and writes the view's figure with the same painting the
// window shows. Bad arguments exit 2 naming them; failures exit 1.
#pragma once

#include "exportable_view.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <optional>

class QCommandLineParser;

namespace hint::bridge {
class JobHandle;
}

namespace hint::gui {

class MainWindow;

struct ViewExportRequest {
    QString project;
    QString view;
    QString out;
    QString concept;  // wnid; empty = the view's initial concept
    QString layer;    // empty = the project's first layer
    std::optional<int> neuron;
    std::optional<int> image;  // row of the concept's stored extraction, 0 = the first
    widgets::FigureExportOptions figure;
};

// Exit code 2 with a message naming the bad argument.
struct UsageProblem {
    QString message;
};

// Reads --export-view and its companions from a parser that has the options of addViewExportOptions.
std::optional<ViewExportRequest> viewExportRequest(const QCommandLineParser& parser, UsageProblem& problem);
void addViewExportOptions(QCommandLineParser& parser);
// The view names --export-view takes (also the main window's scripting names).
QStringList exportableViewNames();

class ViewExport : public QObject {
    Q_OBJECT

public:
    ViewExport(MainWindow& window, ViewExportRequest request, QObject* parent = nullptr);
    // Opens the project; finished() follows, once.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    enum class Phase { Opening, Computing, Selecting, Preparing, Exporting, Done };
    void onProjectReady();
    void onResultsRefreshed();
    void selectAndPrepare();
    void prepareView();
    void waitUntilIdle(Phase next);
    void onIdleCheck();
    void exportFigure();
    void fail(int exitCode, const QString& message);
    void reportProgress(bridge::JobHandle* job);

    MainWindow& m_window;
    ViewExportRequest m_request;
    Phase m_phase = Phase::Opening;
    Phase m_afterIdle = Phase::Done;
    QTimer m_idleTimer;
    int m_idleChecks = 0;
    QHash<const bridge::JobHandle*, qint64> m_lastReport;  // ms on m_clock
    QElapsedTimer m_clock;
};

}  // namespace hint::gui
