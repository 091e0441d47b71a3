// MainWindow: menus, docks, central pages and the glue between them.
#include "main_window.h"

#include "adversarial/adversarial_view.h"
#include "analysis_controller.h"
#include "app_settings.h"
#include "associations/associations_view.h"
#include "bridge/job_runner.h"
#include "concept_browser.h"
#include "concept_map_view.h"
#include "contributions_view.h"
#include "demo/demo_builder.h"
#include "evaluation/evaluation_view.h"
#include "export_dialog.h"
#include "hierarchy/concept_graph.h"
#include "hierarchy/word_net.h"
#include "jobs_panel.h"
#include "layers/layers_view.h"
#include "neuron_heatmap_view.h"
#include "results_controller.h"
#include "run_controller.h"
#include "run_panel.h"
#include "shapley_csv.h"
#include "store/project.h"
#include "welcome_page.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHash>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QShowEvent>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QUndoStack>

#include <cstdio>

namespace hint::gui {

namespace {
constexpr int kStatusMessageMs = 6000;
constexpr int kWelcomePage = 0;
constexpr int kViewsPage = 1;
constexpr const char* kViewNameProperty = "hintViewName";
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("HINT Explorer"));
    setObjectName(QStringLiteral("MainWindow"));
    // Two at once: a quick listing is not stuck behind a long extraction; more would only compete for
    // the cores Torch already uses.
    m_runner = new bridge::JobRunner(2, this);

    m_centre = new QStackedWidget(this);
    m_welcome = new WelcomePage(m_centre);
    m_views = new QTabWidget(m_centre);
    m_views->setDocumentMode(true);
    // Each view implements widgets::ExportableView (File > Export view, --export-view) and carries its
    // scripting name.
    const auto addView = [this](QWidget* view, const QString& title, const char* name) {
        view->setProperty(kViewNameProperty, QString::fromLatin1(name));
        m_views->addTab(view, title);
    };
    m_contributions = new widgets::ContributionsView(m_views);
    addView(m_contributions, tr("Neuron contributions"), "contributions");
    m_heatmaps = new widgets::NeuronHeatmapView(m_views);
    addView(m_heatmaps, tr("Neuron heatmaps"), "heatmaps");
    m_conceptMaps = new widgets::ConceptMapView(m_views);
    addView(m_conceptMaps, tr("Concept maps and localization"), "concept-maps");
    m_associations = new widgets::AssociationsView(m_views);
    addView(m_associations, tr("Associations"), "associations");
    m_layers = new layers::LayersView(m_views);
    addView(m_layers, tr("Layers"), "layers");
    m_evaluation = new widgets::EvaluationView(m_views);
    addView(m_evaluation, tr("Evaluation"), "evaluation");
    m_adversarial = new widgets::AdversarialView(m_views);
    addView(m_adversarial, tr("Adversarial"), "adversarial");
    m_results = new ResultsController(m_runner, m_contributions, m_heatmaps, m_conceptMaps, this);
    m_analysis = new AnalysisController(m_runner, m_results, {m_associations, m_layers, m_evaluation, m_adversarial},
                                        m_contributions, m_heatmaps, this);
    m_pipeline = new RunController(m_runner, this);
    m_undo = new QUndoStack(this);
    m_centre->addWidget(m_welcome);
    m_centre->addWidget(m_views);
    setCentralWidget(m_centre);

    createDocks();
    createActions();
    createMenus();

    m_statusSummary = new QLabel(tr("Ready"), this);
    statusBar()->addPermanentWidget(m_statusSummary);
    connect(m_jobs, &widgets::JobsPanel::summaryChanged, m_statusSummary, &QLabel::setText);

    connect(m_welcome, &WelcomePage::openModelRequested, this, [this] {
        if (auto* dock = findChild<QDockWidget*>(QStringLiteral("RunDock"))) {
            dock->show();
            dock->raise();
        }
        m_run->architectureCombo()->setFocus();
        showViews();
    });
    connect(m_welcome, &WelcomePage::openShapleyRequested, this, &MainWindow::chooseShapleyCsv);
    connect(m_welcome, &WelcomePage::openProjectRequested, this, &MainWindow::openProject);
    connect(m_welcome, &WelcomePage::chooseProjectRequested, this, &MainWindow::chooseProject);
    connect(m_welcome, &WelcomePage::demoRequested, this, &MainWindow::openDemo);
    connectProjectSignals();
    connect(m_contributions, &widgets::ContributionsView::neuronSelected, this, [this](int neuron) {
        statusBar()->showMessage(tr("Neuron %1 selected").arg(neuron), kStatusMessageMs);
    });
    connect(m_views, &QTabWidget::currentChanged, this, [this] { m_exportAction->setEnabled(!isShowingWelcome()); });
    connect(m_centre, &QStackedWidget::currentChanged, this, [this] {
        m_exportAction->setEnabled(!isShowingWelcome());
        m_exportSetAction->setEnabled(!isShowingWelcome());
    });
    connect(m_analysis, &AnalysisController::conceptRequested, this, [this](const QString& wnid) { showConcept(wnid); });
    connect(m_analysis, &AnalysisController::conceptMapsRequested, this, [this] { showView(QStringLiteral("concept-maps")); });
    connect(m_analysis, &AnalysisController::failed, this, [this](const QString& message) {
        if (m_scripted) warn(tr("Views"), message);
        else statusBar()->showMessage(message, kStatusMessageMs);
    });

