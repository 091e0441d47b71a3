// AnalysisController: feeds the views of HINT's findings (Associations, Layers, Evaluation, Adversarial)
// from what ResultsController has listed and loaded, and links their selections to the other views.
// Associations is built on the GUI thread from the listing (a few hundred numbers); the layer strip,
// the localization figures and an attack are computed in jobs, and a result that arrives after the
// user moved on to another concept is dropped.
#pragma once

#include "pipeline/stored_results.h"

#include <QObject>
#include <QString>

#include <memory>

namespace hint::bridge {
class JobRunner;
}
namespace hint::hierarchy {
class ConceptGraph;
}
namespace hint::layers {
class LayersView;
}
namespace hint::widgets {
class AdversarialView;
class AssociationsView;
class ContributionsView;
class EvaluationView;
class NeuronHeatmapView;
struct AdversarialSettings;
}  // namespace hint::widgets

namespace hint::gui {

class ResultsController;

struct AnalysisViews {
    widgets::AssociationsView* associations = nullptr;
    layers::LayersView* layers = nullptr;
    widgets::EvaluationView* evaluation = nullptr;
    widgets::AdversarialView* adversarial = nullptr;
};

class AnalysisController : public QObject {
    Q_OBJECT

public:
    AnalysisController(bridge::JobRunner* runner, ResultsController* results, AnalysisViews views,
                       widgets::ContributionsView* contributions, widgets::NeuronHeatmapView* heatmaps,
                       QObject* parent = nullptr);

    void setGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph);
    // The listing or the shown layer changed: the Associations view takes the layer's stored scores.
    void refreshListing();
    // The attack of the Adversarial view with its current settings (--export-view runs it this way).
    void runAttack();

Q_SIGNALS:
    // A concept was clicked in a view: the main window selects it in the tree.
    void conceptRequested(const QString& wnid);
    // An image of the Evaluation view was activated: the main window shows the Concept maps view.
    void conceptMapsRequested();
    void failed(const QString& message);

private:
    void onConceptLoaded(const QString& wnid);
    void onConceptCleared(const QString& why);
    void requestLayerComparison(int imageRow);
    void requestEvaluation();
    void requestAttack(const widgets::AdversarialSettings& settings);
    void openImageInConceptMaps(const QString& path);
    void selectNeuron(int neuron);
    std::vector<pipeline::StoredUnit> unitsOfLayer(const QString& layer) const;
    std::vector<pipeline::StoredUnit> unitsOfConcept(const std::string& wnid) const;

    bridge::JobRunner* m_runner;
    ResultsController* m_results;
    AnalysisViews m_views;
    widgets::ContributionsView* m_contributions;
    widgets::NeuronHeatmapView* m_heatmaps;
    std::shared_ptr<const hierarchy::ConceptGraph> m_graph;
    QString m_concept;        // wnid of the concept the views show
    quint64 m_generation = 0;  // bumped when the concept changes: older jobs' results are stale
};

}  // namespace hint::gui
