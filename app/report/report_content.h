// ReportContent: everything the HTML report shows, gathered before any page is written: the project
// summary, the concept tree, one ReportUnit per concept x layer page and one ReportLayer per layer
// page. Figure and data files are paths relative to the site's root. Plain data: the pages are a pure
// function of it (report_pages.h), so they are tested without a window or a project.
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace hint::report {

// A figure file (SVG or PNG) with the CSV of the data behind it.
struct ReportFigure {
    QString title;
    QString image;  // relative to the site root
    QString data;   // relative CSV, "" when none
    QString alt;
};

struct ReportNeuron {
    int neuron = 0;
    double phi = 0.0;
    int rank = 0;
    // Other concepts of the layer whose top-k also holds this neuron: wnid, name, rank there.
    struct Sharer {
        QString wnid, name;
        int rank = 0;
    };
    QList<Sharer> sharedWith;
};

struct ReportLocalization {
    QString dataset;
    bool stored = false;
    int images = 0;
    // Method name ("HINT concept", then baselines and ablations) with its HINT IoU-50 accuracy, mean IoU
    // and MaxBoxAcc.
    struct Row {
        QString method;
        double hintAccuracy = 0, meanIou = 0, maxBoxAcc = 0;
    };
    QList<Row> rows;
};

// The steps of the pipeline, in order, as stored for one concept x layer.
inline QStringList reportStepNames()
{
    return {QStringLiteral("extract"), QStringLiteral("regions"), QStringLiteral("train"), QStringLiteral("shapley"),
            QStringLiteral("localize")};
}

struct ReportUnit {
    QString wnid, name, layer;
    QString page;           // relative, e.g. "concepts/n01234567/features.3.html"
    QList<bool> steps;      // per reportStepNames()
    std::optional<double> f1, xgboostF1;
    int neurons = 0;        // in the layer (0 without Shapley values)
    double topShare = 0.0;  // of the total Phi held by the listed top neurons
    int neuronsToHalf = 0;
    QList<ReportNeuron> top;  // the top-k by mean |phi|
    QList<ReportFigure> figures;
    QList<ReportLocalization> localizations;
    QStringList notes;  // what could not be drawn and why
};

struct ReportLayer {
    QString name;
    QString page;  // relative, e.g. "layers/features.3.html"
    int conceptsWithScores = 0;
    QList<ReportFigure> figures;  // the associations figure: diagram and neuron x concept matrix
    // Multimodal neurons of the layer: neuron, and the concepts (wnid, name) whose top-k hold it.
    QList<QPair<int, QList<QPair<QString, QString>>>> multimodal;
    QStringList notes;
};

// A node of the concept tree: a concept of the project or one of its ancestors.
struct ReportTreeNode {
    QString wnid, name;
    bool inProject = false;
    QList<int> children;  // indices into ReportContent::tree
};

struct ReportContent {
    QString title;  // the project's file name
    // Key and value rows of the summary table (model, weights hash, layers, data sets, parameters, ...).
    QList<QPair<QString, QString>> summary;
    QList<ReportTreeNode> tree;
    QList<int> roots;  // indices into tree
    QStringList layers;
    QList<ReportUnit> units;    // layers outer, concepts inner
    QList<ReportLayer> layerPages;
    int topK = 10;
    int multimodalMinimum = 2;

    // The units of a concept (one per layer that has it), in layer order.
    QList<const ReportUnit*> unitsOf(const QString& wnid) const;
    const ReportUnit* unitAt(const QString& wnid, const QString& layer) const;
};

}  // namespace hint::report
