// RunPanel: run parameters; tap shapes and checkpoints come from background jobs.
#include "run_panel.h"

#include "app_settings.h"
#include "bridge/job_runner.h"
#include "model/network.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <string>
#include <vector>

namespace hint::gui {

namespace {

struct Choice {
    const char* value;
    const char* label;
};

constexpr Choice kSaliencyMethods[] = {
    {"guided", QT_TRANSLATE_NOOP("RunPanel", "Guided backprop (default)")},
    {"vanilla", QT_TRANSLATE_NOOP("RunPanel", "Vanilla gradient")},
    {"smoothgrad", QT_TRANSLATE_NOOP("RunPanel", "SmoothGrad")},
    {"integrated-gradients", QT_TRANSLATE_NOOP("RunPanel", "Integrated gradients")},
    {"gradient-x-input", QT_TRANSLATE_NOOP("RunPanel", "Gradient \u00d7 input")},
    {"gradcam", QT_TRANSLATE_NOOP("RunPanel", "Grad-CAM")},
    {"guided-gradcam", QT_TRANSLATE_NOOP("RunPanel", "Guided Grad-CAM")},
};
constexpr Choice kClassifiers[] = {
    {"sgd-huber", QT_TRANSLATE_NOOP("RunPanel", "SGD, modified Huber (default)")},
    {"hinge", QT_TRANSLATE_NOOP("RunPanel", "SGD, hinge")},
    {"logistic", QT_TRANSLATE_NOOP("RunPanel", "Logistic regression")},
};
constexpr Choice kShapleyMethods[] = {
    {"tree", QT_TRANSLATE_NOOP("RunPanel", "TreeSHAP on XGBoost (default)")},
    {"linear", QT_TRANSLATE_NOOP("RunPanel", "Exact linear SHAP")},
    {"sampling", QT_TRANSLATE_NOOP("RunPanel", "Permutation sampling")},
};
constexpr Choice kPrecisions[] = {
    {"fp32", QT_TRANSLATE_NOOP("RunPanel", "float32 (default)")},
    {"bf16", QT_TRANSLATE_NOOP("RunPanel", "bfloat16 (faster on CPUs with bf16 units)")},
};

template <size_t N>
QComboBox* makeChoiceCombo(QWidget* parent, const Choice (&choices)[N])
{
    auto* combo = new QComboBox(parent);
    for (const auto& choice : choices) combo->addItem(RunPanel::tr(choice.label), QString::fromLatin1(choice.value));
    return combo;
}

QString shapeText(const std::vector<int64_t>& shape)
{
    QStringList parts;
    for (int64_t d : shape) parts << QString::number(d);
    return parts.join(QStringLiteral("\u00d7"));
}

// Checkpoints torch.hub and huggingface_hub downloaded before: *.pth and *.safetensors.
std::vector<std::string> findCheckpoints()
{
    std::vector<std::string> found;
    const QString home = QDir::homePath();
    const QString torchHome = qEnvironmentVariable("TORCH_HOME", home + QStringLiteral("/.cache/torch"));
    QDir torchDir(torchHome + QStringLiteral("/hub/checkpoints"));
    for (const QFileInfo& info : torchDir.entryInfoList({QStringLiteral("*.pth"), QStringLiteral("*.safetensors")},
                                                        QDir::Files, QDir::Name))
        found.push_back(info.absoluteFilePath().toStdString());
    const QString hfHome = qEnvironmentVariable("HF_HOME", home + QStringLiteral("/.cache/huggingface"));
    QDirIterator it(hfHome + QStringLiteral("/hub"), {QStringLiteral("*.safetensors"), QStringLiteral("*.pth")},
                    QDir::Files, QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
    while (it.hasNext()) found.push_back(it.next().toStdString());
    return found;
}

}  // namespace

RunPanel::RunPanel(bridge::JobRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner)
{
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_arch = new QComboBox(this);
    for (const auto& info : model::architectures()) m_arch->addItem(QString::fromStdString(info.name));
    form->addRow(tr("&Architecture:"), m_arch);

    auto* weightsRow = new QHBoxLayout;
    m_weights = new QComboBox(this);
    m_weights->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_weights->setMinimumContentsLength(12);
    m_weights->setToolTip(tr("Weights file (.pth or .safetensors); checkpoints found in the torch.hub and "
                             "Hugging Face caches are listed"));
    auto* browse = new QToolButton(this);
    browse->setText(tr("\u2026"));
    browse->setToolTip(tr("Choose a weights file"));
    weightsRow->addWidget(m_weights, 1);
    weightsRow->addWidget(browse);
    auto* weightsLabel = new QLabel(tr("&Weights:"), this);
    weightsLabel->setBuddy(m_weights);
    form->addRow(weightsLabel, weightsRow);

    m_taps = new QTreeWidget(this);
    m_taps->setColumnCount(2);
    m_taps->setHeaderLabels({tr("Tap"), tr("C\u00d7H\u00d7W")});
    m_taps->headerItem()->setToolTip(1, tr("Output shape at the model's input size: channels \u00d7 height \u00d7 width"));
    m_taps->setRootIsDecorated(false);
    m_taps->setUniformRowHeights(true);
    m_taps->setMinimumHeight(140);
    m_taps->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_taps->header()->setStretchLastSection(false);
    m_taps->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_taps->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tapStatus = new QLabel(this);
    m_tapStatus->setEnabled(false);
    m_tapStatus->setWordWrap(true);
    auto* tapBox = new QVBoxLayout;
    tapBox->addWidget(m_taps);
    tapBox->addWidget(m_tapStatus);
    auto* tapLabel = new QLabel(tr("&Layer:"), this);
    tapLabel->setBuddy(m_taps);
    form->addRow(tapLabel, tapBox);

    m_saliency = makeChoiceCombo(this, kSaliencyMethods);
    form->addRow(tr("&Saliency:"), m_saliency);
    m_threshold = new QDoubleSpinBox(this);
    m_threshold->setRange(0.0, 1.0);
    m_threshold->setSingleStep(0.05);
    m_threshold->setDecimals(2);
    m_threshold->setToolTip(tr("Responsible regions: saliency above this fraction of its 99th percentile"));
    form->addRow(tr("&Threshold:"), m_threshold);
    m_imagesPerLeaf = new QSpinBox(this);
    m_imagesPerLeaf->setRange(1, 10000);
    m_imagesPerLeaf->setToolTip(tr("Random images per leaf class (seeded, without replacement)"));
    form->addRow(tr("&Images per leaf:"), m_imagesPerLeaf);
    m_classifier = makeChoiceCombo(this, kClassifiers);
    form->addRow(tr("&Classifier:"), m_classifier);
    m_shapley = makeChoiceCombo(this, kShapleyMethods);
    form->addRow(tr("S&hapley:"), m_shapley);
    m_precision = makeChoiceCombo(this, kPrecisions);
    m_precision->setToolTip(tr("Arithmetic of the network's passes; results are stored apart for each"));
    form->addRow(tr("&Precision:"), m_precision);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    form->addRow(tr("S&eed:"), m_seed);

    m_run = new QPushButton(tr("Run HINT"), this);
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    setRunAvailable(false, tr("Open or create a project first"));
    auto* defaults = new QPushButton(tr("Defaults"), this);
    defaults->setToolTip(tr("Reset the parameters to METHOD.md's defaults"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(defaults);
    buttons->addStretch(1);
    buttons->addWidget(m_run);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    m_estimate = new QLabel(this);
    m_estimate->setWordWrap(true);
    m_estimate->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_estimate->setVisible(false);
    layout->addWidget(m_estimate);
    layout->addStretch(1);

    connect(browse, &QToolButton::clicked, this, &RunPanel::browseWeights);
    connect(defaults, &QPushButton::clicked, this, &RunPanel::resetToDefaults);
    connect(m_run, &QPushButton::clicked, this, [this] { Q_EMIT runRequested(parameters()); });
    connect(m_taps, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item) Q_EMIT tapChanged(item->data(0, Qt::UserRole).toString());
    });

    resetToDefaults();
    m_weights->addItem(tr("(none: choose a file)"), QString());
    setArchitecture(QStringLiteral("vgg19"));
    connect(m_arch, qOverload<int>(&QComboBox::currentIndexChanged), this, &RunPanel::onArchitectureChanged);
    onArchitectureChanged();
}

void RunPanel::resetToDefaults()
{
    const RunParameters defaults;
    m_saliency->setCurrentIndex(m_saliency->findData(defaults.saliency));
    m_threshold->setValue(defaults.threshold);
    m_imagesPerLeaf->setValue(defaults.imagesPerLeaf);
    m_classifier->setCurrentIndex(m_classifier->findData(defaults.classifier));
    m_shapley->setCurrentIndex(m_shapley->findData(defaults.shapley));
    m_precision->setCurrentIndex(m_precision->findData(defaults.precision));
    m_seed->setValue(defaults.seed);
}

void RunPanel::setEstimate(const QString& text)
{
    m_estimate->setText(text);
    m_estimate->setVisible(!text.isEmpty());
}

void RunPanel::setRunAvailable(bool available, const QString& why)
{
    m_run->setEnabled(available);
    m_run->setToolTip(why);
}

void RunPanel::setParameters(const RunParameters& p)
{
    setArchitecture(p.arch);
    setWeights(p.weights);
    if (!p.tap.isEmpty()) setTap(p.tap);
    if (const int i = m_saliency->findData(p.saliency); i >= 0) m_saliency->setCurrentIndex(i);
    m_threshold->setValue(p.threshold);
    m_imagesPerLeaf->setValue(p.imagesPerLeaf);
    if (const int i = m_classifier->findData(p.classifier); i >= 0) m_classifier->setCurrentIndex(i);
    if (const int i = m_shapley->findData(p.shapley); i >= 0) m_shapley->setCurrentIndex(i);
    if (const int i = m_precision->findData(p.precision); i >= 0) m_precision->setCurrentIndex(i);
    m_seed->setValue(p.seed);
}

void RunPanel::setTap(const QString& tap)
{
    m_pendingTap = tap;
    selectTap(tap);
}

bool RunPanel::selectTap(const QString& tap)
{
    for (int i = 0; i < m_taps->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_taps->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() != tap) continue;
        m_taps->setCurrentItem(item);
        m_taps->scrollToItem(item, QAbstractItemView::PositionAtCenter);
        m_pendingTap.clear();
        return true;
    }
    return false;
}

void RunPanel::setArchitecture(const QString& arch)
{
    const int index = m_arch->findText(arch);
    if (index >= 0) m_arch->setCurrentIndex(index);
}

RunParameters RunPanel::parameters() const
{
    RunParameters p;
    p.arch = m_arch->currentText();
    p.weights = m_weights->currentData().toString();
    if (auto* item = m_taps->currentItem()) p.tap = item->data(0, Qt::UserRole).toString();
    p.saliency = m_saliency->currentData().toString();
    p.threshold = m_threshold->value();
    p.imagesPerLeaf = m_imagesPerLeaf->value();
    p.classifier = m_classifier->currentData().toString();
    p.shapley = m_shapley->currentData().toString();
    p.precision = m_precision->currentData().toString();
    p.seed = m_seed->value();
    return p;
}

void RunPanel::onArchitectureChanged()
{
    const std::string arch = m_arch->currentText().toStdString();
    const auto* info = model::findArchitecture(arch);
    if (!info) return;
    m_taps->clear();
    m_tapStatus->setText(tr("Listing the layers of %1\u2026").arg(m_arch->currentText()));
    m_tapStatus->show();
    const int inputSize = info->inputSize;
    const QString defaultLayer = QString::fromStdString(info->defaultLayer);
    // A shapes-only pass (no weights), still a job: never the GUI thread. A newer architecture choice
    // supersedes an older listing.
    auto* job = m_runner->startInternal(tr("Layers of %1").arg(m_arch->currentText()), QStringLiteral("run-panel/taps"),
                                [arch, inputSize](jobs::JobContext& context) -> Result<std::vector<model::TapInfo>> {
                                    context.progress(0, 1, "list layers");
                                    auto taps = model::Network::tapsOf(arch, inputSize);
                                    context.progress(1, 1, "list layers");
                                    return taps;
                                });
    connect(job, &bridge::JobHandle::succeeded, this, [this, defaultLayer](const bridge::JobResult& result) {
        const auto taps = result.get<std::vector<model::TapInfo>>();
        if (!taps) return;
        m_taps->clear();
        QTreeWidgetItem* selected = nullptr;
        for (const auto& tap : *taps) {
            const QString name = QString::fromStdString(tap.name);
            auto* item = new QTreeWidgetItem(m_taps, {name, shapeText(tap.shape)});
            item->setData(0, Qt::UserRole, name);
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
            if (name == defaultLayer) {
                QFont bold = item->font(0);
                bold.setBold(true);
                item->setFont(0, bold);
                item->setToolTip(0, tr("The default layer for %1").arg(m_arch->currentText()));
                selected = item;
            }
        }
        // A tap asked for (a project's layer) wins over the architecture's default.
        const bool pendingFound = !m_pendingTap.isEmpty() && selectTap(m_pendingTap);
        if (!pendingFound && selected) {
            m_taps->setCurrentItem(selected);
            m_taps->scrollToItem(selected, QAbstractItemView::PositionAtCenter);
        }
        m_tapStatus->hide();
    });
    connect(job, &bridge::JobHandle::failed, this, [this](const QString& message) {
        m_tapStatus->setText(tr("Layers unavailable: %1").arg(message));
        m_tapStatus->show();
    });
}

void RunPanel::detectCheckpoints()
{
    auto* job = m_runner->startInternal(tr("Find checkpoints"), QStringLiteral("run-panel/checkpoints"),
                                [](jobs::JobContext&) -> Result<std::vector<std::string>> { return findCheckpoints(); });
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        const auto paths = result.get<std::vector<std::string>>();
        if (!paths) return;
        for (const auto& path : *paths) addWeightsItem(QString::fromStdString(path), false);
    });
}

void RunPanel::setWeights(const QString& path)
{
    if (path.isEmpty()) m_weights->setCurrentIndex(0);
    else addWeightsItem(path, true);
}

void RunPanel::addWeightsItem(const QString& path, bool select)
{
    int index = m_weights->findData(path);
    if (index < 0) {
        m_weights->addItem(QFileInfo(path).fileName(), path);
        index = m_weights->count() - 1;
        m_weights->setItemData(index, path, Qt::ToolTipRole);
    }
    if (select) m_weights->setCurrentIndex(index);
}

void RunPanel::browseWeights()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose weights"), AppSettings::lastOpenDirectory(),
                                                      tr("Weights (*.pth *.pt *.safetensors);;All files (*)"));
    if (path.isEmpty()) return;
    AppSettings::setLastOpenDirectory(QFileInfo(path).absolutePath());
    addWeightsItem(path, true);
}

}  // namespace hint::gui
