// ViewExport: the scripted figure export of the explorer.
#include "view_export.h"

#include "adversarial/adversarial_view.h"
#include "analysis_controller.h"
#include "associations/associations_view.h"
#include "bridge/job_handle.h"
#include "bridge/job_runner.h"
#include "concept_map_view.h"
#include "contributions_view.h"
#include "hierarchy/concept_graph.h"
#include "layers/layers_view.h"
#include "main_window.h"
#include "neuron_heatmap_view.h"
#include "results_controller.h"
#include "store/project.h"

#include <QComboBox>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cstdio>

namespace hint::gui {

namespace {

// The view is ready when no job has been running for this long (a load that starts the next load
// does so before it reports its end, so the runner is never idle in between).
constexpr int kIdleCheckMs = 100;
constexpr int kIdleChecksNeeded = 3;
constexpr qint64 kProgressEveryMs = 1000;

void say(const QString& text)
{
    std::fprintf(stderr, "hint-explorer: %s\n", qPrintable(text));
    std::fflush(stderr);
}

}  // namespace

QStringList exportableViewNames()
{
    return {QStringLiteral("contributions"), QStringLiteral("heatmaps"),  QStringLiteral("concept-maps"),
            QStringLiteral("associations"),  QStringLiteral("layers"),    QStringLiteral("evaluation"),
            QStringLiteral("adversarial")};
}

void addViewExportOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("export-view"),
                      QStringLiteral("Write VIEW's figure to --out and exit, without a window: %1")
                          .arg(exportableViewNames().join(QStringLiteral(", "))),
                      QStringLiteral("VIEW")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("The figure file of --export-view: .png, .svg or .pdf"),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("concept"), QStringLiteral("The concept (wnid) to show (default: the project's first with results)"),
                      QStringLiteral("WNID")});
    parser.addOption({QStringLiteral("layer"), QStringLiteral("The project layer to show (default: its first)"),
                      QStringLiteral("TAP")});
    parser.addOption({QStringLiteral("neuron"), QStringLiteral("The neuron (channel, from 0) to select"), QStringLiteral("K")});
    parser.addOption({QStringLiteral("image"), QStringLiteral("The concept's stored image to show (row, from 0)"),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("size"), QStringLiteral("Figure size in pixels (default 2400x1500)"), QStringLiteral("WxH")});
    parser.addOption({QStringLiteral("dpi"), QStringLiteral("Figure resolution, fixing text size and the PDF page (default 300)"),
                      QStringLiteral("D")});
}

std::optional<ViewExportRequest> viewExportRequest(const QCommandLineParser& parser, UsageProblem& problem)
{
    ViewExportRequest request;
    request.view = parser.value(QStringLiteral("export-view"));
    if (!exportableViewNames().contains(request.view)) {
        problem.message = QStringLiteral("unknown view '%1' for --export-view (one of %2)")
                              .arg(request.view, exportableViewNames().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1 || !files.first().endsWith(QStringLiteral(".hintproj"))) {
        problem.message = QStringLiteral("--export-view needs one project file (PROJECT.hintproj) before it");
        return std::nullopt;
    }
    request.project = files.first();
    if (!QFileInfo(request.project).isFile()) {
        problem.message = QStringLiteral("project file %1 does not exist").arg(request.project);
        return std::nullopt;
    }
    request.out = parser.value(QStringLiteral("out"));
    const QString suffix = QFileInfo(request.out).suffix().toLower();
    if (request.out.isEmpty() || (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))) {
        problem.message = request.out.isEmpty() ? QStringLiteral("--export-view needs --out FILE (.png, .svg or .pdf)")
                                                : QStringLiteral("--out %1: the file name must end in .png, .svg or .pdf").arg(request.out);
        return std::nullopt;
    }
    request.concept = parser.value(QStringLiteral("concept"));
    request.layer = parser.value(QStringLiteral("layer"));
    const auto count = [&](const char* name, std::optional<int>& into) {
        if (!parser.isSet(QLatin1String(name))) return true;
        bool ok = false;
        const int value = parser.value(QLatin1String(name)).toInt(&ok);
        if (!ok || value < 0) {
            problem.message = QStringLiteral("--%1 %2: not a count from 0").arg(QLatin1String(name), parser.value(QLatin1String(name)));
            return false;
        }
        into = value;
        return true;
    };
    if (!count("neuron", request.neuron) || !count("image", request.image)) return std::nullopt;
    if (parser.isSet(QStringLiteral("size"))) {
        static const QRegularExpression sizePattern(QStringLiteral("^(\\d+)x(\\d+)$"));
        const auto match = sizePattern.match(parser.value(QStringLiteral("size")));
        const int w = match.hasMatch() ? match.captured(1).toInt() : 0, h = match.hasMatch() ? match.captured(2).toInt() : 0;
        if (w < 16 || h < 16 || w > 20000 || h > 20000) {
            problem.message = QStringLiteral("--size %1: expected WxH in pixels, each 16..20000").arg(parser.value(QStringLiteral("size")));
            return std::nullopt;
        }
        request.figure.pixelSize = QSize(w, h);
    }
    if (parser.isSet(QStringLiteral("dpi"))) {
        bool ok = false;
        const double dpi = parser.value(QStringLiteral("dpi")).toDouble(&ok);
        if (!ok || dpi < 10 || dpi > 2400) {
            problem.message = QStringLiteral("--dpi %1: expected 10..2400").arg(parser.value(QStringLiteral("dpi")));
            return std::nullopt;
        }
        request.figure.dpi = dpi;
    }
    return request;
}

