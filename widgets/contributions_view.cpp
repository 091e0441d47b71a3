// ContributionsView: per-neuron score bars for one concept (GUI.md, view 1).
#include "contributions_view.h"

#include "data_export.h"
#include "plot_export.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hint::widgets {

namespace {

// Above this many neurons the axis shows ranks; below, every bar is labelled with its neuron id.
constexpr int kMaxLabelledBars = 40;
constexpr double kBarWidth = 0.8;
const QColor kSelectedColor(0x00, 0x72, 0xB2);  // Okabe-Ito blue, apart from the two bar colours

}  // namespace

QColor ContributionsView::topColor()
{
    return QColor(0xD5, 0x5E, 0x00);  // Okabe-Ito vermillion: readable for colour-blind users
}

QColor ContributionsView::otherColor()
{
    return QColor(0x9D, 0xB4, 0xC8);
}

ContributionsView::ContributionsView(QWidget* parent) : QWidget(parent)
{
    m_stack = new QStackedWidget(this);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    m_placeholder = new QLabel(tr("<p style='font-size:13pt'>No neuron contributions yet</p>"
                                  "<p>Run HINT for a concept, or open a Shapley CSV written by "
                                  "<code>hint shapley</code> (File &rsaquo; Open Shapley values&hellip;).</p>"),
                               m_stack);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);
    m_stack->addWidget(m_placeholder);

    auto* page = new QWidget(m_stack);
    auto* pageLayout = new QVBoxLayout(page);
    auto* controls = new QHBoxLayout;
    m_kindCombo = new QComboBox(page);
    m_kindCombo->setToolTip(tr("The score the bars show and are sorted by"));
    m_topKSpin = new QSpinBox(page);
    m_topKSpin->setRange(1, 1000);
    m_topKSpin->setValue(m_topK);
    m_topKSpin->setToolTip(tr("How many of the highest-scoring neurons to highlight"));
    auto* kindLabel = new QLabel(tr("&Score:"), page);
    kindLabel->setBuddy(m_kindCombo);
    auto* topKLabel = new QLabel(tr("&Top k:"), page);
    topKLabel->setBuddy(m_topKSpin);
    auto* resetZoom = new QToolButton(page);
    resetZoom->setText(tr("Reset zoom"));
    resetZoom->setToolTip(tr("Show every neuron (also: double-click the plot). Zoom with the mouse wheel."));
    controls->addWidget(kindLabel);
    controls->addWidget(m_kindCombo);
    controls->addSpacing(16);
    controls->addWidget(topKLabel);
    controls->addWidget(m_topKSpin);
    controls->addStretch(1);
    controls->addWidget(resetZoom);
    pageLayout->addLayout(controls);

    auto* splitter = new QSplitter(Qt::Horizontal, page);
    m_plot = new QCustomPlot(splitter);
    m_plot->setMinimumSize(320, 240);
    m_topTable = new QTableWidget(0, 3, splitter);
    m_topTable->setHorizontalHeaderLabels({tr("Rank"), tr("Neuron"), tr("Score")});
    m_topTable->verticalHeader()->setVisible(false);
    m_topTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_topTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_topTable->horizontalHeader()->setStretchLastSection(true);
    m_topTable->verticalHeader()->setDefaultSectionSize(m_topTable->fontMetrics().height() + 8);
    m_topTable->setMinimumWidth(m_topTable->fontMetrics().horizontalAdvance(QStringLiteral("Rank Neuron Median |phi| 0.00000")) + 24);
    m_topTable->setToolTip(tr("The top-k neurons; select one to inspect it"));
    splitter->addWidget(m_plot);
    splitter->addWidget(m_topTable);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({800, 230});
    pageLayout->addWidget(splitter, 1);
    m_stack->addWidget(page);

    buildPlot();

    connect(m_kindCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, &ContributionsView::setScoreKind);
    connect(m_topKSpin, qOverload<int>(&QSpinBox::valueChanged), this, &ContributionsView::setTopK);
    connect(resetZoom, &QToolButton::clicked, this, &ContributionsView::resetRange);
    connect(m_topTable, &QTableWidget::cellClicked, this, [this](int row, int) { selectRankIndex(row); });
}

