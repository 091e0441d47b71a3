// The Layers view's figure: F1 against depth, top-k neurons per layer, one image's concept map per layer.
#include "layers/layers_painter.h"

#include "colormap.h"
#include "figure_painting.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace hint::layers {

namespace {

constexpr qreal kMargin = 14;
constexpr qreal kGap = 16;
constexpr qreal kBarHeight = 12;
constexpr qreal kMarker = 4.5;  // marker radius
constexpr double kYTicks[] = {0.0, 0.25, 0.5, 0.75, 1.0};
constexpr widgets::Colormap kConceptMap = widgets::Colormap::Spectral;
const QColor kText(0x30, 0x30, 0x30);
const QColor kFrame(0xB0, 0xB0, 0xB0);
const QColor kNoMap(0xE4, 0xE4, 0xE4);

QString tr(const char* text, int n = -1)
{
    return QCoreApplication::translate("hint::layers::LayersPainter", text, nullptr, n);
}

QString layerName(const LayerResult& layer)
{
    return QString::fromStdString(layer.layer);
}

QFont boldFont(QFont font)
{
    font.setBold(true);
    return font;
}

// `font` shrunk by `factor` whichever way its size was given.
QFont scaledFont(QFont font, qreal factor)
{
    if (font.pointSizeF() > 0) font.setPointSizeF(std::max<qreal>(1.0, font.pointSizeF() * factor));
    else font.setPixelSize(std::max(1, int(std::floor(font.pixelSize() * factor))));
    return font;
}

qreal yLabelWidth(const QFontMetricsF& metrics)
{
    return metrics.height() + metrics.horizontalAdvance(QStringLiteral("0.75")) + 10;
}

void drawMarker(QPainter& painter, F1Series series, const QPointF& at)
{
    painter.setPen(QPen(Qt::white, 1.0));
    painter.setBrush(LayersPainter::seriesColor(series));
    if (series == F1Series::Linear) painter.drawEllipse(at, kMarker, kMarker);
    else painter.drawRect(QRectF(at.x() - kMarker, at.y() - kMarker, 2 * kMarker, 2 * kMarker));
}

QPen seriesPen(F1Series series)
{
    QPen pen(LayersPainter::seriesColor(series), 2.0, series == F1Series::Linear ? Qt::SolidLine : Qt::DashLine);
    return pen;
}

}  // namespace

QColor LayersPainter::seriesColor(F1Series series)
{
    return series == F1Series::Linear ? QColor(0x1F, 0x77, 0xB4) : QColor(0xFF, 0x7F, 0x0E);
}

void LayersPainter::setComparison(std::shared_ptr<const LayerComparison> comparison)
{
    m_comparison = std::move(comparison);
    render();
}

void LayersPainter::setOpacity(double opacity)
{
    m_opacity = std::clamp(opacity, 0.0, 1.0);
    render();
}

void LayersPainter::render()
{
    m_tiles.clear();
    if (!m_comparison) return;
    QImage base = widgets::toQImage(m_comparison->image);
    if (base.isNull()) {
        base = QImage(64, 64, QImage::Format_RGB32);
        base.fill(kNoMap);
    }
    m_tiles.push_back(base);
    for (const auto& layer : m_comparison->layers) {
        const bool fits = layer.hasMap() && layer.probability.width == base.width() && layer.probability.height == base.height();
        if (fits) {
            m_tiles.push_back(widgets::overlayMap(base, layer.probability, kConceptMap, m_opacity, 0.0, 1.0, false));
        } else {
            QImage grey(base.size(), QImage::Format_RGB32);
            grey.fill(kNoMap);
            m_tiles.push_back(grey);
        }
    }
}

