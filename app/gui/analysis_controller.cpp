// AnalysisController: the findings views fed from the stored results, through jobs.
#include "analysis_controller.h"

#include "adversarial/adversarial_view.h"
#include "analysis/associations.h"
#include "associations/associations_view.h"
#include "bridge/job_runner.h"
#include "concept_map_view.h"
#include "contributions_view.h"
#include "evaluation/evaluation_view.h"
#include "evaluation/localization_results.h"
#include "layers/layer_comparison.h"
#include "layers/layers_view.h"
#include "neuron_heatmap_view.h"
#include "results_controller.h"

#include <QStringList>

namespace hint::gui {

namespace {

constexpr int kTopNeurons = 10;  // METHOD.md: top-10 for association diagrams and comparisons
// Concept maps beside the attacked concept's own: its first siblings, as the Concept maps view shows.
constexpr size_t kAttackClassifiers = 2;

using EvaluationResults = std::vector<std::shared_ptr<const widgets::LocalizationResults>>;

QString placeholder(const QString& title, const QString& detail)
{
    return QStringLiteral("<p style='font-size:13pt'>%1</p><p>%2</p>").arg(title, detail);
}

}  // namespace

AnalysisController::AnalysisController(bridge::JobRunner* runner, ResultsController* results, AnalysisViews views,
                                       widgets::ContributionsView* contributions, widgets::NeuronHeatmapView* heatmaps,
                                       QObject* parent)
    : QObject(parent), m_runner(runner), m_results(results), m_views(views), m_contributions(contributions),
      m_heatmaps(heatmaps)
{
    connect(m_results, &ResultsController::listed, this, [this] { refreshListing(); });
    connect(m_results, &ResultsController::conceptShown, this, [this](const QString& wnid) {
        // Associations needs only the listing: it follows the tree at once, not after the load.
        m_concept = wnid;
        m_views.associations->setSelection({wnid});
    });
    connect(m_results, &ResultsController::conceptLoaded, this, &AnalysisController::onConceptLoaded);
    connect(m_results, &ResultsController::conceptCleared, this, &AnalysisController::onConceptCleared);

    // A neuron picked in one view is the neuron of all: contributions, heatmaps, associations.
    connect(m_views.associations, &widgets::AssociationsView::neuronClicked, this, &AnalysisController::selectNeuron);
    connect(m_contributions, &widgets::ContributionsView::neuronSelected, m_views.associations,
            &widgets::AssociationsView::setSelectedNeuron);
    connect(m_views.associations, &widgets::AssociationsView::conceptClicked, this, &AnalysisController::conceptRequested);

    connect(m_views.layers, &layers::LayersView::imageRequested, this, &AnalysisController::requestLayerComparison);
    connect(m_views.evaluation, &widgets::EvaluationView::imageActivated, this, &AnalysisController::openImageInConceptMaps);
    connect(m_views.adversarial, &widgets::AdversarialView::attackRequested, this, &AnalysisController::requestAttack);
}

void AnalysisController::setGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph)
{
    m_graph = std::move(graph);
    refreshListing();
}

std::vector<pipeline::StoredUnit> AnalysisController::unitsOfLayer(const QString& layer) const
{
    std::vector<pipeline::StoredUnit> units;
    if (const auto& stored = m_results->stored())
        for (const auto& unit : stored->units)
            if (unit.layer == layer.toStdString()) units.push_back(unit);
    return units;
}

std::vector<pipeline::StoredUnit> AnalysisController::unitsOfConcept(const std::string& wnid) const
{
    std::vector<pipeline::StoredUnit> units;
    if (const auto& stored = m_results->stored())
        for (const auto& unit : stored->units)
            if (unit.concept == wnid) units.push_back(unit);
    return units;
}

void AnalysisController::refreshListing()
{
    if (!m_graph || !m_results->stored()) {
        m_views.associations->setResults(nullptr, {}, QString());
        return;
    }
    m_views.associations->setResults(m_graph, unitsOfLayer(m_results->layer()), m_results->layer());
    if (!m_concept.isEmpty()) m_views.associations->setSelection({m_concept});
}

