// EvaluationView: localization metrics, IoU histogram, ablation and best/worst images (GUI.md, view 6).
#include "evaluation_view.h"

#include "data_export.h"
#include "evaluation_painter.h"
#include "figure_canvas.h"
#include "plot_export.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <functional>

namespace hint::widgets {

namespace {

constexpr int kRankedImages = 5;

// The table's and the data export's columns: summary.json's key, a header, the value.
struct MetricColumn {
    const char* key;
    const char* header;
    std::function<std::optional<double>(const MethodMetrics&)> value;
};

const std::vector<MetricColumn>& metricColumns()
{
    static const std::vector<MetricColumn> columns = {
        {"n", "Images", [](const MethodMetrics& m) { return std::optional<double>(double(m.images)); }},
        {"hint_iou50_accuracy", "HINT acc.", [](const MethodMetrics& m) { return std::optional(m.hintAccuracy); }},
        {"hint_mean_iou", "HINT mean IoU", [](const MethodMetrics& m) { return std::optional(m.hintMeanIou); }},
        {"maxboxacc", "MaxBoxAcc", [](const MethodMetrics& m) { return std::optional(m.maxBoxAcc); }},
        {"maxboxacc_v2", "MaxBoxAccV2", [](const MethodMetrics& m) { return std::optional(m.maxBoxAccV2); }},
        {"maxboxacc_v2@30", "V2 IoU 30", [](const MethodMetrics& m) { return m.v2AccuracyAt(30); }},
        {"maxboxacc_v2@50", "V2 IoU 50", [](const MethodMetrics& m) { return m.v2AccuracyAt(50); }},
        {"maxboxacc_v2@70", "V2 IoU 70", [](const MethodMetrics& m) { return m.v2AccuracyAt(70); }},
        {"pxap", "PxAP", [](const MethodMetrics& m) { return m.pxap; }},
        {"pointing_game", "Pointing game", [](const MethodMetrics& m) { return std::optional(m.pointingGame); }},
        {"top1_loc_hint", "Top-1 Loc (HINT)", [](const MethodMetrics& m) { return m.top1LocHint; }},
        {"empty_maps", "Empty maps", [](const MethodMetrics& m) { return std::optional<double>(double(m.emptyMaps)); }},
    };
    return columns;
}

QString cellText(const MetricColumn& column, const std::optional<double>& value)
{
    if (!value) return QString();
    const std::string key = column.key;
    return key == "n" || key == "empty_maps" ? QString::number(qint64(*value)) : QString::number(*value, 'f', 3);
}

// Every method of a result with its role, in table order.
std::vector<std::pair<const MethodMetrics*, const char*>> allMethods(const LocalizationResults& r)
{
    std::vector<std::pair<const MethodMetrics*, const char*>> methods{{&r.classifier, "classifier"}};
    for (const auto& b : r.baselines) methods.emplace_back(&b, "baseline");
    for (const auto& e : r.extras) methods.emplace_back(&e, "ablation");
    return methods;
}

QIcon swatch(const QColor& colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(colour);
    return QIcon(pixmap);
}

}  // namespace

EvaluationView::EvaluationView(QWidget* parent) : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    m_placeholder = makePlaceholderLabel(m_stack);
    setPlaceholderText(tr("<p style='font-size:13pt'>No localization results for this concept and layer</p>"
                          "<p>Run HINT with the localize step (a data set with boxes: ImageNet val, PASCAL VOC or "
                          "CUB) to compare the concept classifier with the baselines here.</p>"));
    m_stack->addWidget(m_placeholder);

    auto* page = new QWidget(m_stack);
    auto* pageLayout = new QVBoxLayout(page);
    auto* controls = new QHBoxLayout;
    m_datasetCombo = new QComboBox(page);
    m_datasetCombo->setToolTip(tr("The data set whose localization results are shown"));
    m_datasetLabel = new QLabel(tr("&Data set:"), page);
    m_datasetLabel->setBuddy(m_datasetCombo);
    controls->addWidget(m_datasetLabel);
    controls->addWidget(m_datasetCombo);
    controls->addStretch(1);
    pageLayout->addLayout(controls);

    auto* splitter = new QSplitter(Qt::Horizontal, page);
    m_canvas = new FigureCanvas([this](QPainter& painter, const QSize& size) { paintFigure(painter, size); }, splitter);
    auto* side = new QSplitter(Qt::Vertical, splitter);
    m_table = new QTableWidget(0, int(metricColumns().size()) + 1, side);
    QStringList headers{tr("Method")};
    for (const auto& column : metricColumns()) headers << tr(column.header);
    m_table->setHorizontalHeaderLabels(headers);
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setToolTip(tr("Every localization figure of summary.json; accuracies are fractions"));

