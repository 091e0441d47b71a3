// ConceptBrowser: the concept browser dock's content. A search field over the WordNet concept tree
// (ConceptTreeModel + ConceptFilterModel), multi-select, "select siblings", and a context menu whose
// "Run HINT" asks the owner to run the chosen concepts.
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
    int currentConcept() const;           // -1 when none
    void selectConcept(int conceptIndex);
    void selectSiblings();
    // The context menu's "Run HINT" action: enabled with a project and no run going; `why` its tooltip.
    void setRunAvailable(bool available, const QString& why);
    // The concepts "Run HINT" would run for a right-click on `conceptIndex`: the selection when it holds
    // that concept, else the concept alone.
    QList<int> runTargets(int conceptIndex) const;

    QLineEdit* searchField() const { return m_search; }
    QTreeView* view() const { return m_view; }
    ConceptTreeModel* treeModel() const { return m_model; }
    ConceptFilterModel* filterModel() const { return m_filter; }

Q_SIGNALS:
    void currentConceptChanged(int conceptIndex);
    void selectedConceptsChanged(const QList<int>& conceptIndices);
    void runRequested(const QList<int>& conceptIndices);

private:
    void applySearch(const QString& text);
    void showContextMenu(const QPoint& pos);

    ConceptTreeModel* m_model = nullptr;
    ConceptFilterModel* m_filter = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_status = nullptr;
    QTreeView* m_view = nullptr;
    bool m_runAvailable = false;
    QString m_runWhy;
};

}  // namespace hint::widgets
