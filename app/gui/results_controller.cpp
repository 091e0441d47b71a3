// ResultsController: stored results into the views, through jobs.
#include "results_controller.h"

#include "bridge/job_runner.h"
#include "concept_map_view.h"
#include "contributions_view.h"
#include "hierarchy/concept_graph.h"
#include "model/network.h"
#include "saliency/extraction.h"
#include "neuron_heatmap_view.h"
#include "shapley_csv.h"
#include "store/published_keys_probe.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QTemporaryDir>

#include <algorithm>
#include <filesystem>

namespace hint::gui {

namespace {

// Sibling concept maps shown beside the concept's own (the paper's sibling grid), at most this many.
constexpr size_t kMaxSiblingPanels = 3;

struct ClassifierSource {
    std::string conceptName;
    std::string dir;
};

// The listing job's result: what is stored and what a run would cost, from one plan.
struct ListedProject {
    pipeline::StoredResults stored;
    pipeline::RunEstimate estimate;
};

QString bytesText(int64_t bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

// "Run: 74 entries, 20 stored, 54 to compute (120 images to extract); about 0.2 CPU-hours, 35 MB."
QString estimateText(const pipeline::RunEstimate& e)
{
    if (e.toCompute == 0)
        return ResultsController::tr("Run: all %1 entries are stored; nothing to compute.").arg(e.entries);
    QString text = ResultsController::tr("Run: %1 entries, %2 stored, %3 to compute (%4 images to extract)")
                       .arg(e.entries)
                       .arg(e.stored)
                       .arg(e.toCompute)
                       .arg(e.imagesToExtract);
    bool measured = true;
    for (const auto& step : e.steps) measured = measured && step.measured;
    text += ResultsController::tr("; about %1 CPU-hours, %2 on disk").arg(e.cpuSeconds / 3600.0, 0, 'g', 2).arg(bytesText(e.diskBytes));
    if (!measured) text += ResultsController::tr(" (no cost measured for some steps of this model)");
    return text + ResultsController::tr(". Cache: %1.").arg(bytesText(e.cacheBytes));
}

}  // namespace

ResultsController::ResultsController(bridge::JobRunner* runner, widgets::ContributionsView* contributions,
                                     widgets::NeuronHeatmapView* heatmaps, widgets::ConceptMapView* conceptMaps,
                                     QObject* parent)
    : QObject(parent), m_runner(runner), m_contributions(contributions), m_heatmaps(heatmaps), m_conceptMaps(conceptMaps)
{
    connect(m_heatmaps, &widgets::NeuronHeatmapView::requested, this, &ResultsController::requestHeatmaps);
    connect(m_conceptMaps, &widgets::ConceptMapView::imageRequested, this, &ResultsController::requestConceptMaps);
    connect(m_conceptMaps, &widgets::ConceptMapView::fileDropped, this, &ResultsController::showDroppedImage);
    connect(m_contributions, &widgets::ContributionsView::neuronSelected, m_heatmaps,
            &widgets::NeuronHeatmapView::setNeuron);
    m_followTimer.setInterval(kMinFollowIntervalMs);
    connect(&m_followTimer, &QTimer::timeout, this, &ResultsController::lookForNewResults);
}

void ResultsController::setGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph)
{
    m_graph = std::move(graph);
}

void ResultsController::setProject(const store::Project& project, const QString& projectFile)
{
    m_project = project;
    m_projectFile = projectFile;
    forgetListing();  // another project (or other parameters): the old listing no longer applies
    if (m_layer.isEmpty() && !project.layers.empty()) m_layer = QString::fromStdString(project.layers.front());
    refresh();
}

void ResultsController::clearProject()
{
    m_project.reset();
    m_projectFile.clear();
    forgetListing();
    m_layer.clear();
    refresh();
}

void ResultsController::forgetListing()
{
    m_stored.reset();
    m_estimate.reset();
}

void ResultsController::refresh()
{
    list(false);
}

void ResultsController::list(bool followedCache)
{
    // The same project listed again: the previous listing stays until the new one is in, so a concept
    // picked meanwhile still shows what is stored.
    m_followTimer.stop();
    m_probe.reset();
    m_listingFollowedCache = followedCache;
    if (!m_project || m_project->concepts.empty() || m_project->layers.empty()) {
        m_listing = false;
        Q_EMIT estimated(QString());
        Q_EMIT listed(0, 0);
        return;
    }
    m_listing = true;
    m_listingClock.start();
    const store::Project project = *m_project;
    // Same key: a newer listing supersedes an older one, whose result is dropped.
    auto* job = m_runner->startInternal(tr("List stored results"), QStringLiteral("results/list"),
                                        [project](jobs::JobContext&) -> Result<ListedProject> {
                                            auto plan = pipeline::buildPlan(project);
                                            if (!plan) return plan.error();
                                            auto stored = pipeline::listStoredResults(plan.value());
                                            if (!stored) return stored.error();
                                            return ListedProject{std::move(stored.value()),
                                                                 pipeline::estimateRun(plan.value(), pipeline::allSteps())};
                                        });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        m_listing = false;
        const auto listedProject = result.get<ListedProject>();
        int units = 0, withScores = 0;
        forgetListing();
        if (listedProject) {
            m_stored = std::shared_ptr<const pipeline::StoredResults>(listedProject, &listedProject->stored);
            m_estimate = std::shared_ptr<const pipeline::RunEstimate>(listedProject, &listedProject->estimate);
            for (const auto& unit : m_stored->units) {
                ++units;
                withScores += unit.scores.empty() ? 0 : 1;
            }
            if (m_following && !m_stored->missingKeys.empty()) {
                m_probe = std::make_shared<store::PublishedKeysProbe>(m_stored->cacheRoot, m_stored->missingKeys);
                m_followTimer.setInterval(int(std::max<qint64>(kMinFollowIntervalMs, 5 * m_listingClock.elapsed())));
                m_followTimer.start();
            }
        }
        Q_EMIT estimated(m_estimate ? estimateText(*m_estimate) : QString());
        Q_EMIT listed(units, withScores);
    });
    connect(job, &bridge::JobHandle::failed, this, [this](const QString& message) {
        m_listing = false;
        forgetListing();
        Q_EMIT failed(tr("Stored results could not be listed: %1").arg(message));
        Q_EMIT estimated(QString());
        Q_EMIT listed(0, 0);
    });
}

