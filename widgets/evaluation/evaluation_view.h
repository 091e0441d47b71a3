// EvaluationView: the "Evaluation" view (GUI.md, view 6). For the selected concept at the current
// layer, per data set: the localization metrics of the concept classifier beside the baselines (a
// grouped bar chart and a table with the same numbers), the per-image IoU histogram, the neuron
// ablation and the best and worst localized images; activating one of those asks for it in the
// Concept maps view. Exports its figure and its data.
#pragma once

#include "evaluation_figure.h"
#include "exportable_view.h"
#include "localization_results.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QStackedWidget;
class QTableWidget;

namespace hint::widgets {

class FigureCanvas;

class EvaluationView : public QWidget, public ExportableView {
    Q_OBJECT

public:
    explicit EvaluationView(QWidget* parent = nullptr);

    // One result per data set (readLocalizationResults, with datasetName filled in); null entries are
    // skipped, and none left clears the view to its placeholder.
    void setResults(std::vector<std::shared_ptr<const LocalizationResults>> perDataset);
    void clear() { setResults({}); }
    void setPlaceholderText(const QString& text);

    int datasetCount() const { return int(m_results.size()); }
    int currentDataset() const { return m_current; }
    void setCurrentDataset(int index);
    // The shown data set's result and what the figure draws from it; null when the view is empty.
    std::shared_ptr<const LocalizationResults> currentResults() const;
    const EvaluationFigure* figure() const { return m_figure ? &*m_figure : nullptr; }

    QTableWidget* metricsTable() const { return m_table; }
    QListWidget* bestList() const { return m_best; }
    QListWidget* worstList() const { return m_worst; }
    FigureCanvas* canvas() const { return m_canvas; }
    void paintFigure(QPainter& painter, const QSize& size) const;

    QString exportName() const override;
    bool hasExportableContent() const override { return m_figure.has_value(); }
    Status exportFigure(const QString& path, const FigureExportOptions& options) const override;
    Status exportData(const QString& path) const override;

Q_SIGNALS:
    void imageActivated(const QString& imagePath);

private:
    void showDataset(int index);
    void fillTable();
    void fillList(QListWidget* list, const std::vector<RankedImage>& images);
    void showToolTipAt(const QPoint& pos);
    Status exportCsv(const QString& path) const;
    Status exportJson(const QString& path) const;

    std::vector<std::shared_ptr<const LocalizationResults>> m_results;
    int m_current = -1;
    std::optional<EvaluationFigure> m_figure;

    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QLabel* m_datasetLabel = nullptr;
    QComboBox* m_datasetCombo = nullptr;
    FigureCanvas* m_canvas = nullptr;
    QTableWidget* m_table = nullptr;
    QListWidget* m_best = nullptr;
    QListWidget* m_worst = nullptr;
};

}  // namespace hint::widgets