void ContributionsView::buildPlot()
{
    m_plot->setMouseTracking(true);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);

    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    m_plot->plotLayout()->insertRow(0);
    m_title = new QCPTextElement(m_plot, QString(), titleFont);
    m_plot->plotLayout()->addElement(0, 0, m_title);

    m_topBars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_otherBars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_selectedBar = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    const std::pair<QCPBars*, QColor> styles[] = {
        {m_topBars, topColor()}, {m_otherBars, otherColor()}, {m_selectedBar, kSelectedColor}};
    for (const auto& [bars, colour] : styles) {
        bars->setWidth(kBarWidth);
        bars->setPen(Qt::NoPen);
        bars->setBrush(colour);
        bars->setAntialiased(false);  // hundreds of 1-px bars stay crisp
    }
    m_otherBars->setName(tr("Other neurons"));
    m_selectedBar->removeFromLegend();

    // Error bars need a data plottable; the bars are split in three, so an invisible graph holds the tops.
    m_intervalAnchor = new QCPGraph(m_plot->xAxis, m_plot->yAxis);
    m_intervalAnchor->setLineStyle(QCPGraph::lsNone);
    m_intervalAnchor->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssNone));
    m_intervalAnchor->removeFromLegend();
    m_intervals = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
    m_intervals->setDataPlottable(m_intervalAnchor);
    m_intervals->setPen(QPen(QColor(0x33, 0x33, 0x33), 1));
    m_intervals->setWhiskerWidth(4);
    m_intervals->setName(tr("95% interval"));

    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setPen(QPen(QColor(0xDD, 0xDD, 0xDD), 0, Qt::DotLine));
    m_plot->yAxis->grid()->setZeroLinePen(QPen(QColor(0x88, 0x88, 0x88), 0));
    m_plot->xAxis->setTickLength(0, 3);
    m_plot->xAxis->setSubTicks(false);

    m_plot->legend->setVisible(true);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    m_plot->legend->setFont(legendFont);
    m_plot->legend->setBrush(QColor(255, 255, 255, 220));
    m_plot->legend->setBorderPen(QPen(QColor(0xBB, 0xBB, 0xBB)));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    // Keep panning inside the data.
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this](const QCPRange& range) {
        const double lower = 0.5;
        const double upper = std::max(1.5, double(m_rankedNeurons.size()) + 0.5);
        if (range.lower >= lower && range.upper <= upper) return;
        QCPRange bounded = range;
        if (bounded.size() > upper - lower) bounded = QCPRange(lower, upper);
        else if (bounded.lower < lower) bounded = QCPRange(lower, lower + range.size());
        else bounded = QCPRange(upper - range.size(), upper);
        m_plot->xAxis->setRange(bounded);
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, &ContributionsView::showToolTipAt);
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) { m_pressPos = event->pos(); });
    connect(m_plot, &QCustomPlot::mouseRelease, this, &ContributionsView::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) { resetRange(); });
}

void ContributionsView::setScores(std::shared_ptr<const NeuronScores> scores)
{
    m_scores = std::move(scores);
    m_validSeries.clear();
    m_selectedNeuron = -1;
    if (m_scores) {
        for (size_t i = 0; i < m_scores->scores.size(); ++i)
            if (m_scores->scores[i].values.size() == m_scores->neuronIds.size()) m_validSeries.push_back(int(i));
    }
    const QSignalBlocker blocker(m_kindCombo);
    m_kindCombo->clear();
    for (int index : m_validSeries) m_kindCombo->addItem(QString::fromStdString(m_scores->scores[size_t(index)].kind));
    m_kind = 0;
    m_stack->setCurrentIndex(m_validSeries.empty() || m_scores->neuronIds.empty() ? 0 : 1);
    rank();
    redraw();
    resetRange();
}

void ContributionsView::setScoreKind(int index)
{
    if (index < 0 || index >= int(m_validSeries.size())) return;
    m_kind = index;
    if (m_kindCombo->currentIndex() != index) {
        const QSignalBlocker blocker(m_kindCombo);
        m_kindCombo->setCurrentIndex(index);
    }
    rank();
    redraw();
}

void ContributionsView::setTopK(int k)
{
    k = std::max(1, k);
    if (k == m_topK) return;
    m_topK = k;
    if (m_topKSpin->value() != k) {
        const QSignalBlocker blocker(m_topKSpin);
        m_topKSpin->setValue(k);
    }
    redraw();
}

void ContributionsView::setSelectedNeuron(int neuronId)
{
    m_selectedNeuron = neuronId;
    redraw();
}