void ResultsController::setFollowing(bool follow)
{
    m_following = follow;
    if (!follow) {
        m_followTimer.stop();
        m_probe.reset();
    }
}

void ResultsController::lookForNewResults()
{
    if (m_listing || m_probing || !m_probe) return;
    m_probing = true;
    auto probe = m_probe;
    auto* job = m_runner->startInternal(tr("Look for new results"), QStringLiteral("results/probe"),
                                        [probe](jobs::JobContext&) -> Result<bool> { return probe->anyPublished(); });
    connect(job, &bridge::JobHandle::succeeded, this, [this, probe](const bridge::JobResult& result) {
        m_probing = false;
        const auto landed = result.get<bool>();
        if (probe != m_probe || !landed || !*landed) return;  // listed again since, or nothing new
        list(true);
    });
    connect(job, &bridge::JobHandle::failed, this, [this](const QString&) { m_probing = false; });
    connect(job, &bridge::JobHandle::cancelled, this, [this] { m_probing = false; });
}

QString ResultsController::loadSignature(const std::string& wnid) const
{
    const pipeline::StoredUnit* unit = unitFor(wnid);
    if (!unit) return {};
    QStringList parts{QString::fromStdString(unit->layer), QString::fromStdString(unit->extractDir),
                      QString::fromStdString(unit->trainDir), QString::fromStdString(unit->shapleyDir)};
    for (const auto& localization : unit->localizations) parts << QString::fromStdString(localization.dir);
    // The sibling classifiers shown beside the concept's maps.
    if (m_graph)
        if (const int index = m_graph->indexOf(wnid); index >= 0)
            for (int sibling : m_graph->siblings(index))
                if (const auto* other = unitFor(m_graph->at(sibling).wnid)) parts << QString::fromStdString(other->trainDir);
    return parts.join(QLatin1Char('\n'));
}

bool ResultsController::shownConceptChanged() const
{
    return loadSignature(m_shownWnid.toStdString()) != m_shownSignature;
}

void ResultsController::setLayer(const QString& layer)
{
    m_layer = layer;
}

const pipeline::StoredUnit* ResultsController::unitFor(const std::string& wnid) const
{
    if (!m_stored) return nullptr;
    const std::string layer = m_layer.toStdString();
    for (const auto& unit : m_stored->units)
        if (unit.concept == wnid && unit.layer == layer) return &unit;
    return nullptr;
}

