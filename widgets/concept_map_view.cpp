// ConceptMapView: an image's saliency, regions, concept maps and boxes (GUI.md, view 3).
#include "concept_map_view.h"

#include "data_export.h"
#include "figure_canvas.h"
#include "figure_painting.h"
#include "plot_export.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QSlider>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hint::widgets {

namespace {

constexpr qreal kMargin = 14;
constexpr qreal kGap = 16;
constexpr qreal kBarHeight = 12;
constexpr Colormap kSaliencyMap = Colormap::Magma;
constexpr Colormap kConceptMap = Colormap::Spectral;
const QColor kPredictedColor(0x00, 0xC8, 0x53);  // green: stands out on Spectral's reds and blues
const QColor kRegionColor(0x00, 0xE5, 0xFF);

QPen groundTruthPen()
{
    QPen pen(Qt::white, 2.0, Qt::DashLine);
    pen.setDashPattern({4, 3});
    return pen;
}

QRectF boxRect(const localization::PixelBox& box, const QRectF& rect, int imageWidth, int imageHeight)
{
    const qreal sx = rect.width() / std::max(1, imageWidth);
    const qreal sy = rect.height() / std::max(1, imageHeight);
    return QRectF(rect.left() + box.x0 * sx, rect.top() + box.y0 * sy, (box.x1 - box.x0 + 1) * sx,
                  (box.y1 - box.y0 + 1) * sy);
}

// The outline of the 1-cells of a mask: the cell edges that border a 0-cell or the map's edge.
QPainterPath maskOutline(const localization::BinaryMask& cells, const QRectF& rect)
{
    QPainterPath path;
    const qreal cw = rect.width() / std::max(1, cells.width);
    const qreal ch = rect.height() / std::max(1, cells.height);
    const auto on = [&](int y, int x) {
        return y >= 0 && x >= 0 && y < cells.height && x < cells.width && cells.at(y, x) == 1;
    };
    const auto edge = [&path](qreal x0, qreal y0, qreal x1, qreal y1) {
        path.moveTo(x0, y0);
        path.lineTo(x1, y1);
    };
    for (int y = 0; y < cells.height; ++y)
        for (int x = 0; x < cells.width; ++x) {
            if (!on(y, x)) continue;
            const qreal left = rect.left() + x * cw, top = rect.top() + y * ch;
            if (!on(y - 1, x)) edge(left, top, left + cw, top);
            if (!on(y + 1, x)) edge(left, top + ch, left + cw, top + ch);
            if (!on(y, x - 1)) edge(left, top, left, top + ch);
            if (!on(y, x + 1)) edge(left + cw, top, left + cw, top + ch);
        }
    return path;
}

QString number(double value)
{
    return QString::number(value, 'f', 2);
}

}  // namespace

