// What the report says in text, gathered from the project and its stored results (no figure): the
// summary, the concept tree (the project's concepts and their ancestors), per concept x layer its F1,
// steps stored, top neurons with the concepts that share them and its localization figures, per layer
// its multimodal neurons. The figures are added by ReportExport, which draws them with the views.
#pragma once

#include "report_content.h"

#include <QStringList>

namespace hint::hierarchy {
class ConceptGraph;
}
namespace hint::pipeline {
struct StoredResults;
}
namespace hint::store {
class Project;
}

namespace hint::report {

struct CollectOptions {
    QString projectFile;
    QStringList concepts;  // wnids with pages; empty = all of the project
    int topK = 10;
    int multimodalMinimum = 2;
    QString version;
};

ReportContent collectReport(const store::Project& project, const pipeline::StoredResults& stored,
                            const hierarchy::ConceptGraph& graph, const CollectOptions& options);

// Relative paths of the site's files.
QString unitPagePath(const QString& wnid, const QString& layer);
QString unitFigureDir(const QString& wnid, const QString& layer);
QString layerPagePath(const QString& layer);
QString layerFigureDir(const QString& layer);

}  // namespace hint::report
