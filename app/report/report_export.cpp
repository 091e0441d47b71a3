// ReportExport: the headless HTML report, drawn by the explorer's own views.
#include "report_export.h"

#include "report_collect.h"
#include "report_pages.h"
#include "staged_folder.h"

#include "associations/associations_view.h"
#include "bridge/job_runner.h"
#include "concept_map_view.h"
#include "contributions_view.h"
#include "evaluation/evaluation_view.h"
#include "exportable_view.h"
#include "hierarchy/concept_graph.h"
#include "main_window.h"
#include "neuron_heatmap_view.h"
#include "results_controller.h"
#include "store/project.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>

#include <QSocketNotifier>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include <sys/socket.h>
#include <unistd.h>

namespace hint::report {

namespace {

// The window is idle when no job has run for this many checks (a load that starts the next load does
// so before it reports its end, so the runner is never idle in between).
constexpr int kIdleCheckMs = 25;
constexpr int kIdleChecksNeeded = 2;
constexpr int kJpegQuality = 85;
// In index.html, so a re-run knows the folder it replaces is a report.
const char* const kGeneratorMark = "<meta name=\"generator\" content=\"HINT Explorer report\">";

// A folder that an earlier run of the report wrote: the only kind of non-empty folder it replaces.
bool isEarlierReport(const QString& dir)
{
    QFile file(QDir(dir).filePath(QStringLiteral("index.html")));
    return file.open(QIODevice::ReadOnly) && file.read(4096).contains(kGeneratorMark);
}

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[0], &byte, 1);  // async-signal-safe
}

void say(const QString& text)
{
    std::fprintf(stderr, "hint-explorer: %s\n", qPrintable(text));
    std::fflush(stderr);
}

widgets::FigureExportOptions figureSize(int width, int height)
{
    widgets::FigureExportOptions options;
    options.pixelSize = QSize(width, height);
    options.dpi = 96.0;  // screen scale: the figures are viewed in a browser
    return options;
}

}  // namespace

ReportExport::ReportExport(gui::MainWindow& window, ReportRequest request, QObject* parent)
    : QObject(parent), m_window(window), m_request(std::move(request))
{
    m_idleTimer.setInterval(kIdleCheckMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &ReportExport::onIdleCheck);
    connect(&m_window, &gui::MainWindow::projectReady, this, &ReportExport::onProjectReady);
    connect(&m_window, &gui::MainWindow::scriptedFailure, this, [this](const QString& message) { fail(1, message); });
    connect(m_window.results(), &gui::ResultsController::failed, this, [this](const QString& message) { fail(1, message); });
}

ReportExport::~ReportExport() = default;

void ReportExport::start()
{
    m_clock.start();
    m_window.setScripted(true);
    m_window.openProject(m_request.project);
}

void ReportExport::cancel() { fail(130, QStringLiteral("cancelled; nothing was written")); }