void AnalysisController::onConceptCleared(const QString& why)
{
    ++m_generation;
    m_concept = m_results->shownConcept();  // Associations took it already (conceptShown)
    m_views.layers->setComparison(nullptr);
    m_views.layers->setPlaceholderText(why);
    m_views.evaluation->clear();
    m_views.evaluation->setPlaceholderText(why);
    m_views.adversarial->setImageChoices({});
    m_views.adversarial->setResult(nullptr);
    m_views.adversarial->setPlaceholderText(why);
}

void AnalysisController::onConceptLoaded(const QString& wnid)
{
    ++m_generation;
    m_concept = wnid;  // Associations took it already, when the concept was shown (conceptShown)
    requestLayerComparison(0);
    requestEvaluation();

    const auto& loaded = m_results->loaded();
    m_views.adversarial->setResult(nullptr);
    QStringList paths;
    if (loaded && loaded->extraction)
        for (const auto& image : loaded->extraction->folder.images) paths << QString::fromStdString(image.path);
    m_views.adversarial->setImageChoices(paths);
    m_views.adversarial->setPlaceholderText(
        paths.isEmpty() ? placeholder(tr("No stored extraction for this concept"), tr("An attack needs the concept's images."))
                        : placeholder(tr("Attack one of the concept's images"),
                                      tr("Pick an image, FGSM or PGD, epsilon and steps, then Run.")));
}

void AnalysisController::requestLayerComparison(int imageRow)
{
    const std::vector<pipeline::StoredUnit> units = unitsOfConcept(m_concept.toStdString());
    int withResults = 0;
    for (const auto& unit : units) withResults += unit.trainDir.empty() && unit.shapleyDir.empty() ? 0 : 1;
    if (withResults == 0) {
        m_views.layers->setComparison(nullptr);
        m_views.layers->setPlaceholderText(placeholder(tr("Nothing stored for this concept"),
                                                       tr("Run HINT at the project's layers to compare them.")));
        return;
    }
    const quint64 generation = m_generation;
    auto* job = m_runner->startInternal(tr("Compare layers"), QStringLiteral("analysis/layers"),
                                        [units, imageRow](jobs::JobContext& context) {
                                            return layers::loadLayerComparison(units, imageRow, kTopNeurons, context);
                                        });
    connect(job, &bridge::JobHandle::succeeded, this, [this, generation](const bridge::JobResult& result) {
        if (generation != m_generation) return;
        if (auto comparison = result.get<layers::LayerComparison>()) m_views.layers->setComparison(comparison);
    });
    connect(job, &bridge::JobHandle::failed, this, &AnalysisController::failed);
}

void AnalysisController::requestEvaluation()
{
    const pipeline::StoredUnit* unit = m_results->unitFor(m_concept.toStdString());
    std::vector<pipeline::StoredLocalization> entries;
    if (unit)
        for (const auto& localization : unit->localizations)
            if (!localization.dir.empty()) entries.push_back(localization);
    if (entries.empty()) {
        m_views.evaluation->clear();
        m_views.evaluation->setPlaceholderText(placeholder(
            tr("No localization stored for this concept at %1").arg(m_results->layer()),
            unit && unit->localizations.empty() ? tr("The project has no data set with boxes for its images.")
                                                : tr("Run HINT with the localize step (the default when a data set has boxes).")));
        return;
    }
    const std::string conceptName = unit->conceptName;
    const quint64 generation = m_generation;
    auto* job = m_runner->startInternal(
        tr("Load localization of %1").arg(QString::fromStdString(conceptName)), QStringLiteral("analysis/evaluation"),
        [entries, conceptName](jobs::JobContext& context) -> Result<EvaluationResults> {
            EvaluationResults results;
            for (size_t i = 0; i < entries.size(); ++i) {
                if (context.isCancelled()) return Error::cancelled();
                auto read = widgets::readLocalizationResults(entries[i].dir);
                if (!read) return read.error();
                read->conceptName = conceptName;
                read->datasetName = entries[i].dataset;
                results.push_back(std::make_shared<const widgets::LocalizationResults>(std::move(read).value()));
                context.progress(int64_t(i + 1), int64_t(entries.size()), "read localization");
            }
            return results;
        });
    connect(job, &bridge::JobHandle::succeeded, this, [this, generation](const bridge::JobResult& result) {
        if (generation != m_generation) return;
        if (auto results = result.get<EvaluationResults>()) m_views.evaluation->setResults(*results);
    });
    connect(job, &bridge::JobHandle::failed, this, &AnalysisController::failed);
}

