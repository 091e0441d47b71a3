// The Adversarial view's figure: tiles (images, perturbation, concept maps) beside a paired bar chart.
#include "adversarial_painter.h"

#include "figure_painting.h"
#include "localization/concept_map.h"

#include <QFileInfo>
#include <QFontMetricsF>
#include <QObject>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace hint::widgets {

namespace {

constexpr qreal kMargin = 14;
constexpr qreal kGap = 14;
constexpr qreal kBarHeight = 12;
constexpr Colormap kConceptMap = Colormap::Spectral;  // as the concept maps view and the paper
const QColor kCleanColor(0x4C, 0x72, 0xB0);
const QColor kAttackedColor(0xDD, 0x84, 0x52);
const QColor kChangedColor(0xC0, 0x20, 0x20);
const QColor kTextColor(0x30, 0x30, 0x30);

QString methodText(const AdversarialResult& r)
{
    return r.method == localization::AttackMethod::Pgd ? QObject::tr("PGD, %n step(s)", nullptr, r.steps)
                                                       : QStringLiteral("FGSM");
}

// 1, 2 or 5 times a power of ten, near `rough`.
double niceStep(double rough)
{
    if (!(rough > 0.0)) return 1.0;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    const double f = rough / power;
    return (f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0) * power;
}

QString predictionText(const AdversarialSide& side)
{
    return QStringLiteral("%1  (p = %2)").arg(QString::fromStdString(side.className)).arg(side.probability, 0, 'f', 3);
}

void drawText(QPainter& painter, const QRectF& rect, int flags, const QString& text, const QColor& color, bool bold = false)
{
    painter.save();
    QFont font = painter.font();
    font.setBold(bold);
    painter.setFont(font);
    painter.setPen(color);
    painter.drawText(rect, flags, QFontMetricsF(font).elidedText(text, Qt::ElideRight, rect.width()));
    painter.restore();
}

}  // namespace

void AdversarialPainter::setResult(std::shared_ptr<const AdversarialResult> result)
{
    m_result = std::move(result);
    render();
}

void AdversarialPainter::setOptions(const AdversarialFigureOptions& options)
{
    m_options = options;
    m_options.opacity = std::clamp(m_options.opacity, 0.0, 1.0);
    render();
}

const QImage& AdversarialPainter::mapOverlay(bool attacked, int index) const
{
    return (attacked ? m_attackedMaps : m_cleanMaps)[size_t(index)];
}

void AdversarialPainter::render()
{
    m_cleanImage = m_attackedImage = m_perturbation = QImage();
    m_cleanMaps.clear();
    m_attackedMaps.clear();
    m_gain = 1;
    if (!m_result) return;
    m_cleanImage = toQImage(m_result->clean.image);
    m_attackedImage = toQImage(m_result->attacked.image);
    for (const auto& panel : m_result->clean.maps)
        m_cleanMaps.push_back(overlayMap(m_cleanImage, panel.probability, kConceptMap, m_options.opacity, 0.0, 1.0, false));
    for (const auto& panel : m_result->attacked.maps)
        m_attackedMaps.push_back(overlayMap(m_attackedImage, panel.probability, kConceptMap, m_options.opacity, 0.0, 1.0, false));

    // The perturbation is a few levels at most: amplified to fill the range around mid-gray.
    const auto& a = m_result->clean.image.pixels;
    const auto& b = m_result->attacked.image.pixels;
    if (a.size() != b.size() || a.empty()) return;
    int largest = 0;
    for (size_t i = 0; i < a.size(); ++i) largest = std::max(largest, std::abs(int(b[i]) - int(a[i])));
    m_gain = std::max(1, 127 / std::max(1, largest));
    data::ImageRgb8 delta = m_result->clean.image;
    for (size_t i = 0; i < a.size(); ++i) delta.pixels[i] = uint8_t(std::clamp(128 + m_gain * (int(b[i]) - int(a[i])), 0, 255));
    m_perturbation = toQImage(delta);
}

