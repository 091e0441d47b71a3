// Exports a QCustomPlot to PNG, SVG or PDF at an exact pixel size and DPI, laid out the same in all
// three: the plot is drawn at pixelSize * 96 / dpi logical pixels, scaled up, so text keeps its point
// size at the requested DPI.
#pragma once

#include "common/result.h"
#include "exportable_view.h"

class QCustomPlot;
class QString;

namespace hint::widgets {

Status exportPlot(QCustomPlot& plot, const QString& path, const FigureExportOptions& options);

}  // namespace hint::widgets
