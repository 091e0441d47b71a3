// The report's pages: plain HTML with an inline style sheet; JavaScript only for sorting tables and
// for expanding or collapsing the whole concept tree (the tree itself is <details>, no script needed).
#include "report_pages.h"

#include <QSet>

namespace hint::report {

namespace {

const char* const kStyle = R"CSS(
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#fbfbfc}
header{background:#26344a;color:#fff;padding:14px 28px}
header a{color:#cfe0ff}
header .wnid{color:#b8c4d8}
header h1{margin:0;font-size:22px}
main{padding:10px 28px 40px;max-width:1500px}
h2{margin-top:28px;border-bottom:1px solid #d5d9e0;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #d5d9e0;padding:4px 9px;text-align:left;vertical-align:top}
th{background:#eef1f5}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th:after{content:" \2195";color:#8a93a3}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.wnid{color:#5d6778;font-family:ui-monospace,monospace;font-size:13px}
.muted{color:#6b7385}
.badge{display:inline-block;font-size:12px;border-radius:4px;padding:0 5px;margin-right:3px;background:#e1e6ee;color:#566}
.badge.on{background:#2f7d4f;color:#fff}
details{margin-left:18px}
details.leaf>summary{list-style:none}
details.leaf>summary::-webkit-details-marker{display:none}
summary{cursor:pointer;padding:2px 0}
figure{margin:14px 0;background:#fff;border:1px solid #d5d9e0;padding:10px;display:inline-block;max-width:100%}
figure img{max-width:100%;height:auto;display:block}
figcaption{margin-top:6px}
.figures{display:flex;flex-wrap:wrap;gap:12px}
.note{background:#fff7e0;border:1px solid #ecd9a0;padding:6px 10px;margin:6px 0}
)CSS";

// Sorting any table.sortable by a clicked header (numbers numerically, the rest as text).
const char* const kSortScript = R"JS(
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('th').forEach(function(th, column){
    th.addEventListener('click', function(){
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var up = th.getAttribute('data-order') !== 'up';
      th.setAttribute('data-order', up ? 'up' : 'down');
      var key = function(row){ var c = row.cells[column]; var v = c.getAttribute('data-value');
        return v !== null ? parseFloat(v) : c.textContent.trim().toLowerCase(); };
      rows.sort(function(a, b){ var x = key(a), y = key(b);
        if (typeof x === 'number' && typeof y === 'number') return up ? x - y : y - x;
        return up ? String(x).localeCompare(String(y)) : String(y).localeCompare(String(x)); });
      rows.forEach(function(row){ body.appendChild(row); });
    });
  });
});
)JS";

const char* const kTreeScript = R"JS(
function setTree(open){ document.querySelectorAll('#tree details').forEach(function(d){ d.open = open; }); }
)JS";

QString number(double value, int digits = 3) { return QString::number(value, 'f', digits); }

QString optionalNumber(const std::optional<double>& value) { return value ? number(*value) : QStringLiteral("&ndash;"); }

// A numeric cell that sorts by its value (missing values sort lowest).
QString numberCell(const std::optional<double>& value, int digits = 3)
{
    return QStringLiteral("<td class=\"num\" data-value=\"%1\">%2</td>")
        .arg(value ? QString::number(*value, 'g', 10) : QStringLiteral("-1"), value ? number(*value, digits) : QStringLiteral("&ndash;"));
}

QString page(const QString& fromPage, const QString& title, const QString& heading, const QString& body)
{
    const QString home = relativeLink(fromPage, QStringLiteral("index.html"));
    QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                  "<title>%1</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>%2</style></head>\n<body>\n")
                       .arg(htmlEscaped(title), QString::fromUtf8(kStyle));
    html += QStringLiteral("<header><h1>%1</h1>").arg(heading);
    if (fromPage != QLatin1String("index.html"))
        html += QStringLiteral("<a href=\"%1\">&larr; Report index</a>").arg(htmlEscaped(home));
    html += QStringLiteral("</header>\n<main>\n") + body +
            QStringLiteral("\n</main>\n<script>%1</script>\n</body></html>\n").arg(QString::fromUtf8(kSortScript));
    return html;
}

QString stepBadges(const QList<bool>& steps)
{
    QString html;
    const QStringList names = reportStepNames();
    for (int i = 0; i < names.size(); ++i) {
        const bool on = i < steps.size() && steps[i];
        html += QStringLiteral("<span class=\"badge%1\" title=\"%2 %3\">%2</span>")
                    .arg(on ? QStringLiteral(" on") : QString(), names[i], on ? QStringLiteral("stored") : QStringLiteral("not stored"));
    }
    return html;
}

QString conceptLabel(const QString& name, const QString& wnid)
{
    return QStringLiteral("%1 <span class=\"wnid\">%2</span>").arg(htmlEscaped(name), htmlEscaped(wnid));
}

QString figureHtml(const QString& fromPage, const ReportFigure& figure)
{
    QString html = QStringLiteral("<figure><img src=\"%1\" alt=\"%2\"><figcaption>%3")
                       .arg(htmlEscaped(relativeLink(fromPage, figure.image)), htmlEscaped(figure.alt), htmlEscaped(figure.title));
    if (!figure.data.isEmpty())
        html += QStringLiteral(" &middot; <a href=\"%1\">data (CSV)</a>").arg(htmlEscaped(relativeLink(fromPage, figure.data)));
    return html + QStringLiteral("</figcaption></figure>\n");
}

QString notesHtml(const QStringList& notes)
{
    QString html;
    for (const QString& note : notes) html += QStringLiteral("<p class=\"note\">%1</p>\n").arg(htmlEscaped(note));
    return html;
}

// One tree node and its children; a concept with several parents is written under each.
void treeNode(const ReportContent& content, int index, QString& html, QSet<int>& onPath)
{
    const ReportTreeNode& node = content.tree[index];
    if (onPath.contains(index)) return;  // a cycle would be a broken graph; never loop on it
    onPath.insert(index);
    const QList<const ReportUnit*> units = content.unitsOf(node.wnid);
    QString line = conceptLabel(node.name, node.wnid);
    if (node.inProject) {
        std::optional<double> best;
        QString bestLayer;
        for (const ReportUnit* unit : units)
            for (const auto& f1 : {unit->f1, unit->xgboostF1})
                if (f1 && (!best || *f1 > *best)) best = f1, bestLayer = unit->layer;
        line += best ? QStringLiteral(" &middot; best F1 <b class=\"f1\">%1</b> <span class=\"muted\">(%2)</span>")
                           .arg(number(*best), htmlEscaped(bestLayer))
                     : QStringLiteral(" &middot; <span class=\"muted\">no F1 stored</span>");
        // Per layer its page and how many steps are stored (the badges are in the table below).
        for (const ReportUnit* unit : units) {
            const int stored = int(unit->steps.count(true));
            line += QStringLiteral(" &middot; <a href=\"%1\">%2</a> <span class=\"badge%3\" title=\"steps stored\">%4/%5</span>")
                        .arg(htmlEscaped(unit->page), htmlEscaped(unit->layer),
                             stored == int(unit->steps.size()) ? QStringLiteral(" on") : QString())
                        .arg(stored)
                        .arg(unit->steps.size());
        }
    }
    const bool leaf = node.children.isEmpty();
    html += QStringLiteral("<details open class=\"%1\" data-wnid=\"%2\"><summary><span class=\"concept%3\">%4</span></summary>\n")
                .arg(leaf ? QStringLiteral("leaf") : QStringLiteral("node"), htmlEscaped(node.wnid),
                     node.inProject ? QStringLiteral(" studied") : QString(), line);
    for (int child : node.children) treeNode(content, child, html, onPath);
    html += QStringLiteral("</details>\n");
    onPath.remove(index);
}

}  // namespace

QList<const ReportUnit*> ReportContent::unitsOf(const QString& wnid) const
{
    QList<const ReportUnit*> found;
    for (const QString& layer : layers)
        if (const ReportUnit* unit = unitAt(wnid, layer)) found << unit;
    return found;
}

const ReportUnit* ReportContent::unitAt(const QString& wnid, const QString& layer) const
{
    for (const ReportUnit& unit : units)
        if (unit.wnid == wnid && unit.layer == layer) return &unit;
    return nullptr;
}

QString htmlEscaped(const QString& text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&': out += QLatin1String("&amp;"); break;
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        case '\'': out += QLatin1String("&#39;"); break;
        default: out += c;
        }
    }
    return out;
}

QString safeFileName(const QString& text)
{
    QString out;
    for (const QChar c : text) {
        const bool keep = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                          (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') || c == QLatin1Char('-') ||
                          c == QLatin1Char('_');
        out += keep ? c : QLatin1Char('_');
    }
    if (out.isEmpty() || out == QLatin1String(".") || out == QLatin1String("..")) out.prepend(QLatin1Char('_'));
    return out;
}

QString relativeLink(const QString& fromPage, const QString& target)
{
    return QStringLiteral("../").repeated(int(fromPage.count(QLatin1Char('/')))) + target;
}

QString indexPage(const ReportContent& content)
{
    const QString self = QStringLiteral("index.html");
    QString body = QStringLiteral("<h2>Project</h2>\n<table class=\"summary\">\n");
    for (const auto& [key, value] : content.summary)
        body += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>\n").arg(htmlEscaped(key), htmlEscaped(value));
    body += QStringLiteral("</table>\n");

    body += QStringLiteral("<h2>Layers</h2>\n<ul>\n");
    for (const ReportLayer& layer : content.layerPages)
        body += QStringLiteral("<li><a href=\"%1\">%2</a> <span class=\"muted\">(%3 concepts with Shapley values)</span></li>\n")
                    .arg(htmlEscaped(layer.page), htmlEscaped(layer.name))
                    .arg(layer.conceptsWithScores);
    body += QStringLiteral("</ul>\n");

    body += QStringLiteral("<h2>Concept tree</h2>\n<p><button type=\"button\" onclick=\"setTree(true)\">Expand all</button> "
                           "<button type=\"button\" onclick=\"setTree(false)\">Collapse all</button> "
                           "<span class=\"muted\">Each studied concept: its best held-out F1 (linear or XGBoost, "
                           "over the layers), and per layer its page and the number of pipeline steps stored.</span></p>\n<div id=\"tree\">\n");
    QSet<int> onPath;
    for (int root : content.roots) treeNode(content, root, body, onPath);
    body += QStringLiteral("</div>\n<script>%1</script>\n").arg(QString::fromUtf8(kTreeScript));

    body += QStringLiteral("<h2>Every concept &times; layer</h2>\n<table class=\"sortable\" id=\"units\"><thead><tr>"
                           "<th>Concept</th><th>wnid</th><th>Layer</th><th>F1 linear</th><th>F1 XGBoost</th>"
                           "<th>Top-%1 share</th><th>Neurons to half</th><th>Steps stored</th></tr></thead><tbody>\n")
                .arg(content.topK);
    for (const ReportUnit& unit : content.units) {
        body += QStringLiteral("<tr><td><a href=\"%1\">%2</a></td><td class=\"wnid\">%3</td><td>%4</td>")
                    .arg(htmlEscaped(unit.page), htmlEscaped(unit.name), htmlEscaped(unit.wnid), htmlEscaped(unit.layer));
        body += numberCell(unit.f1) + numberCell(unit.xgboostF1);
        body += unit.neurons > 0 ? numberCell(100.0 * unit.topShare, 1) + numberCell(double(unit.neuronsToHalf), 0)
                                 : QStringLiteral("<td class=\"num\" data-value=\"-1\">&ndash;</td><td class=\"num\" data-value=\"-1\">&ndash;</td>");
        body += QStringLiteral("<td>%1</td></tr>\n").arg(stepBadges(unit.steps));
    }
    body += QStringLiteral("</tbody></table>\n");
    return page(self, content.title + QStringLiteral(" \u2013 HINT report"),
                QStringLiteral("HINT report: %1").arg(htmlEscaped(content.title)), body);
}

QString unitPage(const ReportContent& content, const ReportUnit& unit)
{
    const QString self = unit.page;
    QString body = QStringLiteral("<p>Layer <b>%1</b> &middot; held-out F1 linear <b>%2</b>, XGBoost <b>%3</b> &middot; %4")
                       .arg(htmlEscaped(unit.layer), optionalNumber(unit.f1), optionalNumber(unit.xgboostF1), stepBadges(unit.steps));
    for (const ReportUnit* other : content.unitsOf(unit.wnid))
        if (other != &unit)
            body += QStringLiteral(" &middot; <a href=\"%1\">at %2</a>")
                        .arg(htmlEscaped(relativeLink(self, other->page)), htmlEscaped(other->layer));
    const ReportLayer* layerPage = nullptr;
    for (const ReportLayer& layer : content.layerPages)
        if (layer.name == unit.layer) layerPage = &layer;
    if (layerPage)
        body += QStringLiteral(" &middot; <a href=\"%1\">layer %2</a>")
                    .arg(htmlEscaped(relativeLink(self, layerPage->page)), htmlEscaped(unit.layer));
    body += QStringLiteral("</p>\n") + notesHtml(unit.notes);

    if (!unit.top.isEmpty()) {
        body += QStringLiteral("<h2>Top-%1 neurons</h2>\n<p>They hold %2% of the concept's total mean |&phi;|; %3 of %4 neurons "
                               "hold half of it. A neuron shared with other concepts (in their top-%1 at this layer) "
                               "links to them: collaborative within a concept, multimodal across concepts.</p>\n")
                    .arg(content.topK)
                    .arg(number(100.0 * unit.topShare, 1))
                    .arg(unit.neuronsToHalf)
                    .arg(unit.neurons);
        body += QStringLiteral("<table class=\"sortable\" id=\"top\"><thead><tr><th>Rank</th><th>Neuron</th><th>Mean |&phi;|</th>"
                               "<th>Also in the top-%1 of</th></tr></thead><tbody>\n")
                    .arg(content.topK);
        for (const ReportNeuron& n : unit.top) {
            QStringList sharers;
            for (const auto& s : n.sharedWith) {
                const ReportUnit* other = content.unitAt(s.wnid, unit.layer);
                const QString label = QStringLiteral("%1 (#%2)").arg(htmlEscaped(s.name)).arg(s.rank);
                sharers << (other ? QStringLiteral("<a href=\"%1\">%2</a>").arg(htmlEscaped(relativeLink(self, other->page)), label) : label);
            }
            body += QStringLiteral("<tr><td class=\"num\" data-value=\"%1\">%1</td><td class=\"num\" data-value=\"%2\">%2</td>%3<td>%4</td></tr>\n")
                        .arg(n.rank)
                        .arg(n.neuron)
                        .arg(numberCell(n.phi, 5), sharers.isEmpty() ? QStringLiteral("<span class=\"muted\">none</span>")
                                                                       : sharers.join(QStringLiteral(", ")));
        }
        body += QStringLiteral("</tbody></table>\n");
    }

    if (!unit.figures.isEmpty()) {
        body += QStringLiteral("<h2>Figures</h2>\n<div class=\"figures\">\n");
        for (const ReportFigure& figure : unit.figures) body += figureHtml(self, figure);
        body += QStringLiteral("</div>\n");
    }

    if (!unit.localizations.isEmpty()) {
        body += QStringLiteral("<h2>Localization</h2>\n");
        for (const ReportLocalization& l : unit.localizations) {
            if (!l.stored) {
                body += QStringLiteral("<p>On <b>%1</b>: not stored.</p>\n").arg(htmlEscaped(l.dataset));
                continue;
            }
            body += QStringLiteral("<p>On <b>%1</b> (%2 images with boxes): the concept's classifier beside the baselines.</p>\n"
                                   "<table class=\"sortable\"><thead><tr><th>Method</th><th>HINT IoU-50 accuracy</th>"
                                   "<th>Mean IoU</th><th>MaxBoxAcc</th></tr></thead><tbody>\n")
                        .arg(htmlEscaped(l.dataset))
                        .arg(l.images);
            for (const auto& row : l.rows)
                body += QStringLiteral("<tr><td>%1</td>%2%3%4</tr>\n")
                            .arg(htmlEscaped(row.method), numberCell(row.hintAccuracy), numberCell(row.meanIou), numberCell(row.maxBoxAcc));
            body += QStringLiteral("</tbody></table>\n");
        }
    }
    return page(self, QStringLiteral("%1 at %2").arg(unit.name, unit.layer),
                QStringLiteral("%1 at %2").arg(conceptLabel(unit.name, unit.wnid), htmlEscaped(unit.layer)), body);
}

QString layerPage(const ReportContent& content, const ReportLayer& layer)
{
    const QString self = layer.page;
    QString body = QStringLiteral("<p>%1 concepts with Shapley values at this layer.</p>\n").arg(layer.conceptsWithScores);
    body += notesHtml(layer.notes);
    if (!layer.figures.isEmpty()) {
        body += QStringLiteral("<h2>Neurons and concepts</h2>\n<div class=\"figures\">\n");
        for (const ReportFigure& figure : layer.figures) body += figureHtml(self, figure);
        body += QStringLiteral("</div>\n");
    }
    body += QStringLiteral("<h2>Multimodal neurons</h2>\n<p>Neurons in the top-%1 of at least %2 concepts.</p>\n")
                .arg(content.topK)
                .arg(content.multimodalMinimum);
    if (layer.multimodal.isEmpty()) body += QStringLiteral("<p class=\"muted\">None.</p>\n");
    else {
        body += QStringLiteral("<table class=\"sortable\" id=\"multimodal\"><thead><tr><th>Neuron</th><th>Concepts</th>"
                               "<th>Count</th></tr></thead><tbody>\n");
        for (const auto& [neuron, concepts] : layer.multimodal) {
            QStringList links;
            for (const auto& [wnid, name] : concepts) {
                const ReportUnit* unit = content.unitAt(wnid, layer.name);
                links << (unit ? QStringLiteral("<a href=\"%1\">%2</a>").arg(htmlEscaped(relativeLink(self, unit->page)), htmlEscaped(name))
                               : htmlEscaped(name));
            }
            body += QStringLiteral("<tr><td class=\"num\" data-value=\"%1\">%1</td><td>%2</td><td class=\"num\" data-value=\"%3\">%3</td></tr>\n")
                        .arg(neuron)
                        .arg(links.join(QStringLiteral(", ")))
                        .arg(concepts.size());
        }
        body += QStringLiteral("</tbody></table>\n");
    }
    return page(self, QStringLiteral("Layer %1").arg(layer.name), QStringLiteral("Layer %1").arg(htmlEscaped(layer.name)), body);
}

}  // namespace hint::report
