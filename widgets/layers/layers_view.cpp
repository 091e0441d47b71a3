// LayersView: one concept across layers (GUI.md, view 5).
#include "layers/layers_view.h"

#include "data_export.h"
#include "figure_canvas.h"
#include "plot_export.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QRegularExpression>
#include <QSlider>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <cmath>

namespace hint::layers {

namespace {

// Long enough for the demo's and ImageNet's file names ("n02085620_10074.JPEG").
constexpr int kPickerCharacters = 22;

QJsonValue optionalNumber(const std::optional<double>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString optionalText(const std::optional<double>& value)
{
    return value ? QString::number(*value, 'g', 9) : QString();
}

}  // namespace

LayersView::LayersView(QWidget* parent) : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    auto* controls = new QHBoxLayout;
    m_imageCombo = new QComboBox(this);
    // Sized by its contents' length and never squeezed below it: a clipped file name is no choice.
    m_imageCombo->setMinimumContentsLength(kPickerCharacters);
    m_imageCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_imageCombo->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_imageCombo->setToolTip(tr("The image whose concept maps the strip shows at every layer"));
    auto* imageLabel = new QLabel(tr("I&mage:"), this);
    imageLabel->setBuddy(m_imageCombo);
    controls->addWidget(imageLabel);
    controls->addWidget(m_imageCombo);
    controls->addSpacing(12);
    m_opacitySlider = new QSlider(Qt::Horizontal, this);
    m_opacitySlider->setRange(0, 100);
    m_opacitySlider->setValue(int(std::lround(m_painter.opacity() * 100)));
    m_opacitySlider->setMaximumWidth(140);
    m_opacitySlider->setToolTip(tr("Opacity of the concept maps over the image"));
    auto* opacityLabel = new QLabel(tr("O&pacity:"), this);
    opacityLabel->setBuddy(m_opacitySlider);
    controls->addWidget(opacityLabel);
    controls->addWidget(m_opacitySlider);
    controls->addStretch(1);
    outer->addLayout(controls);

    m_stack = new QStackedWidget(this);
    m_placeholder = widgets::makePlaceholderLabel(m_stack);
    setPlaceholderText(tr("<p style='font-size:13pt'>No layer comparison yet</p>"
                          "<p>Choose a concept with results at several layers of the project.</p>"));
    m_canvas = new widgets::FigureCanvas([this](QPainter& painter, const QSize& size) { paintFigure(painter, size); },
                                         m_stack);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_canvas);
    outer->addWidget(m_stack, 1);

    connect(m_imageCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int row) {
        if (row >= 0) Q_EMIT imageRequested(row);
    });
    connect(m_opacitySlider, &QSlider::valueChanged, this, [this](int value) { setOpacity(value / 100.0); });
}

void LayersView::setPlaceholderText(const QString& text)
{
    m_placeholder->setText(text);
}

void LayersView::setComparison(std::shared_ptr<const LayerComparison> comparison)
{
    {
        // Filling the picker is not the user's choice: no imageRequested.
        const QSignalBlocker blocker(m_imageCombo);
        m_imageCombo->clear();
        if (comparison) {
            for (const auto& path : comparison->imagePaths) {
                const QString full = QString::fromStdString(path);
                m_imageCombo->addItem(QFileInfo(full).fileName(), full);
                m_imageCombo->setItemData(m_imageCombo->count() - 1, full, Qt::ToolTipRole);
            }
            m_imageCombo->setCurrentIndex(comparison->imageRow);
        }
    }
    m_painter.setComparison(std::move(comparison));
    m_stack->setCurrentIndex(m_painter.comparison() ? 1 : 0);
    m_canvas->update();
}

int LayersView::currentImage() const
{
    return m_imageCombo->currentIndex();
}

void LayersView::setOpacity(double opacity)
{
    m_painter.setOpacity(opacity);
    const int slider = int(std::lround(m_painter.opacity() * 100));
    if (m_opacitySlider->value() != slider) {
        const QSignalBlocker blocker(m_opacitySlider);
        m_opacitySlider->setValue(slider);
    }
    m_canvas->update();
}

void LayersView::paintFigure(QPainter& painter, const QSize& size) const
{
    painter.save();
    painter.setFont(font());
    m_painter.paint(painter, size);
    painter.restore();
}

