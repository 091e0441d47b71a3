// Painting of the Associations figure: the bipartite concept -> neuron diagram (concepts by depth on
// the left, indented, their top-k neurons on the right, link width = Phi, neuron fill = how many shown
// concepts share it) and beside it the concept x neuron matrix of Phi with its colour bar, rows aligned
// with the diagram's concepts. One function for the screen and for PNG/SVG/PDF export; the layout is
// its own function so the view hit-tests exactly the rectangles that are drawn.
#pragma once

#include "associations/association_diagram.h"
#include "colormap.h"

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QSize>

#include <vector>

class QPainter;

namespace hint::widgets {

// Indices into the diagram (rows and neuron nodes), -1 for none.
struct AssociationsHighlight {
    int hoveredConcept = -1;
    int hoveredNeuron = -1;
    int selectedNeuron = -1;
};

enum class LinkState { Normal, Highlighted, Faded, Selected };
// Hovering a node highlights its links and fades the others; else the selected neuron's are marked.
LinkState linkState(const AssociationDiagram& diagram, const AssociationsHighlight& highlight, int link);

struct AssociationsLayout {
    QRectF diagramArea;
    QRectF matrixArea;
    std::vector<QRectF> conceptRects;  // per diagram concept
    std::vector<QRectF> neuronRects;   // per neuron node
    std::vector<qreal> linkWidths;     // per link, in pixels
    QRectF matrixGrid;                 // the cells: rows = concepts, columns = neuron nodes
    qreal rowLabelWidth = 0;
    QRectF colorbar;
    QRectF legend;                     // the diagram's legend (node fill, link width)
    qreal conceptFontScale = 1.0;      // of the base font, so crowded rows stay inside their rows
    qreal neuronFontScale = 1.0;

    QRectF cellRect(int row, int column, int rows, int columns) const;
};

AssociationsLayout layoutAssociations(const AssociationDiagram& diagram, const QSize& size, const QFont& font);
// Paints the figure into (0, 0, size) with the painter's font; nothing when the diagram is empty.
void paintAssociations(QPainter& painter, const QSize& size, const AssociationDiagram& diagram,
                       const AssociationsHighlight& highlight);

constexpr Colormap kAssociationsColormap = Colormap::Viridis;
// A matrix cell's colour: Phi on [0, maxPhi] through viridis; grey for a missing score.
QColor matrixCellColor(double phi, double maxPhi);
// A neuron node's fill by the number of shown concepts whose top-k holds it (1, 2, 3, 4 or more).
QColor neuronFillColor(int conceptCount);

}  // namespace hint::widgets
