// AdversarialView: the "Adversarial" view (GUI.md view 7). The user picks an image of the concept's
// extraction, an attack (FGSM or PGD), epsilon and PGD's steps, and clicks Run: the view emits
// attackRequested; whoever owns the project runs computeAdversarial in a job and hands the result to
// setResult. Shows clean vs attacked (AdversarialPainter) and exports its figure and data.
#pragma once

#include "adversarial_painter.h"
#include "adversarial_result.h"
#include "exportable_view.h"

#include <QMetaType>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace hint::widgets {

class FigureCanvas;

class AdversarialView : public QWidget, public ExportableView {
    Q_OBJECT

public:
    explicit AdversarialView(QWidget* parent = nullptr);

    // The images offered (extraction rows, in order), shown by file name.
    void setImageChoices(const QStringList& paths);
    // Null clears the figure.
    void setResult(std::shared_ptr<const AdversarialResult> result);
    const std::shared_ptr<const AdversarialResult>& result() const { return m_painter.result(); }
    // While a job runs: Run is disabled and the view says so; the last figure stays.
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    void setPlaceholderText(const QString& text);

    // The controls' values; setSettings emits nothing.
    AdversarialSettings settings() const;
    void setSettings(const AdversarialSettings& settings);
    bool showsPerturbation() const { return m_painter.options().showPerturbation; }
    void setShowPerturbation(bool shown);

    const AdversarialPainter& painter() const { return m_painter; }
    AdversarialDrawing paintFigure(QPainter& painter, const QSize& size) const;

    QString exportName() const override;
    bool hasExportableContent() const override { return result() != nullptr; }
    Status exportFigure(const QString& path, const FigureExportOptions& options) const override;
    Status exportData(const QString& path) const override;

Q_SIGNALS:
    void attackRequested(const hint::widgets::AdversarialSettings& settings);

private:
    void updateControls();

    AdversarialPainter m_painter;
    bool m_busy = false;
    QComboBox* m_imageCombo = nullptr;
    QComboBox* m_methodCombo = nullptr;
    QDoubleSpinBox* m_epsilonSpin = nullptr;
    QSpinBox* m_stepsSpin = nullptr;
    QCheckBox* m_perturbationBox = nullptr;
    QPushButton* m_runButton = nullptr;
    QLabel* m_status = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    FigureCanvas* m_canvas = nullptr;
};

}  // namespace hint::widgets

Q_DECLARE_METATYPE(hint::widgets::AdversarialSettings)
