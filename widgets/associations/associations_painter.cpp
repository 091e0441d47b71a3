// The Associations figure: layout and painting of the diagram, the matrix and their legends.
#include "associations/associations_painter.h"

#include "figure_painting.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QImage>
#include <QPainterPath>
#include <QVector>

#include <algorithm>
#include <cmath>

namespace hint::widgets {

namespace {

constexpr qreal kMargin = 12;
constexpr qreal kPanelGap = 28;
constexpr qreal kIndent = 14;
constexpr qreal kPad = 6;
constexpr qreal kBarHeight = 10;
constexpr qreal kMinFontScale = 0.55;  // about 5 pt at a 9 pt base: the smallest still legible in print
const QColor kText(0x20, 0x20, 0x20);
const QColor kBorder(0x90, 0x98, 0xA4);
const QColor kConceptFill(0xEE, 0xF2, 0xF7);
const QColor kConceptHover(0xD2, 0xE0, 0xF2);
const QColor kLink(70, 110, 170, 120);
const QColor kLinkHighlight(25, 70, 150, 235);
const QColor kLinkFaded(160, 160, 160, 40);
const QColor kSelected(200, 30, 60);
const QColor kMissing(0xDD, 0xDD, 0xDD);

QString tr(const char* text, int n = -1)
{
    return QCoreApplication::translate("AssociationsPainter", text, nullptr, n);
}

QFont scaledFont(const QFont& base, qreal factor)
{
    QFont font = base;
    if (base.pointSizeF() > 0) font.setPointSizeF(base.pointSizeF() * factor);
    else font.setPixelSize(std::max(1, int(std::lround(base.pixelSize() * factor))));
    return font;
}

QFont boldFont(QFont font)
{
    font.setBold(true);
    return font;
}

int widestNeuronId(const AssociationDiagram& diagram)
{
    int widest = 0;
    for (const auto& node : diagram.neurons) widest = std::max(widest, node.neuron);
    return widest;
}

qreal footerHeight(qreal line, qreal idLabel)
{
    return std::max(idLabel + 6 + kBarHeight + 2 + 2 * line, 2 * line + 10) + 6;
}

QString subtitleText(const AssociationDiagram& diagram)
{
    int shared = 0;
    for (const auto& node : diagram.neurons) shared += node.conceptCount() > 1;
    QString text = tr("%1 concepts by depth, %2 neurons (%3 shared)")
                       .arg(diagram.concepts.size())
                       .arg(diagram.neurons.size())
                       .arg(shared);
    if (diagram.conceptsLeftOut > 0) text += tr("; %n deeper concept(s) left out", diagram.conceptsLeftOut);
    if (diagram.conceptsNotStored > 0) text += tr("; %n without scores here", diagram.conceptsNotStored);
    return text;
}

QString phiText(double phi)
{
    return QString::number(phi, 'g', 3);
}

// A link as a filled ribbon of its width between two S-curves, as in a Sankey diagram: one fill per
// link is several times cheaper than stroking a wide curve, which keeps redraws of 400 links fast.
QPainterPath ribbon(const QPointF& a, const QPointF& b, qreal width)
{
    const qreal middle = (a.x() + b.x()) / 2;
    const qreal half = width / 2;
    QPainterPath path(QPointF(a.x(), a.y() - half));
    path.cubicTo(QPointF(middle, a.y() - half), QPointF(middle, b.y() - half), QPointF(b.x(), b.y() - half));
    path.lineTo(b.x(), b.y() + half);
    path.cubicTo(QPointF(middle, b.y() + half), QPointF(middle, a.y() + half), QPointF(a.x(), a.y() + half));
    path.closeSubpath();
    return path;
}

void paintLinks(QPainter& painter, const AssociationDiagram& diagram, const AssociationsLayout& layout,
                const AssociationsHighlight& highlight)
{
    painter.setPen(Qt::NoPen);
    // Faded first, highlighted last: the links that matter are drawn on top.
    for (const LinkState pass : {LinkState::Faded, LinkState::Normal, LinkState::Selected, LinkState::Highlighted}) {
        painter.setBrush(pass == LinkState::Faded       ? kLinkFaded
                         : pass == LinkState::Highlighted ? kLinkHighlight
                         : pass == LinkState::Selected    ? kSelected
                                                          : kLink);
        for (size_t i = 0; i < diagram.links.size(); ++i) {
            if (linkState(diagram, highlight, int(i)) != pass) continue;
            const auto& link = diagram.links[i];
            const QRectF& from = layout.conceptRects[size_t(link.concept)];
            const QRectF& to = layout.neuronRects[size_t(link.neuron)];
            painter.drawPath(ribbon(QPointF(from.right(), from.center().y()), QPointF(to.left(), to.center().y()),
                                    layout.linkWidths[i]));
        }
    }
}

bool conceptLinkedToNeuron(const AssociationDiagram& diagram, int concept, int neuron)
{
    return diagram.linkOf(concept, neuron) >= 0;
}

void paintConcepts(QPainter& painter, const AssociationDiagram& diagram, const AssociationsLayout& layout,
                   const AssociationsHighlight& highlight, const QFont& font)
{
    for (size_t i = 0; i < diagram.concepts.size(); ++i) {
        const auto& concept = diagram.concepts[i];
        const QRectF& rect = layout.conceptRects[i];
        const bool hovered = int(i) == highlight.hoveredConcept ||
                             (highlight.hoveredNeuron >= 0 && conceptLinkedToNeuron(diagram, int(i), highlight.hoveredNeuron));
        painter.setPen(QPen(hovered ? kLinkHighlight : kBorder, hovered ? 1.6 : 0.8));
        painter.setBrush(hovered ? kConceptHover : kConceptFill);
        const qreal radius = std::min<qreal>(4, rect.height() / 3);
        painter.drawRoundedRect(rect, radius, radius);
        const QFont textFont = concept.selected ? boldFont(font) : font;
        painter.setFont(textFont);
        painter.setPen(kText);
        const QRectF text = rect.adjusted(kPad, 0, -kPad, 0);
        painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetricsF(textFont).elidedText(QString::fromStdString(concept.name), Qt::ElideRight, text.width()));
    }
}

void paintNeurons(QPainter& painter, const AssociationDiagram& diagram, const AssociationsLayout& layout,
                  const AssociationsHighlight& highlight, const QFont& font)
{
    painter.setFont(font);
    const bool legible = !layout.neuronRects.empty() && layout.neuronRects.front().height() >= 0.6 * QFontMetricsF(font).height();
    for (size_t j = 0; j < diagram.neurons.size(); ++j) {
        const auto& node = diagram.neurons[j];
        const QRectF& rect = layout.neuronRects[j];
        const bool dimmed = highlight.hoveredConcept >= 0 && !conceptLinkedToNeuron(diagram, highlight.hoveredConcept, int(j));
        painter.setOpacity(dimmed ? 0.35 : 1.0);
        QPen pen(kBorder, 0.8);
        if (int(j) == highlight.selectedNeuron) pen = QPen(kSelected, 2.4);
        if (int(j) == highlight.hoveredNeuron ||
            (highlight.hoveredConcept >= 0 && !dimmed))
            pen = QPen(kLinkHighlight, 1.8);
        painter.setPen(pen);
        const QColor fill = neuronFillColor(node.conceptCount());
        painter.setBrush(fill);
        const qreal radius = std::min<qreal>(4, rect.height() / 3);
        painter.drawRoundedRect(rect, radius, radius);
        // Ids that would not fit their node are left to the tooltip and the matrix's column labels.
        if (legible) {
            painter.setPen(fill.lightnessF() < 0.5 ? Qt::white : kText);
            painter.drawText(rect, Qt::AlignCenter, QString::number(node.neuron));
        }
    }
    painter.setOpacity(1.0);
}

void paintMatrix(QPainter& painter, const AssociationDiagram& diagram, const AssociationsLayout& layout,
                 const AssociationsHighlight& highlight, const QFont& rowFont, const QFont& base)
{
    const int rows = int(diagram.concepts.size());
    const int columns = int(diagram.neurons.size());
    const QRectF& grid = layout.matrixGrid;
    // One pixel per cell, scaled up without smoothing: sharp cells, and one image instead of thousands
    // of rectangles (40 x 400 for a large subtree).
    QImage cells(columns, rows, QImage::Format_RGB32);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c) cells.setPixel(c, r, matrixCellColor(diagram.cell(r, c), diagram.maxPhi).rgb());
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.drawImage(grid, cells);
    painter.restore();
    // The concept's own top-k cells, framed in a colour that stands out on the cell.
    painter.setBrush(Qt::NoBrush);
    const qreal cellWidth = grid.width() / columns;
    const qreal frame = std::clamp(std::min(cellWidth, grid.height() / rows) / 8, 0.6, 1.6);
    QVector<QRectF> onDark, onLight;
    for (const auto& link : diagram.links) {
        const QRectF rect = layout.cellRect(link.concept, link.neuron, rows, columns);
        (matrixCellColor(link.phi, diagram.maxPhi).lightnessF() < 0.45 ? onDark : onLight)
            .append(rect.adjusted(frame / 2, frame / 2, -frame / 2, -frame / 2));
    }
    painter.setPen(QPen(Qt::white, frame));
    painter.drawRects(onDark);
    painter.setPen(QPen(Qt::black, frame));
    painter.drawRects(onLight);
    painter.setPen(QPen(kBorder, 0.8));
    painter.drawRect(grid);
    const auto outlineColumn = [&](int column, const QPen& pen) {
        painter.setPen(pen);
        painter.drawRect(QRectF(grid.left() + column * cellWidth, grid.top(), cellWidth, grid.height()));
    };
    if (highlight.selectedNeuron >= 0) outlineColumn(highlight.selectedNeuron, QPen(kSelected, 2.0));
    if (highlight.hoveredNeuron >= 0) outlineColumn(highlight.hoveredNeuron, QPen(kLinkHighlight, 2.0));
    if (highlight.hoveredConcept >= 0) {
        painter.setPen(QPen(kLinkHighlight, 2.0));
        const qreal rowHeight = grid.height() / rows;
        painter.drawRect(QRectF(grid.left(), grid.top() + highlight.hoveredConcept * rowHeight, grid.width(), rowHeight));
    }

