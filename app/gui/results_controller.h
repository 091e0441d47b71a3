// ResultsController: fills the views from what the pipeline store holds for the open project. It lists
// the project's stored results (pipeline::listStoredResults, in a job: it lists the data set and hashes
// the weights), and when a concept is shown loads its StoredUnit at the current layer in jobs: the
// Shapley values into Neuron contributions, the top-activating images of the selected neuron into
// Neuron heatmaps, one image's maps and boxes into Concept maps (the concept and its siblings side by
// side). Stale results are dropped by the job keys. The listing also estimates what a run would compute
// and cost (pipeline::estimateRun), shown by the Run panel before Run.
// It follows a cache that other processes fill (a cluster array, a `hint run` in a terminal): every few
// seconds a probe job looks whether an entry the listing found missing has been published, and if so lists
// again, so badges and views update without a restart; entries are published whole (result_cache.h).
#pragma once

#include "concept_maps.h"
#include "concept_status.h"
#include "neuron_scores.h"
#include "pipeline/run_estimate.h"
#include "pipeline/stored_results.h"
#include "store/project.h"
#include "stored_results.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace hint::bridge {
class JobRunner;
}
namespace hint::hierarchy {
class ConceptGraph;
}
namespace hint::store {
class PublishedKeysProbe;
}
namespace hint::widgets {
class ConceptMapView;
class ContributionsView;
class NeuronHeatmapView;
}  // namespace hint::widgets

namespace hint::gui {

// What is loaded for the shown concept (immutable, shared with the jobs that use it).
struct LoadedConcept {
    pipeline::StoredUnit unit;
    std::shared_ptr<const widgets::NeuronScores> scores;              // null without Shapley values
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

    // Lists the project's stored results in a job; listed() or failed() follows. `projectFile` resolves
    // the data set's relative paths (boxes). An empty project (no concept) clears.
    void setProject(const store::Project& project, const QString& projectFile);
    void clearProject();
    // Lists again (after a run).
    void refresh();
    bool isListing() const { return m_listing; }
    // Following the cache: the time between two looks for newly published entries. It grows with the
    // time a listing takes (five times it, at least the minimum), so a huge project is not re-listed
    // back to back.
    static constexpr int kMinFollowIntervalMs = 3000;
    void setFollowing(bool follow);  // on by default
    int followIntervalMs() const { return m_followTimer.interval(); }
    // True when the last listing was started because entries landed (not by the user or a run).
    bool lastListingFollowedCache() const { return m_listingFollowedCache; }
    // Whether what showConcept would load for the shown concept differs from what it loaded (or cleared)
    // when the concept was shown: a follow-up listing reloads the views only then.
    bool shownConceptChanged() const;
    // The last listing; null until the project's first listing is in (a later listing of the same project
    // replaces it when done).
    const std::shared_ptr<const pipeline::StoredResults>& stored() const { return m_stored; }
    // The run estimate of the last listing (null until the first is in, or without a project).
    const std::shared_ptr<const pipeline::RunEstimate>& estimate() const { return m_estimate; }

    // The layer whose results the views and the concept statuses show.
    void setLayer(const QString& layer);
    const QString& layer() const { return m_layer; }
    // The concept's unit at the current layer; null when the project does not study it there.
    const pipeline::StoredUnit* unitFor(const std::string& wnid) const;
    // Per concept of the graph: what is stored for it at the current layer (Unstudied outside the project).
    std::vector<widgets::ConceptStatus> conceptStatuses(const hierarchy::ConceptGraph& graph) const;
    // The first project concept with stored Shapley values at the current layer ("" when none).
    std::string firstConceptWithResults() const;

    void setGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph);
    // Loads the concept's stored results at the current layer (or clears the views when there are none).
    void showConcept(const QString& wnid, const QString& name);
    const QString& shownConcept() const { return m_shownWnid; }
    const std::shared_ptr<const LoadedConcept>& loaded() const { return m_loaded; }

    void requestHeatmaps(int neuron, int count);
    void requestConceptMaps(int row);
    // The weights of the project's model: a dropped image is run through it (the loaded extraction's
    // architecture, layer, method and preprocessing) before its concept maps are computed.
    void setModelWeights(const QString& path) { m_weights = path; }
    const QString& modelWeights() const { return m_weights; }
    void showDroppedImage(const QString& path);
    // Shows the loaded concept's stored image `row` in the Concept maps view.
    void showImageInConceptMaps(int row);

Q_SIGNALS:
    // The listing is in: `units` concept x layer units, `withScores` of them with Shapley values stored.
    void listed(int units, int withScores);
    // A concept is about to be shown (before its results load): views built from the listing follow now.
    void conceptShown(const QString& concept);
    void conceptLoaded(const QString& concept);
    // The shown concept has nothing to load at the current layer; `why` says so for placeholders.
    void conceptCleared(const QString& why);
    void failed(const QString& message);
    // With each listing: one line on what a run would compute and cost ("" when nothing is listed).
    void estimated(const QString& text);

private:
    void list(bool followedCache);
    void forgetListing();  // stored() and estimate() back to null
    void lookForNewResults();
    QString loadSignature(const std::string& wnid) const;
    void clearViews(const QString& why);
    void applyLoaded(std::shared_ptr<const LoadedConcept> loaded);
    std::string boxesCsv() const;

    bridge::JobRunner* m_runner;
    widgets::ContributionsView* m_contributions;
    widgets::NeuronHeatmapView* m_heatmaps;
    widgets::ConceptMapView* m_conceptMaps;
    std::optional<store::Project> m_project;
    QString m_projectFile;
    QString m_layer;
    bool m_listing = false;
    std::shared_ptr<const pipeline::StoredResults> m_stored;
    std::shared_ptr<const pipeline::RunEstimate> m_estimate;
    std::shared_ptr<const hierarchy::ConceptGraph> m_graph;
    std::shared_ptr<const LoadedConcept> m_loaded;
    quint64 m_generation = 0;  // bumped whenever m_loaded changes: older heatmap/map jobs are stale
    QString m_shownWnid;
    QString m_shownSignature;  // loadSignature() of the shown concept when it was shown
    QString m_weights;
    // Following the cache (see the file comment).
    QTimer m_followTimer;
    QElapsedTimer m_listingClock;
    std::shared_ptr<store::PublishedKeysProbe> m_probe;  // used by one probe job at a time
    bool m_following = true;
    bool m_probing = false;
    bool m_listingFollowedCache = false;
};

}  // namespace hint::gui
