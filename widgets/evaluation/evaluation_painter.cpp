// The Evaluation figure: layout, painting and hit testing share one geometry.
#include "evaluation_painter.h"

#include "figure_painting.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <map>

namespace hint::widgets {

namespace {

constexpr qreal kMargin = 14;
constexpr qreal kGap = 18;
constexpr qreal kSwatch = 10;
constexpr double kGroupFill = 0.82;  // share of a metric group's width its bars take
const QColor kText(0x30, 0x30, 0x30);
const QColor kAxis(0x80, 0x80, 0x80);
const QColor kGrid(0xE2, 0xE2, 0xE2);

QFont smallFont(const QFont& base)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.8);
    return font;
}

QFont boldFont(const QFont& base)
{
    QFont font = base;
    font.setBold(true);
    return font;
}

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

QString images(int count)
{
    return count == 1 ? QObject::tr("1 image") : QObject::tr("%1 images").arg(count);
}

// Space for a y axis: rotated title and tick labels.
qreal axisWidth(const QFontMetricsF& fm, const QString& widestTick)
{
    return fm.height() + 4 + fm.horizontalAdvance(widestTick) + 8;
}

// Legend entries flowed left to right, wrapped at the section's width.
std::vector<QRectF> flowLegend(const std::vector<std::string>& labels, const QRectF& area, const QFontMetricsF& fm)
{
    std::vector<QRectF> entries;
    qreal x = area.left(), y = area.top();
    for (const auto& label : labels) {
        const qreal width = kSwatch + 5 + fm.horizontalAdvance(text(label));
        if (x > area.left() && x + width > area.right()) {
            x = area.left();
            y += fm.height() + 2;
        }
        entries.emplace_back(x, y, width, fm.height());
        x += width + 16;
    }
    return entries;
}

ChartGeometry chartGeometry(const BarChart& chart, const QRectF& section, const QFont& font)
{
    const QFontMetricsF fm(font);
    ChartGeometry g;
    g.section = section;
    if (section.isEmpty()) return g;
    const qreal top = section.top() + fm.height() + 6;  // heading
    g.legend = flowLegend(chart.methodLabels, QRectF(section.left(), top, section.width(), section.height()), fm);
    const qreal legendBottom = g.legend.empty() ? top : g.legend.back().bottom() + 6;
    const qreal left = section.left() + axisWidth(fm, QStringLiteral("0.0"));
    const qreal bottom = section.bottom() - (2 * fm.height() + 4) - (fm.height() + 2);  // group labels, axis title
    g.plot = QRectF(left, legendBottom + QFontMetricsF(smallFont(font)).height() + 2, section.right() - 4 - left, 0);
    g.plot.setBottom(std::max(g.plot.top() + 1, bottom));
    const int groups = std::max<int>(1, int(chart.metrics.size()));
    const int perGroup = std::max<int>(1, int(chart.methods.size()));
    const qreal groupWidth = g.plot.width() / groups;
    const qreal barWidth = groupWidth * kGroupFill / perGroup;
    for (const auto& bar : chart.bars) {
        const int group = int(std::find(chart.metrics.begin(), chart.metrics.end(), bar.metric) - chart.metrics.begin());
        const int slot = int(std::find(chart.methods.begin(), chart.methods.end(), bar.method) - chart.methods.begin());
        const qreal x = g.plot.left() + group * groupWidth + groupWidth * (1 - kGroupFill) / 2 + slot * barWidth;
        const qreal h = std::clamp(bar.value, 0.0, 1.0) * g.plot.height();
        g.bars.emplace_back(x, g.plot.bottom() - h, std::max<qreal>(1, barWidth - 1), h);
    }
    return g;
}

int niceStep(int maxCount)
{
    const double raw = std::max(1.0, maxCount / 5.0);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * power >= raw) return std::max(1, int(m * power));
    return std::max(1, int(10 * power));
}

