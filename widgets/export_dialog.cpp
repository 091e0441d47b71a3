// ExportDialog: figure and data export of the current view.
#include "export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace hint::widgets {

namespace {

// Settings keys, next to the code that uses them.
const QString kLastDirKey = QStringLiteral("export/lastDirectory");
const QString kLastSuffixKey = QStringLiteral("export/lastSuffix");
const QString kWidthKey = QStringLiteral("export/width");
const QString kHeightKey = QStringLiteral("export/height");
const QString kDpiKey = QStringLiteral("export/dpi");

struct Preset {
    const char* name;
    int width;
    int height;
    double dpi;
};

// Common figure widths: 3.5 in (one column) and 7 in (two columns) at 300 dpi, golden-ish aspect.
constexpr Preset kPresets[] = {
    {QT_TRANSLATE_NOOP("ExportDialog", "Custom"), 0, 0, 0},
    {QT_TRANSLATE_NOOP("ExportDialog", "Paper, one column (3.5 in, 300 dpi)"), 1050, 700, 300},
    {QT_TRANSLATE_NOOP("ExportDialog", "Paper, two columns (7 in, 300 dpi)"), 2100, 1200, 300},
    {QT_TRANSLATE_NOOP("ExportDialog", "Slide (1920 x 1080, 144 dpi)"), 1920, 1080, 144},
    {QT_TRANSLATE_NOOP("ExportDialog", "Screen (1200 x 750, 96 dpi)"), 1200, 750, 96},
};

}  // namespace

ExportDialog::ExportDialog(const ExportableView& view, QWidget* parent) : QDialog(parent), m_view(view)
{
    setWindowTitle(tr("Export view"));
    auto* form = new QFormLayout;

    auto* pathRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setToolTip(tr("The suffix picks the format: .png, .svg or .pdf for the figure, .%1 for its data")
                           .arg(view.dataFormats().join(QStringLiteral(", ."))));
    auto* browseButton = new QToolButton(this);
    browseButton->setText(tr("Browse\u2026"));
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    form->addRow(tr("&File:"), pathRow);

    m_preset = new QComboBox(this);
    for (const auto& preset : kPresets) m_preset->addItem(tr(preset.name));
    form->addRow(tr("&Preset:"), m_preset);

    auto* sizeRow = new QHBoxLayout;
    m_width = new QSpinBox(this);
    m_height = new QSpinBox(this);
    for (auto* spin : {m_width, m_height}) {
        spin->setRange(16, 20000);
        spin->setSuffix(tr(" px"));
    }
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("\u00d7"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addStretch(1);
    form->addRow(tr("&Size:"), sizeRow);

    m_dpi = new QDoubleSpinBox(this);
    m_dpi->setRange(36, 2400);
    m_dpi->setDecimals(0);
    m_dpi->setSuffix(tr(" dpi"));
    m_dpi->setToolTip(tr("Sets the physical size, hence the size of text and lines relative to the figure"));
    form->addRow(tr("&Resolution:"), m_dpi);
    m_sizeNote = new QLabel(this);
    m_sizeNote->setEnabled(false);
    form->addRow(QString(), m_sizeNote);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    QSettings settings;
    const QString dir = settings.value(kLastDirKey, QDir::homePath()).toString();
    const QString suffix = settings.value(kLastSuffixKey, QStringLiteral("png")).toString();
    m_path->setText(QDir(dir).filePath(view.exportName() + QLatin1Char('.') + suffix));
    FigureExportOptions defaults;
    defaults.pixelSize = QSize(settings.value(kWidthKey, 2100).toInt(), settings.value(kHeightKey, 1200).toInt());
    defaults.dpi = settings.value(kDpiKey, 300.0).toDouble();
    setOptions(defaults);

    connect(browseButton, &QToolButton::clicked, this, &ExportDialog::browse);
    connect(m_preset, qOverload<int>(&QComboBox::activated), this, &ExportDialog::applyPreset);
    for (auto* spin : {m_width, m_height}) {
        connect(spin, qOverload<int>(&QSpinBox::valueChanged), this, [this] {
            m_preset->setCurrentIndex(0);
            updateSizeNote();
        });
    }
    connect(m_dpi, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this] {
        m_preset->setCurrentIndex(0);
        updateSizeNote();
    });
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateSizeNote);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    updateSizeNote();
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