    // Row labels, aligned with the diagram's concepts.
    painter.setPen(kText);
    for (int r = 0; r < rows; ++r) {
        const QRectF cell = layout.cellRect(r, 0, rows, columns);
        const QRectF label(layout.matrixArea.left(), cell.top(), layout.rowLabelWidth - 6, cell.height());
        const QFont font = diagram.concepts[size_t(r)].selected ? boldFont(rowFont) : rowFont;
        painter.setFont(font);
        painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter,
                         QFontMetricsF(font).elidedText(QString::fromStdString(diagram.concepts[size_t(r)].name),
                                                        Qt::ElideRight, label.width()));
    }
    // Neuron ids under the columns, rotated; every n-th one when the columns are narrower than the text.
    const qreal line = QFontMetricsF(base).height();
    const qreal scale = std::clamp(cellWidth * 0.95 / line, kMinFontScale, 1.0);
    const QFont idFont = scaledFont(base, scale);
    const qreal idHeight = QFontMetricsF(idFont).height();
    const int step = std::max(1, int(std::ceil(idHeight * 0.9 / cellWidth)));
    const qreal idLength = QFontMetricsF(base).horizontalAdvance(QString::number(widestNeuronId(diagram))) + 6;
    painter.setFont(idFont);
    for (int c = 0; c < columns; c += step) {
        painter.save();
        painter.translate(grid.left() + (c + 0.5) * cellWidth, grid.bottom() + 3);
        painter.rotate(-90);
        painter.drawText(QRectF(-idLength, -idHeight / 2, idLength, idHeight), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(diagram.neurons[size_t(c)].neuron));
        painter.restore();
    }
    // The colour bar: its ends' values inside its width, the label on the line below (a narrow bar
    // would overlap the three on one line).
    painter.setFont(base);
    const QRectF& bar = layout.colorbar;
    painter.drawImage(bar, colorbarImage(kAssociationsColormap, 256, 1));
    painter.setPen(QPen(kBorder, 0.8));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);
    painter.setPen(kText);
    const QRectF values(bar.left(), bar.bottom() + 2, bar.width(), line);
    painter.drawText(values, Qt::AlignLeft | Qt::AlignTop, QStringLiteral("0"));
    painter.drawText(values, Qt::AlignRight | Qt::AlignTop, phiText(diagram.maxPhi));
    drawFittedText(painter, QRectF(layout.matrixArea.left(), values.bottom(), layout.matrixArea.width(), line),
                   Qt::AlignHCenter | Qt::AlignTop, tr("Phi = mean |phi| of the neuron for the concept"));
}

