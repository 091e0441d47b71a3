// AssociationsView: the concept <-> neuron diagram, the Phi matrix and the association lists (GUI.md view 4).
#include "associations/associations_view.h"

#include "data_export.h"
#include "figure_canvas.h"
#include "plot_export.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace hint::widgets {

namespace {

QTableWidget* makeTable(const QStringList& headers, QWidget* parent)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QTableWidgetItem* item(const QString& text, const QVariant& data = {})
{
    auto* cell = new QTableWidgetItem(text);
    if (data.isValid()) cell->setData(Qt::UserRole, data);
    return cell;
}

QString percent(double share)
{
    return QString::number(100.0 * share, 'f', 1) + QLatin1Char('%');
}

}  // namespace

AssociationsView::AssociationsView(QWidget* parent) : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    auto* controls = new QHBoxLayout;
    m_topKSpin = new QSpinBox(this);
    m_topKSpin->setRange(1, 50);
    m_topKSpin->setValue(m_options.topK);
    m_topKSpin->setToolTip(tr("Neurons linked to each concept: its k highest mean |phi| (Phi)"));
    auto* topKLabel = new QLabel(tr("&Top k:"), this);
    topKLabel->setBuddy(m_topKSpin);
    m_scopeCombo = new QComboBox(this);
    m_scopeCombo->addItems({tr("Subtree"), tr("Selection only")});
    m_scopeCombo->setToolTip(tr("Show each selected concept with every concept under it, or the selected concepts only"));
    m_multimodalSpin = new QSpinBox(this);
    m_multimodalSpin->setRange(2, 50);
    m_multimodalSpin->setValue(2);
    m_multimodalSpin->setToolTip(tr("A neuron is multimodal when it is in the top-k of at least this many concepts of the layer"));
    auto* multimodalLabel = new QLabel(tr("&Multimodal: in at least"), this);
    multimodalLabel->setBuddy(m_multimodalSpin);
    controls->addWidget(topKLabel);
    controls->addWidget(m_topKSpin);
    controls->addSpacing(12);
    controls->addWidget(m_scopeCombo);
    controls->addSpacing(12);
    controls->addWidget(multimodalLabel);
    controls->addWidget(m_multimodalSpin);
    controls->addWidget(new QLabel(tr("concepts"), this));
    controls->addStretch(1);
    outer->addLayout(controls);

    m_stack = new QStackedWidget(this);
    m_placeholder = makePlaceholderLabel(m_stack);
    setPlaceholderText(tr("<p style='font-size:13pt'>No neuron scores yet</p>"
                          "<p>Run the Shapley step for some concepts of this layer, then select a concept to see "
                          "its neurons and those of its subtree.</p>"));
    // The figure above, the two lists side by side below it: beside the figure they took half the
    // width of the default window and squeezed the diagram's labels.
    auto* splitter = new QSplitter(Qt::Vertical, m_stack);
    m_canvas = new FigureCanvas([this](QPainter& painter, const QSize& size) { paintFigure(painter, size); }, splitter);
    m_canvas->installEventFilter(this);
    m_canvas->setMinimumHeight(240);
    auto* lists = new QWidget(splitter);
    auto* listsLayout = new QHBoxLayout(lists);
    listsLayout->setContentsMargins(0, 0, 0, 0);
    const auto addList = [lists, listsLayout](QLabel* label, QTableWidget* table, int stretch) {
        auto* column = new QVBoxLayout;
        column->addWidget(label);
        column->addWidget(table, 1);
        listsLayout->addLayout(column, stretch);
        table->setMinimumWidth(lists->fontMetrics().averageCharWidth() * 24);
    };
    m_collaborativeLabel = new QLabel(tr("Collaborative neurons"), lists);
    m_collaborativeLabel->setToolTip(tr("How many of the strongest neurons hold half of the concept's total Phi, "
                                        "and the share its top-k hold"));
    m_collaborativeTable = makeTable({tr("Concept"), tr("To half"), tr("Top-k share")}, lists);
    m_multimodalLabel = new QLabel(tr("Multimodal neurons"), lists);
    m_multimodalTable = makeTable({tr("Neuron"), tr("Concepts"), tr("Shared by (strongest first)")}, lists);
    addList(m_collaborativeLabel, m_collaborativeTable, 2);
    addList(m_multimodalLabel, m_multimodalTable, 3);
    splitter->addWidget(m_canvas);
    splitter->addWidget(lists);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(splitter);
    outer->addWidget(m_stack, 1);

    connect(m_topKSpin, qOverload<int>(&QSpinBox::valueChanged), this, [this](int k) {
        m_options.topK = k;
        rebuildMultimodal();
        rebuild();
    });
    connect(m_scopeCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        m_options.subtree = index == 0;
        rebuild();
    });
    connect(m_multimodalSpin, qOverload<int>(&QSpinBox::valueChanged), this, [this] { rebuildMultimodal(); });
    connect(m_canvas, &FigureCanvas::mouseMovedTo, this, &AssociationsView::hoverAt);
    connect(m_canvas, &FigureCanvas::clickedAt, this, &AssociationsView::clickAt);
    connect(m_collaborativeTable, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (auto* cell = m_collaborativeTable->item(row, 0)) Q_EMIT conceptClicked(cell->data(Qt::UserRole).toString());
    });
    connect(m_multimodalTable, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (auto* cell = m_multimodalTable->item(row, 0)) {
            const int neuron = cell->data(Qt::UserRole).toInt();
            setSelectedNeuron(neuron);
            Q_EMIT neuronClicked(neuron);
        }
    });
    rebuild();
}