LayersPainter::Layout LayersPainter::layout(const QSize& size, const QFont& font) const
{
    Layout layout;
    const QFontMetricsF metrics(font);
    const qreal line = metrics.height();
    const qreal heading = widgets::titleHeight(font, true);
    const QRectF area(kMargin, kMargin + heading, size.width() - 2 * kMargin, size.height() - 2 * kMargin - heading);
    const qreal footer = kBarHeight + 2 + line;
    const qreal upperHeight = std::floor((area.height() - footer - kGap) * 0.5);

    const QRectF chart(area.left(), area.top(), std::floor((area.width() - kGap) * 0.5), upperHeight);
    const qreal above = 2 * line + 8;  // chart title and legend
    const qreal below = 2 * (line + 4);  // tick labels and axis label
    const qreal left = yLabelWidth(metrics);
    layout.f1Plot = QRectF(chart.left() + left, chart.top() + above, std::max<qreal>(0, chart.width() - left - 10),
                           std::max<qreal>(0, chart.height() - above - below));
    layout.table = QRectF(chart.right() + kGap, area.top(), area.right() - chart.right() - kGap, upperHeight);

    const int count = m_comparison ? 1 + int(m_comparison->layers.size()) : 0;
    const qreal stripTop = area.top() + upperHeight + kGap;
    const QRectF strip(area.left(), stripTop, area.width(), area.bottom() - footer - kGap / 2 - stripTop);
    const qreal caption = line + 4;
    const qreal side = count == 0 ? 0.0
                                  : std::max<qreal>(0, std::floor(std::min((strip.width() - (count - 1) * kGap) / count,
                                                                           strip.height() - caption)));
    const qreal stripLeft = strip.left() + (strip.width() - (count * side + std::max(0, count - 1) * kGap)) / 2;
    for (int i = 0; i < count; ++i) layout.tiles.emplace_back(stripLeft + i * (side + kGap), strip.top(), side, side);
    const qreal barWidth = std::min<qreal>(320, area.width() * 0.4);
    layout.colorbar = QRectF(area.center().x() - barWidth / 2, area.bottom() - footer, barWidth, kBarHeight);
    return layout;
}

QPointF LayersPainter::f1Point(const Layout& layout, int layerCount, int index, double value)
{
    const QRectF& plot = layout.f1Plot;
    const qreal x = plot.left() + (index + 0.5) * plot.width() / std::max(1, layerCount);
    return {x, plot.bottom() - std::clamp(value, 0.0, 1.0) * plot.height()};
}

void LayersPainter::paint(QPainter& painter, const QSize& size) const
{
    if (!m_comparison) return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const LayerComparison& c = *m_comparison;
    QString subtitle = QString::fromStdString(c.arch.empty() ? std::string() : c.arch + "  \u00b7  ");
    subtitle += tr("%n layer(s)", int(c.layers.size()));
    if (!c.imagePath.empty()) subtitle += QStringLiteral("  \u00b7  ") + QFileInfo(QString::fromStdString(c.imagePath)).fileName();
    const QString name = QString::fromStdString(c.conceptName.empty() ? c.concept : c.conceptName);
    widgets::drawTitle(painter, QRectF(kMargin, kMargin, size.width() - 2 * kMargin, size.height()),
                       tr("Layers: %1").arg(name), subtitle);
    const Layout parts = layout(size, painter.font());
    paintF1(painter, parts);
    paintTable(painter, parts.table);
    paintStrip(painter, parts);
    painter.restore();
}