AdversarialDrawing AdversarialPainter::paint(QPainter& painter, const QSize& size) const
{
    AdversarialDrawing drawing;
    if (!m_result) return drawing;
    const AdversarialResult& r = *m_result;
    painter.save();
    QString subtitle = QFileInfo(QString::fromStdString(r.imagePath)).fileName();
    if (!r.layer.empty()) subtitle += QStringLiteral("  \u00b7  ") + QString::fromStdString(r.layer);
    subtitle += QObject::tr("  \u00b7  away from \u201c%1\u201d  \u00b7  measured L\u221e %2/255")
                    .arg(QString::fromStdString(r.labelName))
                    .arg(r.linf, 0, 'f', 2);
    QRectF area = drawTitle(painter, QRectF(kMargin, kMargin, size.width() - 2 * kMargin, size.height() - 2 * kMargin),
                            QObject::tr("Adversarial attack: %1, \u03b5 = %2/255").arg(methodText(r)).arg(r.epsilon, 0, 'g', 4),
                            subtitle);
    if (!r.clean.maps.empty()) {
        const qreal footer = colorbarHeight(painter, kBarHeight);
        const qreal width = std::min<qreal>(260, area.width() / 2);
        drawColorbar(painter, QRectF(area.center().x() - width / 2, area.bottom() - footer, width, kBarHeight), kConceptMap,
                     QStringLiteral("0"), QStringLiteral("1"), QObject::tr("concept probability p"));
        area.setBottom(area.bottom() - footer - kGap);
    }
    // Side by side on a wide figure, one above the other on a tall one.
    QRectF tiles = area, chart = area;
    if (area.width() >= area.height() * 1.25) {
        tiles.setRight(area.left() + area.width() * 0.58);
        chart.setLeft(tiles.right() + 2 * kGap);
    } else {
        tiles.setBottom(area.top() + area.height() * 0.62);
        chart.setTop(tiles.bottom() + 2 * kGap);
    }
    paintTiles(painter, tiles, drawing);
    paintBars(painter, chart, drawing);
    painter.restore();
    return drawing;
}