void AssociationsView::setPlaceholderText(const QString& text)
{
    m_placeholderText = text;
    m_placeholder->setText(text);
}

void AssociationsView::setResults(std::shared_ptr<const hierarchy::ConceptGraph> graph,
                                  std::vector<pipeline::StoredUnit> units, const QString& layer)
{
    m_graph = std::move(graph);
    m_layer = layer;
    m_units.clear();
    if (m_graph)
        for (auto& unit : units)
            if (!unit.scores.empty() && (layer.isEmpty() || unit.layer == layer.toStdString()))
                m_units.push_back(std::move(unit));
    rebuildMultimodal();
    rebuild();
}

void AssociationsView::setSelection(const QStringList& wnids)
{
    m_selection.clear();
    for (const QString& wnid : wnids) m_selection.push_back(wnid.toStdString());
    rebuild();
}

QStringList AssociationsView::selection() const
{
    QStringList wnids;
    for (const auto& wnid : m_selection) wnids << QString::fromStdString(wnid);
    return wnids;
}

void AssociationsView::setSelectedNeuron(int neuron)
{
    m_selectedNeuron = neuron;
    m_highlight.selectedNeuron = neuron >= 0 ? m_diagram.neuronNode(neuron) : -1;
    m_canvas->update();
}

void AssociationsView::setTopK(int k)
{
    m_topKSpin->setValue(k);  // rebuilds through valueChanged
}

int AssociationsView::topK() const
{
    return m_options.topK;
}

void AssociationsView::setSubtree(bool subtree)
{
    m_scopeCombo->setCurrentIndex(subtree ? 0 : 1);
}

bool AssociationsView::subtree() const
{
    return m_options.subtree;
}

void AssociationsView::setMultimodalMinimum(int m)
{
    m_multimodalSpin->setValue(m);
}

int AssociationsView::multimodalMinimum() const
{
    return m_multimodalSpin->value();
}

void AssociationsView::setMaxConcepts(int count)
{
    m_options.maxConcepts = std::max(1, count);
    rebuild();
}

bool AssociationsView::isShowingPlaceholder() const
{
    return m_stack->currentIndex() == 0;
}

void AssociationsView::rebuild()
{
    m_diagram = m_graph ? buildAssociationDiagram(*m_graph, m_units, m_selection, m_options) : AssociationDiagram{};
    m_highlight = {};
    m_highlight.selectedNeuron = m_selectedNeuron >= 0 ? m_diagram.neuronNode(m_selectedNeuron) : -1;
    m_stack->setCurrentIndex(m_diagram.empty() ? 0 : 1);
    // Scores exist but not for what is selected: say so rather than "no scores yet".
    m_placeholder->setText(m_units.empty() || !m_diagram.empty()
                               ? m_placeholderText
                               : tr("<p style='font-size:13pt'>No neuron scores for the selection</p>"
                                    "<p>None of the selected concepts%1 has stored scores at %2.</p>")
                                     .arg(m_options.subtree ? tr(" or their subtrees") : QString(), m_layer.toHtmlEscaped()));
    fillCollaborativeTable();
    m_canvas->update();
}