    auto* images = new QWidget(side);
    auto* imagesLayout = new QVBoxLayout(images);
    imagesLayout->setContentsMargins(0, 0, 0, 0);
    m_best = new QListWidget(images);
    m_worst = new QListWidget(images);
    const std::pair<QListWidget*, QString> lists[] = {{m_best, tr("&Best localized (HINT IoU)")},
                                                      {m_worst, tr("&Worst localized")}};
    for (const auto& [list, title] : lists) {
        auto* label = new QLabel(title, images);
        label->setBuddy(list);
        list->setToolTip(tr("Double-click or press Enter to open the image in the Concept maps view"));
        imagesLayout->addWidget(label);
        imagesLayout->addWidget(list, 1);
        connect(list, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
            if (item) Q_EMIT imageActivated(item->data(Qt::UserRole).toString());
        });
    }
    side->addWidget(m_table);
    side->addWidget(images);
    splitter->addWidget(m_canvas);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    pageLayout->addWidget(splitter, 1);
    m_stack->addWidget(page);

    connect(m_datasetCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, &EvaluationView::setCurrentDataset);
    connect(m_canvas, &FigureCanvas::mouseMovedTo, this, &EvaluationView::showToolTipAt);
    setResults({});
}

void EvaluationView::setPlaceholderText(const QString& text)
{
    m_placeholder->setText(text);
}

void EvaluationView::setResults(std::vector<std::shared_ptr<const LocalizationResults>> perDataset)
{
    // Switching concept keeps the data set the user was looking at, where the new results have it.
    const std::string shown = m_current >= 0 ? m_results[size_t(m_current)]->datasetName : std::string();
    m_results.clear();
    m_current = -1;
    int keep = 0;
    for (auto& r : perDataset) {
        if (!r) continue;
        if (!shown.empty() && r->datasetName == shown) keep = int(m_results.size());
        m_results.push_back(std::move(r));
    }
    const QSignalBlocker blocker(m_datasetCombo);
    m_datasetCombo->clear();
    for (size_t i = 0; i < m_results.size(); ++i) {
        const auto& name = m_results[i]->datasetName;
        m_datasetCombo->addItem(name.empty() ? tr("Data set %1").arg(i + 1) : QString::fromStdString(name));
    }
    // A picker only when there is something to pick.
    m_datasetLabel->setVisible(m_results.size() > 1);
    m_datasetCombo->setVisible(m_results.size() > 1);
    m_datasetCombo->setCurrentIndex(m_results.empty() ? -1 : keep);
    showDataset(m_results.empty() ? -1 : keep);
}

void EvaluationView::setCurrentDataset(int index)
{
    if (index < 0 || index >= datasetCount() || index == m_current) return;
    const QSignalBlocker blocker(m_datasetCombo);
    m_datasetCombo->setCurrentIndex(index);
    showDataset(index);
}

std::shared_ptr<const LocalizationResults> EvaluationView::currentResults() const
{
    return m_current >= 0 ? m_results[size_t(m_current)] : nullptr;
}

void EvaluationView::showDataset(int index)
{
    m_current = index;
    m_figure.reset();
    if (index >= 0) m_figure = buildEvaluationFigure(*m_results[size_t(index)], kRankedImages);
    m_stack->setCurrentIndex(m_figure ? 1 : 0);
    fillTable();
    fillList(m_best, m_figure ? m_figure->best : std::vector<RankedImage>{});
    fillList(m_worst, m_figure ? m_figure->worst : std::vector<RankedImage>{});
    m_canvas->update();
}

void EvaluationView::fillTable()
{
    const auto results = currentResults();
    const auto methods = results ? allMethods(*results) : decltype(allMethods(*results)){};
    m_table->setRowCount(int(methods.size()));
    for (size_t row = 0; row < methods.size(); ++row) {
        const MethodMetrics& m = *methods[row].first;
        auto* name = new QTableWidgetItem(swatch(methodColor(m.name, results->classifier.name)),
                                          QString::fromStdString(methodLabel(m.name, results->classifier.name)));
        name->setToolTip(QStringLiteral("%1 (%2)").arg(QString::fromStdString(m.name), QLatin1String(methods[row].second)));
        m_table->setItem(int(row), 0, name);
        for (size_t c = 0; c < metricColumns().size(); ++c) {
            const auto& column = metricColumns()[c];
            auto* item = new QTableWidgetItem(cellText(column, column.value(m)));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(int(row), int(c) + 1, item);
        }
    }
    m_table->resizeColumnsToContents();
}

