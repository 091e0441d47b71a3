// ConceptTreeModel: item tree over the ConceptGraph DAG.
#include "concept_tree_model.h"

#include "hierarchy/concept_graph.h"

#include <QPainter>
#include <QPixmap>
#include <QStringList>

namespace hint::widgets {

namespace {

// WordNet noun paths are at most ~20 edges; deeper recursion means a cycle in bad input.
constexpr int kMaxDepth = 64;

// Two linked rings: "this concept is also elsewhere in the tree".
QIcon makeMultiParentIcon()
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(0x00, 0x72, 0xB2), 3.5));
    painter.drawEllipse(QRectF(3, 9, 16, 16));
    painter.drawEllipse(QRectF(13, 7, 16, 16));
    return QIcon(pixmap);
}

// A dot: hollow grey (nothing stored), half-filled orange (partly), filled green (stored).
QIcon makeStateIcon(ConceptStatus::State state)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF dot(6, 6, 20, 20);
    const QColor colour = state == ConceptStatus::State::Stored   ? QColor(0x00, 0x9E, 0x73)
                          : state == ConceptStatus::State::Partly ? QColor(0xE6, 0x9F, 0x00)
                                                                  : QColor(0x99, 0x99, 0x99);
    painter.setPen(QPen(colour, 3));
    if (state == ConceptStatus::State::Stored) painter.setBrush(colour);
    painter.drawEllipse(dot);
    if (state == ConceptStatus::State::Partly) {
        painter.setBrush(colour);
        painter.drawPie(dot, 90 * 16, 180 * 16);
    }
    return QIcon(pixmap);
}

}  // namespace

ConceptTreeModel::ConceptTreeModel(QObject* parent)
    : QAbstractItemModel(parent),
      m_multiParentIcon(makeMultiParentIcon()),
      m_stateIcons{makeStateIcon(ConceptStatus::State::None), makeStateIcon(ConceptStatus::State::Partly),
                   makeStateIcon(ConceptStatus::State::Stored)}
{
}

void ConceptTreeModel::setStatuses(std::vector<ConceptStatus> statuses)
{
    m_statuses = std::move(statuses);
    if (m_nodes.empty()) return;
    // Only the status columns change: one dataChanged per group of siblings keeps views and proxies cheap.
    if (!m_topNodes.empty())
        Q_EMIT dataChanged(index(0, StatusColumn), index(int(m_topNodes.size()) - 1, F1Column));
    for (size_t n = 0; n < m_nodes.size(); ++n) {
        const auto& children = m_nodes[n].children;
        if (children.empty()) continue;
        const QModelIndex parent = createIndex(m_nodes[n].row, 0, quintptr(n));
        Q_EMIT dataChanged(index(0, StatusColumn, parent), index(int(children.size()) - 1, F1Column, parent));
    }
}

const ConceptStatus& ConceptTreeModel::status(int conceptIndex) const
{
    static const ConceptStatus kUnstudied;
    return conceptIndex >= 0 && size_t(conceptIndex) < m_statuses.size() ? m_statuses[size_t(conceptIndex)] : kUnstudied;
}

QVariant ConceptTreeModel::statusData(const ConceptStatus& status, int column, int role) const
{
    using State = ConceptStatus::State;
    if (status.state == State::Unstudied) return {};
    switch (role) {
    case Qt::DisplayRole:
        if (column == F1Column && status.bestF1) return QString::number(*status.bestF1, 'f', 2);
        return {};
    case Qt::DecorationRole:
        if (column == StatusColumn) return m_stateIcons[int(status.state) - int(State::None)];
        return {};
    case Qt::ToolTipRole: {
        QStringList stored;
        if (status.extracted) stored << tr("feature maps");
        if (status.classifier) stored << tr("classifier");
        if (status.shapley) stored << tr("Shapley values");
        return stored.isEmpty() ? tr("Nothing stored yet: run HINT for it") : tr("Stored: %1").arg(stored.join(QStringLiteral(", ")));
    }
    case Qt::TextAlignmentRole: return int(Qt::AlignRight | Qt::AlignVCenter);
    default: return {};
    }
}

void ConceptTreeModel::setGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph)
{
    beginResetModel();
    m_graph = std::move(graph);
    m_statuses.clear();  // indexed by the old graph's concepts
    build();
    endResetModel();
}

void ConceptTreeModel::build()
{
    m_nodes.clear();
    m_topNodes.clear();
    m_searchText.clear();
    if (!m_graph) return;
    for (const auto& concept : m_graph->concepts()) {
        QStringList parts{QString::fromStdString(concept.name)};
        for (const auto& lemma : concept.lemmas) parts << QString::fromStdString(lemma);
        parts << QString::fromStdString(concept.wnid);
        QString text = parts.join(QLatin1Char('|')).toLower();
        text.replace(QLatin1Char('_'), QLatin1Char(' '));  // WordNet lemmas use underscores for spaces
        m_searchText.push_back(text);
    }
    const auto& roots = m_graph->roots();
    for (size_t r = 0; r < roots.size(); ++r) m_topNodes.push_back(addNode(roots[r], -1, int(r), 0));
}