std::vector<widgets::ConceptStatus> ResultsController::conceptStatuses(const hierarchy::ConceptGraph& graph) const
{
    using State = widgets::ConceptStatus::State;
    std::vector<widgets::ConceptStatus> statuses(size_t(graph.size()));
    if (!m_stored) return statuses;
    const std::string layer = m_layer.toStdString();
    for (const auto& unit : m_stored->units) {
        const int index = graph.indexOf(unit.concept);
        if (unit.layer != layer || index < 0) continue;
        widgets::ConceptStatus& status = statuses[size_t(index)];
        status.extracted = !unit.extractDir.empty();
        status.classifier = !unit.trainDir.empty();
        status.shapley = !unit.shapleyDir.empty();
        const int stored = int(status.extracted) + int(status.classifier) + int(status.shapley);
        status.state = stored == 3 ? State::Stored : stored > 0 ? State::Partly : State::None;
        if (unit.linearF1 || unit.xgboostF1)
            status.bestF1 = std::max(unit.linearF1.value_or(0.0), unit.xgboostF1.value_or(0.0));
    }
    return statuses;
}

std::string ResultsController::firstConceptWithResults() const
{
    if (!m_stored) return {};
    const std::string layer = m_layer.toStdString();
    for (const auto& unit : m_stored->units)
        if (unit.layer == layer && !unit.scores.empty()) return unit.concept;
    return {};
}

std::string ResultsController::boxesCsv() const
{
    if (!m_project || m_project->datasets.empty()) return {};
    // The data set the plan reads: parameters.dataset, else the first.
    const store::ProjectDataset* dataset = &m_project->datasets.front();
    const nlohmann::json& parameters = m_project->parameters;
    if (parameters.is_object() && parameters.contains("dataset") && parameters["dataset"].is_string())
        for (const auto& candidate : m_project->datasets)
            if (candidate.name == parameters["dataset"].get<std::string>()) dataset = &candidate;
    const auto boxes = dataset->extra.find("boxes");
    if (boxes == dataset->extra.end() || !boxes->is_string()) return {};
    // Relative to the project file, as the data set's path is.
    const QString path = QString::fromStdString(boxes->get<std::string>());
    if (QFileInfo(path).isAbsolute() || m_projectFile.isEmpty()) return path.toStdString();
    return QFileInfo(m_projectFile).absoluteDir().filePath(path).toStdString();
}

void ResultsController::clearViews(const QString& why)
{
    ++m_generation;
    m_loaded.reset();
    m_contributions->setScores(nullptr);
    m_heatmaps->setHeatmaps(nullptr);
    m_heatmaps->setChannelCount(0);
    m_heatmaps->setPlaceholderText(why);
    m_conceptMaps->setImageChoices({});
    m_conceptMaps->setMaps(nullptr);
    m_conceptMaps->setPlaceholderText(why);
    Q_EMIT conceptCleared(why);
}