void EvaluationView::fillList(QListWidget* list, const std::vector<RankedImage>& images)
{
    list->clear();
    for (const auto& image : images) {
        const QString path = QString::fromStdString(image.path);
        auto* item = new QListWidgetItem(QStringLiteral("%1   %2").arg(image.iou, 0, 'f', 3).arg(QFileInfo(path).fileName()), list);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
    }
}

void EvaluationView::paintFigure(QPainter& painter, const QSize& size) const
{
    if (m_figure) paintEvaluation(painter, size, *m_figure);
}

void EvaluationView::showToolTipAt(const QPoint& pos)
{
    const QString tip = m_figure ? evaluationToolTip(*m_figure, m_canvas->font(), m_canvas->size(), pos) : QString();
    if (tip.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(m_canvas->mapToGlobal(pos), tip, m_canvas);
}

QString EvaluationView::exportName() const
{
    QString name = QStringLiteral("evaluation");
    if (const auto r = currentResults()) {
        for (const std::string& part : {r->conceptName.empty() ? r->classifier.name : r->conceptName, r->layer, r->datasetName})
            if (!part.empty()) name += QLatin1Char('_') + QString::fromStdString(part);
    }
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    return name;
}

Status EvaluationView::exportFigure(const QString& path, const FigureExportOptions& options) const
{
    if (!hasExportableContent()) return Error::badInput("the evaluation view has nothing to export yet");
    return exportDrawing(path, options, [this](QCPPainter& painter, const QSize& size) {
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        paintFigure(painter, size);
    });
}

Status EvaluationView::exportData(const QString& path) const
{
    if (!hasExportableContent()) return Error::badInput("the evaluation view has nothing to export yet");
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv")) return exportCsv(path);
    if (suffix == QLatin1String("json")) return exportJson(path);
    return Error::badInput("unknown data format '." + suffix.toStdString() + "' of " + path.toStdString() +
                           " (use .csv or .json)");
}

Status EvaluationView::exportCsv(const QString& path) const
{
    const auto results = currentResults();
    QStringList header{QStringLiteral("dataset"), QStringLiteral("method"), QStringLiteral("role")};
    for (const auto& column : metricColumns()) header << QLatin1String(column.key);
    QString text = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (const auto& [method, role] : allMethods(*results)) {
        QStringList row{csvField(QString::fromStdString(results->datasetName)), csvField(QString::fromStdString(method->name)),
                        QLatin1String(role)};
        for (const auto& column : metricColumns()) {
            const auto value = column.value(*method);
            row << (value ? QString::number(*value, 'g', 10) : QString());
        }
        text += row.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return writeFile(path, text.toUtf8());
}

Status EvaluationView::exportJson(const QString& path) const
{
    const auto results = currentResults();
    QJsonArray methods;
    for (const auto& [method, role] : allMethods(*results)) {
        QJsonObject metrics;
        for (const auto& column : metricColumns()) {
            const auto value = column.value(*method);
            metrics.insert(QLatin1String(column.key), value ? QJsonValue(*value) : QJsonValue());
        }
        methods.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(method->name)},
                                   {QStringLiteral("role"), QLatin1String(role)},
                                   {QStringLiteral("metrics"), metrics}});
    }
    const auto ranked = [](const std::vector<RankedImage>& images) {
        QJsonArray array;
        for (const auto& image : images)
            array.append(QJsonObject{{QStringLiteral("image"), QString::fromStdString(image.path)},
                                     {QStringLiteral("hint_iou"), image.iou}});
        return array;
    };
    QJsonArray counts;
    for (int count : m_figure->histogram.counts) counts.append(count);
    const QJsonObject histogram{{QStringLiteral("bins"), int(m_figure->histogram.counts.size())},
                                {QStringLiteral("range"), QJsonArray{0.0, 1.0}},
                                {QStringLiteral("counts"), counts}};
    return writeJson(path, QJsonObject{{QStringLiteral("concept"), QString::fromStdString(results->conceptName)},
                                       {QStringLiteral("dataset"), QString::fromStdString(results->datasetName)},
                                       {QStringLiteral("layer"), QString::fromStdString(results->layer)},
                                       {QStringLiteral("protocol"), QString::fromStdString(results->protocol)},
                                       {QStringLiteral("entry"), QString::fromStdString(results->entryDir)},
                                       {QStringLiteral("methods"), methods},
                                       {QStringLiteral("hint_iou_histogram"), histogram},
                                       {QStringLiteral("best"), ranked(m_figure->best)},
                                       {QStringLiteral("worst"), ranked(m_figure->worst)}});
}

}  // namespace hint::widgets