const QStringList& countLabels()
{
    static const QStringList counts{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("\u2265 4")};
    return counts;
}

double maxLinkPhi(const AssociationDiagram& diagram)
{
    double phi = 0;
    for (const auto& link : diagram.links) phi = std::max(phi, link.phi);
    return phi;
}

// The width of the legend's longer row in `font`, as paintLegendRows lays it out (22 px line samples).
qreal legendWidth(const AssociationDiagram& diagram, const QFont& font)
{
    const QFontMetricsF metrics(font);
    qreal counts = metrics.horizontalAdvance(tr("Neuron in the top-%1 of").arg(diagram.topK)) + 6 + 2 +
                   metrics.horizontalAdvance(tr("shown concepts"));
    for (const QString& count : countLabels()) counts += metrics.horizontalAdvance(count) + 2 * kPad + 4;
    qreal links = metrics.horizontalAdvance(tr("Link width = Phi:")) + 8 + 28 +
                  metrics.horizontalAdvance(tr("selected neuron"));
    for (const double fraction : {1.0, 0.5}) links += 28 + metrics.horizontalAdvance(phiText(maxLinkPhi(diagram) * fraction)) + 14;
    return std::max(counts, links);
}

void paintLegendRows(QPainter& painter, const AssociationDiagram& diagram, const AssociationsLayout& layout, const QFont& base);