HistogramGeometry histogramGeometry(const IouHistogram& histogram, const QRectF& section, const QFont& font)
{
    const QFontMetricsF fm(font);
    HistogramGeometry g;
    g.section = section;
    if (section.isEmpty()) return g;
    const int maxCount = histogram.counts.empty() ? 0 : *std::max_element(histogram.counts.begin(), histogram.counts.end());
    const int step = niceStep(maxCount);
    g.countMax = std::max(step, (maxCount + step - 1) / step * step);
    const qreal left = section.left() + axisWidth(fm, QString::number(g.countMax));
    const qreal top = section.top() + fm.height() + 6 + fm.height() + 4;  // heading, threshold label
    const qreal bottom = section.bottom() - (fm.height() + 4) - (fm.height() + 2);  // tick labels, axis title
    g.plot = QRectF(left, top, section.right() - 4 - left, std::max<qreal>(1, bottom - top));
    const int bins = std::max<int>(1, int(histogram.counts.size()));
    const qreal binWidth = g.plot.width() / bins;
    for (size_t i = 0; i < histogram.counts.size(); ++i) {
        const qreal h = g.plot.height() * histogram.counts[i] / g.countMax;
        g.bars.emplace_back(g.plot.left() + i * binWidth + 0.5, g.plot.bottom() - h, std::max<qreal>(1, binWidth - 1), h);
    }
    return g;
}

void drawHeading(QPainter& painter, const QRectF& section, const QString& heading)
{
    painter.save();
    painter.setFont(boldFont(painter.font()));
    painter.setPen(kText);
    const QFontMetricsF fm(painter.font());
    painter.drawText(QRectF(section.left(), section.top(), section.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                     fm.elidedText(heading, Qt::ElideRight, section.width()));
    painter.restore();
}

// The group labels' font: as large as the painter's, smaller when a word would not fit its group.
QFont groupLabelFont(const QFont& base, const BarChart& chart, qreal groupWidth)
{
    const QFontMetricsF fm(base);
    qreal widest = 1;
    for (const auto& metric : chart.metrics)
        for (const QString& word : text(metricLabel(metric)).split(QLatin1Char(' ')))
            widest = std::max(widest, fm.horizontalAdvance(word));
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * std::clamp((groupWidth - 4) / widest, 0.65, 1.0));
    return font;
}

// Horizontal grid lines and labels of a value axis from 0 to `top` in `ticks` steps, and its title.
void drawValueAxis(QPainter& painter, const QRectF& plot, const QRectF& section, double top, int ticks,
                   const QString& title, int decimals)
{
    const QFontMetricsF fm(painter.font());
    for (int i = 0; i <= ticks; ++i) {
        const double value = top * i / ticks;
        const qreal y = plot.bottom() - plot.height() * i / ticks;
        painter.setPen(QPen(i == 0 ? kAxis : kGrid, 0));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(kText);
        painter.drawText(QRectF(section.left(), y - fm.height() / 2, plot.left() - section.left() - 5, fm.height()),
                         Qt::AlignRight | Qt::AlignVCenter, QString::number(value, 'f', decimals));
    }
    painter.save();
    painter.translate(section.left() + fm.height() / 2 + 1, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -fm.height() / 2, plot.height(), fm.height()), Qt::AlignCenter, title);
    painter.restore();
}

