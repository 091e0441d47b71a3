// AdversarialView: clean vs attacked image, concept maps and top-neuron activations (GUI.md, view 7).
#include "adversarial_view.h"

#include "data_export.h"
#include "figure_canvas.h"
#include "localization/concept_map.h"
#include "plot_export.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace hint::widgets {

namespace {

QString methodName(localization::AttackMethod method)
{
    return QString::fromStdString(localization::attackMethodName(method));
}

QString number(double value)
{
    return QString::number(value, 'g', 9);
}

}  // namespace

AdversarialView::AdversarialView(QWidget* parent) : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    auto* controls = new QHBoxLayout;
    m_imageCombo = new QComboBox(this);
    // File names of the extraction are typically 20-30 characters ("ILSVRC2012_val_00012345.JPEG").
    m_imageCombo->setMinimumContentsLength(24);
    m_imageCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_imageCombo->setToolTip(tr("The image to attack (from the concept's stored extraction)"));
    auto* imageLabel = new QLabel(tr("I&mage:"), this);
    imageLabel->setBuddy(m_imageCombo);
    controls->addWidget(imageLabel);
    controls->addWidget(m_imageCombo, 1);

    // The attack's settings on a row of their own: beside the image picker they made the view 880 px wide
    // at least, wider than the default window leaves for the views.
    auto* settingsRow = new QHBoxLayout;
    m_methodCombo = new QComboBox(this);
    m_methodCombo->addItem(QStringLiteral("FGSM"), int(localization::AttackMethod::Fgsm));
    m_methodCombo->addItem(QStringLiteral("PGD"), int(localization::AttackMethod::Pgd));
    m_methodCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_methodCombo->setToolTip(tr("Untargeted L\u221e attack on the cross-entropy of the predicted class: one signed "
                                 "gradient step (FGSM) or projected gradient descent (PGD)"));
    auto* methodLabel = new QLabel(tr("&Attack:"), this);
    methodLabel->setBuddy(m_methodCombo);
    settingsRow->addWidget(methodLabel);
    settingsRow->addWidget(m_methodCombo);

    m_epsilonSpin = new QDoubleSpinBox(this);
    m_epsilonSpin->setRange(0.0, 255.0);
    m_epsilonSpin->setDecimals(1);
    m_epsilonSpin->setSingleStep(0.5);
    m_epsilonSpin->setValue(2.0);
    m_epsilonSpin->setSuffix(QStringLiteral(" /255"));
    m_epsilonSpin->setToolTip(tr("Largest change of any pixel value, in 1/255 units"));
    auto* epsilonLabel = new QLabel(tr("&\u03b5:"), this);
    epsilonLabel->setBuddy(m_epsilonSpin);
    settingsRow->addWidget(epsilonLabel);
    settingsRow->addWidget(m_epsilonSpin);

    m_stepsSpin = new QSpinBox(this);
    m_stepsSpin->setRange(1, 1000);
    m_stepsSpin->setValue(10);
    m_stepsSpin->setToolTip(tr("PGD iterations (step size 2.5 \u03b5 / steps)"));
    auto* stepsLabel = new QLabel(tr("S&teps:"), this);
    stepsLabel->setBuddy(m_stepsSpin);
    settingsRow->addWidget(stepsLabel);
    settingsRow->addWidget(m_stepsSpin);

    m_perturbationBox = new QCheckBox(tr("&Perturbation"), this);
    m_perturbationBox->setChecked(m_painter.options().showPerturbation);
    m_perturbationBox->setToolTip(tr("Also show the perturbation (attacked minus clean), amplified around mid-gray"));
    settingsRow->addSpacing(8);
    settingsRow->addWidget(m_perturbationBox);

    m_runButton = new QPushButton(tr("&Run"), this);
    m_runButton->setToolTip(tr("Attack the image and compare (runs as a job)"));
    controls->addSpacing(8);
    controls->addWidget(m_runButton);
    m_status = new QLabel(this);
    m_status->setEnabled(false);
    controls->addWidget(m_status);
    outer->addLayout(controls);
    settingsRow->addStretch(1);
    outer->addLayout(settingsRow);

    m_stack = new QStackedWidget(this);
    m_placeholder = makePlaceholderLabel(m_stack);
    setPlaceholderText(tr("<p style='font-size:13pt'>No attack yet</p>"
                          "<p>Pick an image, an attack and \u03b5 above and click Run to compare the concept maps "
                          "and the top neurons' activations on the clean and the attacked image.</p>"));
    m_canvas = new FigureCanvas([this](QPainter& painter, const QSize& size) { paintFigure(painter, size); }, m_stack);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_canvas);
    outer->addWidget(m_stack, 1);

    connect(m_methodCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { updateControls(); });
    connect(m_perturbationBox, &QCheckBox::toggled, this, [this](bool shown) { setShowPerturbation(shown); });
    connect(m_runButton, &QPushButton::clicked, this, [this] {
        if (!m_busy) Q_EMIT attackRequested(settings());
    });
    updateControls();
}

