// NeuronHeatmapView: top-activating images of a neuron (GUI.md, view 2).
#include "neuron_heatmap_view.h"

#include "data_export.h"
#include "figure_canvas.h"
#include "figure_painting.h"
#include "plot_export.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hint::widgets {

namespace {

constexpr qreal kMargin = 14;
constexpr qreal kGap = 12;
constexpr qreal kBarHeight = 12;
const QColor kHoverColor(0xFF, 0xFF, 0xFF);

QString number(double value)
{
    return QString::number(value, 'g', 3);
}

}  // namespace

NeuronHeatmapView::NeuronHeatmapView(QWidget* parent) : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    auto* controls = new QHBoxLayout;
    m_neuronSpin = new QSpinBox(this);
    m_neuronSpin->setRange(0, 0);
    m_neuronSpin->setEnabled(false);
    m_neuronSpin->setToolTip(tr("The neuron (channel) of the layer; clicking a bar in Neuron contributions selects it"));
    m_countSpin = new QSpinBox(this);
    m_countSpin->setRange(1, 64);
    m_countSpin->setValue(12);
    m_countSpin->setToolTip(tr("How many of the most activating images to show"));
    m_colormapCombo = new QComboBox(this);
    m_colormapCombo->addItems(colormapNames());
    m_colormapCombo->setToolTip(tr("Colormap of the activation map"));
    m_opacitySlider = new QSlider(Qt::Horizontal, this);
    m_opacitySlider->setRange(0, 100);
    m_opacitySlider->setValue(int(std::lround(m_opacity * 100)));
    m_opacitySlider->setMaximumWidth(160);
    m_opacitySlider->setToolTip(tr("Opacity of the activation map over the image"));
    const auto labelFor = [this](const QString& text, QWidget* buddy) {
        auto* label = new QLabel(text, this);
        label->setBuddy(buddy);
        return label;
    };
    controls->addWidget(labelFor(tr("&Neuron:"), m_neuronSpin));
    controls->addWidget(m_neuronSpin);
    controls->addSpacing(12);
    controls->addWidget(labelFor(tr("&Images:"), m_countSpin));
    controls->addWidget(m_countSpin);
    controls->addSpacing(12);
    controls->addWidget(labelFor(tr("&Colormap:"), m_colormapCombo));
    controls->addWidget(m_colormapCombo);
    controls->addSpacing(12);
    controls->addWidget(labelFor(tr("O&pacity:"), m_opacitySlider));
    controls->addWidget(m_opacitySlider);
    controls->addStretch(1);
    m_hoverLabel = new QLabel(this);
    m_hoverLabel->setEnabled(false);
    controls->addWidget(m_hoverLabel);
    outer->addLayout(controls);

    m_stack = new QStackedWidget(this);
    m_placeholder = makePlaceholderLabel(m_stack);
    setPlaceholderText(tr("<p style='font-size:13pt'>No neuron heatmaps yet</p>"
                          "<p>Open a project or the demo with stored extractions, then pick a neuron here or "
                          "click a bar in <i>Neuron contributions</i>.</p>"));
    m_canvas = new FigureCanvas([this](QPainter& painter, const QSize& size) { paintFigure(painter, size); }, m_stack);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_canvas);
    outer->addWidget(m_stack, 1);

    connect(m_neuronSpin, qOverload<int>(&QSpinBox::valueChanged), this,
            [this](int neuron) { Q_EMIT requested(neuron, m_countSpin->value()); });
    connect(m_countSpin, qOverload<int>(&QSpinBox::valueChanged), this,
            [this](int count) { Q_EMIT requested(m_neuronSpin->value(), count); });
    connect(m_colormapCombo, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this](int index) { setColormap(Colormap(index)); });
    connect(m_opacitySlider, &QSlider::valueChanged, this, [this](int value) { setOpacity(value / 100.0); });
    connect(m_canvas, &FigureCanvas::mouseMovedTo, this, &NeuronHeatmapView::hover);
}

QWidget* NeuronHeatmapView::canvas() const
{
    return m_canvas;
}

void NeuronHeatmapView::setPlaceholderText(const QString& text)
{
    m_placeholder->setText(text);
}

void NeuronHeatmapView::setChannelCount(int channels)
{
    const QSignalBlocker blocker(m_neuronSpin);
    m_neuronSpin->setRange(0, std::max(0, channels - 1));
    m_neuronSpin->setEnabled(channels > 0);
}

void NeuronHeatmapView::setNeuron(int neuron)
{
    if (neuron == m_neuronSpin->value()) return;
    m_neuronSpin->setValue(neuron);  // emits requested()
}

int NeuronHeatmapView::neuron() const
{
    return m_neuronSpin->value();
}

int NeuronHeatmapView::imageCount() const
{
    return m_countSpin->value();
}

void NeuronHeatmapView::setImageCount(int count)
{
    m_countSpin->setValue(count);
}

