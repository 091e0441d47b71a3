// NeuronHeatmapView: the "Neuron heatmaps" view. For the selected neuron, its top-activating images
// with the neuron's activation map over each (one colour scale for all tiles), a colormap choice and an
// opacity slider; hovering shows a cell's footprint and value. Exports its figure and its data.
#pragma once

#include "colormap.h"
#include "exportable_view.h"
#include "neuron_heatmaps.h"

#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QStackedWidget;

namespace hint::widgets {

class FigureCanvas;

class NeuronHeatmapView : public QWidget, public ExportableView {
    Q_OBJECT

public:
    explicit NeuronHeatmapView(QWidget* parent = nullptr);

    // Null clears the view.
    void setHeatmaps(std::shared_ptr<const NeuronHeatmaps> heatmaps);
    const std::shared_ptr<const NeuronHeatmaps>& heatmaps() const { return m_heatmaps; }
    // The neuron range of the current extraction (0 disables the neuron box).
    void setChannelCount(int channels);
    // Changes the neuron box; emits requested() when it changed.
    void setNeuron(int neuron);
    int neuron() const;
    int imageCount() const;
    void setImageCount(int count);
    void setPlaceholderText(const QString& text);

    Colormap colormap() const { return m_colormap; }
    void setColormap(Colormap map);
    double opacity() const { return m_opacity; }
    void setOpacity(double opacity);

    // The tiles as painted (image with the map over it), highest activation first.
    const std::vector<QImage>& renderedTiles() const { return m_rendered; }
    // Paints the figure (title, tiles, captions, colour bar) into a `size` area.
    void paintFigure(QPainter& painter, const QSize& size) const;
    // Where tile i's image lands in a figure of `size`.
    QRectF tileRect(int index, const QSize& size) const;
    QWidget* canvas() const;

    QString exportName() const override;
    bool hasExportableContent() const override { return m_heatmaps && !m_heatmaps->tiles.empty(); }
    Status exportFigure(const QString& path, const FigureExportOptions& options) const override;
    Status exportData(const QString& path) const override;

Q_SIGNALS:
    // The user asked for another neuron or image count: the owner computes and calls setHeatmaps().
    void requested(int neuron, int count);

private:
    void render();
    void hover(const QPoint& pos);
    QString captionFor(int index) const;

    std::shared_ptr<const NeuronHeatmaps> m_heatmaps;
    std::vector<QImage> m_rendered;
    Colormap m_colormap = Colormap::Viridis;
    double m_opacity = 0.6;
    int m_hoverTile = -1;
    QPoint m_hoverCell{-1, -1};

    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QSpinBox* m_neuronSpin = nullptr;
    QSpinBox* m_countSpin = nullptr;
    QComboBox* m_colormapCombo = nullptr;
    QSlider* m_opacitySlider = nullptr;
    QLabel* m_hoverLabel = nullptr;
    FigureCanvas* m_canvas = nullptr;
};

}  // namespace hint::widgets
