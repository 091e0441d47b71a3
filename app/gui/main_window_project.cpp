// MainWindow, project side: new/open/save, the demo, Run HINT, and the glue that keeps the concept
// tree's statuses and the views in step with what the pipeline store holds.
#include "main_window.h"

#include "analysis_controller.h"
#include "app_settings.h"
#include "bridge/job_runner.h"
#include "concept_browser.h"
#include "concept_tree_model.h"
#include "contributions_view.h"
#include "demo/demo_builder.h"
#include "demo/demo_project.h"
#include "hierarchy/concept_graph.h"
#include "project_edit.h"
#include "results_controller.h"
#include "run_controller.h"
#include "run_panel.h"
#include "store/project.h"
#include "welcome_page.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>
#include <QUndoStack>

#include <algorithm>

namespace hint::gui {

namespace {
constexpr int kStatusMessageMs = 6000;
// The demo opens on an inner concept: its concept maps set the polygons against their siblings.
constexpr const char* kDemoInitialConcept = "polygon";
}  // namespace

void MainWindow::connectProjectSignals()
{
    connect(m_concepts, &widgets::ConceptBrowser::currentConceptChanged, this, [this](int index) {
        if (!m_graph || index < 0 || index >= m_graph->size()) return;
        const auto& concept = m_graph->at(index);
        m_results->showConcept(QString::fromStdString(concept.wnid), QString::fromStdString(concept.name));
    });
    connect(m_concepts, &widgets::ConceptBrowser::runRequested, this, [this](const QList<int>& indices) {
        QStringList wnids;
        for (int index : indices)
            if (m_graph && index >= 0 && index < m_graph->size()) wnids << QString::fromStdString(m_graph->at(index).wnid);
        if (!wnids.isEmpty()) runHint(wnids);
    });
    connect(m_run, &RunPanel::runRequested, this, [this] { runHint(); });
    connect(m_run, &RunPanel::tapChanged, this, [this](const QString& tap) {
        // The views and the statuses follow the layer chosen in the Run panel.
        if (!m_project || tap == m_results->layer()) return;
        m_results->setLayer(tap);
        m_analysis->refreshListing();
        updateConceptStatuses();
        reshowCurrentConcept();
    });
    connect(m_results, &ResultsController::listed, this, [this](int units, int withScores) {
        statusBar()->showMessage(tr("Stored results for %1 of %n concept \u00d7 layer unit(s)", nullptr, units).arg(withScores),
                                 kStatusMessageMs);
        onResultsListed();
    });
    connect(m_results, &ResultsController::estimated, m_run, &RunPanel::setEstimate);
    connect(m_results, &ResultsController::failed, this, [this](const QString& message) {
        statusBar()->showMessage(message, kStatusMessageMs);
    });
    connect(m_pipeline, &RunController::runningChanged, this, [this] { updateRunAvailability(); });
    connect(m_pipeline, &RunController::succeeded, this, [this](const pipeline::RunSummary& summary) {
        statusBar()->showMessage(tr("HINT: %1 result(s) computed, %2 reused, in %3 s")
                                     .arg(summary.computed)
                                     .arg(summary.reused)
                                     .arg(summary.seconds, 0, 'f', 1),
                                 kStatusMessageMs);
    });
    connect(m_pipeline, &RunController::failed, this, [this](const QString& message) {
        m_demoOpening = false;
        warn(tr("Run HINT"), tr("HINT could not run: %1").arg(message));
    });
    connect(m_pipeline, &RunController::cancelled, this, [this] {
        m_demoOpening = false;
        statusBar()->showMessage(tr("HINT cancelled; the results finished before stay stored"), kStatusMessageMs);
    });
    connect(m_pipeline, &RunController::finished, this, &MainWindow::onRunFinished);
    connect(m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { setWindowModified(!clean); });
}

void MainWindow::setProjectTitle(const QString& name)
{
    setWindowTitle(tr("%1[*] \u2014 HINT Explorer").arg(name));
    setWindowModified(false);
}

void MainWindow::newProject()
{
    m_project = std::make_unique<store::Project>();
    m_projectPath.clear();
    m_undo->clear();
    m_demoOpening = false;
    m_results->clearProject();
    m_contributions->setScores(nullptr);
    m_run->resetToDefaults();
    setProjectTitle(tr("Untitled project"));
    updateRunAvailability();
    showViews();
}

void MainWindow::chooseProject()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), AppSettings::lastOpenDirectory(),
                                                      tr("HINT projects (*.hintproj);;All files (*)"));
    if (!path.isEmpty()) openProject(path);
}