void ResultsController::showConcept(const QString& wnid, const QString& name)
{
    m_shownWnid = wnid;
    m_shownSignature = loadSignature(wnid.toStdString());
    Q_EMIT conceptShown(wnid);
    const pipeline::StoredUnit* found = unitFor(wnid.toStdString());
    const QString shown = name.isEmpty() ? wnid : name;
    if (!found || (found->extractDir.empty() && found->shapleyDir.empty())) {
        const QString why = found ? tr("Nothing stored for \u201c%1\u201d at %2").arg(shown.toHtmlEscaped(), m_layer)
                                  : tr("\u201c%1\u201d is not studied at %2").arg(shown.toHtmlEscaped(), m_layer);
        clearViews(QStringLiteral("<p style='font-size:13pt'>%1</p><p>%2</p>")
                       .arg(why, tr("Run HINT for it (Run panel, or the concept's context menu).")));
        return;
    }
    const pipeline::StoredUnit unit = *found;
    // Classifiers: the concept's, then its siblings' at the same layer.
    std::vector<ClassifierSource> sources;
    if (!unit.trainDir.empty()) sources.push_back({unit.conceptName, unit.trainDir});
    if (m_graph) {
        const int index = m_graph->indexOf(unit.concept);
        for (int sibling : index >= 0 ? m_graph->siblings(index) : std::vector<int>{}) {
            if (sources.size() > kMaxSiblingPanels) break;
            const pipeline::StoredUnit* other = unitFor(m_graph->at(sibling).wnid);
            if (other && !other->trainDir.empty()) sources.push_back({other->conceptName, other->trainDir});
        }
    }
    const std::string boxes = boxesCsv();
    auto* job = m_runner->startInternal(
        tr("Load stored results of %1").arg(shown), QStringLiteral("results/concept"),
        [unit, sources, boxes](jobs::JobContext& context) -> Result<LoadedConcept> {
            LoadedConcept loaded;
            loaded.unit = unit;
            const int64_t steps = 3 + int64_t(sources.size());
            context.progress(0, steps, "read results");
            if (!unit.shapleyDir.empty()) {
                auto scores = widgets::readShapleyCsv(unit.shapleyDir + "/shapley.csv");
                if (!scores) return scores.error();
                scores->conceptName = unit.conceptName;
                scores->conceptId = unit.concept;
                scores->layer = unit.layer;
                loaded.scores = std::make_shared<const widgets::NeuronScores>(std::move(scores).value());
            }
            context.progress(1, steps, "read results");
            if (!unit.extractDir.empty()) {
                auto extraction = widgets::readExtraction(unit.extractDir);
                if (!extraction) return extraction.error();
                loaded.extraction = std::make_shared<const widgets::ExtractionData>(std::move(extraction).value());
            }
            context.progress(2, steps, "read results");
            for (size_t i = 0; i < sources.size(); ++i) {
                if (context.isCancelled()) return Error::cancelled();
                auto classifier = widgets::readClassifier(sources[i].dir);
                if (!classifier) return classifier.error();
                loaded.classifiers.push_back({sources[i].conceptName, classifier->model, classifier->metrics});
                context.progress(3 + int64_t(i), steps, "read classifiers");
            }
            if (!boxes.empty() && std::filesystem::exists(boxes)) {
                auto index = widgets::BoxIndex::read(boxes);
                if (!index) return index.error();
                loaded.boxes = std::move(index).value();
            }
            context.progress(steps, steps, "read results");
            return loaded;
        });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        // Another concept shown since (one without results starts no job to supersede this one): drop.
        auto loaded = result.get<LoadedConcept>();
        if (loaded && QString::fromStdString(loaded->unit.concept) == m_shownWnid) applyLoaded(loaded);
    });
    connect(job, &bridge::JobHandle::failed, this, &ResultsController::failed);
}

void ResultsController::applyLoaded(std::shared_ptr<const LoadedConcept> loaded)
{
    ++m_generation;
    m_loaded = std::move(loaded);
    m_contributions->setScores(m_loaded->scores);
    const auto& extraction = m_loaded->extraction;
    if (!extraction) {
        const QString why = tr("<p style='font-size:13pt'>No stored extraction for this concept</p>"
                               "<p>Heatmaps and concept maps need the feature maps of its images.</p>");
        m_heatmaps->setHeatmaps(nullptr);
        m_heatmaps->setChannelCount(0);
        m_heatmaps->setPlaceholderText(why);
        m_conceptMaps->setImageChoices({});
        m_conceptMaps->setMaps(nullptr);
        m_conceptMaps->setPlaceholderText(why);
    } else {
        m_heatmaps->setChannelCount(int(extraction->channels()));
        const int neuron = m_contributions->rankedNeurons().empty() ? 0 : m_contributions->rankedNeurons().front();
        requestHeatmaps(neuron, m_heatmaps->imageCount());
        QStringList paths;
        for (const auto& image : extraction->folder.images) paths << QString::fromStdString(image.path);
        m_conceptMaps->setImageChoices(paths);
        requestConceptMaps(0);
    }
    Q_EMIT conceptLoaded(QString::fromStdString(m_loaded->unit.concept));
}

void ResultsController::requestHeatmaps(int neuron, int count)
{
    if (!m_loaded || !m_loaded->extraction) return;
    auto extraction = m_loaded->extraction;
    const std::string conceptName = m_contributions->scores() ? m_contributions->scores()->conceptName : m_loaded->unit.conceptName;
    auto* job = m_runner->startInternal(tr("Heatmaps of neuron %1").arg(neuron), QStringLiteral("results/heatmaps"),
                                [extraction, neuron, count, conceptName](jobs::JobContext& context) {
                                    auto heatmaps = widgets::computeNeuronHeatmaps(*extraction, neuron, count, context);
                                    if (heatmaps) heatmaps->conceptName = conceptName;
                                    return heatmaps;
                                });
    const quint64 generation = m_generation;
    connect(job, &bridge::JobHandle::succeeded, this, [this, generation](const bridge::JobResult& result) {
        if (m_generation != generation) return;  // the views moved on to another concept
        if (auto heatmaps = result.get<widgets::NeuronHeatmaps>()) m_heatmaps->setHeatmaps(heatmaps);
    });
    connect(job, &bridge::JobHandle::failed, this, &ResultsController::failed);
}

