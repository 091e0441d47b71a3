// ConceptFilterModel: recursive name/synonym/wnid filter.
#include "concept_filter_model.h"

#include "concept_tree_model.h"

namespace hint::widgets {

ConceptFilterModel::ConceptFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setAutoAcceptChildRows(true);  // a matching concept shows what is under it
    setDynamicSortFilter(false);  // the tree does not change under a filter
}

void ConceptFilterModel::setQuery(const QString& query)
{
    QString normalized = query.trimmed().toLower();
    normalized.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (normalized == m_query) return;
    m_query = normalized;
    invalidateFilter();
}

bool ConceptFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_query.isEmpty()) return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(ConceptTreeModel::SearchTextRole).toString().contains(m_query);
}

}  // namespace hint::widgets
