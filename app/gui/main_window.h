// MainWindow: the explorer's frame. Welcome page or view tabs in the centre; docks for the concept
// browser, the run panel and the jobs; File/View/Help menus; layout and recent projects in QSettings.
#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;
class QTabWidget;

namespace hint::bridge {
class JobRunner;
}
namespace hint::widgets {
class ConceptBrowser;
class ContributionsView;
class JobsPanel;
}  // namespace hint::widgets

namespace hint::gui {

class RunPanel;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    bool isShowingWelcome() const;
    void showWelcome();
    void showViews();

    bridge::JobRunner* jobRunner() const { return m_runner; }
    WelcomePage* welcomePage() const { return m_welcome; }
    widgets::ContributionsView* contributionsView() const { return m_contributions; }
    widgets::ConceptBrowser* conceptBrowser() const { return m_concepts; }
    widgets::JobsPanel* jobsPanel() const { return m_jobs; }
    RunPanel* runPanel() const { return m_run; }

public Q_SLOTS:
    void openShapleyCsv(const QString& path);
    void openProject(const QString& path);
    void exportCurrentView();
    void loadConceptTree();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void restoreLayout();
    void updateRecentMenu();
    void newProject();
    void chooseProject();
    void chooseShapleyCsv();
    void about();

    bridge::JobRunner* m_runner = nullptr;
    QStackedWidget* m_centre = nullptr;
    WelcomePage* m_welcome = nullptr;
    QTabWidget* m_views = nullptr;
    widgets::ContributionsView* m_contributions = nullptr;
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
