// ResultsController: fills the views from results stored on disk. It scans a project's (or the demo's)
// folder for stored extractions, classifiers and Shapley CSVs, and when a concept is shown loads its
// results in jobs: the Shapley values into Neuron contributions, the top-activating images of the
// selected neuron into Neuron heatmaps, one image's maps and boxes into Concept maps (the concept and
// its siblings side by side). Stale results are dropped by the job keys.
#pragma once

#include "concept_maps.h"
#include "neuron_scores.h"
#include "stored_results.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace hint::bridge {
class JobRunner;
}
namespace hint::hierarchy {
class ConceptGraph;
}
namespace hint::widgets {
class ConceptMapView;
class ContributionsView;
class NeuronHeatmapView;
}  // namespace hint::widgets

namespace hint::gui {

// What is loaded for the shown concept (immutable, shared with the jobs that use it).
struct LoadedConcept {
    widgets::StoredResultSet set;
    std::shared_ptr<const widgets::NeuronScores> scores;              // null without shapley.csv
    std::shared_ptr<const widgets::ExtractionData> extraction;        // null without an extraction
    std::vector<widgets::ConceptClassifier> classifiers;              // the concept first, then siblings
    std::optional<widgets::BoxIndex> boxes;
};

class ResultsController : public QObject {
    Q_OBJECT

public:
    ResultsController(bridge::JobRunner* runner, widgets::ContributionsView* contributions,
                      widgets::NeuronHeatmapView* heatmaps, widgets::ConceptMapView* conceptMaps,
                      QObject* parent = nullptr);

    // Scans `dir` for stored results in a job; resultsScanned() follows. An empty dir clears.
    void setResultsRoot(const QString& dir);
    const QString& resultsRoot() const { return m_root; }
    const std::vector<widgets::StoredResultSet>& results() const { return m_results; }
    void setGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph);

    // The result sets stored for a concept (matched by wnid or name), first layer first.
    std::vector<widgets::StoredResultSet> resultsFor(const QString& wnid, const QString& name) const;
    // Loads the concept's first stored result set (or clears the views when there is none).
    void showConcept(const QString& wnid, const QString& name);
    // Shows the first concept that has results; false when there is none.
    bool showFirstConcept();
    const std::shared_ptr<const LoadedConcept>& loaded() const { return m_loaded; }

    void requestHeatmaps(int neuron, int count);
    void requestConceptMaps(int row);
    // The weights of the project's model: a dropped image is run through it (the loaded extraction's
    // architecture, layer, method and preprocessing) before its concept maps are computed.
    void setModelWeights(const QString& path) { m_weights = path; }
    void showDroppedImage(const QString& path);

Q_SIGNALS:
    void resultsScanned(int resultSets);
    void conceptLoaded(const QString& concept);
    void failed(const QString& message);

private:
    void clearViews(const QString& why);
    void applyLoaded(std::shared_ptr<const LoadedConcept> loaded);

    bridge::JobRunner* m_runner;
    widgets::ContributionsView* m_contributions;
    widgets::NeuronHeatmapView* m_heatmaps;
    widgets::ConceptMapView* m_conceptMaps;
    QString m_root;
    std::vector<widgets::StoredResultSet> m_results;
    std::shared_ptr<const hierarchy::ConceptGraph> m_graph;
    std::shared_ptr<const LoadedConcept> m_loaded;
    QString m_weights;
};

}  // namespace hint::gui