void paintChart(QPainter& painter, const BarChart& chart, const ChartGeometry& g, const std::string& classifierName,
                const QString& heading, const QString& xTitle)
{
    if (g.section.isEmpty()) return;
    const QFontMetricsF fm(painter.font());
    drawHeading(painter, g.section, heading);
    for (size_t i = 0; i < g.legend.size() && i < chart.methods.size(); ++i) {
        const QRectF& entry = g.legend[i];
        painter.fillRect(QRectF(entry.left(), entry.center().y() - kSwatch / 2, kSwatch, kSwatch),
                         methodColor(chart.methods[i], classifierName));
        painter.setPen(kText);
        painter.drawText(entry.adjusted(kSwatch + 5, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text(chart.methodLabels[i]));
    }
    drawValueAxis(painter, g.plot, g.section, 1.0, g.plot.height() > 120 ? 5 : 2, QObject::tr("Fraction"), 1);

    const QFont small = smallFont(painter.font());
    const QFontMetricsF smallMetrics(small);
    const bool printValues = !g.bars.empty() && g.bars.front().width() >= smallMetrics.horizontalAdvance(QStringLiteral("0.00"));
    for (size_t i = 0; i < g.bars.size(); ++i) {
        // A zero still shows as a sliver on the axis, unlike a missing value.
        QRectF bar = g.bars[i];
        if (bar.height() < 1.5) bar.setTop(bar.bottom() - 1.5);
        painter.fillRect(bar, methodColor(chart.bars[i].method, classifierName));
        if (!printValues) continue;
        painter.save();
        painter.setFont(small);
        painter.setPen(kText);
        const QRectF& r = g.bars[i];
        painter.drawText(QRectF(r.center().x() - 30, r.top() - smallMetrics.height() - 1, 60, smallMetrics.height()),
                         Qt::AlignHCenter | Qt::AlignBottom, QString::number(chart.bars[i].value, 'f', 2));
        painter.restore();
    }
    const qreal groupWidth = g.plot.width() / std::max<int>(1, int(chart.metrics.size()));
    painter.setPen(kText);
    painter.save();
    painter.setFont(groupLabelFont(painter.font(), chart, groupWidth));
    for (size_t m = 0; m < chart.metrics.size(); ++m) {
        const QRectF label(g.plot.left() + m * groupWidth, g.plot.bottom() + 3, groupWidth, 2 * fm.height());
        drawWrappedText(painter, label, Qt::AlignHCenter, text(metricLabel(chart.metrics[m])), 2);
    }
    painter.restore();
    painter.drawText(QRectF(g.plot.left(), g.section.bottom() - fm.height(), g.plot.width(), fm.height()),
                     Qt::AlignCenter, xTitle);
}

void paintHistogram(QPainter& painter, const IouHistogram& histogram, const HistogramGeometry& g)
{
    if (g.section.isEmpty()) return;
    const QFontMetricsF fm(painter.font());
    drawHeading(painter, g.section,
                QObject::tr("Per-image IoU, HINT protocol (%1)").arg(images(histogram.total())));
    const int step = niceStep(g.countMax);
    drawValueAxis(painter, g.plot, g.section, g.countMax, std::max(1, g.countMax / step), QObject::tr("Images"), 0);
    for (const QRectF& bar : g.bars) painter.fillRect(bar, histogramColor());
    painter.setPen(kText);
    for (int i = 0; i <= 5; ++i) {
        const qreal x = g.plot.left() + g.plot.width() * i / 5;
        painter.drawLine(QPointF(x, g.plot.bottom()), QPointF(x, g.plot.bottom() + 3));
        painter.drawText(QRectF(x - 30, g.plot.bottom() + 4, 60, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                         QString::number(i / 5.0, 'f', 1));
    }
    painter.drawText(QRectF(g.plot.left(), g.section.bottom() - fm.height(), g.plot.width(), fm.height()), Qt::AlignCenter,
                     QObject::tr("IoU with the ground truth"));
    const qreal x = g.plot.left() + g.plot.width() * histogram.threshold;
    QPen dashed(QColor(0x20, 0x20, 0x20), 1.5, Qt::DashLine);
    painter.setPen(dashed);
    painter.drawLine(QPointF(x, g.plot.top() - 2), QPointF(x, g.plot.bottom()));
    painter.setPen(kText);
    painter.drawText(QRectF(x + 4, g.plot.top() - fm.height() - 2, g.plot.right() - x, fm.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("IoU %1: a hit").arg(histogram.threshold, 0, 'f', 1));
}

}  // namespace

QColor methodColor(const std::string& method, const std::string& classifierName)
{
    static const std::map<std::string, QColor> fixed = {
        {"whole", QColor(0x7F, 0x7F, 0x7F)},         {"centre", QColor(0xC4, 0xC4, 0xC4)},
        {"cam", QColor(0xE6, 0x9F, 0x00)},           {"gradcam", QColor(0x00, 0x9E, 0x73)},
        {"ablation_shap", QColor(0x00, 0x72, 0xB2)}, {"ablation_weight", QColor(0xCC, 0x79, 0xA7)},
        {"ablation_random", QColor(0xC4, 0xC4, 0xC4)}};
    if (method == classifierName) return QColor(0xD5, 0x5E, 0x00);
    if (const auto it = fixed.find(method); it != fixed.end()) return it->second;
    // Other saliency baselines: a stable colour from the name.
    static const QColor others[] = {QColor(0x56, 0xB4, 0xE9), QColor(0x00, 0x72, 0xB2), QColor(0xCC, 0x79, 0xA7),
                                    QColor(0xF0, 0xE4, 0x42), QColor(0x33, 0x33, 0x33)};
    return others[std::hash<std::string>{}(method) % std::size(others)];
}

QColor histogramColor()
{
    return QColor(0xD5, 0x5E, 0x00);
}

EvaluationLayout layoutEvaluation(const EvaluationFigure& figure, const QFont& font, const QSize& size)
{
    const qreal top = kMargin + titleHeight(font, true);
    const QRectF body(kMargin, top, size.width() - 2 * kMargin, size.height() - top - kMargin);
    const qreal upper = std::floor((body.height() - kGap) * 0.56);
    const QRectF metrics(body.left(), body.top(), body.width(), upper);
    const QRectF lower(body.left(), metrics.bottom() + kGap, body.width(), body.bottom() - metrics.bottom() - kGap);
    EvaluationLayout layout;
    layout.metrics = chartGeometry(figure.metrics, metrics, font);
    if (figure.ablation.bars.empty()) {
        layout.histogram = histogramGeometry(figure.histogram, lower, font);
        return layout;
    }
    const qreal histogramWidth = std::floor((lower.width() - kGap) * 0.55);
    layout.histogram = histogramGeometry(figure.histogram, QRectF(lower.left(), lower.top(), histogramWidth, lower.height()), font);
    layout.ablation = chartGeometry(
        figure.ablation, QRectF(lower.left() + histogramWidth + kGap, lower.top(), lower.width() - histogramWidth - kGap, lower.height()),
        font);
    return layout;
}

void paintEvaluation(QPainter& painter, const QSize& size, const EvaluationFigure& figure)
{
    painter.save();
    const EvaluationLayout layout = layoutEvaluation(figure, painter.font(), size);
    drawTitle(painter, QRectF(kMargin, kMargin, size.width() - 2 * kMargin, size.height()), text(figure.title),
              text(figure.subtitle));
    paintChart(painter, figure.metrics, layout.metrics, figure.classifierName,
               QObject::tr("Localization metrics: the concept classifier beside the baselines"), QObject::tr("Metric"));
    paintHistogram(painter, figure.histogram, layout.histogram);
    paintChart(painter, figure.ablation, layout.ablation, figure.classifierName,
               QObject::tr("Neuron ablation: few-neuron classifiers"), QObject::tr("Metric"));
    painter.restore();
}

QString evaluationToolTip(const EvaluationFigure& figure, const QFont& font, const QSize& size, const QPointF& pos)
{
    const EvaluationLayout layout = layoutEvaluation(figure, font, size);
    const auto barTip = [&](const BarChart& chart, const ChartGeometry& g) -> QString {
        for (size_t i = 0; i < g.bars.size(); ++i) {
            // The whole column above a bar counts: short bars are hard to hit.
            const QRectF column(g.bars[i].left(), g.plot.top(), g.bars[i].width(), g.plot.height());
            if (!column.contains(pos)) continue;
            const auto& bar = chart.bars[i];
            const size_t slot = size_t(std::find(chart.methods.begin(), chart.methods.end(), bar.method) - chart.methods.begin());
            return QStringLiteral("<b>%1</b><br>%2: %3")
                .arg(text(slot < chart.methodLabels.size() ? chart.methodLabels[slot] : bar.method).toHtmlEscaped(),
                     text(metricLabel(bar.metric)).toHtmlEscaped(), QString::number(bar.value, 'f', 4));
        }
        return {};
    };
    if (QString tip = barTip(figure.metrics, layout.metrics); !tip.isEmpty()) return tip;
    if (QString tip = barTip(figure.ablation, layout.ablation); !tip.isEmpty()) return tip;
    const auto& h = layout.histogram;
    const int bins = int(figure.histogram.counts.size());
    if (bins > 0 && h.plot.contains(pos)) {
        const int bin = std::clamp(int((pos.x() - h.plot.left()) / h.plot.width() * bins), 0, bins - 1);
        return QObject::tr("IoU %1 \u2013 %2: %3")
            .arg(double(bin) / bins, 0, 'f', 2)
            .arg(double(bin + 1) / bins, 0, 'f', 2)
            .arg(images(figure.histogram.counts[size_t(bin)]));
    }
    return {};
}

}  // namespace hint::widgets