void ResultsController::requestConceptMaps(int row)
{
    if (!m_loaded || !m_loaded->extraction || row < 0 || row >= m_loaded->extraction->rows()) return;
    widgets::ConceptMapRequest request;
    request.extraction = *m_loaded->extraction;
    request.row = row;
    request.classifiers = m_loaded->classifiers;
    if (m_loaded->boxes) request.groundTruth = m_loaded->boxes->find(request.extraction.folder.images[size_t(row)].path);
    auto* job = m_runner->startInternal(tr("Concept maps of image %1").arg(row + 1), QStringLiteral("results/concept-maps"),
                                [request](jobs::JobContext& context) { return widgets::computeConceptMaps(request, context); });
    const quint64 generation = m_generation;
    connect(job, &bridge::JobHandle::succeeded, this, [this, generation](const bridge::JobResult& result) {
        if (m_generation != generation) return;  // the views moved on to another concept
        if (auto maps = result.get<widgets::ConceptMaps>()) m_conceptMaps->setMaps(maps);
    });
    connect(job, &bridge::JobHandle::failed, this, &ResultsController::failed);
}

void ResultsController::showImageInConceptMaps(int row)
{
    const int before = m_conceptMaps->currentImage();
    m_conceptMaps->setCurrentImage(row);  // asks for the maps itself when the row changes
    if (before == row) requestConceptMaps(row);
}

void ResultsController::showDroppedImage(const QString& path)
{
    if (!m_loaded || !m_loaded->extraction) {
        Q_EMIT failed(tr("Open a concept with a stored extraction before dropping an image"));
        return;
    }
    const auto& stored = *m_loaded->extraction;
    if (m_weights.isEmpty() || stored.arch.empty()) {
        Q_EMIT failed(tr("A dropped image needs the model's weights: choose them in the project or the Run panel"));
        return;
    }
    auto scratch = std::make_shared<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/hint-drop-XXXXXX"));
    if (!scratch->isValid()) {
        Q_EMIT failed(tr("No temporary folder for the dropped image"));
        return;
    }
    saliency::ExtractionRequest extract;
    extract.images = {{path.toStdString(), -1}};
    auto method = saliency::parseMethod(stored.method.empty() ? "guided" : stored.method);
    if (!method) {
        Q_EMIT failed(QString::fromStdString(method.error().message));
        return;
    }
    extract.saliency.method = method.value();
    extract.saliency.layer = stored.layer;
    extract.target = {saliency::TargetMode::Predicted, -1};  // a dropped file has no label
    extract.preprocess = stored.preprocess;
    extract.batchSize = 1;
    extract.outDir = scratch->filePath(QStringLiteral("extract")).toStdString();
    widgets::ConceptMapRequest maps;
    maps.classifiers = m_loaded->classifiers;
    const std::string arch = stored.arch;
    const std::string weights = m_weights.toStdString();
    auto* job = m_runner->start(
        tr("Concept maps of %1").arg(QFileInfo(path).fileName()), QStringLiteral("results/concept-maps"),
        [scratch, extract, maps, arch, weights](jobs::JobContext& context) mutable -> Result<widgets::ConceptMaps> {
            auto network = model::Network::create(arch);
            if (!network) return network.error();
            if (auto status = network.value()->loadWeights(weights); !status) return status.error();
            auto summary = saliency::runExtraction(*network.value(), extract, context);
            if (!summary) return summary.error();
            if (summary->processed == 0) return Error::badInput(extract.images.front().path + " could not be read as an image");
            auto folder = widgets::readExtraction(extract.outDir);
            if (!folder) return folder.error();
            maps.extraction = std::move(folder).value();
            maps.row = 0;
            return widgets::computeConceptMaps(maps, context);  // scratch is removed with the job
        });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        if (auto maps = result.get<widgets::ConceptMaps>()) m_conceptMaps->setMaps(maps);
    });
    connect(job, &bridge::JobHandle::failed, this, &ResultsController::failed);
}

}  // namespace hint::gui
