// AssociationsView: the "Associations" view (GUI.md view 4). For the selected concepts (each with its
// subtree, or the selection only) at one layer: the bipartite concept -> top-k neuron diagram and the
// Phi matrix (one painting, associations_painter.h), beside them the concepts' collaborative mass and
// the layer's multimodal neurons. Hover highlights a node's links, a click selects a neuron or a
// concept. Exports its figure and its data.
#pragma once

#include "associations/association_diagram.h"
#include "associations/associations_painter.h"
#include "exportable_view.h"

#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace hint::widgets {

class FigureCanvas;

class AssociationsView : public QWidget, public ExportableView {
    Q_OBJECT

public:
    explicit AssociationsView(QWidget* parent = nullptr);

    // The stored results of one layer (units of other layers are ignored). A null graph clears the view.
    void setResults(std::shared_ptr<const hierarchy::ConceptGraph> graph, std::vector<pipeline::StoredUnit> units,
                    const QString& layer);
    // Concept wnids; each brings its subtree when subtree() is on. Empty: every concept with scores.
    void setSelection(const QStringList& wnids);
    QStringList selection() const;
    void setSelectedNeuron(int neuron);  // -1 for none
    int selectedNeuron() const { return m_selectedNeuron; }
    void setTopK(int k);
    int topK() const;
    void setSubtree(bool subtree);
    bool subtree() const;
    void setMultimodalMinimum(int m);
    int multimodalMinimum() const;
    void setMaxConcepts(int count);
    void setPlaceholderText(const QString& text);

    // What is drawn and listed.
    const AssociationDiagram& diagram() const { return m_diagram; }
    const std::vector<MultimodalNeuron>& multimodal() const { return m_multimodal; }
    const AssociationsHighlight& highlight() const { return m_highlight; }
    // Node rectangles in canvas() coordinates.
    QRectF conceptRect(int row) const;
    QRectF neuronRect(int node) const;
    FigureCanvas* canvas() const { return m_canvas; }
    QTableWidget* collaborativeTable() const { return m_collaborativeTable; }
    QTableWidget* multimodalTable() const { return m_multimodalTable; }
    bool isShowingPlaceholder() const;
    void paintFigure(QPainter& painter, const QSize& size) const;

    QString exportName() const override;
    bool hasExportableContent() const override { return !m_diagram.empty(); }
    Status exportFigure(const QString& path, const FigureExportOptions& options) const override;
    Status exportData(const QString& path) const override;

Q_SIGNALS:
    void neuronClicked(int neuron);
    void conceptClicked(const QString& wnid);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();
    void rebuildMultimodal();
    void fillCollaborativeTable();
    void fillMultimodalTable();
    void hoverAt(const QPoint& pos);
    void clickAt(const QPoint& pos);
    void setHover(int concept, int neuron);
    AssociationsLayout currentLayout() const;
    QString toolTipFor(int concept, int neuron) const;

    std::shared_ptr<const hierarchy::ConceptGraph> m_graph;
    std::vector<pipeline::StoredUnit> m_units;
    QString m_layer;
    std::vector<std::string> m_selection;
    AssociationOptions m_options;
    int m_selectedNeuron = -1;
    AssociationDiagram m_diagram;
    std::vector<MultimodalNeuron> m_multimodal;
    AssociationsHighlight m_highlight;

    QSpinBox* m_topKSpin = nullptr;
    QComboBox* m_scopeCombo = nullptr;
    QSpinBox* m_multimodalSpin = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QString m_placeholderText;
    FigureCanvas* m_canvas = nullptr;
    QLabel* m_collaborativeLabel = nullptr;
    QTableWidget* m_collaborativeTable = nullptr;
    QLabel* m_multimodalLabel = nullptr;
    QTableWidget* m_multimodalTable = nullptr;
};

}  // namespace hint::widgets