    updateRecentMenu();
    restoreLayout();
    updateWelcomeDemo();
    showWelcome();
    loadConceptTree();
    m_run->detectCheckpoints();
    updateRunAvailability();
}

MainWindow::~MainWindow()
{
    // Stop workers before the views their results would go to are destroyed.
    m_runner->cancelAll();
}

void MainWindow::createDocks()
{
    m_concepts = new widgets::ConceptBrowser(this);
    m_concepts->setMinimumWidth(360);
    auto* conceptDock = new QDockWidget(tr("Concepts"), this);
    conceptDock->setObjectName(QStringLiteral("ConceptDock"));
    conceptDock->setWidget(m_concepts);
    addDockWidget(Qt::LeftDockWidgetArea, conceptDock);

    m_run = new RunPanel(m_runner, this);
    m_run->setMinimumWidth(320);
    auto* runDock = new QDockWidget(tr("Run"), this);
    runDock->setObjectName(QStringLiteral("RunDock"));
    runDock->setWidget(m_run);
    addDockWidget(Qt::RightDockWidgetArea, runDock);

    m_jobs = new widgets::JobsPanel(m_runner, this);
    auto* jobsDock = new QDockWidget(tr("Jobs"), this);
    jobsDock->setObjectName(QStringLiteral("JobsDock"));
    jobsDock->setWidget(m_jobs);
    addDockWidget(Qt::BottomDockWidgetArea, jobsDock);
}

void MainWindow::createActions()
{
    m_newAction = new QAction(tr("&New Project"), this);
    m_newAction->setShortcut(QKeySequence::New);
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newProject);

    m_openAction = new QAction(tr("&Open Project\u2026"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseProject);

    m_openShapleyAction = new QAction(tr("Open &Shapley Values\u2026"), this);
    m_openShapleyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openShapleyAction->setStatusTip(tr("Plot a CSV written by \u201chint shapley\u201d"));
    connect(m_openShapleyAction, &QAction::triggered, this, &MainWindow::chooseShapleyCsv);

    m_saveAction = new QAction(tr("&Save Project"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAsAction = new QAction(tr("Save Project &As\u2026"), this);
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    m_saveAction->setStatusTip(tr("Save the model, layer, parameters and seed to the project file"));
    connect(m_saveAction, &QAction::triggered, this, [this] {
        if (m_projectPath.isEmpty()) saveProjectAs();
        else saveProject(m_projectPath);
    });
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveProjectAs);

    m_exportAction = new QAction(tr("&Export View\u2026"), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setStatusTip(tr("The current view as PNG, SVG or PDF, or its data as CSV or JSON"));
    m_exportAction->setEnabled(false);
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportCurrentView);
    m_exportSetAction = new QAction(tr("Export Figure &Set\u2026"), this);
    m_exportSetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportSetAction->setStatusTip(tr("Write every view of the shown concept into one folder"));
    m_exportSetAction->setEnabled(false);
    connect(m_exportSetAction, &QAction::triggered, this, &MainWindow::exportFigureSet);
    m_reportAction = new QAction(tr("Export HTML &Report\u2026"), this);
    m_reportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));
    m_reportAction->setStatusTip(tr("A static web site of the project's stored results (hint report --html)"));
    connect(m_reportAction, &QAction::triggered, this, &MainWindow::exportHtmlReport);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(m_openShapleyAction);
    QAction* demoAction = file->addAction(tr("Open &Demo"));
    demoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    demoAction->setStatusTip(tr("The built-in Shapes world demo (built on first use)"));
    connect(demoAction, &QAction::triggered, this, &MainWindow::openDemo);
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addSeparator();
    file->addAction(m_exportAction);
    file->addAction(m_exportSetAction);
    file->addAction(m_reportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    edit->addAction(undo);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(redo);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction* welcome = m_viewMenu->addAction(tr("&Welcome Page"));
    welcome->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(welcome, &QAction::triggered, this, &MainWindow::showWelcome);
    QAction* views = m_viewMenu->addAction(tr("&Views"));
    views->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_9));
    connect(views, &QAction::triggered, this, &MainWindow::showViews);
    m_viewMenu->addSeparator();
    int key = Qt::Key_1;
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        QAction* toggle = dock->toggleViewAction();
        toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key(key++)));
        m_viewMenu->addAction(toggle);
    }
    m_viewMenu->addSeparator();
    QAction* focusSearch = m_viewMenu->addAction(tr("&Find Concept"));
    focusSearch->setShortcut(QKeySequence::Find);
    connect(focusSearch, &QAction::triggered, this, [this] {
        m_concepts->parentWidget()->show();
        m_concepts->searchField()->setFocus();
        m_concepts->searchField()->selectAll();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About HINT Explorer"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::about);
    QAction* aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::restoreLayout()
{
    const QByteArray geometry = AppSettings::windowGeometry();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) resize(1360, 860);
    m_defaultDockSizesPending = !restoreState(AppSettings::windowState());
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_defaultDockSizesPending) return;
    m_defaultDockSizesPending = false;
    // Only now: before its first layout the main window sizes docks by their size hints and drops
    // what resizeDocks asked for. Wide enough for concept names and the run panel's fields.
    auto* conceptDock = findChild<QDockWidget*>(QStringLiteral("ConceptDock"));
    auto* runDock = findChild<QDockWidget*>(QStringLiteral("RunDock"));
    auto* jobsDock = findChild<QDockWidget*>(QStringLiteral("JobsDock"));
    resizeDocks({conceptDock, runDock}, {400, 320}, Qt::Horizontal);
    resizeDocks({jobsDock}, {170}, Qt::Vertical);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    AppSettings::setWindowGeometry(saveGeometry());
    AppSettings::setWindowState(saveState());
    m_runner->cancelAll();
    event->accept();
}