void NeuronHeatmapView::setHeatmaps(std::shared_ptr<const NeuronHeatmaps> heatmaps)
{
    m_heatmaps = std::move(heatmaps);
    m_hoverTile = -1;
    if (m_heatmaps) {
        const QSignalBlocker blocker(m_neuronSpin);
        if (m_heatmaps->channels > 0) setChannelCount(int(m_heatmaps->channels));
        m_neuronSpin->setValue(m_heatmaps->neuron);
    }
    m_stack->setCurrentIndex(hasExportableContent() ? 1 : 0);
    render();
}

void NeuronHeatmapView::setColormap(Colormap map)
{
    m_colormap = map;
    if (m_colormapCombo->currentIndex() != int(map)) {
        const QSignalBlocker blocker(m_colormapCombo);
        m_colormapCombo->setCurrentIndex(int(map));
    }
    render();
}

void NeuronHeatmapView::setOpacity(double opacity)
{
    m_opacity = std::clamp(opacity, 0.0, 1.0);
    const int slider = int(std::lround(m_opacity * 100));
    if (m_opacitySlider->value() != slider) {
        const QSignalBlocker blocker(m_opacitySlider);
        m_opacitySlider->setValue(slider);
    }
    render();
}

void NeuronHeatmapView::render()
{
    m_rendered.clear();
    if (m_heatmaps) {
        // One scale for every tile, from 0 to the highest activation: what the neuron does not respond to
        // (zero or, after linear bottlenecks, negative) leaves the image as it is.
        for (const auto& tile : m_heatmaps->tiles)
            m_rendered.push_back(overlayMap(toQImage(tile.image), tile.upsampled, m_colormap, m_opacity, 0.0,
                                            m_heatmaps->scaleMax, true));
    }
    m_canvas->update();
}

QString NeuronHeatmapView::captionFor(int index) const
{
    const auto& tile = m_heatmaps->tiles[size_t(index)];
    // The value first: a long file name is elided, the number never.
    return tr("%1. max %2 \u00b7 %3")
        .arg(index + 1)
        .arg(number(tile.maxActivation), QFileInfo(QString::fromStdString(tile.imagePath)).completeBaseName());
}

QRectF NeuronHeatmapView::tileRect(int index, const QSize& size) const
{
    if (!m_heatmaps || index < 0 || index >= int(m_heatmaps->tiles.size())) return {};
    const QFontMetricsF metrics(font());
    const qreal heading = titleHeight(font(), true);
    const qreal captionHeight = metrics.height() + 4;
    const qreal footer = kBarHeight + 2 + metrics.height() + kGap;
    const QRectF area(kMargin, kMargin + heading, size.width() - 2 * kMargin,
                      size.height() - 2 * kMargin - heading - footer);
    const int count = int(m_heatmaps->tiles.size());
    const TileGrid grid = fitTiles(area.size(), count, captionHeight, kGap);
    const qreal gridWidth = grid.columns * grid.tileSide + (grid.columns - 1) * kGap;
    const qreal left = area.left() + (area.width() - gridWidth) / 2;
    const int column = index % grid.columns;
    const int row = index / grid.columns;
    return QRectF(left + column * (grid.tileSide + kGap), area.top() + row * (grid.tileSide + captionHeight + kGap),
                  grid.tileSide, grid.tileSide);
}

void NeuronHeatmapView::paintFigure(QPainter& painter, const QSize& size) const
{
    if (!m_heatmaps) return;
    painter.save();
    painter.setFont(font());
    const QString title = tr("Neuron %1 \u00b7 %2").arg(m_heatmaps->neuron).arg(QString::fromStdString(m_heatmaps->layer));
    QString subtitle = tr("the %n most activating image(s)", nullptr, int(m_heatmaps->tiles.size()));
    subtitle += tr(" of %1").arg(m_heatmaps->imagesScanned);
    if (!m_heatmaps->conceptName.empty()) subtitle += tr(" of \u201c%1\u201d").arg(QString::fromStdString(m_heatmaps->conceptName));
    drawTitle(painter, QRectF(kMargin, kMargin, size.width() - 2 * kMargin, size.height()), title, subtitle);

    const QFontMetricsF metrics(painter.font());
    for (int i = 0; i < int(m_rendered.size()); ++i) {
        const QRectF rect = tileRect(i, size);
        painter.drawImage(rect, m_rendered[size_t(i)]);
        painter.setPen(QPen(QColor(0xB0, 0xB0, 0xB0), 0));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect);
        const auto& tile = m_heatmaps->tiles[size_t(i)];
        if (i == m_hoverTile && m_hoverCell.x() >= 0) {
            const qreal cw = rect.width() / tile.cells.width;
            const qreal ch = rect.height() / tile.cells.height;
            painter.setPen(QPen(kHoverColor, 2));
            painter.drawRect(QRectF(rect.left() + m_hoverCell.x() * cw, rect.top() + m_hoverCell.y() * ch, cw, ch));
        }
        painter.setPen(QColor(0x30, 0x30, 0x30));
        const QString caption = metrics.elidedText(captionFor(i), Qt::ElideRight, rect.width());
        painter.drawText(QRectF(rect.left(), rect.bottom() + 2, rect.width(), metrics.height()),
                         Qt::AlignHCenter | Qt::AlignTop, caption);
        if (!tile.imageError.empty()) {
            painter.drawText(rect.adjusted(4, 4, -4, -4), Qt::AlignCenter | Qt::TextWordWrap, tr("image not readable"));
        }
    }
    const qreal barWidth = std::min<qreal>(320, size.width() - 2 * kMargin - 80);
    const QRectF bar((size.width() - barWidth) / 2, size.height() - kMargin - (kBarHeight + 2 + metrics.height()), barWidth,
                     kBarHeight);
    drawColorbar(painter, bar, m_colormap, QStringLiteral("\u2264 0"), number(m_heatmaps->scaleMax),
                 tr("activation of neuron %1").arg(m_heatmaps->neuron));
    painter.restore();
}