void AssociationsView::rebuildMultimodal()
{
    m_multimodal = layerMultimodalNeurons(m_units, m_options.topK, m_multimodalSpin->value());
    fillMultimodalTable();
}

void AssociationsView::fillCollaborativeTable()
{
    m_collaborativeTable->setRowCount(0);
    m_collaborativeTable->setRowCount(int(m_diagram.concepts.size()));
    m_collaborativeTable->setHorizontalHeaderItem(2, new QTableWidgetItem(tr("Top-%1 share").arg(m_options.topK)));
    for (size_t row = 0; row < m_diagram.concepts.size(); ++row) {
        const auto& concept = m_diagram.concepts[row];
        auto* name = item(QString::fromStdString(concept.name), QString::fromStdString(concept.wnid));
        name->setToolTip(QString::fromStdString(concept.wnid));
        QFont font = name->font();
        font.setBold(concept.selected);
        name->setFont(font);
        auto* half = item(tr("%1 of %2").arg(concept.mass.neuronsToHalf).arg(concept.mass.neurons));
        half->setToolTip(tr("The %1 strongest neurons hold half of the total Phi %2")
                             .arg(concept.mass.neuronsToHalf)
                             .arg(concept.mass.total, 0, 'g', 4));
        m_collaborativeTable->setItem(int(row), 0, name);
        m_collaborativeTable->setItem(int(row), 1, half);
        m_collaborativeTable->setItem(int(row), 2, item(percent(concept.mass.topShare)));
    }
    m_collaborativeTable->resizeColumnsToContents();
}

void AssociationsView::fillMultimodalTable()
{
    const int m = m_multimodalSpin->value();
    m_multimodalLabel->setText(tr("Multimodal neurons of %1: %n in the top-%2 of %3 or more concepts", nullptr,
                                  int(m_multimodal.size()))
                                   .arg(m_layer.isEmpty() ? tr("the layer") : m_layer)
                                   .arg(m_options.topK)
                                   .arg(m));
    m_multimodalTable->setRowCount(0);
    m_multimodalTable->setRowCount(int(m_multimodal.size()));
    for (size_t row = 0; row < m_multimodal.size(); ++row) {
        const auto& neuron = m_multimodal[row];
        QStringList names;
        QStringList details;
        for (size_t i = 0; i < neuron.names.size(); ++i) {
            names << QString::fromStdString(neuron.names[i]);
            details << tr("%1: Phi %2, rank %3")
                           .arg(QString::fromStdString(neuron.names[i]))
                           .arg(neuron.concepts[i].score, 0, 'g', 4)
                           .arg(neuron.concepts[i].rank);
        }
        auto* shared = item(names.join(QStringLiteral(", ")));
        shared->setToolTip(details.join(QLatin1Char('\n')));
        m_multimodalTable->setItem(int(row), 0, item(QString::number(neuron.neuron), neuron.neuron));
        m_multimodalTable->setItem(int(row), 1, item(QString::number(neuron.concepts.size())));
        m_multimodalTable->setItem(int(row), 2, shared);
    }
    m_multimodalTable->resizeColumnToContents(0);
    m_multimodalTable->resizeColumnToContents(1);
}

AssociationsLayout AssociationsView::currentLayout() const
{
    return layoutAssociations(m_diagram, m_canvas->size(), m_canvas->font());
}

QRectF AssociationsView::conceptRect(int row) const
{
    const AssociationsLayout layout = currentLayout();
    return row >= 0 && row < int(layout.conceptRects.size()) ? layout.conceptRects[size_t(row)] : QRectF();
}

QRectF AssociationsView::neuronRect(int node) const
{
    const AssociationsLayout layout = currentLayout();
    return node >= 0 && node < int(layout.neuronRects.size()) ? layout.neuronRects[size_t(node)] : QRectF();
}