void MainWindow::openProject(const QString& path)
{
    if (!QFileInfo(path).isFile()) {
        warn(tr("Open project"), tr("%1 does not exist any more.").arg(path));
        AppSettings::removeRecentProject(path);
        updateRecentMenu();
        m_welcome->setRecentProjects(AppSettings::recentProjects());
        return;
    }
    // A project file is a few kilobytes of JSON: read here, the results it points to in jobs.
    auto project = store::Project::load(path.toStdString());
    if (!project) {
        warn(tr("Open project"), QString::fromStdString(project.error().message));
        return;
    }
    m_project = std::make_unique<store::Project>(std::move(project).value());
    m_projectPath = QFileInfo(path).absoluteFilePath();
    m_demoOpening = false;  // openDemo() sets it again for the demo's project
    m_undo->clear();
    if (!m_scripted) {
        AppSettings::setLastOpenDirectory(QFileInfo(path).absolutePath());
        AppSettings::addRecentProject(m_projectPath);
        updateRecentMenu();
    }
    setProjectTitle(QFileInfo(path).completeBaseName());
    m_initialShown = false;
    m_listPending = true;
    m_results->setLayer(m_project->layers.empty() ? QString() : QString::fromStdString(m_project->layers.front()));
    applyProjectState(*m_project);
    // The demo's concepts are the Shapes world's; everything else explores ImageNet's tree.
    bool shapes = m_project->model.arch == demo::kDemoArch;
    for (const auto& dataset : m_project->datasets) shapes = shapes || dataset.kind == "shapes";
    if (shapes) loadShapesConceptTree();
    else if (!m_graph || m_graph->size() < 1000) loadConceptTree();
    updateRunAvailability();
    showViews();
}

void MainWindow::applyProjectState(const store::Project& project)
{
    if (!m_project) return;
    *m_project = project;
    m_run->setParameters(runParametersOf(project, m_run->parameters()));
    m_results->setModelWeights(QString::fromStdString(project.model.weights));
    m_listPending = true;
    m_results->setProject(project, m_projectPath);
}

void MainWindow::recordRunParameters(const RunParameters& parameters, const QStringList& concepts)
{
    store::Project after = *m_project;
    applyRunParameters(parameters, after);
    for (const QString& wnid : concepts)
        if (std::find(after.concepts.begin(), after.concepts.end(), wnid.toStdString()) == after.concepts.end())
            after.concepts.push_back(wnid.toStdString());
    if (!ProjectEdit::differs(*m_project, after)) return;
    m_undo->push(new ProjectEdit(tr("Run parameters"), *m_project, std::move(after),
                                 [this](const store::Project& state) { applyProjectState(state); }));
}

bool MainWindow::saveProject(const QString& path)
{
    if (!m_project) m_project = std::make_unique<store::Project>();
    recordRunParameters(m_run->parameters(), {});
    if (auto status = m_project->save(path.toStdString()); !status) {
        warn(tr("Save project"), QString::fromStdString(status.error().message));
        return false;
    }
    m_projectPath = QFileInfo(path).absoluteFilePath();
    m_undo->setClean();
    AppSettings::addRecentProject(m_projectPath);
    updateRecentMenu();
    setProjectTitle(QFileInfo(path).completeBaseName());
    updateRunAvailability();
    statusBar()->showMessage(tr("Saved %1").arg(path), kStatusMessageMs);
    return true;
}

void MainWindow::saveProjectAs()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save project"), AppSettings::lastOpenDirectory(),
                                                tr("HINT projects (*.hintproj)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".hintproj");
    saveProject(path);
}

void MainWindow::updateWelcomeDemo()
{
    const QString dir = QString::fromStdString(demo::defaultDemoDir());
    m_welcome->setDemoBuilt(QFileInfo::exists(dir + QLatin1Char('/') + QString::fromLatin1(demo::kDemoProject)));
}

void MainWindow::openDemo()
{
    const QString dir = QString::fromStdString(demo::defaultDemoDir());
    const QString project = dir + QLatin1Char('/') + QString::fromLatin1(demo::kDemoProject);
    if (QFileInfo::exists(project)) {
        openProject(project);
        m_demoOpening = m_project != nullptr;
        return;
    }
    // Not built yet (or built before demos had a project): build it in a job, then open it.
    const std::string target = dir.toStdString();
    auto* job = m_runner->start(tr("Build the Shapes world demo"), QStringLiteral("demo/build"),
                                [target](jobs::JobContext& context) {
                                    return demo::buildDemo(target, demo::DemoOptions{}, context);
                                });
    m_welcome->setDemoBuilding(true);
    statusBar()->showMessage(tr("Building the demo in %1\u2026").arg(dir), kStatusMessageMs);
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult&) {
        updateWelcomeDemo();
        openDemo();
    });
    connect(job, &bridge::JobHandle::failed, this, [this](const QString& message) {
        updateWelcomeDemo();
        warn(tr("Built-in demo"), tr("The demo could not be built: %1").arg(message));
    });
    connect(job, &bridge::JobHandle::cancelled, this, [this] { updateWelcomeDemo(); });
}

