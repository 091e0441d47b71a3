// Shared painting pieces of the image views.
#include "figure_painting.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace hint::widgets {

QImage toQImage(const data::ImageRgb8& image)
{
    if (image.empty()) return {};
    QImage wrapped(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888);
    return wrapped.convertToFormat(QImage::Format_RGB32);  // a deep copy that outlives `image`
}

namespace {

QFont titleFont(const QFont& base)
{
    QFont font = base;
    font.setBold(true);
    font.setPointSizeF(base.pointSizeF() * 1.15);
    return font;
}

QFont subtitleFont(const QFont& base)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.95);
    return font;
}

constexpr qreal kTitleSpacing = 6;

}  // namespace

qreal titleHeight(const QFont& font, bool withSubtitle)
{
    return QFontMetricsF(titleFont(font)).height() + (withSubtitle ? QFontMetricsF(subtitleFont(font)).height() : 0.0) +
           kTitleSpacing;
}

QRectF drawTitle(QPainter& painter, const QRectF& area, const QString& title, const QString& subtitle)
{
    painter.save();
    const QFont base = painter.font();
    painter.setFont(titleFont(base));
    painter.setPen(QColor(0x20, 0x20, 0x20));
    const qreal titleLine = QFontMetricsF(painter.font()).height();
    drawFittedText(painter, QRectF(area.left(), area.top(), area.width(), titleLine), Qt::AlignCenter, title);
    if (!subtitle.isEmpty()) {
        painter.setFont(subtitleFont(base));
        painter.setPen(QColor(0x55, 0x55, 0x55));
        drawFittedText(painter, QRectF(area.left(), area.top() + titleLine, area.width(), QFontMetricsF(painter.font()).height()),
                       Qt::AlignCenter, subtitle);
    }
    painter.restore();
    const qreal used = titleHeight(base, !subtitle.isEmpty());
    return QRectF(area.left(), area.top() + used, area.width(), area.height() - used);
}

void drawFittedText(QPainter& painter, const QRectF& rect, int alignment, const QString& text)
{
    const QFontMetricsF fm(painter.font());
    painter.drawText(rect, alignment, fm.elidedText(text, Qt::ElideRight, rect.width()));
}

void drawWrappedText(QPainter& painter, const QRectF& rect, int horizontalAlignment, const QString& text, int maxLines)
{
    const QFontMetricsF fm(painter.font());
    const qreal width = rect.width();
    QStringList lines;
    QString line;
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (int i = 0; i < words.size(); ++i) {
        const QString candidate = line.isEmpty() ? words[i] : line + QLatin1Char(' ') + words[i];
        if (line.isEmpty() || fm.horizontalAdvance(candidate) <= width) {
            line = candidate;
            continue;
        }
        if (lines.size() + 1 == maxLines) {  // the last line takes the rest, elided below
            line += QLatin1Char(' ') + words.mid(i).join(QLatin1Char(' '));
            break;
        }
        lines << line;
        line = words[i];
    }
    if (!line.isEmpty()) lines << line;
    for (int i = 0; i < lines.size(); ++i)
        painter.drawText(QRectF(rect.left(), rect.top() + i * fm.height(), width, fm.height()), horizontalAlignment | Qt::AlignTop,
                         fm.elidedText(lines[i], Qt::ElideRight, width));
}

qreal colorbarHeight(const QPainter& painter, qreal barHeight)
{
    return barHeight + 2 + QFontMetricsF(painter.font()).height();
}

qreal drawColorbar(QPainter& painter, const QRectF& bar, Colormap map, const QString& low, const QString& high,
                   const QString& label)
{
    painter.save();
    painter.drawImage(bar, colorbarImage(map, 256, 1));
    painter.setPen(QPen(QColor(0x80, 0x80, 0x80), 0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);
    const QFontMetricsF metrics(painter.font());
    const qreal textTop = bar.bottom() + 2;
    const QRectF textRow(bar.left() - 40, textTop, bar.width() + 80, metrics.height());
    painter.setPen(QColor(0x30, 0x30, 0x30));
    painter.drawText(QRectF(bar.left() - 40, textTop, 80, metrics.height()), Qt::AlignHCenter | Qt::AlignTop, low);
    painter.drawText(QRectF(bar.right() - 40, textTop, 80, metrics.height()), Qt::AlignHCenter | Qt::AlignTop, high);
    painter.drawText(textRow, Qt::AlignHCenter | Qt::AlignTop, label);
    painter.restore();
    return colorbarHeight(painter, bar.height());
}

qreal drawLegendLine(QPainter& painter, const QPointF& origin, const QPen& pen, const QString& text)
{
    painter.save();
    const QFontMetricsF metrics(painter.font());
    constexpr qreal kSample = 22;
    painter.setPen(pen);
    painter.drawLine(QPointF(origin.x(), origin.y()), QPointF(origin.x() + kSample, origin.y()));
    painter.setPen(QColor(0x30, 0x30, 0x30));
    const qreal textWidth = metrics.horizontalAdvance(text);
    painter.drawText(QRectF(origin.x() + kSample + 6, origin.y() - metrics.height() / 2, textWidth + 2, metrics.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, text);
    painter.restore();
    return kSample + 6 + textWidth;
}

TileGrid fitTiles(const QSizeF& area, int count, qreal captionHeight, qreal gap)
{
    TileGrid best;
    count = std::max(1, count);
    for (int columns = 1; columns <= count; ++columns) {
        const int rows = (count + columns - 1) / columns;
        const qreal byWidth = (area.width() - gap * (columns - 1)) / columns;
        const qreal byHeight = (area.height() - gap * (rows - 1)) / rows - captionHeight;
        const qreal side = std::floor(std::min(byWidth, byHeight));
        if (side > best.tileSide) best = {columns, rows, side};
    }
    return best;
}

}  // namespace hint::widgets