ConceptMapView::ConceptMapView(QWidget* parent) : QWidget(parent)
{
    setAcceptDrops(true);
    auto* outer = new QVBoxLayout(this);
    // Two rows: the image picker keeps a readable width (it showed one letter when it shared a row with
    // the layer switches in the default window) and the switches stay on screen at 200% scaling.
    auto* controls = new QHBoxLayout;
    m_imageCombo = new QComboBox(this);
    m_imageCombo->setMinimumContentsLength(24);
    m_imageCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_imageCombo->setMinimumWidth(m_imageCombo->fontMetrics().averageCharWidth() * 20);
    m_imageCombo->setToolTip(tr("An image of the extraction; or drop an image file onto this view"));
    auto* imageLabel = new QLabel(tr("I&mage:"), this);
    imageLabel->setBuddy(m_imageCombo);
    controls->addWidget(imageLabel);
    controls->addWidget(m_imageCombo, 1);
    controls->addSpacing(12);
    m_opacitySlider = new QSlider(Qt::Horizontal, this);
    m_opacitySlider->setRange(0, 100);
    m_opacitySlider->setValue(int(std::lround(m_opacity * 100)));
    m_opacitySlider->setMaximumWidth(140);
    m_opacitySlider->setToolTip(tr("Opacity of the maps over the image"));
    auto* opacityLabel = new QLabel(tr("O&pacity:"), this);
    opacityLabel->setBuddy(m_opacitySlider);
    controls->addWidget(opacityLabel);
    controls->addWidget(m_opacitySlider);
    outer->addLayout(controls);
    auto* switches = new QHBoxLayout;
    const QString names[] = {tr("&Saliency"), tr("&Region mask"), tr("Concept &map"), tr("&Boxes")};
    const QString tips[] = {tr("The saliency map at the layer, normalized by its minimum and 99th percentile"),
                            tr("Outline of the responsible region: positions whose normalized saliency > threshold"),
                            tr("The concept classifier applied at every position: p = (clip(f, -1, 1) + 1) / 2"),
                            tr("Predicted box (HINT protocol) and ground-truth boxes, with their IoU")};
    for (int i = 0; i < 4; ++i) {
        m_layerBoxes[i] = new QCheckBox(names[i], this);
        m_layerBoxes[i]->setChecked(true);
        m_layerBoxes[i]->setToolTip(tips[i]);
        switches->addWidget(m_layerBoxes[i]);
        connect(m_layerBoxes[i], &QCheckBox::toggled, this, [this] { render(); });
    }
    switches->addStretch(1);
    outer->addLayout(switches);

    m_stack = new QStackedWidget(this);
    m_placeholder = makePlaceholderLabel(m_stack);
    setPlaceholderText(tr("<p style='font-size:13pt'>No concept maps yet</p>"
                          "<p>Open a project or the demo with a stored extraction and classifier, pick an image "
                          "above, or drop an image file here.</p>"));
    m_canvas = new FigureCanvas([this](QPainter& painter, const QSize& size) { paintFigure(painter, size); }, m_stack);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_canvas);
    outer->addWidget(m_stack, 1);

    connect(m_imageCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int row) {
        if (row >= 0) Q_EMIT imageRequested(row);
    });
    connect(m_opacitySlider, &QSlider::valueChanged, this, [this](int value) { setOpacity(value / 100.0); });
}

void ConceptMapView::setPlaceholderText(const QString& text)
{
    m_placeholder->setText(text);
}

void ConceptMapView::setImageChoices(const QStringList& paths)
{
    const QSignalBlocker blocker(m_imageCombo);
    m_imageCombo->clear();
    for (const QString& path : paths) m_imageCombo->addItem(QFileInfo(path).fileName(), path);
    for (int i = 0; i < paths.size(); ++i) m_imageCombo->setItemData(i, paths[i], Qt::ToolTipRole);
}

void ConceptMapView::setCurrentImage(int row)
{
    m_imageCombo->setCurrentIndex(row);  // emits imageRequested when it changes
}

int ConceptMapView::currentImage() const
{
    return m_imageCombo->currentIndex();
}

bool ConceptMapView::isLayerShown(Layer layer) const
{
    return m_layerBoxes[int(layer)]->isChecked();
}

void ConceptMapView::setLayerShown(Layer layer, bool shown)
{
    m_layerBoxes[int(layer)]->setChecked(shown);
}

void ConceptMapView::setOpacity(double opacity)
{
    m_opacity = std::clamp(opacity, 0.0, 1.0);
    const int slider = int(std::lround(m_opacity * 100));
    if (m_opacitySlider->value() != slider) {
        const QSignalBlocker blocker(m_opacitySlider);
        m_opacitySlider->setValue(slider);
    }
    render();
}

void ConceptMapView::setMaps(std::shared_ptr<const ConceptMaps> maps)
{
    m_maps = std::move(maps);
    if (m_maps && m_maps->row >= 0 && m_maps->row < m_imageCombo->count() &&
        m_imageCombo->itemData(int(m_maps->row)).toString() == QString::fromStdString(m_maps->imagePath)) {
        const QSignalBlocker blocker(m_imageCombo);
        m_imageCombo->setCurrentIndex(int(m_maps->row));
    }
    m_stack->setCurrentIndex(m_maps ? 1 : 0);
    render();
}