void AdversarialPainter::paintTiles(QPainter& painter, const QRectF& area, AdversarialDrawing& drawing) const
{
    const AdversarialResult& r = *m_result;
    const QFontMetricsF metrics(painter.font());
    const bool perturbation = m_options.showPerturbation && !m_perturbation.isNull();
    const int columns = perturbation ? 3 : 2;
    const int rows = 1 + int(r.clean.maps.size());
    const qreal heading = metrics.height() + 4, caption = metrics.height() + 4;
    const qreal side = std::max<qreal>(
        1, std::floor(std::min((area.width() - (columns - 1) * kGap) / columns,
                               (area.height() - heading - rows * caption - (rows - 1) * kGap) / rows)));
    const qreal gridWidth = columns * side + (columns - 1) * kGap;
    const qreal gridHeight = heading + rows * (side + caption) + (rows - 1) * kGap;
    const qreal left = area.left() + (area.width() - gridWidth) / 2;
    const qreal top = area.top() + std::max<qreal>(0, (area.height() - gridHeight) / 2);
    const auto tile = [&](int row, int column) {
        return QRectF(left + column * (side + kGap), top + heading + row * (side + caption + kGap), side, side);
    };
    const auto textBelow = [&](const QRectF& rect) {
        return QRectF(rect.left() - kGap / 2, rect.bottom() + 3, rect.width() + kGap, metrics.height());
    };
    const auto drawTile = [&](const QRectF& rect, const QImage& image) {
        painter.drawImage(rect, image);
        painter.setPen(QPen(QColor(0xB0, 0xB0, 0xB0), 0));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect);
        drawing.tiles.push_back(rect);
    };

    const QString headings[] = {QObject::tr("Clean"), QObject::tr("Attacked"),
                                QObject::tr("Perturbation \u00d7%1").arg(m_gain)};
    for (int c = 0; c < columns; ++c) {
        const QRectF t = tile(0, c);
        drawText(painter, QRectF(t.left() - kGap / 2, t.top() - heading, t.width() + kGap, heading - 2),
                 Qt::AlignHCenter | Qt::AlignBottom, headings[c], QColor(0x20, 0x20, 0x20), true);
    }
    drawTile(tile(0, 0), m_cleanImage);
    drawTile(tile(0, 1), m_attackedImage);
    if (perturbation) {
        drawTile(tile(0, 2), m_perturbation);
        drawText(painter, textBelow(tile(0, 2)), Qt::AlignHCenter | Qt::AlignTop,
                 QObject::tr("L\u221e %1/255").arg(r.linf, 0, 'f', 2), kTextColor);
    }
    const QString cleanText = predictionText(r.clean), attackedText = predictionText(r.attacked);
    drawText(painter, textBelow(tile(0, 0)), Qt::AlignHCenter | Qt::AlignTop, cleanText, kTextColor, true);
    drawText(painter, textBelow(tile(0, 1)), Qt::AlignHCenter | Qt::AlignTop, attackedText,
             r.predictionChanged() ? kChangedColor : kTextColor, true);
    drawing.predictionCaptions = {cleanText, attackedText};

    for (int m = 0; m < int(r.clean.maps.size()); ++m) {
        for (int c = 0; c < 2; ++c) {
            const auto& panel = (c == 0 ? r.clean : r.attacked).maps[size_t(m)];
            const QRectF t = tile(1 + m, c);
            drawTile(t, mapOverlay(c == 1, m));
            const qsizetype cells = localization::binaryMap(panel.decision).count();
            drawText(painter, textBelow(t), Qt::AlignHCenter | Qt::AlignTop,
                     QObject::tr("%1: %n cell(s) f > 0", nullptr, int(cells)).arg(QString::fromStdString(panel.conceptName)),
                     kTextColor);
        }
    }
}

