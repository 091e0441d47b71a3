// Painting of the Evaluation figure at any size, the one painting used on screen and for export: the
// grouped metric bars (concept classifier beside the baselines) on top, the per-image IoU histogram
// and the neuron-ablation bars below. The layout is a function of the figure, the font and the size,
// so the view finds what is under the mouse with the rectangles the painter drew.
#pragma once

#include "evaluation_figure.h"

#include <QColor>
#include <QRectF>
#include <QString>

#include <vector>

class QFont;
class QPainter;
class QSize;

namespace hint::widgets {

struct ChartGeometry {
    QRectF section;              // heading, legend, axes and bars
    QRectF plot;                 // the data area: y = 0 at its bottom, 1 at its top
    std::vector<QRectF> bars;    // parallel to BarChart::bars
    std::vector<QRectF> legend;  // swatch + label, parallel to BarChart::methods
};

struct HistogramGeometry {
    QRectF section;
    QRectF plot;
    std::vector<QRectF> bars;  // parallel to IouHistogram::counts
    int countMax = 1;          // the top of the count axis
};

struct EvaluationLayout {
    ChartGeometry metrics;
    HistogramGeometry histogram;
    ChartGeometry ablation;  // empty section when the figure has no ablation
};

EvaluationLayout layoutEvaluation(const EvaluationFigure& figure, const QFont& font, const QSize& size);
void paintEvaluation(QPainter& painter, const QSize& size, const EvaluationFigure& figure);
// Rich text for the bar or histogram bin under `pos`; empty when there is none.
QString evaluationToolTip(const EvaluationFigure& figure, const QFont& font, const QSize& size, const QPointF& pos);

// One colour per method in every chart and table (Okabe-Ito, readable for colour-blind readers): the
// concept classifier vermilion, the trivial boxes grey.
QColor methodColor(const std::string& method, const std::string& classifierName);
QColor histogramColor();

}  // namespace hint::widgets
