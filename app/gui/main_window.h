// MainWindow: the explorer's frame. Welcome page or view tabs in the centre; docks for the concept
// browser, the run panel and the jobs; File/Edit/View/Help menus; layout and recent projects in
// QSettings. main_window.cpp builds the frame; main_window_project.cpp opens projects and the demo,
// runs HINT and keeps the tree's statuses and the views in step with the stored results.
#pragma once

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;
class QTabWidget;
class QUndoStack;

namespace hint::bridge {
class JobRunner;
}
namespace hint::hierarchy {
class ConceptGraph;
}
namespace hint::store {
class Project;
}
namespace hint::widgets {
class ConceptBrowser;
class ConceptMapView;
class ContributionsView;
class JobsPanel;
class NeuronHeatmapView;
}  // namespace hint::widgets

namespace hint::gui {

class ResultsController;
class RunController;
class RunPanel;
struct RunParameters;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    bool isShowingWelcome() const;
    void showWelcome();
    void showViews();
    // Shows a view's tab by name: contributions, heatmaps or concept-maps; false for another name.
    bool showView(const QString& name);

    bridge::JobRunner* jobRunner() const { return m_runner; }
    WelcomePage* welcomePage() const { return m_welcome; }
    widgets::ContributionsView* contributionsView() const { return m_contributions; }
    widgets::NeuronHeatmapView* heatmapView() const { return m_heatmaps; }
    widgets::ConceptMapView* conceptMapView() const { return m_conceptMaps; }
    QTabWidget* viewTabs() const { return m_views; }
    ResultsController* results() const { return m_results; }
    // The open project's file ("" for a new or no project).
    const QString& projectPath() const { return m_projectPath; }
    const store::Project* project() const { return m_project.get(); }
    widgets::ConceptBrowser* conceptBrowser() const { return m_concepts; }
    widgets::JobsPanel* jobsPanel() const { return m_jobs; }
    RunPanel* runPanel() const { return m_run; }
    RunController* runController() const { return m_pipeline; }
    QUndoStack* undoStack() const { return m_undo; }

public Q_SLOTS:
    void openShapleyCsv(const QString& path);
    void openProject(const QString& path);
    // Opens the built-in demo's project (building the demo in a job first when needed), runs HINT on it
    // when its results are not all stored, and shows a concept.
    void openDemo();
    bool saveProject(const QString& path);
    // Runs HINT at the Run panel's layer for the given concepts (wnids; every project concept when
    // empty), after writing the panel's parameters (and new concepts) into the project, undoably.
    void runHint(const QStringList& concepts = {});
    void exportCurrentView();
    void loadConceptTree();

Q_SIGNALS:
    // The concept tree and the stored-results listing of an opened project are both in.
    void projectReady();
    // The listing after a run (or an undo) is in and the tree's statuses show it.
    void resultsRefreshed();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void restoreLayout();
    void updateRecentMenu();
    void newProject();
    void chooseProject();
    void saveProjectAs();
    void loadShapesConceptTree();
    void setConceptGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph);
    void showInitialConcept();
    void connectProjectSignals();
    // Replaces the open project's state (an edit, its undo or redo): Run panel and listing follow.
    void applyProjectState(const store::Project& project);
    // Writes the Run panel's parameters (and `concepts`) into the project as one undoable edit.
    void recordRunParameters(const RunParameters& parameters, const QStringList& concepts);
    void onResultsListed();
    void updateConceptStatuses();
    void showConceptAt(int conceptIndex);
    void reshowCurrentConcept();
    void updateRunAvailability();
    void onRunFinished();
    void setProjectTitle(const QString& name);
    void updateWelcomeDemo();
    void chooseShapleyCsv();
    void about();

    bridge::JobRunner* m_runner = nullptr;
    QStackedWidget* m_centre = nullptr;
    WelcomePage* m_welcome = nullptr;
    QTabWidget* m_views = nullptr;
    widgets::ContributionsView* m_contributions = nullptr;
    widgets::NeuronHeatmapView* m_heatmaps = nullptr;
    widgets::ConceptMapView* m_conceptMaps = nullptr;
    ResultsController* m_results = nullptr;
    std::unique_ptr<store::Project> m_project;
    QString m_projectPath;
    std::shared_ptr<const hierarchy::ConceptGraph> m_graph;
    bool m_graphPending = false;
    bool m_listPending = false;
    bool m_initialShown = false;
    bool m_demoOpening = false;  // auto-run and the demo's initial concept
    // No saved layout: the docks get their default widths when the window is first shown.
    bool m_defaultDockSizesPending = false;
    RunController* m_pipeline = nullptr;
    QUndoStack* m_undo = nullptr;
    widgets::ConceptBrowser* m_concepts = nullptr;
    widgets::JobsPanel* m_jobs = nullptr;
    RunPanel* m_run = nullptr;
    QLabel* m_statusSummary = nullptr;

    QAction* m_newAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_openShapleyAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_saveAsAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_quitAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
};

}  // namespace hint::gui