void AdversarialPainter::paintBars(QPainter& painter, const QRectF& area, AdversarialDrawing& drawing) const
{
    const AdversarialResult& r = *m_result;
    const QFontMetricsF metrics(painter.font());
    drawText(painter, QRectF(area.left(), area.top(), area.width(), metrics.height()), Qt::AlignHCenter | Qt::AlignTop,
             QObject::tr("Activations of the concept's top neurons"), QColor(0x20, 0x20, 0x20), true);
    // Legend under the title.
    const qreal legendY = area.top() + metrics.height() + 4 + metrics.height() / 2;
    const QString cleanLabel = QObject::tr("clean"), attackedLabel = QObject::tr("attacked");
    const qreal legendWidth = 2 * (14 + 6) + metrics.horizontalAdvance(cleanLabel) + metrics.horizontalAdvance(attackedLabel) + 24;
    qreal x = area.center().x() - legendWidth / 2;
    for (const auto& [color, label] : {std::pair{kCleanColor, cleanLabel}, std::pair{kAttackedColor, attackedLabel}}) {
        painter.fillRect(QRectF(x, legendY - 6, 14, 12), color);
        drawText(painter, QRectF(x + 20, legendY - metrics.height() / 2, metrics.horizontalAdvance(label) + 2, metrics.height()),
                 Qt::AlignLeft | Qt::AlignVCenter, label, kTextColor);
        x += 20 + metrics.horizontalAdvance(label) + 24;
    }
    if (r.topNeurons.empty()) {
        drawText(painter, area.adjusted(0, 2 * metrics.height(), 0, 0), Qt::AlignCenter, QObject::tr("no top neurons given"),
                 kTextColor);
        return;
    }

    double low = 0.0, high = 0.0;
    for (const auto* values : {&r.clean.topMeans, &r.attacked.topMeans})
        for (double v : *values) low = std::min(low, v), high = std::max(high, v);
    if (!(high > low)) high = low + 1.0;
    const double step = niceStep((high - low) / 5.0);
    low = std::floor(low / step + 1e-9) * step;  // the tolerance keeps a zero minimum at zero
    high = std::ceil(high / step - 1e-9) * step;
    QStringList ticks;
    qreal tickWidth = 0;
    for (double t = low; t <= high + step / 2; t += step) {
        ticks << QString::number(std::fabs(t) < step * 1e-6 ? 0.0 : t, 'g', 4);
        tickWidth = std::max(tickWidth, metrics.horizontalAdvance(ticks.back()));
    }
    const QRectF plot(area.left() + metrics.height() + 6 + tickWidth + 6, legendY + metrics.height(),
                      area.width() - (metrics.height() + 6 + tickWidth + 6) - 4,
                      area.height() - (legendY + metrics.height() - area.top()) - 2 * metrics.height() - 10);
    if (plot.width() < 8 || plot.height() < 8) return;
    drawing.chart = plot;
    const auto yOf = [&](double v) { return plot.bottom() - (v - low) / (high - low) * plot.height(); };

    painter.save();
    for (int i = 0; i < ticks.size(); ++i) {
        const qreal y = yOf(low + i * step);
        painter.setPen(QPen(QColor(0xE4, 0xE4, 0xE4), 0));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        drawText(painter, QRectF(plot.left() - tickWidth - 8, y - metrics.height() / 2, tickWidth + 2, metrics.height()),
                 Qt::AlignRight | Qt::AlignVCenter, ticks[i], kTextColor);
    }
    const int n = int(r.topNeurons.size());
    const qreal group = plot.width() / n, barWidth = group * 0.36;
    for (int k = 0; k < n; ++k) {
        AdversarialDrawing::BarPair pair;
        pair.neuron = r.topNeurons[size_t(k)];
        pair.clean = k < int(r.clean.topMeans.size()) ? r.clean.topMeans[size_t(k)] : 0.0;
        pair.attacked = k < int(r.attacked.topMeans.size()) ? r.attacked.topMeans[size_t(k)] : 0.0;
        const qreal centre = plot.left() + (k + 0.5) * group;
        const auto bar = [&](qreal left, double v) { return QRectF(QPointF(left, yOf(0.0)), QPointF(left + barWidth, yOf(v))).normalized(); };
        pair.cleanBar = bar(centre - barWidth, pair.clean);
        pair.attackedBar = bar(centre, pair.attacked);
        painter.fillRect(pair.cleanBar, kCleanColor);
        painter.fillRect(pair.attackedBar, kAttackedColor);
        drawText(painter, QRectF(centre - group / 2, plot.bottom() + 3, group, metrics.height()), Qt::AlignHCenter | Qt::AlignTop,
                 QString::number(pair.neuron), kTextColor);
        drawing.bars.push_back(pair);
    }
    painter.setPen(QPen(QColor(0x60, 0x60, 0x60), 0));
    painter.drawLine(QPointF(plot.left(), yOf(0.0)), QPointF(plot.right(), yOf(0.0)));
    painter.drawLine(plot.topLeft(), plot.bottomLeft());
    drawText(painter, QRectF(plot.left(), plot.bottom() + metrics.height() + 6, plot.width(), metrics.height()),
             Qt::AlignHCenter | Qt::AlignTop, QObject::tr("neuron (channel) at %1").arg(QString::fromStdString(r.layer)), kTextColor);
    painter.translate(area.left(), plot.center().y());
    painter.rotate(-90);
    drawText(painter, QRectF(-plot.height() / 2, 0, plot.height(), metrics.height()), Qt::AlignHCenter | Qt::AlignTop,
             QObject::tr("mean activation (spatial mean)"), kTextColor);
    painter.restore();
}

}  // namespace hint::widgets