void AssociationsView::paintFigure(QPainter& painter, const QSize& size) const
{
    paintAssociations(painter, size, m_diagram, m_highlight);
}

void AssociationsView::setHover(int concept, int neuron)
{
    if (m_highlight.hoveredConcept == concept && m_highlight.hoveredNeuron == neuron) return;
    m_highlight.hoveredConcept = concept;
    m_highlight.hoveredNeuron = neuron;
    m_canvas->update();
}

QString AssociationsView::toolTipFor(int concept, int neuron) const
{
    if (concept >= 0) {
        const auto& c = m_diagram.concepts[size_t(concept)];
        return tr("<b>%1</b> (%2)<br>top-%3 neurons hold %4 of its Phi; %5 neurons hold half")
            .arg(QString::fromStdString(c.name).toHtmlEscaped(), QString::fromStdString(c.wnid))
            .arg(m_diagram.topK)
            .arg(percent(c.mass.topShare))
            .arg(c.mass.neuronsToHalf);
    }
    const auto& node = m_diagram.neurons[size_t(neuron)];
    QString text = tr("<b>Neuron %1</b>, in the top-%2 of %n shown concept(s):", nullptr, node.conceptCount())
                       .arg(node.neuron)
                       .arg(m_diagram.topK);
    for (int link : node.links) {
        const auto& l = m_diagram.links[size_t(link)];
        text += tr("<br>%1: Phi %2 (rank %3)")
                    .arg(QString::fromStdString(m_diagram.concepts[size_t(l.concept)].name).toHtmlEscaped())
                    .arg(l.phi, 0, 'g', 4)
                    .arg(l.rank);
    }
    return text;
}

void AssociationsView::hoverAt(const QPoint& pos)
{
    const AssociationsLayout layout = currentLayout();
    int concept = -1, neuron = -1;
    for (size_t i = 0; i < layout.conceptRects.size() && concept < 0; ++i)
        if (layout.conceptRects[i].contains(pos)) concept = int(i);
    for (size_t j = 0; j < layout.neuronRects.size() && concept < 0 && neuron < 0; ++j)
        if (layout.neuronRects[j].contains(pos)) neuron = int(j);
    setHover(concept, neuron);
    if (concept >= 0 || neuron >= 0) QToolTip::showText(m_canvas->mapToGlobal(pos), toolTipFor(concept, neuron), m_canvas);
    else QToolTip::hideText();
}

void AssociationsView::clickAt(const QPoint& pos)
{
    const AssociationsLayout layout = currentLayout();
    for (size_t j = 0; j < layout.neuronRects.size(); ++j)
        if (layout.neuronRects[j].contains(pos)) {
            const int neuron = m_diagram.neurons[j].neuron;
            setSelectedNeuron(neuron);
            Q_EMIT neuronClicked(neuron);
            return;
        }
    for (size_t i = 0; i < layout.conceptRects.size(); ++i)
        if (layout.conceptRects[i].contains(pos)) {
            Q_EMIT conceptClicked(QString::fromStdString(m_diagram.concepts[i].wnid));
            return;
        }
}

bool AssociationsView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_canvas && event->type() == QEvent::Leave) setHover(-1, -1);
    return QWidget::eventFilter(watched, event);
}

QString AssociationsView::exportName() const
{
    QString name = QStringLiteral("associations");
    if (!m_diagram.empty()) {
        const auto& first = m_diagram.concepts.front();
        name += QLatin1Char('_') + QString::fromStdString(m_selection.empty() ? std::string("all") : first.name);
    }
    if (!m_layer.isEmpty()) name += QLatin1Char('_') + m_layer;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    return name;
}

Status AssociationsView::exportFigure(const QString& path, const FigureExportOptions& options) const
{
    if (!hasExportableContent()) return Error::badInput("the associations view has nothing to export yet");
    AssociationsHighlight highlight;  // the selected neuron, not the mouse's hover
    highlight.selectedNeuron = m_highlight.selectedNeuron;
    return exportDrawing(path, options, [this, highlight](QCPPainter& painter, const QSize& size) {
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        paintAssociations(painter, size, m_diagram, highlight);
    });
}

