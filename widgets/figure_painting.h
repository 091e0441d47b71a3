// Painting pieces the image views share: engine images as QImages, titles, colour bars with labels,
// legend swatches and a grid that fits tiles into a rectangle.
#pragma once

#include "colormap.h"
#include "data/image.h"

#include <QImage>
#include <QRect>
#include <QString>

class QFont;
class QPainter;
class QPen;

namespace hint::widgets {

QImage toQImage(const data::ImageRgb8& image);

// Height drawTitle uses for a painter font `font`.
qreal titleHeight(const QFont& font, bool withSubtitle);
// Bold title centred at the top of `area`; returns the rest of the area below it.
QRectF drawTitle(QPainter& painter, const QRectF& area, const QString& title, const QString& subtitle = {});

// A colour bar in `bar` with the low and high labels under its ends and `label` centred under it.
// Returns the height used (bar + labels).
qreal drawColorbar(QPainter& painter, const QRectF& bar, Colormap map, const QString& low, const QString& high,
                   const QString& label);
// Height drawColorbar needs for a bar of `barHeight`.
qreal colorbarHeight(const QPainter& painter, qreal barHeight);

// Text that fits its rectangle whatever the figure's size: one line elided at the right ("..."), or up to
// `maxLines` lines broken between words, a word or the last line that is still too wide elided.
void drawFittedText(QPainter& painter, const QRectF& rect, int alignment, const QString& text);
void drawWrappedText(QPainter& painter, const QRectF& rect, int horizontalAlignment, const QString& text, int maxLines);

// A line sample and its text at `origin` (left, vertical centre); returns the width used.
qreal drawLegendLine(QPainter& painter, const QPointF& origin, const QPen& pen, const QString& text);

struct TileGrid {
    int columns = 1;
    int rows = 1;
    qreal tileSide = 0;  // square image side
};
// The column count that gives `count` square tiles (each with `captionHeight` below it) the largest side
// in `area`, with `gap` between tiles.
TileGrid fitTiles(const QSizeF& area, int count, qreal captionHeight, qreal gap);

}  // namespace hint::widgets
