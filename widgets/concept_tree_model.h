// ConceptTreeModel: the WordNet concept DAG as a Qt item tree. A concept with several parents appears
// under each of them (one tree item per path from the root) and is marked as such. Columns: name,
// wnid, leaf classes, images, the status badge of the stored results and their best held-out F1.
#pragma once

#include "concept_status.h"

#include <QAbstractItemModel>
#include <QIcon>

#include <memory>
#include <vector>

namespace hint::hierarchy {
class ConceptGraph;
}

namespace hint::widgets {

class ConceptTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { NameColumn, WnidColumn, LeavesColumn, ImagesColumn, StatusColumn, F1Column, ColumnCount };
    enum Role {
        ConceptIndexRole = Qt::UserRole + 1,  // int: index into ConceptGraph::concepts()
        MultiParentRole,                      // bool: the concept has several parents
        SearchTextRole,                       // QString: see searchText()
        StatusRole,                           // int: ConceptStatus::State
        BestF1Role,                           // double, invalid when no classifier is stored
    };

    explicit ConceptTreeModel(QObject* parent = nullptr);

    // Null clears the model.
    void setGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph);
    const std::shared_ptr<const hierarchy::ConceptGraph>& graph() const { return m_graph; }

    // Per concept index (shorter or empty: the rest Unstudied). Only the two status columns change.
    void setStatuses(std::vector<ConceptStatus> statuses);
    const ConceptStatus& status(int conceptIndex) const;

    // Every item showing the concept (several for a multi-parent concept, or a descendant of one).
    QModelIndexList indexesOf(int conceptIndex) const;
    int conceptAt(const QModelIndex& index) const;  // -1 for an invalid index
    int itemCount() const { return int(m_nodes.size()); }
    // Lower-case name, synonyms and wnid joined by '|', underscores as spaces.
    const QString& searchText(int conceptIndex) const { return m_searchText.at(size_t(conceptIndex)); }

    QModelIndex index(int row, int column, const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        int concept = -1;
        int parent = -1;  // node index, -1 under the invisible root
        int row = 0;      // position among the parent's children
        std::vector<int> children;
    };
    void build();
    int addNode(int concept, int parentNode, int row, int depth);
    const Node* nodeOf(const QModelIndex& index) const;
    QVariant statusData(const ConceptStatus& status, int column, int role) const;

    std::shared_ptr<const hierarchy::ConceptGraph> m_graph;
    std::vector<Node> m_nodes;
    std::vector<int> m_topNodes;
    std::vector<QString> m_searchText;  // per concept
    std::vector<ConceptStatus> m_statuses;  // per concept
    QIcon m_multiParentIcon;
    QIcon m_stateIcons[3];  // None, Partly, Stored
};

}  // namespace hint::widgets