void LayersPainter::paintF1(QPainter& painter, const Layout& layout) const
{
    const auto& layers = m_comparison->layers;
    const int count = int(layers.size());
    const QRectF& plot = layout.f1Plot;
    const QFontMetricsF metrics(painter.font());
    const qreal line = metrics.height();
    const qreal chartLeft = plot.left() - yLabelWidth(metrics);
    const qreal chartWidth = plot.right() + 10 - chartLeft;

    painter.save();
    painter.setFont(boldFont(painter.font()));
    painter.setPen(kText);
    painter.drawText(QRectF(chartLeft, plot.top() - 2 * line - 8, chartWidth, line), Qt::AlignCenter,
                     tr("Held-out F1 by layer"));
    painter.restore();
    // Legend under the chart title: a line with its marker per series.
    const QString names[] = {tr("linear"), tr("XGBoost")};
    const F1Series series[] = {F1Series::Linear, F1Series::XGBoost};
    qreal legendWidth = 0;
    for (const QString& text : names) legendWidth += 22 + 6 + metrics.horizontalAdvance(text) + 20;
    qreal x = chartLeft + (chartWidth - legendWidth) / 2;
    const qreal legendY = plot.top() - line / 2 - 4;
    for (int s = 0; s < 2; ++s) {
        const qreal used = widgets::drawLegendLine(painter, QPointF(x, legendY), seriesPen(series[s]), names[s]);
        drawMarker(painter, series[s], QPointF(x + 11, legendY));
        x += used + 20;
    }

    // Grid, y ticks and axes.
    painter.setBrush(Qt::NoBrush);
    for (double tick : kYTicks) {
        const qreal y = f1Point(layout, count, 0, tick).y();
        painter.setPen(QPen(QColor(0xE6, 0xE6, 0xE6), 0));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(kText);
        painter.drawText(QRectF(plot.left() - 46, y - line / 2, 42, line), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(tick, 'f', 2));
    }
    painter.setPen(QPen(QColor(0x60, 0x60, 0x60), 0));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawLine(plot.bottomLeft(), plot.topLeft());
    const qreal slot = plot.width() / std::max(1, count);
    painter.setPen(kText);
    for (int i = 0; i < count; ++i) {
        const qreal center = f1Point(layout, count, i, 0.0).x();
        painter.drawLine(QPointF(center, plot.bottom()), QPointF(center, plot.bottom() + 3));
        painter.drawText(QRectF(center - slot / 2, plot.bottom() + 4, slot, line), Qt::AlignHCenter | Qt::AlignTop,
                         metrics.elidedText(layerName(layers[size_t(i)]), Qt::ElideMiddle, slot - 2));
    }
    painter.drawText(QRectF(plot.left(), plot.bottom() + line + 8, plot.width(), line), Qt::AlignHCenter | Qt::AlignTop,
                     tr("layer (network forward order)"));
    painter.save();
    painter.translate(chartLeft + line / 2, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -line / 2, plot.height(), line), Qt::AlignCenter, tr("held-out F1"));
    painter.restore();

    // The two series: lines between neighbouring layers that both have a value, then the markers.
    for (F1Series s : series) {
        const auto valueOf = [s](const LayerResult& layer) { return s == F1Series::Linear ? layer.linearF1 : layer.xgboostF1; };
        painter.setPen(seriesPen(s));
        painter.setBrush(Qt::NoBrush);
        for (int i = 1; i < count; ++i) {
            const auto a = valueOf(layers[size_t(i - 1)]), b = valueOf(layers[size_t(i)]);
            if (a && b) painter.drawLine(f1Point(layout, count, i - 1, *a), f1Point(layout, count, i, *b));
        }
        for (int i = 0; i < count; ++i)
            if (const auto value = valueOf(layers[size_t(i)])) drawMarker(painter, s, f1Point(layout, count, i, *value));
    }
}