void ContributionsView::rank()
{
    m_rankedNeurons.clear();
    m_rankedValues.clear();
    m_rankedIntervals.clear();
    m_rankedIndices.clear();
    if (m_validSeries.empty()) return;
    const auto& ids = m_scores->neuronIds;
    const auto& values = m_scores->scores[size_t(m_validSeries[size_t(m_kind)])].values;
    std::vector<size_t> order(ids.size());
    std::iota(order.begin(), order.end(), size_t(0));
    // Highest first; NaN last; ties by neuron id so the order does not depend on the input order.
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const bool nanA = std::isnan(values[a]);
        const bool nanB = std::isnan(values[b]);
        if (nanA != nanB) return nanB;
        if (!nanA && values[a] != values[b]) return values[a] > values[b];
        return ids[a] < ids[b];
    });
    const auto& series = m_scores->scores[size_t(m_validSeries[size_t(m_kind)])];
    for (size_t i : order) {
        m_rankedNeurons.push_back(ids[i]);
        m_rankedValues.push_back(double(values[i]));
        if (series.hasInterval()) m_rankedIntervals.emplace_back(double(series.low[i]), double(series.high[i]));
    }
    m_rankedIndices = std::move(order);
}

QString ContributionsView::kindName() const
{
    if (m_validSeries.empty()) return tr("Score");
    return QString::fromStdString(m_scores->scores[size_t(m_validSeries[size_t(m_kind)])].kind);
}

QString ContributionsView::titleText() const
{
    if (!m_scores) return QString();
    QString title = QString::fromStdString(m_scores->conceptName);
    if (!m_scores->conceptId.empty()) title += QStringLiteral(" (%1)").arg(QString::fromStdString(m_scores->conceptId));
    if (!m_scores->layer.empty()) title += QStringLiteral("  \u00b7  ") + QString::fromStdString(m_scores->layer);
    return title;
}

void ContributionsView::redraw()
{
    const int n = barCount();
    const int k = std::min(m_topK, n);
    QVector<double> topKeys, topValues, otherKeys, otherValues, selectedKeys, selectedValues;
    for (int i = 0; i < n; ++i) {
        const double key = i + 1;
        const double value = std::isnan(m_rankedValues[size_t(i)]) ? 0.0 : m_rankedValues[size_t(i)];
        if (m_rankedNeurons[size_t(i)] == m_selectedNeuron) {
            selectedKeys << key;
            selectedValues << value;
        }
        (i < k ? topKeys : otherKeys) << key;
        (i < k ? topValues : otherValues) << value;
    }
    m_topBars->setData(topKeys, topValues, true);
    m_otherBars->setData(otherKeys, otherValues, true);
    m_selectedBar->setData(selectedKeys, selectedValues, true);
    m_topBars->setName(tr("Top %1").arg(k));
    if (!selectedKeys.isEmpty()) {
        m_selectedBar->setName(tr("Selected: neuron %1").arg(m_selectedNeuron));
        m_selectedBar->addToLegend();
    } else {
        m_selectedBar->removeFromLegend();
    }
    m_otherBars->setVisible(!otherKeys.isEmpty());
    if (otherKeys.isEmpty()) m_otherBars->removeFromLegend();
    else if (!m_plot->legend->hasItemWithPlottable(m_otherBars)) m_otherBars->addToLegend();
    drawIntervals();

    m_title->setText(titleText());
    if (n > 0 && n <= kMaxLabelledBars) {
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (int i = 0; i < n; ++i) ticker->addTick(i + 1, QString::number(m_rankedNeurons[size_t(i)]));
        m_plot->xAxis->setTicker(ticker);
        m_plot->xAxis->setTickLabelRotation(n > 16 ? -60 : 0);
        m_plot->xAxis->setLabel(tr("Neuron, ranked by %1").arg(kindName()));
    } else {
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        m_plot->xAxis->setTicker(ticker);
        m_plot->xAxis->setTickLabelRotation(0);
        m_plot->xAxis->setLabel(tr("Rank of %n neuron(s) by %1", nullptr, n).arg(kindName()));
    }
    m_plot->yAxis->setLabel(kindName());

    double low = 0.0;
    double high = 0.0;
    for (double value : m_rankedValues) {
        if (std::isnan(value)) continue;
        low = std::min(low, value);
        high = std::max(high, value);
    }
    for (const auto& [lower, upper] : m_rankedIntervals) {
        if (std::isfinite(lower)) low = std::min(low, lower);
        if (std::isfinite(upper)) high = std::max(high, upper);
    }
    const double span = high - low > 0 ? high - low : 1.0;
    m_plot->yAxis->setRange(low < 0 ? low - 0.05 * span : 0.0, high + 0.08 * span);
    fillTopTable();
    m_plot->replot();
}

