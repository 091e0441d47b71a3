// ConceptMapView: the "Concept maps and localization" view. One image (picked from the extraction or
// dropped from the desktop) with layers to toggle: saliency, responsible-region mask, the concept map
// of one or several concepts side by side, predicted and ground-truth boxes, IoU. Exports its figure
// and its data.
#pragma once

#include "colormap.h"
#include "concept_maps.h"
#include "exportable_view.h"

#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QStackedWidget;

namespace hint::widgets {

class FigureCanvas;

class ConceptMapView : public QWidget, public ExportableView {
    Q_OBJECT

public:
    enum class Layer { Saliency, RegionMask, ConceptMap, Boxes };

    explicit ConceptMapView(QWidget* parent = nullptr);

    // Null clears the view.
    void setMaps(std::shared_ptr<const ConceptMaps> maps);
    const std::shared_ptr<const ConceptMaps>& maps() const { return m_maps; }
    // The images offered in the picker (extraction rows, in order); selecting one emits imageRequested.
    void setImageChoices(const QStringList& paths);
    void setCurrentImage(int row);
    int currentImage() const;
    void setPlaceholderText(const QString& text);

    bool isLayerShown(Layer layer) const;
    void setLayerShown(Layer layer, bool shown);
    double opacity() const { return m_opacity; }
    void setOpacity(double opacity);

    // Panel 0 is the image with saliency and region mask; panels 1.. the concept maps.
    int panelCount() const { return m_maps ? 1 + int(m_maps->panels.size()) : 0; }
    const QImage& renderedPanel(int index) const { return m_rendered[size_t(index)]; }
    QRectF panelRect(int index, const QSize& size) const;
    void paintFigure(QPainter& painter, const QSize& size) const;

    QString exportName() const override;
    bool hasExportableContent() const override { return m_maps != nullptr; }
    Status exportFigure(const QString& path, const FigureExportOptions& options) const override;
    Status exportData(const QString& path) const override;

Q_SIGNALS:
    void imageRequested(int row);
    void fileDropped(const QString& path);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void render();
    void paintPanelDecorations(QPainter& painter, int index, const QRectF& rect) const;
    qreal footerHeight(const QFont& font) const;

    std::shared_ptr<const ConceptMaps> m_maps;
    std::vector<QImage> m_rendered;
    double m_opacity = 0.55;

    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QComboBox* m_imageCombo = nullptr;
    QCheckBox* m_layerBoxes[4] = {};
    QSlider* m_opacitySlider = nullptr;
    FigureCanvas* m_canvas = nullptr;
};

}  // namespace hint::widgets