void AdversarialView::setPlaceholderText(const QString& text)
{
    m_placeholder->setText(text);
}

void AdversarialView::setImageChoices(const QStringList& paths)
{
    const QSignalBlocker blocker(m_imageCombo);
    m_imageCombo->clear();
    for (int i = 0; i < paths.size(); ++i) {
        m_imageCombo->addItem(QFileInfo(paths[i]).fileName(), paths[i]);
        m_imageCombo->setItemData(i, paths[i], Qt::ToolTipRole);
    }
    updateControls();
}

void AdversarialView::setResult(std::shared_ptr<const AdversarialResult> result)
{
    m_painter.setResult(std::move(result));
    if (const auto& r = m_painter.result()) {
        // Show which image the figure is of (the job may have been asked for before the picker changed).
        const int row = m_imageCombo->findData(QString::fromStdString(r->imagePath));
        if (row >= 0) m_imageCombo->setCurrentIndex(row);
    }
    m_stack->setCurrentIndex(m_painter.result() ? 1 : 0);
    m_canvas->update();
}

void AdversarialView::setBusy(bool busy)
{
    m_busy = busy;
    m_status->setText(busy ? tr("Attacking\u2026") : QString());
    updateControls();
}

void AdversarialView::updateControls()
{
    const bool pgd = m_methodCombo->currentData().toInt() == int(localization::AttackMethod::Pgd);
    m_stepsSpin->setEnabled(pgd);
    m_runButton->setEnabled(!m_busy && m_imageCombo->count() > 0);
}

AdversarialSettings AdversarialView::settings() const
{
    AdversarialSettings s;
    s.imageIndex = m_imageCombo->currentIndex();
    s.imagePath = m_imageCombo->currentData().toString().toStdString();
    s.method = localization::AttackMethod(m_methodCombo->currentData().toInt());
    s.epsilon = m_epsilonSpin->value();
    s.steps = m_stepsSpin->value();
    return s;
}

void AdversarialView::setSettings(const AdversarialSettings& settings)
{
    const QSignalBlocker b1(m_imageCombo), b2(m_methodCombo), b3(m_epsilonSpin), b4(m_stepsSpin);
    if (settings.imageIndex >= 0 && settings.imageIndex < m_imageCombo->count())
        m_imageCombo->setCurrentIndex(settings.imageIndex);
    m_methodCombo->setCurrentIndex(m_methodCombo->findData(int(settings.method)));
    m_epsilonSpin->setValue(settings.epsilon);
    m_stepsSpin->setValue(settings.steps);
    updateControls();
}

void AdversarialView::setShowPerturbation(bool shown)
{
    AdversarialFigureOptions options = m_painter.options();
    options.showPerturbation = shown;
    m_painter.setOptions(options);
    if (m_perturbationBox->isChecked() != shown) {
        const QSignalBlocker blocker(m_perturbationBox);
        m_perturbationBox->setChecked(shown);
    }
    m_canvas->update();
}

AdversarialDrawing AdversarialView::paintFigure(QPainter& painter, const QSize& size) const
{
    painter.save();
    painter.setFont(font());
    AdversarialDrawing drawing = m_painter.paint(painter, size);
    painter.restore();
    return drawing;
}

QString AdversarialView::exportName() const
{
    QString name = QStringLiteral("adversarial");
    if (const auto& r = result()) {
        name += QLatin1Char('_') + QFileInfo(QString::fromStdString(r->imagePath)).completeBaseName() + QLatin1Char('_') +
                methodName(r->method) + QStringLiteral("_eps") + QString::number(r->epsilon, 'g', 4);
        if (!r->layer.empty()) name += QLatin1Char('_') + QString::fromStdString(r->layer);
    }
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    return name;
}