void ContributionsView::drawIntervals()
{
    QVector<double> keys, values, below, above;
    for (size_t i = 0; i < m_rankedIntervals.size(); ++i) {
        const double value = m_rankedValues[i];
        const auto [lower, upper] = m_rankedIntervals[i];
        if (std::isnan(value) || !std::isfinite(lower) || !std::isfinite(upper)) continue;
        keys << double(i + 1);
        values << value;
        below << std::max(0.0, value - lower);
        above << std::max(0.0, upper - value);
    }
    m_intervalAnchor->setData(keys, values, true);
    m_intervals->setData(below, above);
    m_intervals->setVisible(!keys.isEmpty());
    if (keys.isEmpty()) m_intervals->removeFromLegend();
    else if (!m_plot->legend->hasItemWithPlottable(m_intervals)) m_intervals->addToLegend();
}

void ContributionsView::fillTopTable()
{
    const int k = std::min(m_topK, barCount());
    const QSignalBlocker blocker(m_topTable);
    m_topTable->setRowCount(k);
    m_topTable->setHorizontalHeaderItem(2, new QTableWidgetItem(kindName()));
    int selectedRow = -1;
    for (int i = 0; i < k; ++i) {
        auto* rankItem = new QTableWidgetItem(QString::number(i + 1));
        auto* neuronItem = new QTableWidgetItem(QString::number(m_rankedNeurons[size_t(i)]));
        auto* valueItem = new QTableWidgetItem(QString::number(m_rankedValues[size_t(i)], 'g', 4));
        for (auto* item : {rankItem, neuronItem, valueItem}) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_topTable->setItem(i, 0, rankItem);
        m_topTable->setItem(i, 1, neuronItem);
        m_topTable->setItem(i, 2, valueItem);
        if (m_rankedNeurons[size_t(i)] == m_selectedNeuron) selectedRow = i;
    }
    m_topTable->resizeColumnsToContents();
    if (selectedRow >= 0) m_topTable->selectRow(selectedRow);
    else m_topTable->clearSelection();
}

void ContributionsView::resetRange()
{
    m_plot->xAxis->setRange(0.5, std::max(1.5, double(barCount()) + 0.5));
    m_plot->replot();
}

QColor ContributionsView::barColor(int rankIndex) const
{
    if (rankIndex < 0 || rankIndex >= barCount()) return QColor();
    if (m_rankedNeurons[size_t(rankIndex)] == m_selectedNeuron) return kSelectedColor;
    return rankIndex < m_topK ? topColor() : otherColor();
}

QPoint ContributionsView::barCenter(int rankIndex) const
{
    const double x = m_plot->xAxis->coordToPixel(rankIndex + 1);
    const double value = rankIndex >= 0 && rankIndex < barCount() ? m_rankedValues[size_t(rankIndex)] : 0.0;
    const double y = m_plot->yAxis->coordToPixel(value / 2);
    return QPoint(int(std::lround(x)), int(std::lround(y)));
}

int ContributionsView::rankIndexAt(const QPointF& pos) const
{
    if (barCount() == 0 || !m_plot->axisRect()->rect().contains(pos.toPoint())) return -1;
    const double key = m_plot->xAxis->pixelToCoord(pos.x());
    const int rank = int(std::lround(key));
    // Anywhere in a bar's column counts: bars of small scores are too short to hit otherwise.
    if (rank < 1 || rank > barCount() || std::abs(key - rank) > 0.5) return -1;
    return rank - 1;
}