bool MainWindow::isShowingWelcome() const
{
    return m_centre->currentIndex() == kWelcomePage;
}

void MainWindow::showWelcome()
{
    m_welcome->setRecentProjects(AppSettings::recentProjects());
    m_centre->setCurrentIndex(kWelcomePage);
}

void MainWindow::showViews()
{
    m_centre->setCurrentIndex(kViewsPage);
}

QStringList MainWindow::viewNames() const
{
    QStringList names;
    for (int i = 0; i < m_views->count(); ++i) names << m_views->widget(i)->property(kViewNameProperty).toString();
    return names;
}

QWidget* MainWindow::viewWidget(const QString& name) const
{
    for (int i = 0; i < m_views->count(); ++i)
        if (m_views->widget(i)->property(kViewNameProperty).toString() == name) return m_views->widget(i);
    return nullptr;
}

bool MainWindow::showView(const QString& name)
{
    QWidget* view = viewWidget(name);
    if (!view) return false;
    m_views->setCurrentWidget(view);
    showViews();
    return true;
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = AppSettings::recentProjects();
    for (int i = 0; i < recent.size(); ++i) {
        const QString path = recent[i];
        QAction* action = m_recentMenu->addAction(QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { openProject(path); });
    }
    if (recent.isEmpty()) m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction* clear = m_recentMenu->addAction(tr("&Clear List"));
    clear->setEnabled(!recent.isEmpty());
    connect(clear, &QAction::triggered, this, [this] {
        AppSettings::clearRecentProjects();
        updateRecentMenu();
        m_welcome->setRecentProjects({});
    });
}

void MainWindow::setConceptGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph)
{
    m_graph = std::move(graph);
    m_graphPending = false;
    m_results->setGraph(m_graph);
    m_analysis->setGraph(m_graph);
    m_concepts->setGraph(m_graph);
    updateConceptStatuses();
    showInitialConcept();
}

void MainWindow::chooseShapleyCsv()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Shapley values"), AppSettings::lastOpenDirectory(),
                                                      tr("Shapley CSV (*.csv);;All files (*)"));
    if (path.isEmpty()) return;
    AppSettings::setLastOpenDirectory(QFileInfo(path).absolutePath());
    openShapleyCsv(path);
}

void MainWindow::openShapleyCsv(const QString& path)
{
    const std::string file = path.toStdString();
    auto* job = m_runner->start(tr("Read %1").arg(QFileInfo(path).fileName()), QStringLiteral("contributions/data"),
                                [file](jobs::JobContext&) { return widgets::readShapleyCsv(file); });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        auto scores = result.get<widgets::NeuronScores>();
        if (!scores) return;
        m_contributions->setScores(scores);
        m_views->setCurrentWidget(m_contributions);
        showViews();
    });
    connect(job, &bridge::JobHandle::failed, this, [this](const QString& message) {
        warn(tr("Open Shapley values"), message);
    });
}