int ConceptTreeModel::addNode(int concept, int parentNode, int row, int depth)
{
    const int nodeIndex = int(m_nodes.size());
    m_nodes.push_back(Node{concept, parentNode, row, {}});
    if (depth >= kMaxDepth) return nodeIndex;
    const auto& children = m_graph->at(concept).children;
    std::vector<int> childNodes;
    childNodes.reserve(children.size());
    for (size_t c = 0; c < children.size(); ++c) childNodes.push_back(addNode(children[c], nodeIndex, int(c), depth + 1));
    // m_nodes may have grown (reallocated) during recursion: index, do not hold references.
    m_nodes[size_t(nodeIndex)].children = std::move(childNodes);
    return nodeIndex;
}

const ConceptTreeModel::Node* ConceptTreeModel::nodeOf(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this) return nullptr;
    const auto node = size_t(index.internalId());
    return node < m_nodes.size() ? &m_nodes[node] : nullptr;
}

QModelIndexList ConceptTreeModel::indexesOf(int conceptIndex) const
{
    QModelIndexList list;
    for (size_t n = 0; n < m_nodes.size(); ++n)
        if (m_nodes[n].concept == conceptIndex) list << createIndex(m_nodes[n].row, 0, quintptr(n));
    return list;
}

int ConceptTreeModel::conceptAt(const QModelIndex& index) const
{
    const Node* node = nodeOf(index);
    return node ? node->concept : -1;
}

QModelIndex ConceptTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount) return {};
    const std::vector<int>* children = &m_topNodes;
    if (parent.isValid()) {
        const Node* node = nodeOf(parent);
        if (!node) return {};
        children = &node->children;
    }
    if (row >= int(children->size())) return {};
    return createIndex(row, column, quintptr((*children)[size_t(row)]));
}

QModelIndex ConceptTreeModel::parent(const QModelIndex& child) const
{
    const Node* node = nodeOf(child);
    if (!node || node->parent < 0) return {};
    return createIndex(m_nodes[size_t(node->parent)].row, 0, quintptr(node->parent));
}

int ConceptTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid()) return int(m_topNodes.size());
    if (parent.column() != 0) return 0;
    const Node* node = nodeOf(parent);
    return node ? int(node->children.size()) : 0;
}

int ConceptTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant ConceptTreeModel::data(const QModelIndex& index, int role) const
{
    const Node* node = nodeOf(index);
    if (!node) return {};
    const auto& concept = m_graph->at(node->concept);
    const bool multiParent = concept.parents.size() > 1;
    if (role == StatusRole) return int(status(node->concept).state);
    if (role == BestF1Role) return status(node->concept).bestF1 ? QVariant(*status(node->concept).bestF1) : QVariant();
    if (index.column() == StatusColumn || index.column() == F1Column) return statusData(status(node->concept), index.column(), role);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return QString::fromStdString(concept.name);
        case WnidColumn: return QString::fromStdString(concept.wnid);
        case LeavesColumn: return qlonglong(concept.leaves.size());
        case ImagesColumn: return qlonglong(concept.images);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= LeavesColumn) return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DecorationRole:
        if (index.column() == NameColumn && multiParent) return m_multiParentIcon;
        return {};
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b> (%2)").arg(QString::fromStdString(concept.name).toHtmlEscaped(),
                                                         QString::fromStdString(concept.wnid));
        if (concept.lemmas.size() > 1) {
            QStringList synonyms;
            for (size_t i = 1; i < concept.lemmas.size(); ++i) synonyms << QString::fromStdString(concept.lemmas[i]);
            tip += QStringLiteral("<br>") + tr("Synonyms: %1").arg(synonyms.join(QStringLiteral(", ")).toHtmlEscaped());
        }
        if (!concept.gloss.empty()) tip += QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(concept.gloss).toHtmlEscaped());
        if (multiParent) {
            QStringList parents;
            for (int p : concept.parents) parents << QString::fromStdString(m_graph->at(p).name);
            tip += QStringLiteral("<br>") + tr("Appears under %n parent(s): %1", nullptr, int(parents.size()))
                                                 .arg(parents.join(QStringLiteral(", ")).toHtmlEscaped());
        }
        if (concept.isClass()) tip += QStringLiteral("<br>") + tr("Class %1 of the data set").arg(concept.classIndex);
        return tip;
    }
    case ConceptIndexRole: return node->concept;
    case MultiParentRole: return multiParent;
    case SearchTextRole: return m_searchText[size_t(node->concept)];
    default: return {};
    }
}

QVariant ConceptTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn: return tr("Concept");
        case WnidColumn: return tr("WNID");
        case LeavesColumn: return tr("Leaves");
        case ImagesColumn: return tr("Images");
        case F1Column: return tr("F1");
        }
    }
    // The badge column is as narrow as its badges: a badge heads it, the tooltip names it.
    if (role == Qt::DecorationRole && section == StatusColumn) return m_stateIcons[int(ConceptStatus::State::Stored) - int(ConceptStatus::State::None)];
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case NameColumn: return tr("WordNet synset; linked rings mark a concept with several parents");
        case LeavesColumn: return tr("Classes of the data set under this concept");
        case ImagesColumn: return tr("Images of those classes in the data set");
        case StatusColumn: return tr("Results stored at the shown layer: all (green), some (orange), none (grey)");
        case F1Column: return tr("Best held-out F1 of the concept's classifiers at the shown layer");
        }
    }
    return {};
}

}  // namespace hint::widgets
