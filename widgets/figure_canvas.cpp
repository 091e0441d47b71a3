// FigureCanvas: paints through the view's figure function.
#include "figure_canvas.h"

#include <QLabel>

#include <QMouseEvent>
#include <QPainter>

namespace hint::widgets {

QLabel* makePlaceholderLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setEnabled(false);  // secondary text colour
    return label;
}

FigureCanvas::FigureCanvas(Painter paint, QWidget* parent) : QWidget(parent), m_paint(std::move(paint))
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(320, 240);
}

void FigureCanvas::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    m_paint(painter, size());
}

void FigureCanvas::mouseMoveEvent(QMouseEvent* event)
{
    Q_EMIT mouseMovedTo(event->position().toPoint());
}

void FigureCanvas::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) Q_EMIT clickedAt(event->position().toPoint());
}

}  // namespace hint::widgets