FigureExportOptions ExportDialog::options() const
{
    return {QSize(m_width->value(), m_height->value()), m_dpi->value()};
}

void ExportDialog::setPath(const QString& path)
{
    m_path->setText(path);
}

void ExportDialog::setOptions(const FigureExportOptions& options)
{
    const QSignalBlocker b1(m_width), b2(m_height), b3(m_dpi);
    m_width->setValue(options.pixelSize.width());
    m_height->setValue(options.pixelSize.height());
    m_dpi->setValue(options.dpi);
    m_preset->setCurrentIndex(0);
    for (int i = 1; i < int(std::size(kPresets)); ++i)
        if (kPresets[i].width == options.pixelSize.width() && kPresets[i].height == options.pixelSize.height() &&
            kPresets[i].dpi == options.dpi)
            m_preset->setCurrentIndex(i);
    updateSizeNote();
}

bool ExportDialog::isFigurePath() const
{
    const QString suffix = QFileInfo(path()).suffix().toLower();
    return suffix == QLatin1String("png") || suffix == QLatin1String("svg") || suffix == QLatin1String("pdf");
}

void ExportDialog::browse()
{
    QStringList filters{tr("PNG image (*.png)"), tr("SVG drawing (*.svg)"), tr("PDF document (*.pdf)")};
    for (const QString& format : m_view.dataFormats())
        filters << tr("%1 data (*.%2)").arg(format.toUpper(), format);
    QString selected;
    const QString suffix = QFileInfo(path()).suffix().toLower();
    for (const QString& filter : filters)
        if (filter.contains(QStringLiteral("*.") + suffix)) selected = filter;
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export view"), path(),
                                                        filters.join(QStringLiteral(";;")), &selected);
    if (!chosen.isEmpty()) m_path->setText(chosen);
}

void ExportDialog::applyPreset(int index)
{
    if (index <= 0 || index >= int(std::size(kPresets))) return;
    const QSignalBlocker b1(m_width), b2(m_height), b3(m_dpi);
    m_width->setValue(kPresets[index].width);
    m_height->setValue(kPresets[index].height);
    m_dpi->setValue(kPresets[index].dpi);
    updateSizeNote();
}

void ExportDialog::updateSizeNote()
{
    const bool figure = isFigurePath();
    for (QWidget* widget : std::initializer_list<QWidget*>{m_preset, m_width, m_height, m_dpi}) widget->setEnabled(figure);
    if (!figure) {
        m_sizeNote->setText(tr("Data export: the values behind the view, in the order shown."));
        return;
    }
    const double dpi = m_dpi->value();
    m_sizeNote->setText(tr("%1 \u00d7 %2 in (%3 \u00d7 %4 cm)")
                            .arg(m_width->value() / dpi, 0, 'f', 2)
                            .arg(m_height->value() / dpi, 0, 'f', 2)
                            .arg(m_width->value() / dpi * 2.54, 0, 'f', 1)
                            .arg(m_height->value() / dpi * 2.54, 0, 'f', 1));
}

bool ExportDialog::exportNow()
{
    const QString file = path();
    const Status status = isFigurePath() ? m_view.exportFigure(file, options()) : m_view.exportData(file);
    if (!status.ok()) {
        QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(status.error().message));
        return false;
    }
    QSettings settings;
    settings.setValue(kLastDirKey, QFileInfo(file).absolutePath());
    settings.setValue(kLastSuffixKey, QFileInfo(file).suffix().toLower());
    if (isFigurePath()) {
        settings.setValue(kWidthKey, m_width->value());
        settings.setValue(kHeightKey, m_height->value());
        settings.setValue(kDpiKey, m_dpi->value());
    }
    return true;
}

void ExportDialog::accept()
{
    if (exportNow()) QDialog::accept();
}

}  // namespace hint::widgets