void MainWindow::runHint(const QStringList& concepts)
{
    if (!m_project || m_pipeline->isRunning()) return;
    const RunParameters parameters = m_run->parameters();
    if (parameters.tap.isEmpty()) {
        QMessageBox::information(this, tr("Run HINT"), tr("Choose a layer in the Run panel first."));
        return;
    }
    recordRunParameters(parameters, concepts);
    m_results->setLayer(parameters.tap);
    const store::Project scope = RunController::runScope(*m_project, concepts, parameters.tap);
    const QString title = concepts.size() == 1 && m_graph && m_graph->find(concepts.front().toStdString())
                              ? tr("Run HINT for %1").arg(QString::fromStdString(m_graph->find(concepts.front().toStdString())->name))
                              : tr("Run HINT (%n concept(s))", nullptr, int(scope.concepts.size()));
    m_pipeline->start(scope, title);
}

bool MainWindow::showLayer(const QString& tap)
{
    if (!m_project) return false;
    const auto& layers = m_project->layers;
    if (std::find(layers.begin(), layers.end(), tap.toStdString()) == layers.end()) return false;
    if (tap == m_results->layer()) return true;
    m_results->setLayer(tap);
    m_analysis->refreshListing();
    updateConceptStatuses();
    reshowCurrentConcept();
    return true;
}

bool MainWindow::showConcept(const QString& wnid)
{
    const int index = m_graph ? m_graph->indexOf(wnid.toStdString()) : -1;
    if (index < 0) return false;
    showConceptAt(index);
    return true;
}

bool MainWindow::computeMissingResults()
{
    const auto& stored = m_results->stored();
    if (!m_project || m_pipeline->isRunning() || (stored && stored->entriesStored >= stored->entriesTotal)) return false;
    m_pipeline->start(*m_project, tr("Run HINT on %1").arg(windowTitle().section(QLatin1Char('['), 0, 0)));
    return true;
}

void MainWindow::onRunFinished()
{
    // Whatever the outcome, entries finished before are stored: list them again.
    if (m_project) {
        m_listPending = true;
        m_results->refresh();
    }
}

void MainWindow::updateRunAvailability()
{
    const bool running = m_pipeline->isRunning();
    const bool available = m_project && !running;
    const QString why = !m_project ? tr("Open or create a project first")
                        : running  ? tr("HINT is running: its progress and Cancel are in the Jobs dock")
                                   : tr("Runs HINT for every concept of the project at the chosen layer (Ctrl+R); "
                                        "results already stored are reused");
    m_run->setRunAvailable(available, why);
    m_concepts->setRunAvailable(available, available ? tr("Runs HINT at the Run panel's layer") : why);
}

void MainWindow::onResultsListed()
{
    m_listPending = false;
    updateConceptStatuses();
    const auto& stored = m_results->stored();
    // The demo's first opening computes its results (about 10 s); later openings find them stored.
    if (m_demoOpening && stored && stored->entriesStored < stored->entriesTotal && !m_pipeline->isRunning()) {
        m_pipeline->start(*m_project, tr("Run HINT on the demo"));
    } else if (!m_pipeline->isRunning()) {
        m_demoOpening = false;
    }
    if (!m_initialShown) showInitialConcept();
    // Entries landed from another process: reload the shown concept only if what it shows changed.
    else if (!m_results->lastListingFollowedCache() || m_results->shownConceptChanged()) reshowCurrentConcept();
    if (m_graph && !m_graphPending) Q_EMIT resultsRefreshed();
}

void MainWindow::updateConceptStatuses()
{
    if (!m_graph) return;
    m_concepts->treeModel()->setStatuses(m_results->conceptStatuses(*m_graph));
}

void MainWindow::reshowCurrentConcept()
{
    const int current = m_concepts->currentConcept();
    if (!m_graph || current < 0 || current >= m_graph->size()) return;
    const auto& concept = m_graph->at(current);
    m_results->showConcept(QString::fromStdString(concept.wnid), QString::fromStdString(concept.name));
}

void MainWindow::showConceptAt(int conceptIndex)
{
    // Selecting the current item again emits nothing: show it directly then.
    if (m_concepts->currentConcept() == conceptIndex) reshowCurrentConcept();
    else m_concepts->selectConcept(conceptIndex);
}

void MainWindow::showInitialConcept()
{
    // Both the tree and the listing must be in: the tree selection drives the views.
    if (m_graphPending || m_listPending || !m_graph || !m_project || m_initialShown) return;
    int index = -1;
    if (m_demoOpening || m_project->model.arch == demo::kDemoArch)
        for (const auto& wnid : m_project->concepts)
            if (const auto* concept = m_graph->find(wnid); concept && concept->name == kDemoInitialConcept)
                index = m_graph->indexOf(wnid);
    if (index < 0) index = m_graph->indexOf(m_results->firstConceptWithResults());
    for (size_t i = 0; index < 0 && i < m_project->concepts.size(); ++i) index = m_graph->indexOf(m_project->concepts[i]);
    m_initialShown = true;
    if (index >= 0) showConceptAt(index);
    Q_EMIT projectReady();
}

}  // namespace hint::gui