void ContributionsView::showToolTipAt(QMouseEvent* event)
{
    const int index = rankIndexAt(event->position());
    if (index < 0) {
        QToolTip::hideText();
        return;
    }
    QString text = tr("<b>Neuron %1</b><br>rank %2 of %3<br>%4: %5")
                       .arg(m_rankedNeurons[size_t(index)])
                       .arg(index + 1)
                       .arg(barCount())
                       .arg(kindName().toHtmlEscaped())
                       .arg(m_rankedValues[size_t(index)], 0, 'g', 5);
    if (size_t(index) < m_rankedIntervals.size())
        text += tr("<br>95% interval: %1 \u2013 %2")
                    .arg(m_rankedIntervals[size_t(index)].first, 0, 'g', 4)
                    .arg(m_rankedIntervals[size_t(index)].second, 0, 'g', 4);
    QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

void ContributionsView::onMouseRelease(QMouseEvent* event)
{
    // A drag pans the axis; only a click (little movement) selects.
    if (event->button() != Qt::LeftButton || (event->pos() - m_pressPos).manhattanLength() > 4) return;
    const int index = rankIndexAt(event->position());
    if (index >= 0) selectRankIndex(index);
}

void ContributionsView::selectRankIndex(int rankIndex)
{
    if (rankIndex < 0 || rankIndex >= barCount()) return;
    setSelectedNeuron(m_rankedNeurons[size_t(rankIndex)]);
    Q_EMIT neuronSelected(m_selectedNeuron);
}

QString ContributionsView::exportName() const
{
    QString name = QStringLiteral("contributions");
    if (m_scores && !m_scores->conceptName.empty()) name += QLatin1Char('_') + QString::fromStdString(m_scores->conceptName);
    if (m_scores && !m_scores->layer.empty()) name += QLatin1Char('_') + QString::fromStdString(m_scores->layer);
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    return name;
}

Status ContributionsView::exportFigure(const QString& path, const FigureExportOptions& options) const
{
    if (!hasExportableContent()) return Error::badInput("the contributions view has nothing to export yet");
    return exportPlot(*m_plot, path, options);
}

Status ContributionsView::exportData(const QString& path) const
{
    if (!hasExportableContent()) return Error::badInput("the contributions view has nothing to export yet");
    // Rows in the order shown; every score kind as a column.
    const std::vector<size_t>& indexByRank = m_rankedIndices;

    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv")) {
        QStringList header{QStringLiteral("rank"), QStringLiteral("neuron")};
        for (int s : m_validSeries) {
            const auto& series = m_scores->scores[size_t(s)];
            header << csvField(QString::fromStdString(series.kind));
            if (series.hasInterval())
                header << csvField(QString::fromStdString(series.kind + " ci95_low"))
                       << csvField(QString::fromStdString(series.kind + " ci95_high"));
        }
        QString text = header.join(QLatin1Char(',')) + QLatin1Char('\n');
        for (size_t r = 0; r < indexByRank.size(); ++r) {
            QStringList row{QString::number(r + 1), QString::number(m_rankedNeurons[r])};
            for (int s : m_validSeries) {
                const auto& series = m_scores->scores[size_t(s)];
                const size_t i = indexByRank[r];
                row << QString::number(double(series.values[i]), 'g', 9);
                if (series.hasInterval())
                    row << QString::number(double(series.low[i]), 'g', 9) << QString::number(double(series.high[i]), 'g', 9);
            }
            text += row.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
        return writeFile(path, text.toUtf8());
    }
    if (suffix == QLatin1String("json")) {
        QJsonArray neurons;
        for (size_t r = 0; r < indexByRank.size(); ++r) {
            QJsonObject scores;
            for (int s : m_validSeries)
                scores.insert(QString::fromStdString(m_scores->scores[size_t(s)].kind),
                              double(m_scores->scores[size_t(s)].values[indexByRank[r]]));
            neurons.append(QJsonObject{{QStringLiteral("rank"), int(r + 1)},
                                       {QStringLiteral("neuron"), m_rankedNeurons[r]},
                                       {QStringLiteral("scores"), scores}});
        }
        const QJsonObject root{{QStringLiteral("concept"), QString::fromStdString(m_scores->conceptName)},
                               {QStringLiteral("wnid"), QString::fromStdString(m_scores->conceptId)},
                               {QStringLiteral("layer"), QString::fromStdString(m_scores->layer)},
                               {QStringLiteral("ranked_by"), kindName()},
                               {QStringLiteral("top_k"), m_topK},
                               {QStringLiteral("neurons"), neurons}};
        return writeFile(path, QJsonDocument(root).toJson(QJsonDocument::Indented));
    }
    return Error::badInput("unknown data format '." + suffix.toStdString() + "' of " + path.toStdString() +
                           " (use .csv or .json)");
}

}  // namespace hint::widgets
