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
namespace hint::layers {
class LayersView;
}
namespace hint::widgets {
class AdversarialView;
class AssociationsView;
class ConceptBrowser;
class ConceptMapView;
class ContributionsView;
class EvaluationView;
class JobsPanel;
class NeuronHeatmapView;
}  // namespace hint::widgets

namespace hint::gui {

class AnalysisController;
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
    // The views by their scripting names (contributions, heatmaps, concept-maps, ...), in tab order.
    QStringList viewNames() const;
    QWidget* viewWidget(const QString& name) const;
    // Shows a view's tab by name; false for an unknown name.
    bool showView(const QString& name);

    // Scripted use (--export-view): problems go to stderr and scriptedFailure() instead of message boxes,
    // nothing is added to the recent projects, and the cache is not followed (ResultsController).
    void setScripted(bool scripted);
    bool isScripted() const { return m_scripted; }
    const hierarchy::ConceptGraph* conceptGraph() const { return m_graph.get(); }
    // Shows the results of another layer of the project (as the Run panel's layer choice does); false
    // when the project has no such layer.
    bool showLayer(const QString& tap);
    // Selects the concept in the tree, which shows it in every view; false when it is not in the tree.
    bool showConcept(const QString& wnid);
    // Runs the whole project when its cache lacks entries (the demo's first opening does the same);
    // false when everything is stored or a run is going on.
    bool computeMissingResults();

    bridge::JobRunner* jobRunner() const { return m_runner; }
    WelcomePage* welcomePage() const { return m_welcome; }
    widgets::ContributionsView* contributionsView() const { return m_contributions; }
    widgets::NeuronHeatmapView* heatmapView() const { return m_heatmaps; }
    widgets::ConceptMapView* conceptMapView() const { return m_conceptMaps; }
    widgets::AssociationsView* associationsView() const { return m_associations; }
    layers::LayersView* layersView() const { return m_layers; }
    widgets::EvaluationView* evaluationView() const { return m_evaluation; }
    widgets::AdversarialView* adversarialView() const { return m_adversarial; }
    AnalysisController* analysis() const { return m_analysis; }
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
    // Every view of the shown concept that has something to show, into one folder (File menu).
    void exportFigureSet();
    // The project's static HTML report, written by a child process as a job (main_window_report.cpp).
    void exportHtmlReport();
    void loadConceptTree();

Q_SIGNALS:
    // The concept tree and the stored-results listing of an opened project are both in.
    void projectReady();
    // The listing after a run (or an undo) is in and the tree's statuses show it.
    void resultsRefreshed();
    // Scripted use only: an error that a message box would have shown.
    void scriptedFailure(const QString& message);

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
    // A message box, or in scripted use a line on stderr and scriptedFailure().
    void warn(const QString& title, const QString& text);

    bridge::JobRunner* m_runner = nullptr;
    QStackedWidget* m_centre = nullptr;
    WelcomePage* m_welcome = nullptr;
    QTabWidget* m_views = nullptr;
    widgets::ContributionsView* m_contributions = nullptr;
    widgets::NeuronHeatmapView* m_heatmaps = nullptr;
    widgets::ConceptMapView* m_conceptMaps = nullptr;
    widgets::AssociationsView* m_associations = nullptr;
    layers::LayersView* m_layers = nullptr;
    widgets::EvaluationView* m_evaluation = nullptr;
    widgets::AdversarialView* m_adversarial = nullptr;
    ResultsController* m_results = nullptr;
    AnalysisController* m_analysis = nullptr;
    std::unique_ptr<store::Project> m_project;
    QString m_projectPath;
    std::shared_ptr<const hierarchy::ConceptGraph> m_graph;
    bool m_graphPending = false;
    bool m_listPending = false;
    bool m_initialShown = false;
    bool m_demoOpening = false;  // auto-run and the demo's initial concept
    bool m_scripted = false;
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
    QAction* m_exportSetAction = nullptr;
    QAction* m_reportAction = nullptr;
    QAction* m_quitAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
};

}  // namespace hint::gui