ViewExport::ViewExport(MainWindow& window, ViewExportRequest request, QObject* parent)
    : QObject(parent), m_window(window), m_request(std::move(request))
{
    m_idleTimer.setInterval(kIdleCheckMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &ViewExport::onIdleCheck);
    connect(&m_window, &MainWindow::projectReady, this, &ViewExport::onProjectReady);
    connect(&m_window, &MainWindow::resultsRefreshed, this, &ViewExport::onResultsRefreshed);
    connect(&m_window, &MainWindow::scriptedFailure, this, [this](const QString& message) { fail(1, message); });
    connect(m_window.results(), &ResultsController::failed, this, [this](const QString& message) { fail(1, message); });
    connect(m_window.jobRunner(), &bridge::JobRunner::jobAdded, this, [this](bridge::JobHandle* job) {
        connect(job, &bridge::JobHandle::progressChanged, this, [this, job] { reportProgress(job); });
    });
    m_clock.start();
}

void ViewExport::start()
{
    m_window.setScripted(true);
    m_phase = Phase::Opening;
    m_window.openProject(m_request.project);
}

void ViewExport::onProjectReady()
{
    if (m_phase != Phase::Opening) return;
    const store::Project* project = m_window.project();
    if (!project) return fail(2, QStringLiteral("%1 could not be opened").arg(m_request.project));
    if (!m_request.layer.isEmpty()) {
        const auto& layers = project->layers;
        if (std::find(layers.begin(), layers.end(), m_request.layer.toStdString()) == layers.end()) {
            QStringList known;
            for (const auto& layer : layers) known << QString::fromStdString(layer);
            return fail(2, QStringLiteral("unknown layer '%1' for --layer (the project's layers: %2)")
                               .arg(m_request.layer, known.join(QStringLiteral(", "))));
        }
    }
    if (!m_request.concept.isEmpty()) {
        const auto& concepts = project->concepts;
        const bool inProject = std::find(concepts.begin(), concepts.end(), m_request.concept.toStdString()) != concepts.end();
        const hierarchy::ConceptGraph* graph = m_window.conceptGraph();
        if (!inProject || !graph || graph->indexOf(m_request.concept.toStdString()) < 0)
            return fail(2, QStringLiteral("unknown concept '%1' for --concept (not a concept of %2)")
                               .arg(m_request.concept, QFileInfo(m_request.project).fileName()));
    }
    if (m_window.computeMissingResults()) {
        m_phase = Phase::Computing;
        say(QStringLiteral("computing what the cache lacks (progress below)"));
        return;
    }
    selectAndPrepare();
}

void ViewExport::onResultsRefreshed()
{
    if (m_phase == Phase::Computing) selectAndPrepare();
}

void ViewExport::selectAndPrepare()
{
    m_phase = Phase::Selecting;
    m_window.showView(m_request.view);
    if (!m_request.layer.isEmpty()) m_window.showLayer(m_request.layer);
    if (!m_request.concept.isEmpty()) m_window.showConcept(m_request.concept);
    waitUntilIdle(Phase::Preparing);
}

