// ConceptFilterModel: instant search over a ConceptTreeModel by name, synonym or wnid. Recursive:
// a match keeps its ancestors visible so it stays in its place in the hierarchy, and its subtree.
#pragma once

#include <QSortFilterProxyModel>

namespace hint::widgets {

class ConceptFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit ConceptFilterModel(QObject* parent = nullptr);

    // Case-insensitive substring of the name, a synonym or the wnid; underscores match spaces.
    void setQuery(const QString& query);
    const QString& query() const { return m_query; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_query;
};

}  // namespace hint::widgets