Status AdversarialView::exportFigure(const QString& path, const FigureExportOptions& options) const
{
    if (!hasExportableContent()) return Error::badInput("the adversarial view has nothing to export yet");
    return exportDrawing(path, options, [this](QCPPainter& painter, const QSize& size) {
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        paintFigure(painter, size);
    });
}

Status AdversarialView::exportData(const QString& path) const
{
    if (!hasExportableContent()) return Error::badInput("the adversarial view has nothing to export yet");
    const AdversarialResult& r = *result();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv")) {
        QString text = QStringLiteral("quantity,name,clean,attacked\n");
        const auto row = [&text](const QString& quantity, const QString& name, const QString& clean, const QString& attacked) {
            text += QStringLiteral("%1,%2,%3,%4\n").arg(quantity, csvField(name), csvField(clean), csvField(attacked));
        };
        row(QStringLiteral("prediction"), {}, QString::number(r.clean.prediction), QString::number(r.attacked.prediction));
        row(QStringLiteral("class"), {}, QString::fromStdString(r.clean.className), QString::fromStdString(r.attacked.className));
        row(QStringLiteral("probability"), {}, number(r.clean.probability), number(r.attacked.probability));
        row(QStringLiteral("label_probability"), QString::fromStdString(r.labelName), number(r.clean.labelProbability),
            number(r.attacked.labelProbability));
        for (size_t k = 0; k < r.topNeurons.size(); ++k)
            row(QStringLiteral("neuron_mean"), QString::number(r.topNeurons[k]), number(r.clean.topMeans[k]),
                number(r.attacked.topMeans[k]));
        for (size_t m = 0; m < r.clean.maps.size(); ++m) {
            const auto& clean = r.clean.maps[m];
            const auto& attacked = r.attacked.maps[m];
            const QString concept = QString::fromStdString(clean.conceptName);
            row(QStringLiteral("positive_cells"), concept, QString::number(localization::binaryMap(clean.decision).count()),
                QString::number(localization::binaryMap(attacked.decision).count()));
        }
        return writeFile(path, text.toUtf8());
    }
    if (suffix == QLatin1String("json")) {
        const auto grid = [](const localization::Map2d& map) {
            QJsonArray rows;
            for (int y = 0; y < map.height; ++y) {
                QJsonArray line;
                for (int x = 0; x < map.width; ++x) line.append(map.at(y, x));
                rows.append(line);
            }
            return rows;
        };
        const auto side = [&](const AdversarialSide& s) {
            QJsonArray means, maps;
            for (double v : s.topMeans) means.append(v);
            for (const auto& panel : s.maps)
                maps.append(QJsonObject{{QStringLiteral("concept"), QString::fromStdString(panel.conceptName)},
                                        {QStringLiteral("decision"), grid(panel.decision)}});
            return QJsonObject{{QStringLiteral("prediction"), qint64(s.prediction)},
                               {QStringLiteral("class"), QString::fromStdString(s.className)},
                               {QStringLiteral("probability"), s.probability},
                               {QStringLiteral("label_probability"), s.labelProbability},
                               {QStringLiteral("top_neuron_means"), means},
                               {QStringLiteral("concept_maps"), maps}};
        };
        QJsonArray neurons;
        for (int k : r.topNeurons) neurons.append(k);
        return writeJson(path, QJsonObject{{QStringLiteral("image"), QString::fromStdString(r.imagePath)},
                                           {QStringLiteral("arch"), QString::fromStdString(r.arch)},
                                           {QStringLiteral("layer"), QString::fromStdString(r.layer)},
                                           {QStringLiteral("attack"), methodName(r.method)},
                                           {QStringLiteral("epsilon_255"), r.epsilon},
                                           {QStringLiteral("steps"), r.steps},
                                           {QStringLiteral("label"), qint64(r.label)},
                                           {QStringLiteral("label_name"), QString::fromStdString(r.labelName)},
                                           {QStringLiteral("linf_255"), r.linf},
                                           {QStringLiteral("top_neurons"), neurons},
                                           {QStringLiteral("clean"), side(r.clean)},
                                           {QStringLiteral("attacked"), side(r.attacked)}});
    }
    return Error::badInput("unknown data format '." + suffix.toStdString() + "' of " + path.toStdString() +
                           " (use .csv or .json)");
}

}  // namespace hint::widgets