void ConceptMapView::render()
{
    m_rendered.clear();
    if (m_maps) {
        const QImage base = toQImage(m_maps->image);
        m_rendered.push_back(isLayerShown(Layer::Saliency)
                                 ? overlayMap(base, m_maps->saliency, kSaliencyMap, m_opacity, 0.0, 1.0, true)
                                 : base);
        for (const auto& panel : m_maps->panels)
            m_rendered.push_back(isLayerShown(Layer::ConceptMap)
                                     ? overlayMap(base, panel.probability, kConceptMap, m_opacity, 0.0, 1.0, false)
                                     : base);
    }
    m_canvas->update();
}

qreal ConceptMapView::footerHeight(const QFont& font) const
{
    const QFontMetricsF metrics(font);
    return kGap + kBarHeight + 2 + metrics.height() + 8 + metrics.height();
}

QRectF ConceptMapView::panelRect(int index, const QSize& size) const
{
    if (index < 0 || index >= panelCount()) return {};
    const QFontMetricsF metrics(font());
    const qreal heading = titleHeight(font(), true);
    const qreal above = metrics.height() + 4;  // panel title
    const qreal below = metrics.height() + 4;  // panel caption
    const QRectF area(kMargin, kMargin + heading, size.width() - 2 * kMargin,
                      size.height() - 2 * kMargin - heading - footerHeight(font()));
    const TileGrid grid = fitTiles(area.size(), panelCount(), above + below, kGap);
    const qreal gridWidth = grid.columns * grid.tileSide + (grid.columns - 1) * kGap;
    const qreal gridHeight = grid.rows * (grid.tileSide + above + below) + (grid.rows - 1) * kGap;
    const qreal left = area.left() + (area.width() - gridWidth) / 2;
    const qreal top = area.top() + std::max<qreal>(0, (area.height() - gridHeight) / 2);
    const int column = index % grid.columns;
    const int row = index / grid.columns;
    return QRectF(left + column * (grid.tileSide + kGap), top + row * (grid.tileSide + above + below + kGap) + above,
                  grid.tileSide, grid.tileSide);
}