Status AssociationsView::exportData(const QString& path) const
{
    if (!hasExportableContent()) return Error::badInput("the associations view has nothing to export yet");
    const QString suffix = QFileInfo(path).suffix().toLower();
    const auto& d = m_diagram;
    if (suffix == QLatin1String("csv")) {
        // One row per matrix cell: the concept's Phi for every shown neuron and its top-k rank (empty outside).
        QString text = QStringLiteral("layer,concept,wnid,depth,neuron,phi,top_k_rank\n");
        for (size_t r = 0; r < d.concepts.size(); ++r)
            for (size_t c = 0; c < d.neurons.size(); ++c) {
                const int link = d.linkOf(int(r), int(c));
                text += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                            .arg(csvField(QString::fromStdString(d.layer)), csvField(QString::fromStdString(d.concepts[r].name)),
                                 QString::fromStdString(d.concepts[r].wnid))
                            .arg(d.concepts[r].depth)
                            .arg(d.neurons[c].neuron)
                            .arg(std::isfinite(d.cell(int(r), int(c))) ? QString::number(d.cell(int(r), int(c)), 'g', 9) : QString())
                            .arg(link >= 0 ? QString::number(d.links[size_t(link)].rank) : QString());
            }
        return writeFile(path, text.toUtf8());
    }
    if (suffix == QLatin1String("json")) {
        QJsonArray concepts;
        for (const auto& c : d.concepts) {
            QJsonArray top;
            for (const auto& t : c.top)
                top.append(QJsonObject{{QStringLiteral("neuron"), t.neuron}, {QStringLiteral("phi"), t.score}, {QStringLiteral("rank"), t.rank}});
            concepts.append(QJsonObject{{QStringLiteral("wnid"), QString::fromStdString(c.wnid)},
                                        {QStringLiteral("name"), QString::fromStdString(c.name)},
                                        {QStringLiteral("depth"), c.depth},
                                        {QStringLiteral("selected"), c.selected},
                                        {QStringLiteral("total_phi"), c.mass.total},
                                        {QStringLiteral("top_k_share"), c.mass.topShare},
                                        {QStringLiteral("neurons_to_half"), c.mass.neuronsToHalf},
                                        {QStringLiteral("top"), top}});
        }
        QJsonArray neurons;
        for (const auto& n : d.neurons) {
            QJsonArray wnids;
            for (int link : n.links) wnids.append(QString::fromStdString(d.concepts[size_t(d.links[size_t(link)].concept)].wnid));
            neurons.append(QJsonObject{{QStringLiteral("neuron"), n.neuron}, {QStringLiteral("concepts"), wnids}});
        }
        QJsonArray matrix;
        for (size_t r = 0; r < d.concepts.size(); ++r) {
            QJsonArray row;
            for (size_t c = 0; c < d.neurons.size(); ++c) row.append(d.cell(int(r), int(c)));  // NaN is written as null
            matrix.append(row);
        }
        QJsonArray multimodal;
        for (const auto& m : m_multimodal) {
            QJsonArray wnids;
            for (const auto& link : m.concepts) wnids.append(QString::fromStdString(link.concept));
            multimodal.append(QJsonObject{{QStringLiteral("neuron"), m.neuron}, {QStringLiteral("concepts"), wnids}});
        }
        return writeJson(path, QJsonObject{{QStringLiteral("layer"), QString::fromStdString(d.layer)},
                                           {QStringLiteral("top_k"), d.topK},
                                           {QStringLiteral("subtree"), m_options.subtree},
                                           {QStringLiteral("concepts_left_out"), d.conceptsLeftOut},
                                           {QStringLiteral("concepts_not_stored"), d.conceptsNotStored},
                                           {QStringLiteral("concepts"), concepts},
                                           {QStringLiteral("neurons"), neurons},
                                           {QStringLiteral("matrix"), matrix},
                                           {QStringLiteral("multimodal_min"), multimodalMinimum()},
                                           {QStringLiteral("multimodal"), multimodal}});
    }
    return Error::badInput("unknown data format '." + suffix.toStdString() + "' of " + path.toStdString() +
                           " (use .csv or .json)");
}

}  // namespace hint::widgets
