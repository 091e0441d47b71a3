// ContributionsView: the "Neuron contributions" view. Bars of one score per neuron for a concept,
// sorted descending, the top k highlighted, a score switch, tooltips, horizontal zoom, and a click
// on a bar selects that neuron. Exports its figure and its data.
#pragma once

#include "exportable_view.h"
#include "neuron_scores.h"

#include <QColor>
#include <QWidget>

#include <memory>
#include <utility>
#include <vector>

class QCustomPlot;
class QCPBars;
class QCPErrorBars;
class QCPGraph;
class QCPTextElement;
class QComboBox;
class QLabel;
class QMouseEvent;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace hint::widgets {

class ContributionsView : public QWidget, public ExportableView {
    Q_OBJECT

public:
    explicit ContributionsView(QWidget* parent = nullptr);

    // Null clears the view. Series whose length differs from neuronIds are left out of the switch.
    void setScores(std::shared_ptr<const NeuronScores> scores);
    const std::shared_ptr<const NeuronScores>& scores() const { return m_scores; }

    int scoreKind() const { return m_kind; }
    void setScoreKind(int index);
    int topK() const { return m_topK; }
    void setTopK(int k);
    int selectedNeuron() const { return m_selectedNeuron; }  // -1 when none
    void setSelectedNeuron(int neuronId);

    // What is drawn: neuron ids and values from the highest score down.
    int barCount() const { return int(m_rankedNeurons.size()); }
    const std::vector<int>& rankedNeurons() const { return m_rankedNeurons; }
    const std::vector<double>& rankedValues() const { return m_rankedValues; }
    // The shown score's 95% interval per bar (low, high), in ranked order; empty when the score is exact.
    const std::vector<std::pair<double, double>>& rankedIntervals() const { return m_rankedIntervals; }
    QColor barColor(int rankIndex) const;      // rankIndex 0 = the highest score
    QPoint barCenter(int rankIndex) const;     // in plot() coordinates
    QCustomPlot* plot() const { return m_plot; }

    static QColor topColor();
    static QColor otherColor();

    QString exportName() const override;
    bool hasExportableContent() const override { return !m_rankedNeurons.empty(); }
    Status exportFigure(const QString& path, const FigureExportOptions& options) const override;
    Status exportData(const QString& path) const override;

Q_SIGNALS:
    void neuronSelected(int neuronId);

private:
    void buildPlot();
    void rank();
    void redraw();
    void drawIntervals();
    void fillTopTable();
    void resetRange();
    int rankIndexAt(const QPointF& pos) const;
    void showToolTipAt(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);
    void selectRankIndex(int rankIndex);
    QString kindName() const;
    QString titleText() const;

    std::shared_ptr<const NeuronScores> m_scores;
    std::vector<int> m_validSeries;  // indices into m_scores->scores offered in the switch
    int m_kind = 0;                  // index into m_validSeries
    int m_topK = 10;
    int m_selectedNeuron = -1;
    std::vector<int> m_rankedNeurons;
    std::vector<double> m_rankedValues;
    std::vector<std::pair<double, double>> m_rankedIntervals;
    std::vector<size_t> m_rankedIndices;  // positions in m_scores->neuronIds, in ranked order

    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QComboBox* m_kindCombo = nullptr;
    QSpinBox* m_topKSpin = nullptr;
    QTableWidget* m_topTable = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QCPBars* m_topBars = nullptr;
    QCPBars* m_otherBars = nullptr;
    QCPBars* m_selectedBar = nullptr;
    QCPGraph* m_intervalAnchor = nullptr;  // invisible points at the bar tops, carrying the error bars
    QCPErrorBars* m_intervals = nullptr;
    QPoint m_pressPos;
};

}  // namespace hint::widgets