// At narrow sizes the legend takes a smaller font (down to 70 %) rather than run into the matrix.
void paintLegend(QPainter& painter, const AssociationDiagram& diagram, const AssociationsLayout& layout, const QFont& base)
{
    const qreal natural = legendWidth(diagram, base);
    QFont font = base;
    if (natural > layout.legend.width())
        font.setPointSizeF(base.pointSizeF() * std::max(0.7, layout.legend.width() / natural));
    paintLegendRows(painter, diagram, layout, font);
}

void paintLegendRows(QPainter& painter, const AssociationDiagram& diagram, const AssociationsLayout& layout, const QFont& base)
{
    const QFontMetricsF metrics(base);
    const qreal line = metrics.height();
    painter.setFont(base);
    qreal x = layout.legend.left();
    const qreal y1 = layout.legend.top() + line / 2;
    const auto text = [&](qreal at, qreal y, const QString& s) {
        const qreal width = metrics.horizontalAdvance(s);
        painter.setPen(kText);
        painter.drawText(QRectF(at, y - line / 2, width + 2, line), Qt::AlignLeft | Qt::AlignVCenter, s);
        return width;
    };
    x += text(x, y1, tr("Neuron in the top-%1 of").arg(diagram.topK)) + 6;
    const QStringList& counts = countLabels();
    for (int i = 0; i < counts.size(); ++i) {
        const QColor fill = neuronFillColor(i + 1);
        const QRectF swatch(x, y1 - line / 2, metrics.horizontalAdvance(counts[i]) + 2 * kPad, line);
        painter.setPen(QPen(kBorder, 0.8));
        painter.setBrush(fill);
        painter.drawRoundedRect(swatch, 3, 3);
        painter.setPen(fill.lightnessF() < 0.5 ? Qt::white : kText);
        painter.drawText(swatch, Qt::AlignCenter, counts[i]);
        x = swatch.right() + 4;
    }
    text(x + 2, y1, tr("shown concepts"));

    // Link widths: the widest link and one of half its Phi.
    const qreal y2 = y1 + line + 6;
    x = layout.legend.left();
    x += text(x, y2, tr("Link width = Phi:")) + 8;
    qreal widest = 0;
    for (qreal width : layout.linkWidths) widest = std::max(widest, width);
    const double maxPhi = maxLinkPhi(diagram);
    for (const double fraction : {1.0, 0.5}) {
        x += drawLegendLine(painter, QPointF(x, y2), QPen(kLink, std::max<qreal>(0.6, widest * fraction), Qt::SolidLine, Qt::FlatCap),
                            phiText(maxPhi * fraction)) + 14;
    }
    drawLegendLine(painter, QPointF(x, y2), QPen(kSelected, 2.5), tr("selected neuron"));
}

}  // namespace

QColor matrixCellColor(double phi, double maxPhi)
{
    if (!std::isfinite(phi)) return kMissing;
    return QColor::fromRgb(colormapColor(kAssociationsColormap, maxPhi > 0 ? phi / maxPhi : 0.0));
}