void ReportExport::cancelOnSignals()
{
    if (m_signalNotifier || ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) return;
    m_signalNotifier = new QSocketNotifier(g_signalPipe[1], QSocketNotifier::Read, this);
    connect(m_signalNotifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        [[maybe_unused]] const auto read = ::read(g_signalPipe[1], &byte, 1);
        cancel();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

void ReportExport::onProjectReady()
{
    if (!m_opening) return;
    m_opening = false;
    const store::Project* project = m_window.project();
    const hierarchy::ConceptGraph* graph = m_window.conceptGraph();
    const auto& stored = m_window.results()->stored();
    if (!project || !graph || !stored) return fail(2, QStringLiteral("%1 could not be opened").arg(m_request.project));
    for (const QString& wnid : m_request.concepts) {
        const auto& concepts = project->concepts;
        if (std::find(concepts.begin(), concepts.end(), wnid.toStdString()) == concepts.end())
            return fail(2, QStringLiteral("unknown concept '%1' for --concepts (not a concept of %2)")
                               .arg(wnid, QFileInfo(m_request.project).fileName()));
    }
    // Refused now rather than after drawing every figure (publishing checks again).
    const QDir existing(m_request.out);
    if (existing.exists() && !existing.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden) && !isEarlierReport(m_request.out))
        return fail(2, QStringLiteral("%1 exists and is not a report written by HINT Explorer; not replacing it").arg(m_request.out));
    auto folder = StagedFolder::create(m_request.out);
    if (!folder) return fail(folder.error().kind == ErrorKind::BadInput ? 2 : 1, QString::fromStdString(folder.error().message));
    m_folder = std::move(folder).value();
    CollectOptions options{m_request.project, m_request.concepts, m_request.topK, 2, QCoreApplication::applicationVersion()};
    m_content = collectReport(*project, *stored, *graph, options);
    planSteps();
    runNext();
}

void ReportExport::planSteps()
{
    const QString root = m_folder->path();
    for (int l = 0; l < m_content.layerPages.size(); ++l) {
        const QString layer = m_content.layerPages[l].name;
        m_steps.push_back([this, layer] {
            m_window.showLayer(layer);
            m_window.associationsView()->setSelection({});  // every concept with scores
            return true;
        });
        m_steps.push_back([this, l] {
            ReportLayer& page = m_content.layerPages[l];
            exportView(m_window.associationsView(), layerFigureDir(page.name), QStringLiteral("associations"), QStringLiteral("svg"),
                       QStringLiteral("Top-k neurons of the layer's concepts (diagram) and the concept \u00d7 neuron matrix of \u03a6"),
                       page.figures, page.notes);
            return false;
        });
        for (int u = 0; u < m_content.units.size(); ++u)
            if (m_content.units[u].layer == layer) planUnit(u);
    }
    m_steps.push_back([this] {
        if (writePagesAndPublish()) {
            m_done = true;
            Q_EMIT finished(0);
        }
        return false;
    });
}

void ReportExport::planUnit(int u)
{
    m_steps.push_back([this, u] {
        m_window.showConcept(m_content.units[u].wnid);
        return true;
    });
    m_steps.push_back([this, u] {
        ReportUnit& unit = m_content.units[u];
        const QString dir = unitFigureDir(unit.wnid, unit.layer);
        exportView(m_window.contributionsView(), dir, QStringLiteral("contributions"), QStringLiteral("svg"),
                   QStringLiteral("Neuron contributions: mean |\u03c6| per neuron, sorted"), unit.figures, unit.notes);
        if (m_window.evaluationView()->hasExportableContent())
            exportView(m_window.evaluationView(), dir, QStringLiteral("evaluation"), QStringLiteral("svg"),
                       QStringLiteral("Localization: the concept's classifier beside the baselines"), unit.figures, unit.notes);
        return false;
    });
    const ReportUnit& unit = m_content.units[u];
    for (int i = 0; i < std::min<int>(kHeatmapNeurons, int(unit.top.size())); ++i) {
        const int neuron = unit.top[i].neuron;
        m_steps.push_back([this, neuron] {
            m_window.heatmapView()->setNeuron(neuron);
            m_window.results()->requestHeatmaps(neuron, m_window.heatmapView()->imageCount());
            return true;
        });
        m_steps.push_back([this, u, neuron, i] {
            ReportUnit& unit = m_content.units[u];
            const auto& heatmaps = m_window.heatmapView()->heatmaps();
            if (!heatmaps || heatmaps->neuron != neuron) {
                unit.notes << QStringLiteral("The heatmaps of neuron %1 could not be drawn (is the extraction stored?)").arg(neuron);
                return false;
            }
            exportView(m_window.heatmapView(), unitFigureDir(unit.wnid, unit.layer), QStringLiteral("heatmaps-neuron-%1").arg(neuron),
                       QStringLiteral("jpg"), QStringLiteral("Neuron %1 (top-%2): its top-activating images").arg(neuron).arg(i + 1),
                       unit.figures, unit.notes);
            return false;
        });
    }
    for (int row = 0; row < kConceptMapImages; ++row) {
        m_steps.push_back([this, row] {
            const auto& loaded = m_window.results()->loaded();
            if (!loaded || !loaded->extraction || row >= loaded->extraction->rows()) return false;
            m_window.results()->showImageInConceptMaps(row);
            return true;
        });
        m_steps.push_back([this, u, row] {
            ReportUnit& unit = m_content.units[u];
            const auto& loaded = m_window.results()->loaded();
            if (!loaded || !loaded->extraction || row >= loaded->extraction->rows()) return false;
            if (m_window.conceptMapView()->currentImage() != row || !m_window.conceptMapView()->hasExportableContent()) return false;
            // The image's file name, from the data: escaped on the page like every such text.
            const QString file = QFileInfo(QString::fromStdString(loaded->extraction->folder.images[size_t(row)].path)).fileName();
            exportView(m_window.conceptMapView(), unitFigureDir(unit.wnid, unit.layer), QStringLiteral("concept-maps-image-%1").arg(row),
                       QStringLiteral("jpg"),
                       QStringLiteral("Concept maps of %1: the concept and its siblings, boxes and IoU").arg(file), unit.figures,
                       unit.notes);
            return false;
        });
    }
    m_steps.push_back([this, u] {
        ++m_unitsDone;
        const ReportUnit& unit = m_content.units[u];
        say(QStringLiteral("report %1/%2: %3 at %4 (%5 figures)")
                .arg(m_unitsDone)
                .arg(m_content.units.size())
                .arg(unit.name, unit.layer)
                .arg(unit.figures.size()));
        return false;
    });
}

void ReportExport::runNext()
{
    while (!m_done && !m_steps.empty()) {
        Step step = std::move(m_steps.front());
        m_steps.pop_front();
        if (step()) {
            m_idleChecks = 0;
            m_idleTimer.start();
            return;
        }
    }
}

void ReportExport::onIdleCheck()
{
    if (m_done) return m_idleTimer.stop();
    const bool busy = m_window.jobRunner()->activeCount() > 0 || m_window.results()->isListing();
    m_idleChecks = busy ? 0 : m_idleChecks + 1;
    if (m_idleChecks < kIdleChecksNeeded) return;
    m_idleTimer.stop();
    runNext();
}

bool ReportExport::exportView(QObject* object, const QString& dir, const QString& stem, const QString& suffix, const QString& title,
                              QList<ReportFigure>& into, QStringList& notes)
{
    auto* view = dynamic_cast<widgets::ExportableView*>(object);
    if (!view || !view->hasExportableContent()) {
        notes << QStringLiteral("Nothing stored to draw: %1").arg(title);
        return false;
    }
    // Charts as SVG; image grids drawn as PNG and stored as JPEG: a quarter of the size, for a site with
    // hundreds of them.
    const bool photo = suffix == QLatin1String("jpg");
    const QSize size = photo ? QSize(960, 540) : stem == QLatin1String("associations") ? QSize(1400, 900) : QSize(1100, 560);
    const QDir root(m_folder->path());
    root.mkpath(dir);
    const QString image = dir + QLatin1Char('/') + stem + QLatin1Char('.') + suffix;
    const QString data = dir + QLatin1Char('/') + stem + QStringLiteral(".csv");
    const QString drawn = photo ? root.filePath(dir + QLatin1Char('/') + stem + QStringLiteral(".png")) : root.filePath(image);
    auto status = view->exportFigure(drawn, figureSize(size.width(), size.height()));
    if (status && photo) {
        const QImage picture(drawn);
        if (picture.isNull() || !picture.save(root.filePath(image), "JPG", kJpegQuality))
            status = Error::runtime("cannot write " + root.filePath(image).toStdString());
        QFile::remove(drawn);
    }
    if (!status) {
        notes << QStringLiteral("%1: %2").arg(title, QString::fromStdString(status.error().message));
        return false;
    }
    const bool withData = bool(view->exportData(root.filePath(data)));
    into.append({title, image, withData ? data : QString(), title});
    return true;
}

bool ReportExport::writePagesAndPublish()
{
    QString index = indexPage(m_content);
    index.replace(QStringLiteral("<meta charset=\"utf-8\">"), QStringLiteral("<meta charset=\"utf-8\">\n") + QString::fromUtf8(kGeneratorMark));
    auto status = m_folder->write(QStringLiteral("index.html"), index.toUtf8());
    for (const ReportUnit& unit : m_content.units)
        if (status) status = m_folder->write(unit.page, unitPage(m_content, unit).toUtf8());
    for (const ReportLayer& layer : m_content.layerPages)
        if (status) status = m_folder->write(layer.page, layerPage(m_content, layer).toUtf8());
    if (status)
        status = m_folder->publish(isEarlierReport);
    if (!status) {
        fail(status.error().kind == ErrorKind::BadInput ? 2 : 1, QString::fromStdString(status.error().message));
        return false;
    }
    say(QStringLiteral("wrote the report of %1 concept x layer pages into %2 in %3 s")
            .arg(m_content.units.size())
            .arg(m_request.out)
            .arg(double(m_clock.elapsed()) / 1000.0, 0, 'f', 1));
    return true;
}

void ReportExport::fail(int exitCode, const QString& message)
{
    if (m_done) return;
    m_done = true;
    m_idleTimer.stop();
    m_folder.reset();  // the staged folder is deleted; an earlier report stays as it was
    say(message);
    Q_EMIT finished(exitCode);
}

}  // namespace hint::report