void NeuronHeatmapView::hover(const QPoint& pos)
{
    const int before = m_hoverTile;
    const QPoint beforeCell = m_hoverCell;
    m_hoverTile = -1;
    m_hoverCell = {-1, -1};
    m_hoverLabel->clear();
    if (m_heatmaps) {
        for (int i = 0; i < int(m_heatmaps->tiles.size()); ++i) {
            const QRectF rect = tileRect(i, m_canvas->size());
            if (!rect.contains(pos)) continue;
            const auto& cells = m_heatmaps->tiles[size_t(i)].cells;
            const int x = std::clamp(int((pos.x() - rect.left()) / rect.width() * cells.width), 0, cells.width - 1);
            const int y = std::clamp(int((pos.y() - rect.top()) / rect.height() * cells.height), 0, cells.height - 1);
            m_hoverTile = i;
            m_hoverCell = {x, y};
            m_hoverLabel->setText(tr("image %1, cell (row %2, column %3): %4").arg(i + 1).arg(y).arg(x).arg(number(cells.at(y, x))));
            break;
        }
    }
    if (before != m_hoverTile || beforeCell != m_hoverCell) m_canvas->update();
}

QString NeuronHeatmapView::exportName() const
{
    QString name = QStringLiteral("heatmaps");
    if (m_heatmaps) {
        if (!m_heatmaps->conceptName.empty()) name += QLatin1Char('_') + QString::fromStdString(m_heatmaps->conceptName);
        if (!m_heatmaps->layer.empty()) name += QLatin1Char('_') + QString::fromStdString(m_heatmaps->layer);
        name += QStringLiteral("_neuron%1").arg(m_heatmaps->neuron);
    }
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    return name;
}

Status NeuronHeatmapView::exportFigure(const QString& path, const FigureExportOptions& options) const
{
    if (!hasExportableContent()) return Error::badInput("the heatmaps view has nothing to export yet");
    return exportDrawing(path, options, [this](QCPPainter& painter, const QSize& size) {
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        paintFigure(painter, size);
    });
}

Status NeuronHeatmapView::exportData(const QString& path) const
{
    if (!hasExportableContent()) return Error::badInput("the heatmaps view has nothing to export yet");
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv")) {
        QString text = QStringLiteral("rank,row,image,max_activation,mean_activation\n");
        for (size_t i = 0; i < m_heatmaps->tiles.size(); ++i) {
            const auto& tile = m_heatmaps->tiles[i];
            text += QStringLiteral("%1,%2,%3,%4,%5\n")
                        .arg(i + 1)
                        .arg(tile.row)
                        .arg(csvField(QString::fromStdString(tile.imagePath)))
                        .arg(tile.maxActivation, 0, 'g', 9)
                        .arg(tile.meanActivation, 0, 'g', 9);
        }
        return writeFile(path, text.toUtf8());
    }
    if (suffix == QLatin1String("json")) {
        QJsonArray images;
        for (size_t i = 0; i < m_heatmaps->tiles.size(); ++i) {
            const auto& tile = m_heatmaps->tiles[i];
            QJsonArray cells;
            for (int y = 0; y < tile.cells.height; ++y) {
                QJsonArray row;
                for (int x = 0; x < tile.cells.width; ++x) row.append(tile.cells.at(y, x));
                cells.append(row);
            }
            images.append(QJsonObject{{QStringLiteral("rank"), int(i + 1)},
                                      {QStringLiteral("row"), qint64(tile.row)},
                                      {QStringLiteral("image"), QString::fromStdString(tile.imagePath)},
                                      {QStringLiteral("max_activation"), tile.maxActivation},
                                      {QStringLiteral("mean_activation"), tile.meanActivation},
                                      {QStringLiteral("activations"), cells}});
        }
        return writeJson(path, QJsonObject{{QStringLiteral("layer"), QString::fromStdString(m_heatmaps->layer)},
                                           {QStringLiteral("concept"), QString::fromStdString(m_heatmaps->conceptName)},
                                           {QStringLiteral("neuron"), m_heatmaps->neuron},
                                           {QStringLiteral("images_scanned"), qint64(m_heatmaps->imagesScanned)},
                                           {QStringLiteral("colormap"), colormapName(m_colormap)},
                                           {QStringLiteral("images"), images}});
    }
    return Error::badInput("unknown data format '." + suffix.toStdString() + "' of " + path.toStdString() +
                           " (use .csv or .json)");
}

}  // namespace hint::widgets
