// LayersView: the Layers view (GUI.md, view 5) for one concept studied at several layers: F1 against
// depth, the top-k neurons per layer and one image's concept map at every layer. A thin shell around
// LayersPainter (the same painting on screen and in exports) with an image picker and an opacity
// slider. The comparison comes from loadLayerComparison, run in a job; picking another image asks for
// a new one through imageRequested.
#pragma once

#include "exportable_view.h"
#include "layers/layers_painter.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QSlider;
class QStackedWidget;

namespace hint::widgets {
class FigureCanvas;
}

namespace hint::layers {

class LayersView : public QWidget, public widgets::ExportableView {
    Q_OBJECT

public:
    explicit LayersView(QWidget* parent = nullptr);

    // Null clears the view (the placeholder shows). Fills the image picker with the comparison's images.
    void setComparison(std::shared_ptr<const LayerComparison> comparison);
    const std::shared_ptr<const LayerComparison>& comparison() const { return m_painter.comparison(); }
    void setPlaceholderText(const QString& text);

    const LayersPainter& painter() const { return m_painter; }
    QComboBox* imagePicker() const { return m_imageCombo; }
    int currentImage() const;
    void setOpacity(double opacity);
    double opacity() const { return m_painter.opacity(); }

    void paintFigure(QPainter& painter, const QSize& size) const;

    QString exportName() const override;
    bool hasExportableContent() const override { return m_painter.comparison() != nullptr; }
    Status exportFigure(const QString& path, const widgets::FigureExportOptions& options) const override;
    Status exportData(const QString& path) const override;

Q_SIGNALS:
    // The user picked the image at `row` of the comparison's imagePaths.
    void imageRequested(int row);

private:
    Status exportCsv(const QString& path) const;
    Status exportJson(const QString& path) const;

    LayersPainter m_painter;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QComboBox* m_imageCombo = nullptr;
    QSlider* m_opacitySlider = nullptr;
    widgets::FigureCanvas* m_canvas = nullptr;
};

}  // namespace hint::layers
