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

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

namespace hint::gui {

namespace {

// Sibling concept maps shown beside the concept's own (the paper's sibling grid), at most this many.
constexpr size_t kMaxSiblingPanels = 3;

std::string normalizedName(std::string text)
{
    for (char& c : text) c = c == '_' ? ' ' : char(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

bool matches(const widgets::StoredResultSet& set, const std::string& wnid, const std::string& name)
{
    return (!wnid.empty() && set.concept == wnid) || (!name.empty() && normalizedName(set.concept) == normalizedName(name));
}

struct ClassifierSource {
    std::string conceptName;
    std::string dir;
};

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
}

void ResultsController::setGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph)
{
    m_graph = std::move(graph);
}

void ResultsController::setResultsRoot(const QString& dir)
{
    m_root = dir;
    m_results.clear();
    if (dir.isEmpty()) {
        Q_EMIT resultsScanned(0);
        return;
    }
    const std::string root = dir.toStdString();
    auto* job = m_runner->start(tr("Find stored results in %1").arg(QFileInfo(dir).fileName()),
                                QStringLiteral("results/scan"),
                                [root](jobs::JobContext&) -> Result<std::vector<widgets::StoredResultSet>> {
                                    return widgets::discoverResults(root);
                                });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        if (auto sets = result.get<std::vector<widgets::StoredResultSet>>()) m_results = *sets;
        Q_EMIT resultsScanned(int(m_results.size()));
    });
    connect(job, &bridge::JobHandle::failed, this, &ResultsController::failed);
}

std::vector<widgets::StoredResultSet> ResultsController::resultsFor(const QString& wnid, const QString& name) const
{
    std::vector<widgets::StoredResultSet> sets;
    for (const auto& set : m_results)
        if (matches(set, wnid.toStdString(), name.toStdString())) sets.push_back(set);
    return sets;
}

bool ResultsController::showFirstConcept()
{
    for (const auto& set : m_results) {
        if (set.extractDir.empty() && set.shapleyCsv.empty()) continue;
        showConcept(QString::fromStdString(set.concept), QString::fromStdString(set.concept));
        return true;
    }
    return false;
}

void ResultsController::clearViews(const QString& why)
{
    m_loaded.reset();
    m_contributions->setScores(nullptr);
    m_heatmaps->setHeatmaps(nullptr);
    m_heatmaps->setChannelCount(0);
    m_heatmaps->setPlaceholderText(why);
    m_conceptMaps->setImageChoices({});
    m_conceptMaps->setMaps(nullptr);
    m_conceptMaps->setPlaceholderText(why);
}

void ResultsController::showConcept(const QString& wnid, const QString& name)
{
    const auto sets = resultsFor(wnid, name);
    const QString shown = name.isEmpty() ? wnid : name;
    if (sets.empty()) {
        clearViews(tr("<p style='font-size:13pt'>Nothing stored for \u201c%1\u201d</p>"
                      "<p>Run HINT for it (Run panel, or the concept's context menu).</p>")
                       .arg(shown.toHtmlEscaped()));
        return;
    }
    const widgets::StoredResultSet set = sets.front();
    // Classifiers: the concept's, then its siblings' at the same layer.
    std::vector<ClassifierSource> sources;
    if (!set.classifierDir.empty()) sources.push_back({shown.toStdString(), set.classifierDir});
    if (m_graph) {
        const int index = m_graph->indexOf(wnid.toStdString());
        if (index >= 0) {
            for (int sibling : m_graph->siblings(index)) {
                if (sources.size() > kMaxSiblingPanels) break;
                const auto& concept = m_graph->at(sibling);
                for (const auto& other : m_results)
                    if (other.layer == set.layer && !other.classifierDir.empty() && matches(other, concept.wnid, concept.name)) {
                        sources.push_back({concept.name, other.classifierDir});
                        break;
                    }
            }
        }
    }
    const std::string conceptName = shown.toStdString();
    const std::string conceptId = wnid.toStdString();
    auto* job = m_runner->start(
        tr("Load stored results of %1").arg(shown), QStringLiteral("results/concept"),
        [set, sources, conceptName, conceptId](jobs::JobContext& context) -> Result<LoadedConcept> {
            LoadedConcept loaded;
            loaded.set = set;
            const int64_t steps = 3 + int64_t(sources.size());
            context.progress(0, steps, "read results");
            if (!set.shapleyCsv.empty()) {
                auto scores = widgets::readShapleyCsv(set.shapleyCsv);
                if (!scores) return scores.error();
                scores->conceptName = conceptName;
                if (conceptId != conceptName) scores->conceptId = conceptId;
                scores->layer = set.layer;
                loaded.scores = std::make_shared<const widgets::NeuronScores>(std::move(scores).value());
            }
            context.progress(1, steps, "read results");
            if (!set.extractDir.empty()) {
                auto extraction = widgets::readExtraction(set.extractDir);
                if (!extraction) return extraction.error();
                loaded.extraction = std::make_shared<const widgets::ExtractionData>(std::move(extraction).value());
                if (loaded.scores && loaded.scores->layer != loaded.extraction->layer && !loaded.extraction->layer.empty()) {
                    auto scores = *loaded.scores;
                    scores.layer = loaded.extraction->layer;
                    loaded.scores = std::make_shared<const widgets::NeuronScores>(std::move(scores));
                }
            }
            context.progress(2, steps, "read results");
            for (size_t i = 0; i < sources.size(); ++i) {
                if (context.isCancelled()) return Error::cancelled();
                auto classifier = widgets::readClassifier(sources[i].dir);
                if (!classifier) return classifier.error();
                loaded.classifiers.push_back({sources[i].conceptName, classifier->model, classifier->metrics});
                context.progress(3 + int64_t(i), steps, "read classifiers");
            }
            if (!set.boxesCsv.empty()) {
                auto boxes = widgets::BoxIndex::read(set.boxesCsv);
                if (!boxes) return boxes.error();
                loaded.boxes = std::move(boxes).value();
            }
            context.progress(steps, steps, "read results");
            return loaded;
        });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        if (auto loaded = result.get<LoadedConcept>()) applyLoaded(loaded);
    });
    connect(job, &bridge::JobHandle::failed, this, &ResultsController::failed);
}

void ResultsController::applyLoaded(std::shared_ptr<const LoadedConcept> loaded)
{
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
    Q_EMIT conceptLoaded(QString::fromStdString(m_loaded->set.concept));
}

void ResultsController::requestHeatmaps(int neuron, int count)
{
    if (!m_loaded || !m_loaded->extraction) return;
    auto extraction = m_loaded->extraction;
    const std::string conceptName = m_contributions->scores() ? m_contributions->scores()->conceptName : m_loaded->set.concept;
    auto* job = m_runner->start(tr("Heatmaps of neuron %1").arg(neuron), QStringLiteral("results/heatmaps"),
                                [extraction, neuron, count, conceptName](jobs::JobContext& context) {
                                    auto heatmaps = widgets::computeNeuronHeatmaps(*extraction, neuron, count, context);
                                    if (heatmaps) heatmaps->conceptName = conceptName;
                                    return heatmaps;
                                });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
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
    auto* job = m_runner->start(tr("Concept maps of image %1").arg(row + 1), QStringLiteral("results/concept-maps"),
                                [request](jobs::JobContext& context) { return widgets::computeConceptMaps(request, context); });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        if (auto maps = result.get<widgets::ConceptMaps>()) m_conceptMaps->setMaps(maps);
    });
    connect(job, &bridge::JobHandle::failed, this, &ResultsController::failed);
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