QColor neuronFillColor(int conceptCount)
{
    // Oranges (ColorBrewer), so shared neurons stand out from the blue links and the viridis matrix.
    static const QColor fills[] = {QColor(0xF4, 0xF4, 0xF4), QColor(0xFD, 0xD0, 0xA2), QColor(0xFD, 0x8D, 0x3C),
                                   QColor(0xC4, 0x3E, 0x00)};
    return fills[std::clamp(conceptCount, 1, 4) - 1];
}

LinkState linkState(const AssociationDiagram& diagram, const AssociationsHighlight& highlight, int link)
{
    const auto& l = diagram.links[size_t(link)];
    if (highlight.hoveredConcept >= 0) return l.concept == highlight.hoveredConcept ? LinkState::Highlighted : LinkState::Faded;
    if (highlight.hoveredNeuron >= 0) return l.neuron == highlight.hoveredNeuron ? LinkState::Highlighted : LinkState::Faded;
    if (highlight.selectedNeuron >= 0 && l.neuron == highlight.selectedNeuron) return LinkState::Selected;
    return LinkState::Normal;
}

QRectF AssociationsLayout::cellRect(int row, int column, int rows, int columns) const
{
    const qreal width = matrixGrid.width() / std::max(1, columns);
    const qreal height = matrixGrid.height() / std::max(1, rows);
    return QRectF(matrixGrid.left() + column * width, matrixGrid.top() + row * height, width, height);
}

AssociationsLayout layoutAssociations(const AssociationDiagram& diagram, const QSize& size, const QFont& font)
{
    AssociationsLayout layout;
    if (diagram.empty()) return layout;
    const QFontMetricsF metrics(font);
    const qreal line = metrics.height();
    const int rows = int(diagram.concepts.size());
    const int columns = int(diagram.neurons.size());
    const QRectF whole(kMargin, kMargin, size.width() - 2 * kMargin, size.height() - 2 * kMargin);
    const qreal idLabel = metrics.horizontalAdvance(QString::number(widestNeuronId(diagram))) + 6;
    const qreal bodyTop = whole.top() + titleHeight(font, true) + line + 4;  // title, subtitle, headings
    const qreal bodyHeight = std::max<qreal>(20, whole.bottom() - footerHeight(line, idLabel) - bodyTop);
    const qreal diagramWidth = whole.width() * 0.56 - kPanelGap / 2;
    layout.diagramArea = QRectF(whole.left(), bodyTop, diagramWidth, bodyHeight);
    layout.matrixArea = QRectF(whole.left() + diagramWidth + kPanelGap, bodyTop, whole.width() - diagramWidth - kPanelGap, bodyHeight);
    layout.legend = QRectF(whole.left(), whole.bottom() - 2 * line - 6, diagramWidth, 2 * line + 6);

    // Rows at most two lines high; the neuron column and the concept rows centred on each other.
    const qreal rowHeight = std::min(bodyHeight / rows, 2.0 * line);
    const qreal neuronStep = std::min(bodyHeight / columns, 1.7 * line);
    const qreal block = std::max(rowHeight * rows, neuronStep * columns);
    const qreal rowTop = bodyTop + (block - rowHeight * rows) / 2;
    const qreal neuronTop = bodyTop + (block - neuronStep * columns) / 2;
    layout.conceptFontScale = std::clamp(rowHeight * 0.85 / line, kMinFontScale, 1.0);
    layout.neuronFontScale = std::clamp(neuronStep * 0.9 / line, kMinFontScale, 1.0);
    const QFont conceptFont = boldFont(scaledFont(font, layout.conceptFontScale));  // bold: the widest case
    const QFont neuronFont = scaledFont(font, layout.neuronFontScale);

    int maxLevel = 0;
    qreal widestName = 0;
    for (const auto& concept : diagram.concepts) {
        maxLevel = std::max(maxLevel, concept.level);
        widestName = std::max(widestName, QFontMetricsF(conceptFont).horizontalAdvance(QString::fromStdString(concept.name)));
    }
    const qreal conceptColumn = std::min(maxLevel * kIndent + widestName + 2 * kPad, diagramWidth * 0.45);
    // Deep subtrees indent less, so every node keeps room for its name.
    const qreal indent = maxLevel > 0 ? std::clamp((conceptColumn - 60) / maxLevel, 0.0, kIndent) : 0.0;
    const qreal conceptHeight = std::min(rowHeight * 0.82, QFontMetricsF(conceptFont).height() + 6);
    for (int i = 0; i < rows; ++i) {
        const qreal left = whole.left() + diagram.concepts[size_t(i)].level * indent;
        layout.conceptRects.emplace_back(left, rowTop + i * rowHeight + (rowHeight - conceptHeight) / 2,
                                         whole.left() + conceptColumn - left, conceptHeight);
    }
    const qreal neuronWidth = QFontMetricsF(neuronFont).horizontalAdvance(QString::number(widestNeuronId(diagram))) + 2 * kPad;
    const qreal neuronHeight = std::min(neuronStep * 0.85, QFontMetricsF(neuronFont).height() + 4);
    for (int j = 0; j < columns; ++j)
        layout.neuronRects.emplace_back(layout.diagramArea.right() - neuronWidth,
                                        neuronTop + j * neuronStep + (neuronStep - neuronHeight) / 2, neuronWidth, neuronHeight);
    const qreal widest = std::clamp(std::min(rowHeight * 0.6, neuronStep * 0.8), 1.5, 10.0);
    for (const auto& link : diagram.links) layout.linkWidths.push_back(std::max(0.6, link.weight * widest));

    // The matrix: its rows are the diagram's rows; cells at most 2.5 rows wide.
    qreal widestLabel = 0;
    for (const auto& concept : diagram.concepts)
        widestLabel = std::max(widestLabel, QFontMetricsF(conceptFont).horizontalAdvance(QString::fromStdString(concept.name)));
    layout.rowLabelWidth = std::min(widestLabel + 8, layout.matrixArea.width() * 0.35);
    const qreal gridLeft = layout.matrixArea.left() + layout.rowLabelWidth;
    const qreal cellWidth = std::min((layout.matrixArea.right() - gridLeft) / columns, 2.5 * std::max(rowHeight, line));
    layout.matrixGrid = QRectF(gridLeft, rowTop, cellWidth * columns, rowHeight * rows);
    const qreal barWidth = std::clamp(layout.matrixGrid.width(), 140.0, 300.0);
    const qreal barLeft = std::clamp(layout.matrixGrid.center().x() - barWidth / 2, layout.matrixArea.left(),
                                     std::max(layout.matrixArea.left(), whole.right() - barWidth));
    layout.colorbar = QRectF(barLeft, layout.matrixGrid.bottom() + idLabel + 6, barWidth, kBarHeight);
    return layout;
}