void MainWindow::warn(const QString& title, const QString& text)
{
    if (!m_scripted) {
        QMessageBox::warning(this, title, text);
        return;
    }
    std::fprintf(stderr, "hint-explorer: %s: %s\n", qPrintable(title), qPrintable(text));
    Q_EMIT scriptedFailure(text);
}

void MainWindow::exportCurrentView()
{
    auto* view = dynamic_cast<widgets::ExportableView*>(m_views->currentWidget());
    if (isShowingWelcome() || !view) return;
    if (!view->hasExportableContent()) {
        QMessageBox::information(this, tr("Export view"), tr("This view has nothing to export yet."));
        return;
    }
    widgets::ExportDialog dialog(*view, this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(tr("Exported %1").arg(dialog.path()), kStatusMessageMs);
}

void MainWindow::exportFigureSet()
{
    if (isShowingWelcome()) return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export figure set into"), AppSettings::lastOpenDirectory());
    if (dir.isEmpty()) return;
    QStringList written, empty, failures;
    for (const QString& name : viewNames()) {
        auto* view = dynamic_cast<widgets::ExportableView*>(viewWidget(name));
        if (!view || !view->hasExportableContent()) {
            empty << name;
            continue;
        }
        const QString path = QDir(dir).filePath(view->exportName() + QStringLiteral(".png"));
        if (auto status = view->exportFigure(path, widgets::FigureExportOptions{}); status) written << QFileInfo(path).fileName();
        else failures << QStringLiteral("%1: %2").arg(name, QString::fromStdString(status.error().message));
    }
    if (!failures.isEmpty()) warn(tr("Export figure set"), failures.join(QLatin1Char('\n')));
    statusBar()->showMessage(tr("Exported %n figure(s) into %1", nullptr, int(written.size())).arg(dir) +
                                 (empty.isEmpty() ? QString() : tr("; nothing to show yet in: %1").arg(empty.join(QStringLiteral(", ")))),
                             kStatusMessageMs * 2);
}

void MainWindow::loadConceptTree()
{
    m_graphPending = true;
    m_concepts->setStatusText(tr("Loading the WordNet concept tree\u2026"));
    auto* job = m_runner->startInternal(tr("Load WordNet concept tree"), QStringLiteral("concepts/graph"),
                                [](jobs::JobContext& context) -> Result<hierarchy::ConceptGraph> {
                                    context.progress(0, 2, "read WordNet");
                                    auto wordNet = hierarchy::WordNet::load();
                                    if (!wordNet) return wordNet.error();
                                    if (context.isCancelled()) return Error::cancelled();
                                    context.progress(1, 2, "build graph");
                                    auto graph = hierarchy::ConceptGraph::imagenet(*wordNet);
                                    context.progress(2, 2, "build graph");
                                    return graph;
                                });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        if (auto graph = result.get<hierarchy::ConceptGraph>()) setConceptGraph(graph);
    });
    connect(job, &bridge::JobHandle::failed, this, [this](const QString& message) {
        m_graphPending = false;
        m_concepts->setStatusText(tr("The concept tree could not be loaded: %1").arg(message));
    });
}

void MainWindow::loadShapesConceptTree()
{
    m_graphPending = true;
    m_concepts->setStatusText(tr("Loading the Shapes world concept tree\u2026"));
    auto* job = m_runner->startInternal(tr("Load the Shapes world concept tree"), QStringLiteral("concepts/graph"),
                                [](jobs::JobContext& context) -> Result<hierarchy::ConceptGraph> {
                                    context.progress(0, 1, "read WordNet");
                                    auto wordNet = hierarchy::WordNet::load();
                                    if (!wordNet) return wordNet.error();
                                    auto graph = demo::shapesConceptGraph(*wordNet);
                                    context.progress(1, 1, "build graph");
                                    return graph;
                                });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        if (auto graph = result.get<hierarchy::ConceptGraph>()) setConceptGraph(graph);
    });
    connect(job, &bridge::JobHandle::failed, this, [this](const QString& message) {
        m_graphPending = false;
        m_concepts->setStatusText(tr("The concept tree could not be loaded: %1").arg(message));
    });
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About HINT Explorer"),
                       tr("<h3>HINT Explorer %1</h3>"
                          "<p>Explores which neurons of an image classifier stand for which WordNet concepts, "
                          "after <i>HINT: Hierarchical Neuron Concept Explainer</i> (Wang et al., CVPR 2022).</p>"
                          "<p>Built with Qt %2, QCustomPlot and LibTorch.</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::setScripted(bool scripted)
{
    m_scripted = scripted;
    // A scripted export waits for its own run: a listing started by entries landing would look like
    // the run's end.
    m_results->setFollowing(!scripted);
}

}  // namespace hint::gui
