// ConceptBrowser: the concept browser dock's content. A search field over the WordNet concept tree
// (ConceptTreeModel + ConceptFilterModel), multi-select, "select siblings", and a context menu.
#pragma once

#include <QList>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QTreeView;

namespace hint::hierarchy {
class ConceptGraph;
}

namespace hint::widgets {

class ConceptFilterModel;
class ConceptTreeModel;

class ConceptBrowser : public QWidget {
    Q_OBJECT

public:
    explicit ConceptBrowser(QWidget* parent = nullptr);

    void setGraph(std::shared_ptr<const hierarchy::ConceptGraph> graph);
    // Shown instead of the tree while there is no graph ("Loading WordNet...", an error).
    void setStatusText(const QString& text);

    QList<int> selectedConcepts() const;  // concept indices, unique
    void selectConcept(int conceptIndex);
    void selectSiblings();

    QLineEdit* searchField() const { return m_search; }
    QTreeView* view() const { return m_view; }
    ConceptTreeModel* treeModel() const { return m_model; }
    ConceptFilterModel* filterModel() const { return m_filter; }

Q_SIGNALS:
    void currentConceptChanged(int conceptIndex);
    void selectedConceptsChanged(const QList<int>& conceptIndices);

private:
    void applySearch(const QString& text);
    void showContextMenu(const QPoint& pos);

    ConceptTreeModel* m_model = nullptr;
    ConceptFilterModel* m_filter = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_status = nullptr;
    QTreeView* m_view = nullptr;
};

}  // namespace hint::widgets
