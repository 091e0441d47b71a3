// The pages of the HTML report as text, from a ReportContent: index.html (project summary, collapsible
// concept tree, a sortable table of every concept x layer), one page per concept x layer and one per
// layer. Every text that comes from data is escaped (htmlEscaped); pages link with relative paths
// only and load nothing from the network: the style sheet and the little JavaScript (table sort,
// expand/collapse all) are inline.
#pragma once

#include "report_content.h"

#include <QString>

namespace hint::report {

// &, <, >, " and ' as entities: safe in element text and in quoted attribute values.
QString htmlEscaped(const QString& text);
// A file name made of [A-Za-z0-9._-] only (others become '_'), never "", "." or "..".
QString safeFileName(const QString& text);
// `target` (relative to the site root) as seen from the page `fromPage` (also relative to the root).
QString relativeLink(const QString& fromPage, const QString& target);

QString indexPage(const ReportContent& content);
QString unitPage(const ReportContent& content, const ReportUnit& unit);
QString layerPage(const ReportContent& content, const ReportLayer& layer);

}  // namespace hint::report
