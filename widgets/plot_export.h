// Exports a figure to PNG, SVG or PDF at an exact pixel size and DPI, laid out the same in all three:
// the figure is drawn at pixelSize * 96 / dpi logical pixels, scaled up, so text keeps its point size at
// the requested DPI. Works for a QCustomPlot and for any view that paints its figure with a QPainter.
#pragma once

#include "common/result.h"
#include "exportable_view.h"

#include <functional>

class QCustomPlot;
class QCPPainter;
class QSize;
class QString;

namespace hint::widgets {

// Paints the whole figure into a logical area of `size` (QCPPainter is a QPainter).
using FigureDrawer = std::function<void(QCPPainter& painter, const QSize& size)>;

Status exportDrawing(const QString& path, const FigureExportOptions& options, const FigureDrawer& draw);
Status exportPlot(QCustomPlot& plot, const QString& path, const FigureExportOptions& options);

}  // namespace hint::widgets