void paintAssociations(QPainter& painter, const QSize& size, const AssociationDiagram& diagram,
                       const AssociationsHighlight& highlight)
{
    if (diagram.empty()) return;
    painter.save();
    const QFont base = painter.font();
    const AssociationsLayout layout = layoutAssociations(diagram, size, base);
    drawTitle(painter, QRectF(kMargin, kMargin, size.width() - 2 * kMargin, size.height() - 2 * kMargin),
              tr("Concepts and their top-%1 neurons at %2").arg(diagram.topK).arg(QString::fromStdString(diagram.layer)),
              subtitleText(diagram));

    // Column headings just above the body.
    const qreal line = QFontMetricsF(base).height();
    const qreal headingTop = layout.diagramArea.top() - line - 4;
    painter.setFont(boldFont(base));
    painter.setPen(QColor(0x55, 0x55, 0x55));
    const QRectF diagramHeading(layout.diagramArea.left(), headingTop, layout.diagramArea.width(), line);
    const QString neuronsHeading = tr("Neurons");
    const qreal neuronsWidth = QFontMetricsF(painter.font()).horizontalAdvance(neuronsHeading);
    drawFittedText(painter, diagramHeading.adjusted(0, 0, -neuronsWidth - 8, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("Concepts (abstract on top)"));
    painter.drawText(diagramHeading, Qt::AlignRight | Qt::AlignVCenter, neuronsHeading);
    drawFittedText(painter, QRectF(layout.matrixArea.left(), headingTop, layout.matrixArea.width(), line), Qt::AlignCenter,
                   tr("Phi of every shown neuron (framed: top-%1)").arg(diagram.topK));

    paintLinks(painter, diagram, layout, highlight);
    const QFont conceptFont = scaledFont(base, layout.conceptFontScale);
    paintConcepts(painter, diagram, layout, highlight, conceptFont);
    paintNeurons(painter, diagram, layout, highlight, scaledFont(base, layout.neuronFontScale));
    paintMatrix(painter, diagram, layout, highlight, conceptFont, base);
    paintLegend(painter, diagram, layout, base);
    painter.restore();
}

}  // namespace hint::widgets