void ViewExport::prepareView()
{
    // What the view needs beyond the concept's stored results: a neuron, an image.
    const auto& loaded = m_window.results()->loaded();
    if (m_request.neuron) {
        const int neurons = loaded && loaded->extraction ? int(loaded->extraction->channels())
                            : loaded && loaded->scores ? int(loaded->scores->neuronIds.size())
                                                       : 0;
        if (*m_request.neuron >= neurons)
            return fail(2, QStringLiteral("unknown neuron %1 for --neuron (the layer has %2)").arg(*m_request.neuron).arg(neurons));
        m_window.contributionsView()->setSelectedNeuron(*m_request.neuron);
        m_window.associationsView()->setSelectedNeuron(*m_request.neuron);
        if (loaded && loaded->extraction) {
            m_window.heatmapView()->setNeuron(*m_request.neuron);
            m_window.results()->requestHeatmaps(*m_request.neuron, m_window.heatmapView()->imageCount());
        }
    }
    if (m_request.image) {
        const int images = loaded && loaded->extraction ? int(loaded->extraction->rows()) : 0;
        if (*m_request.image >= images)
            return fail(2, QStringLiteral("unknown image %1 for --image (the concept has %2 stored images)").arg(*m_request.image).arg(images));
        m_window.results()->showImageInConceptMaps(*m_request.image);
        if (m_request.view == QLatin1String("layers")) m_window.layersView()->imagePicker()->setCurrentIndex(*m_request.image);
    }
    if (m_request.view == QLatin1String("adversarial")) {
        // The attack is the one thing a view computes only on request: run it with the view's defaults.
        widgets::AdversarialSettings settings = m_window.adversarialView()->settings();
        settings.imageIndex = m_request.image.value_or(0);
        settings.imagePath.clear();
        m_window.adversarialView()->setSettings(settings);
        m_window.analysis()->runAttack();
    }
    waitUntilIdle(Phase::Exporting);
}

void ViewExport::waitUntilIdle(Phase next)
{
    m_afterIdle = next;
    m_idleChecks = 0;
    m_idleTimer.start();
}

void ViewExport::onIdleCheck()
{
    if (m_phase == Phase::Done) return;
    const bool busy = m_window.jobRunner()->activeCount() > 0 || m_window.results()->isListing();
    m_idleChecks = busy ? 0 : m_idleChecks + 1;
    if (m_idleChecks < kIdleChecksNeeded) return;
    m_idleTimer.stop();
    m_phase = m_afterIdle;
    if (m_phase == Phase::Preparing) prepareView();
    else if (m_phase == Phase::Exporting) exportFigure();
}

void ViewExport::exportFigure()
{
    auto* view = dynamic_cast<widgets::ExportableView*>(m_window.viewWidget(m_request.view));
    if (!view) return fail(2, QStringLiteral("unknown view '%1'").arg(m_request.view));
    if (!view->hasExportableContent())
        return fail(1, QStringLiteral("the %1 view has nothing to show for this concept and layer (is it stored?)").arg(m_request.view));
    if (auto status = view->exportFigure(m_request.out, m_request.figure); !status)
        return fail(1, QString::fromStdString(status.error().message));
    say(QStringLiteral("wrote %1 (%2x%3 px, %4 dpi)")
            .arg(m_request.out)
            .arg(m_request.figure.pixelSize.width())
            .arg(m_request.figure.pixelSize.height())
            .arg(m_request.figure.dpi));
    m_phase = Phase::Done;
    Q_EMIT finished(0);
}

void ViewExport::fail(int exitCode, const QString& message)
{
    if (m_phase == Phase::Done) return;
    m_phase = Phase::Done;
    m_idleTimer.stop();
    say(message);
    Q_EMIT finished(exitCode);
}

void ViewExport::reportProgress(bridge::JobHandle* job)
{
    // Plain lines, at most one a second per job: stderr is a log here, not a terminal.
    const qint64 now = m_clock.elapsed();
    if (m_lastReport.contains(job) && now - m_lastReport.value(job) < kProgressEveryMs) return;
    m_lastReport.insert(job, now);
    if (job->total() <= 0) return;
    say(QStringLiteral("%1: %2 %3%").arg(job->title(), job->stage()).arg(int(100.0 * double(job->done()) / double(job->total()))));
}

}  // namespace hint::gui
