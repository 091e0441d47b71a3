// LayersPainter: the one painting of the Layers view (GUI.md, view 5), on screen and in exports. Above,
// the held-out F1 of the linear and XGBoost classifiers against layer depth (x: the layers in forward
// order, y: F1 from 0 to 1) beside a table of the top-k neurons per layer; below, a strip with the image
// and its concept map at every layer (Spectral, as the paper), each tile named by its layer.
#pragma once

#include "layers/layer_comparison.h"

#include <QColor>
#include <QImage>
#include <QRectF>

#include <memory>
#include <vector>

class QFont;
class QPainter;

namespace hint::layers {

enum class F1Series { Linear, XGBoost };

class LayersPainter {
public:
    static constexpr double kDefaultOpacity = 0.5;

    // Where the parts of the figure go at one size and font.
    struct Layout {
        QRectF f1Plot;              // the axes' inner area: x spans the layers, y spans F1 0..1
        QRectF table;               // the top-k table, title row included
        std::vector<QRectF> tiles;  // the image, then one concept map per layer (forward order)
        QRectF colorbar;
    };

    void setComparison(std::shared_ptr<const LayerComparison> comparison);
    const std::shared_ptr<const LayerComparison>& comparison() const { return m_comparison; }
    double opacity() const { return m_opacity; }
    void setOpacity(double opacity);

    Layout layout(const QSize& size, const QFont& font) const;
    // The marker of layer `index` at F1 `value` in a layout's plot.
    static QPointF f1Point(const Layout& layout, int layerCount, int index, double value);
    static QColor seriesColor(F1Series series);
    // Tile images as painted: the image, then per layer the image with its concept map over it (a grey
    // square where the layer has no map).
    const std::vector<QImage>& renderedTiles() const { return m_tiles; }

    // Paints with the painter's font, on whatever background the painter has.
    void paint(QPainter& painter, const QSize& size) const;

private:
    void render();
    void paintF1(QPainter& painter, const Layout& layout) const;
    void paintTable(QPainter& painter, const QRectF& area) const;
    void paintStrip(QPainter& painter, const Layout& layout) const;

    std::shared_ptr<const LayerComparison> m_comparison;
    double m_opacity = kDefaultOpacity;
    std::vector<QImage> m_tiles;
};

}  // namespace hint::layers
