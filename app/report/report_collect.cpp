// The report's text content from the project and the stored results.
#include "report_collect.h"

#include "report_pages.h"

#include "analysis/associations.h"
#include "hierarchy/concept_graph.h"
#include "pipeline/stored_results.h"
#include "store/file_hash_memo.h"
#include "store/project.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <map>

namespace hint::report {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString utc(const QDateTime& time) { return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")); }

QList<QPair<QString, QString>> summaryRows(const store::Project& project, const pipeline::StoredResults& stored,
                                           const CollectOptions& options)
{
    QList<QPair<QString, QString>> rows;
    rows.append({QStringLiteral("Project file"), QFileInfo(options.projectFile).fileName()});
    rows.append({QStringLiteral("Model"), q(project.model.arch)});
    QString hash = QStringLiteral("none: random weights from the seed");
    if (!project.model.weights.empty()) {
        rows.append({QStringLiteral("Weights"), QFileInfo(q(project.model.weights)).fileName()});
        store::FileHashMemo memo(stored.cacheRoot);  // remembered by the pipeline: usually no file is read
        auto sha = memo.sha256(project.model.weights);
        hash = sha ? q(sha.value()) : QStringLiteral("unreadable: %1").arg(q(sha.error().message));
    }
    rows.append({QStringLiteral("Weights SHA-256"), hash});
    QStringList layers;
    for (const auto& layer : project.layers) layers << q(layer);
    rows.append({QStringLiteral("Layers"), layers.join(QStringLiteral(", "))});
    // Paths relative to the project file, as the project stores them: the report names no folder of this machine.
    const QDir projectDir = QFileInfo(options.projectFile).absoluteDir();
    for (const auto& dataset : project.datasets)
        rows.append({QStringLiteral("Data set"), QStringLiteral("%1 (%2): %3")
                                                     .arg(q(dataset.name), q(dataset.kind), projectDir.relativeFilePath(q(dataset.path)))});
    rows.append({QStringLiteral("Concepts"), QString::number(project.concepts.size())});
    for (auto it = project.parameters.begin(); it != project.parameters.end(); ++it)
        rows.append({QStringLiteral("Parameter %1").arg(q(it.key())), q(it.value().dump())});
    rows.append({QStringLiteral("Seed"), QString::number(project.seed)});
    rows.append({QStringLiteral("Results stored"), QStringLiteral("%1 of %2 cache entries").arg(stored.entriesStored).arg(stored.entriesTotal)});
    // When the results were computed: the span of the stored entries' folder times.
    QDateTime first, last;
    for (const auto& unit : stored.units)
        for (const auto& dir : {unit.extractDir, unit.regionsDir, unit.trainDir, unit.shapleyDir}) {
            if (dir.empty()) continue;
            const QDateTime time = QFileInfo(q(dir)).lastModified();
            if (!time.isValid()) continue;
            if (!first.isValid() || time < first) first = time;
            if (!last.isValid() || time > last) last = time;
        }
    if (first.isValid()) rows.append({QStringLiteral("Results computed"), utc(first) + QStringLiteral(" to ") + utc(last)});
    rows.append({QStringLiteral("Report written"), utc(QDateTime::currentDateTimeUtc())});
    rows.append({QStringLiteral("HINT Explorer version"), options.version});
    return rows;
}

void collectTree(const store::Project& project, const hierarchy::ConceptGraph& graph, ReportContent& content)
{
    QSet<int> included;
    QSet<int> studied;
    for (const auto& wnid : project.concepts) {
        const int index = graph.indexOf(wnid);
        if (index < 0) continue;
        studied.insert(index);
        included.insert(index);
        for (int ancestor : graph.ancestors(index)) included.insert(ancestor);
    }
    // Nodes in the graph's (wnid) order; children in the graph's (name) order.
    QHash<int, int> nodeOf;
    for (int i = 0; i < graph.size(); ++i)
        if (included.contains(i)) {
            nodeOf.insert(i, int(content.tree.size()));
            content.tree.append({q(graph.at(i).wnid), q(graph.at(i).name), studied.contains(i), {}});
        }
    for (int i = 0; i < graph.size(); ++i) {
        if (!included.contains(i)) continue;
        ReportTreeNode& node = content.tree[nodeOf.value(i)];
        for (int child : graph.at(i).children)
            if (included.contains(child)) node.children << nodeOf.value(child);
        bool hasParent = false;
        for (int parent : graph.at(i).parents) hasParent = hasParent || included.contains(parent);
        if (!hasParent) content.roots << nodeOf.value(i);
    }
}

ReportLocalization localizationOf(const pipeline::StoredLocalization& stored)
{
    ReportLocalization l;
    l.dataset = q(stored.dataset);
    l.stored = !stored.dir.empty();
    l.images = int(stored.concept.images);
    if (!l.stored) return l;
    const auto row = [](const QString& method, const pipeline::LocalizationFigures& f) {
        return ReportLocalization::Row{method, f.hintAccuracy, f.meanIou, f.maxBoxAcc};
    };
    l.rows << row(QStringLiteral("HINT (the concept's classifier)"), stored.concept);
    for (const auto& b : stored.baselines) l.rows << row(QStringLiteral("baseline: %1").arg(q(b.name)), b);
    for (const auto& a : stored.ablations) l.rows << row(QStringLiteral("ablation: %1").arg(q(a.name)), a);
    return l;
}

}  // namespace

QString unitFigureDir(const QString& wnid, const QString& layer)
{
    return QStringLiteral("concepts/%1/%2").arg(safeFileName(wnid), safeFileName(layer));
}
QString unitPagePath(const QString& wnid, const QString& layer) { return unitFigureDir(wnid, layer) + QStringLiteral(".html"); }
QString layerFigureDir(const QString& layer) { return QStringLiteral("layers/%1").arg(safeFileName(layer)); }
QString layerPagePath(const QString& layer) { return layerFigureDir(layer) + QStringLiteral(".html"); }

ReportContent collectReport(const store::Project& project, const pipeline::StoredResults& stored,
                            const hierarchy::ConceptGraph& graph, const CollectOptions& options)
{
    ReportContent content;
    content.title = QFileInfo(options.projectFile).fileName();
    content.topK = options.topK;
    content.multimodalMinimum = options.multimodalMinimum;
    content.summary = summaryRows(project, stored, options);
    collectTree(project, graph, content);
    for (const auto& layer : project.layers) content.layers << q(layer);

    // Scores per layer, over every concept with Shapley values (sharing is judged among all of them).
    std::map<std::string, std::vector<analysis::ConceptScores>> byLayer;
    std::map<std::string, std::string> names;
    for (const auto& unit : stored.units) {
        names[unit.concept] = unit.conceptName;
        if (!unit.scores.empty()) byLayer[unit.layer].push_back({unit.concept, unit.layer, unit.scores, unit.linearF1});
    }
    std::map<std::string, std::map<int, std::vector<analysis::ConceptLink>>> sharersByLayer;  // layer -> neuron -> concepts
    for (const auto& [layer, scores] : byLayer)
        for (const auto& neuron : analysis::neuronConcepts(scores, options.topK)) sharersByLayer[layer][neuron.neuron] = neuron.concepts;

    for (const auto& unit : stored.units) {
        if (!options.concepts.isEmpty() && !options.concepts.contains(q(unit.concept))) continue;
        ReportUnit r;
        r.wnid = q(unit.concept);
        r.name = q(unit.conceptName);
        r.layer = q(unit.layer);
        r.page = unitPagePath(r.wnid, r.layer);
        bool localized = !unit.localizations.empty();
        for (const auto& l : unit.localizations) localized = localized && !l.dir.empty();
        r.steps = {!unit.extractDir.empty(), !unit.regionsDir.empty(), !unit.trainDir.empty(), !unit.shapleyDir.empty(), localized};
        r.f1 = unit.linearF1;
        r.xgboostF1 = unit.xgboostF1;
        if (!unit.scores.empty()) {
            const auto mass = analysis::collaborativeMass(unit.scores, options.topK);
            r.neurons = mass.neurons;
            r.topShare = mass.topShare;
            r.neuronsToHalf = mass.neuronsToHalf;
            const auto& sharers = sharersByLayer[unit.layer];
            for (const auto& top : analysis::conceptTopNeurons(unit.scores, options.topK)) {
                ReportNeuron n{top.neuron, top.score, top.rank, {}};
                if (auto it = sharers.find(top.neuron); it != sharers.end())
                    for (const auto& link : it->second)
                        if (link.concept != unit.concept) n.sharedWith.append({q(link.concept), q(names[link.concept]), link.rank});
                r.top << n;
            }
        } else {
            r.notes << QStringLiteral("No Shapley values are stored for this concept at this layer: run HINT on the project "
                                      "(hint run) to compute them.");
        }
        for (const auto& l : unit.localizations) r.localizations << localizationOf(l);
        content.units << r;
    }

    for (const auto& layerName : project.layers) {
        ReportLayer layer;
        layer.name = q(layerName);
        layer.page = layerPagePath(layer.name);
        const auto& scores = byLayer[layerName];
        layer.conceptsWithScores = int(scores.size());
        for (const auto& neuron : analysis::multimodalNeurons(scores, options.topK, options.multimodalMinimum)) {
            QList<QPair<QString, QString>> concepts;
            for (const auto& link : neuron.concepts) concepts.append({q(link.concept), q(names[link.concept])});
            layer.multimodal.append({neuron.neuron, concepts});
        }
        content.layerPages << layer;
    }
    return content;
}

}  // namespace hint::report
