// FigureCanvas: a widget that paints a view's figure with the same function the view exports with, so
// what is on screen is what lands in the PNG/SVG/PDF.
#pragma once

#include <QWidget>

#include <functional>

class QLabel;

namespace hint::widgets {

// The grey, centred, word-wrapped text a view shows instead of its figure while it has nothing to draw.
QLabel* makePlaceholderLabel(QWidget* parent);

class FigureCanvas : public QWidget {
    Q_OBJECT

public:
    using Painter = std::function<void(QPainter& painter, const QSize& size)>;

    explicit FigureCanvas(Painter paint, QWidget* parent = nullptr);

Q_SIGNALS:
    void mouseMovedTo(const QPoint& pos);
    void clickedAt(const QPoint& pos);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    Painter m_paint;
};

}  // namespace hint::widgets