QString LayersView::exportName() const
{
    QString name = QStringLiteral("layers");
    if (const auto& c = m_painter.comparison()) {
        name += QLatin1Char('_') + QString::fromStdString(c->conceptName.empty() ? c->concept : c->conceptName);
        if (!c->imagePath.empty()) name += QLatin1Char('_') + QFileInfo(QString::fromStdString(c->imagePath)).completeBaseName();
    }
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    return name;
}

Status LayersView::exportFigure(const QString& path, const widgets::FigureExportOptions& options) const
{
    if (!hasExportableContent()) return Error::badInput("the layers view has nothing to export yet");
    return widgets::exportDrawing(path, options, [this](QCPPainter& painter, const QSize& size) {
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        paintFigure(painter, size);
    });
}

Status LayersView::exportData(const QString& path) const
{
    if (!hasExportableContent()) return Error::badInput("the layers view has nothing to export yet");
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv")) return exportCsv(path);
    if (suffix == QLatin1String("json")) return exportJson(path);
    return Error::badInput("unknown data format '." + suffix.toStdString() + "' of " + path.toStdString() +
                           " (use .csv or .json)");
}

// One row per layer and top neuron (a layer without scores: one row with empty neuron columns).
Status LayersView::exportCsv(const QString& path) const
{
    const LayerComparison& c = *m_painter.comparison();
    QString text = QStringLiteral("concept,layer,tap_index,linear_f1,xgboost_f1,neurons,neurons_to_half,rank,neuron,phi\n");
    for (const auto& layer : c.layers) {
        const QString head = QStringLiteral("%1,%2,%3,%4,%5,%6,%7")
                                 .arg(widgets::csvField(QString::fromStdString(c.concept)),
                                      widgets::csvField(QString::fromStdString(layer.layer)))
                                 .arg(layer.tapIndex)
                                 .arg(optionalText(layer.linearF1), optionalText(layer.xgboostF1))
                                 .arg(layer.mass.neurons)
                                 .arg(layer.mass.neuronsToHalf);
        if (layer.top.empty()) text += head + QStringLiteral(",,,\n");
        for (const auto& neuron : layer.top)
            text += head + QStringLiteral(",%1,%2,%3\n").arg(neuron.rank).arg(neuron.neuron).arg(neuron.score, 0, 'g', 9);
    }
    return widgets::writeFile(path, text.toUtf8());
}

Status LayersView::exportJson(const QString& path) const
{
    const LayerComparison& c = *m_painter.comparison();
    QJsonArray layers;
    for (const auto& layer : c.layers) {
        QJsonArray top;
        for (const auto& neuron : layer.top)
            top.append(QJsonObject{{QStringLiteral("rank"), neuron.rank},
                                   {QStringLiteral("neuron"), neuron.neuron},
                                   {QStringLiteral("phi"), neuron.score}});
        QJsonArray decision;
        for (int y = 0; y < layer.decision.height; ++y) {
            QJsonArray row;
            for (int x = 0; x < layer.decision.width; ++x) row.append(layer.decision.at(y, x));
            decision.append(row);
        }
        QJsonObject object{{QStringLiteral("layer"), QString::fromStdString(layer.layer)},
                           {QStringLiteral("tap_index"), layer.tapIndex},
                           {QStringLiteral("linear_f1"), optionalNumber(layer.linearF1)},
                           {QStringLiteral("xgboost_f1"), optionalNumber(layer.xgboostF1)},
                           {QStringLiteral("neurons"), layer.mass.neurons},
                           {QStringLiteral("neurons_to_half"), layer.mass.neuronsToHalf},
                           {QStringLiteral("top_share"), layer.mass.topShare},
                           {QStringLiteral("top"), top},
                           {QStringLiteral("image_row"), double(layer.imageRow)},
                           {QStringLiteral("decision"), decision}};
        if (!layer.mapNote.empty()) object.insert(QStringLiteral("map_note"), QString::fromStdString(layer.mapNote));
        layers.append(object);
    }
    return widgets::writeJson(path, QJsonObject{{QStringLiteral("concept"), QString::fromStdString(c.concept)},
                                                {QStringLiteral("concept_name"), QString::fromStdString(c.conceptName)},
                                                {QStringLiteral("arch"), QString::fromStdString(c.arch)},
                                                {QStringLiteral("k"), c.k},
                                                {QStringLiteral("image"), QString::fromStdString(c.imagePath)},
                                                {QStringLiteral("layers"), layers}});
}

}  // namespace hint::layers