void AnalysisController::runAttack()
{
    widgets::AdversarialSettings settings = m_views.adversarial->settings();
    requestAttack(settings);
}

void AnalysisController::requestAttack(const widgets::AdversarialSettings& settings)
{
    const auto& loaded = m_results->loaded();
    if (!loaded || !loaded->extraction || loaded->extraction->folder.images.empty()) {
        Q_EMIT failed(tr("An attack needs a concept with a stored extraction"));
        return;
    }
    const widgets::ExtractionData& extraction = *loaded->extraction;
    widgets::AdversarialRequest request;
    request.arch = extraction.arch;
    request.weightsPath = m_results->modelWeights().toStdString();
    request.layer = extraction.layer;
    request.preprocess = extraction.preprocess;
    const int index = settings.imageIndex >= 0 && size_t(settings.imageIndex) < extraction.folder.images.size() ? settings.imageIndex : 0;
    request.imagePath = settings.imagePath.empty() ? extraction.folder.images[size_t(index)].path : settings.imagePath;
    request.attack = widgets::attackOptions(settings);
    for (size_t i = 0; i < loaded->classifiers.size() && i < kAttackClassifiers; ++i) request.classifiers.push_back(loaded->classifiers[i]);
    for (const auto& top : analysis::conceptTopNeurons(loaded->unit.scores, kTopNeurons)) request.topNeurons.push_back(top.neuron);
    const quint64 generation = m_generation;
    m_views.adversarial->setBusy(true);
    auto* job = m_runner->start(tr("Attack %1 (%2)").arg(QString::fromStdString(loaded->unit.conceptName),
                                                          QString::fromStdString(localization::attackMethodName(request.attack.method))),
                                QStringLiteral("analysis/attack"),
                                [request](jobs::JobContext& context) { return widgets::computeAdversarial(request, context); });
    connect(job, &bridge::JobHandle::finished, m_views.adversarial, [this] { m_views.adversarial->setBusy(false); });
    connect(job, &bridge::JobHandle::succeeded, this, [this, generation](const bridge::JobResult& result) {
        if (generation != m_generation) return;
        if (auto attacked = result.get<widgets::AdversarialResult>()) m_views.adversarial->setResult(attacked);
    });
    connect(job, &bridge::JobHandle::failed, this, &AnalysisController::failed);
}

void AnalysisController::openImageInConceptMaps(const QString& path)
{
    // One of the concept's stored images opens from the extraction; any other (a localization image
    // outside the sample) is run through the network like a dropped file.
    const auto& loaded = m_results->loaded();
    if (loaded && loaded->extraction) {
        const auto& images = loaded->extraction->folder.images;
        for (size_t row = 0; row < images.size(); ++row)
            if (QString::fromStdString(images[row].path) == path) {
                m_results->showImageInConceptMaps(int(row));
                Q_EMIT conceptMapsRequested();
                return;
            }
    }
    m_results->showDroppedImage(path);
    Q_EMIT conceptMapsRequested();
}

void AnalysisController::selectNeuron(int neuron)
{
    m_contributions->setSelectedNeuron(neuron);
    m_views.associations->setSelectedNeuron(neuron);
    m_heatmaps->setNeuron(neuron);  // asks for its heatmaps when it changes
}

}  // namespace hint::gui