void LayersPainter::paintTable(QPainter& painter, const QRectF& area) const
{
    const auto& layers = m_comparison->layers;
    const int columns = std::max(1, int(layers.size()));
    const int k = std::max(1, m_comparison->k);
    // Title, header, k neurons, the 50% line: shrink the font when the rows do not fit.
    const qreal rowHeight = area.height() / (k + 3);
    const qreal natural = QFontMetricsF(painter.font()).height() + 2;
    painter.save();
    if (rowHeight < natural) painter.setFont(scaledFont(painter.font(), rowHeight / natural));
    const QFontMetricsF metrics(painter.font());
    const QFont bold = boldFont(painter.font());

    painter.setFont(bold);
    painter.setPen(kText);
    painter.drawText(QRectF(area.left(), area.top(), area.width(), rowHeight), Qt::AlignCenter,
                     tr("Top-%1 neurons per layer (\u03a6 = mean |\u03c6|)").arg(k));
    const qreal columnWidth = area.width() / columns;
    for (int c = 0; c < int(layers.size()); ++c) {
        const LayerResult& layer = layers[size_t(c)];
        const QRectF column(area.left() + c * columnWidth, area.top() + rowHeight, columnWidth, rowHeight * (k + 2));
        const QRectF inner = column.adjusted(6, 0, -6, 0);
        painter.setFont(bold);
        painter.setPen(kText);
        painter.drawText(QRectF(inner.left(), column.top(), inner.width(), rowHeight), Qt::AlignCenter,
                         QFontMetricsF(bold).elidedText(layerName(layer), Qt::ElideMiddle, inner.width()));
        painter.setPen(QPen(kFrame, 0));
        painter.drawLine(QPointF(inner.left(), column.top() + rowHeight), QPointF(inner.right(), column.top() + rowHeight));
        QFont plain = bold;
        plain.setBold(false);
        painter.setFont(plain);
        for (int r = 0; r < int(layer.top.size()); ++r) {
            const QRectF row(inner.left(), column.top() + (r + 1) * rowHeight, inner.width(), rowHeight);
            if (r % 2 == 1) painter.fillRect(row, QColor(0xF3, 0xF3, 0xF3));
            painter.setPen(kText);
            painter.drawText(row.adjusted(2, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                             QStringLiteral("n%1").arg(layer.top[size_t(r)].neuron));
            painter.drawText(row.adjusted(0, 0, -2, 0), Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(layer.top[size_t(r)].score, 'g', 3));
        }
        const QRectF last(inner.left(), column.top() + (k + 1) * rowHeight, inner.width(), rowHeight);
        painter.setPen(QColor(0x55, 0x55, 0x55));
        const QString summary = layer.top.empty()
                                    ? tr("no neuron scores")
                                    : tr("%1 of %2 hold 50%").arg(layer.mass.neuronsToHalf).arg(layer.mass.neurons);
        painter.drawText(layer.top.empty() ? QRectF(inner.left(), column.top() + rowHeight, inner.width(), rowHeight) : last,
                         Qt::AlignCenter, metrics.elidedText(summary, Qt::ElideRight, inner.width()));
        if (c > 0) {
            painter.setPen(QPen(kFrame, 0));
            painter.drawLine(QPointF(column.left(), column.top()), QPointF(column.left(), column.bottom()));
        }
    }
    painter.restore();
}

void LayersPainter::paintStrip(QPainter& painter, const Layout& layout) const
{
    const auto& layers = m_comparison->layers;
    const QFontMetricsF metrics(painter.font());
    for (size_t i = 0; i < layout.tiles.size() && i < m_tiles.size(); ++i) {
        const QRectF& rect = layout.tiles[i];
        painter.drawImage(rect, m_tiles[i]);
        painter.setPen(QPen(kFrame, 0));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect);
        QString caption;
        if (i == 0) {
            caption = m_comparison->imagePath.empty() ? tr("no image") : tr("image");
            if (!m_comparison->imageError.empty()) caption = tr("image not readable");
        } else {
            const LayerResult& layer = layers[i - 1];
            caption = layerName(layer);
            if (!layer.hasMap()) {
                painter.setPen(QColor(0x60, 0x60, 0x60));
                painter.drawText(rect.adjusted(6, 6, -6, -6), Qt::AlignCenter | Qt::TextWordWrap,
                                 QString::fromStdString(layer.mapNote));
            }
        }
        painter.setPen(kText);
        painter.drawText(QRectF(rect.left() - kGap / 2, rect.bottom() + 4, rect.width() + kGap, metrics.height()),
                         Qt::AlignHCenter | Qt::AlignTop, metrics.elidedText(caption, Qt::ElideMiddle, rect.width() + kGap));
    }
    widgets::drawColorbar(painter, layout.colorbar, kConceptMap, QStringLiteral("0"), QStringLiteral("1"),
                          tr("concept probability p"));
}

}  // namespace hint::layers