void ConceptMapView::paintPanelDecorations(QPainter& painter, int index, const QRectF& rect) const
{
    const QFontMetricsF metrics(painter.font());
    const int w = m_maps->image.width;
    const int h = m_maps->image.height;
    QString title;
    QString caption;
    if (index == 0) {
        title = isLayerShown(Layer::Saliency) ? tr("Saliency and responsible region") : tr("Image");
        caption = tr("%n responsible cell(s)", nullptr, int(m_maps->regionCells.count()));
        if (isLayerShown(Layer::RegionMask)) {
            painter.setPen(QPen(kRegionColor, 2.0));
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(maskOutline(m_maps->regionCells, rect));
        }
    } else {
        const auto& panel = m_maps->panels[size_t(index - 1)];
        title = QString::fromStdString(panel.conceptName);
        if (panel.metrics) title += tr("  (F1 %1)").arg(number(panel.metrics->f1));
        if (!panel.localization.hasBox) caption = tr("no positive cell: no box");
        else if (m_maps->hasGroundTruth()) caption = tr("IoU %1 with the ground truth").arg(number(panel.localization.iou));
        else caption = tr("%n positive cell(s), no ground truth", nullptr, panel.localization.positiveCells);
        if (isLayerShown(Layer::Boxes) && panel.localization.hasBox) {
            painter.setPen(QPen(kPredictedColor, 2.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(boxRect(panel.localization.predictedBox, rect, w, h));
        }
    }
    if (isLayerShown(Layer::Boxes)) {
        for (const auto& box : m_maps->groundTruthScaled) {
            const QRectF r = boxRect(box, rect, w, h);
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(QColor(0, 0, 0, 160), 3.5));
            painter.drawRect(r);
            painter.setPen(groundTruthPen());
            painter.drawRect(r);
        }
    }
    painter.setPen(QPen(QColor(0xB0, 0xB0, 0xB0), 0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(rect);
    QFont bold = painter.font();
    bold.setBold(true);
    painter.save();
    painter.setFont(bold);
    painter.setPen(QColor(0x20, 0x20, 0x20));
    painter.drawText(QRectF(rect.left() - kGap / 2, rect.top() - metrics.height() - 4, rect.width() + kGap, metrics.height()),
                     Qt::AlignHCenter | Qt::AlignBottom,
                     QFontMetricsF(bold).elidedText(title, Qt::ElideRight, rect.width() + kGap));
    painter.restore();
    painter.setPen(QColor(0x30, 0x30, 0x30));
    painter.drawText(QRectF(rect.left() - kGap / 2, rect.bottom() + 4, rect.width() + kGap, metrics.height()),
                     Qt::AlignHCenter | Qt::AlignTop, metrics.elidedText(caption, Qt::ElideRight, rect.width() + kGap));
}

void ConceptMapView::paintFigure(QPainter& painter, const QSize& size) const
{
    if (!m_maps) return;
    painter.save();
    painter.setFont(font());
    QString subtitle = QFileInfo(QString::fromStdString(m_maps->imagePath)).fileName();
    if (!m_maps->layer.empty()) subtitle += QStringLiteral("  \u00b7  ") + QString::fromStdString(m_maps->layer);
    if (!m_maps->imageError.empty()) subtitle += tr("  \u00b7  image not readable");
    drawTitle(painter, QRectF(kMargin, kMargin, size.width() - 2 * kMargin, size.height()),
              tr("Concept maps and localization"), subtitle);
    for (int i = 0; i < panelCount(); ++i) {
        const QRectF rect = panelRect(i, size);
        painter.drawImage(rect, m_rendered[size_t(i)]);
        paintPanelDecorations(painter, i, rect);
    }

    // Footer: the colour bars of the layers shown, then the line legend.
    const QFontMetricsF metrics(painter.font());
    const qreal barTop = size.height() - kMargin - (kBarHeight + 2 + metrics.height() + 8 + metrics.height());
    QList<std::tuple<Colormap, QString>> bars;
    if (isLayerShown(Layer::Saliency)) bars.append({kSaliencyMap, tr("normalized saliency")});
    if (isLayerShown(Layer::ConceptMap) && !m_maps->panels.empty()) bars.append({kConceptMap, tr("concept probability p")});
    const qreal barWidth = std::min<qreal>(240, (size.width() - 2 * kMargin) / std::max<qsizetype>(1, bars.size()) - 80);
    const qreal slot = (size.width() - 2 * kMargin) / std::max<qsizetype>(1, bars.size());
    for (int i = 0; i < bars.size(); ++i) {
        const auto& [map, label] = bars[i];
        const QRectF bar(kMargin + slot * i + (slot - barWidth) / 2, barTop, barWidth, kBarHeight);
        drawColorbar(painter, bar, map, QStringLiteral("0"), QStringLiteral("1"), label);
    }
    const qreal legendY = size.height() - kMargin - metrics.height() / 2;
    QList<std::pair<QPen, QString>> lines;
    if (isLayerShown(Layer::RegionMask)) lines.append({QPen(kRegionColor, 2.0), tr("responsible region")});
    if (isLayerShown(Layer::Boxes)) {
        if (!m_maps->panels.empty()) lines.append({QPen(kPredictedColor, 2.5), tr("predicted box (HINT protocol)")});
        if (m_maps->hasGroundTruth()) {
            QPen dark = groundTruthPen();
            dark.setColor(QColor(0x40, 0x40, 0x40));
            lines.append({dark, tr("ground truth")});
        }
    }
    qreal legendWidth = 0;
    for (const auto& [pen, text] : lines) legendWidth += 22 + 6 + metrics.horizontalAdvance(text) + 24;
    qreal x = (size.width() - legendWidth) / 2;
    for (const auto& [pen, text] : lines) x += drawLegendLine(painter, QPointF(x, legendY), pen, text) + 24;
    painter.restore();
}

void ConceptMapView::dragEnterEvent(QDragEnterEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) event->acceptProposedAction();
}

void ConceptMapView::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    event->acceptProposedAction();
    Q_EMIT fileDropped(urls.first().toLocalFile());
}

QString ConceptMapView::exportName() const
{
    QString name = QStringLiteral("concept_maps");
    if (m_maps) {
        name += QLatin1Char('_') + QFileInfo(QString::fromStdString(m_maps->imagePath)).completeBaseName();
        if (!m_maps->layer.empty()) name += QLatin1Char('_') + QString::fromStdString(m_maps->layer);
    }
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    return name;
}

Status ConceptMapView::exportFigure(const QString& path, const FigureExportOptions& options) const
{
    if (!hasExportableContent()) return Error::badInput("the concept maps view has nothing to export yet");
    return exportDrawing(path, options, [this](QCPPainter& painter, const QSize& size) {
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        paintFigure(painter, size);
    });
}

Status ConceptMapView::exportData(const QString& path) const
{
    if (!hasExportableContent()) return Error::badInput("the concept maps view has nothing to export yet");
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QString image = QString::fromStdString(m_maps->imagePath);
    if (suffix == QLatin1String("csv")) {
        QString text = QStringLiteral("image,concept,f1,positive_cells,has_box,x0,y0,x1,y1,iou,ground_truth_boxes\n");
        for (const auto& panel : m_maps->panels) {
            const auto& loc = panel.localization;
            text += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11\n")
                        .arg(csvField(image), csvField(QString::fromStdString(panel.conceptName)),
                             panel.metrics ? QString::number(panel.metrics->f1, 'g', 9) : QString())
                        .arg(loc.positiveCells)
                        .arg(loc.hasBox ? 1 : 0)
                        .arg(loc.predictedBox.x0)
                        .arg(loc.predictedBox.y0)
                        .arg(loc.predictedBox.x1)
                        .arg(loc.predictedBox.y1)
                        .arg(m_maps->hasGroundTruth() ? QString::number(loc.iou, 'g', 9) : QString())
                        .arg(m_maps->groundTruth.size());
        }
        return writeFile(path, text.toUtf8());
    }
    if (suffix == QLatin1String("json")) {
        const auto grid = [](const auto& map) {
            QJsonArray rows;
            for (int y = 0; y < map.height; ++y) {
                QJsonArray row;
                for (int x = 0; x < map.width; ++x) row.append(double(map.at(y, x)));
                rows.append(row);
            }
            return rows;
        };
        const auto box = [](const localization::PixelBox& b) { return QJsonArray{b.x0, b.y0, b.x1, b.y1}; };
        QJsonArray panels;
        for (const auto& panel : m_maps->panels) {
            QJsonObject object{{QStringLiteral("concept"), QString::fromStdString(panel.conceptName)},
                               {QStringLiteral("positive_cells"), panel.localization.positiveCells},
                               {QStringLiteral("decision"), grid(panel.decision)}};
            if (panel.localization.hasBox) object.insert(QStringLiteral("predicted_box"), box(panel.localization.predictedBox));
            if (m_maps->hasGroundTruth()) object.insert(QStringLiteral("iou"), panel.localization.iou);
            if (panel.metrics) object.insert(QStringLiteral("f1"), panel.metrics->f1);
            panels.append(object);
        }
        QJsonArray truth;
        for (const auto& b : m_maps->groundTruthScaled) truth.append(box(b));
        return writeJson(path, QJsonObject{{QStringLiteral("image"), image},
                                           {QStringLiteral("layer"), QString::fromStdString(m_maps->layer)},
                                           {QStringLiteral("image_size"), QJsonArray{m_maps->image.width, m_maps->image.height}},
                                           {QStringLiteral("region_cells"), grid(m_maps->regionCells)},
                                           {QStringLiteral("ground_truth_boxes"), truth},
                                           {QStringLiteral("concepts"), panels}});
    }
    return Error::badInput("unknown data format '." + suffix.toStdString() + "' of " + path.toStdString() +
                           " (use .csv or .json)");
}

}  // namespace hint::widgets
