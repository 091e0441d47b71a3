// RunPanel: the Run dock. Model (architecture, weights file or a detected checkpoint), tap layer
// (with output shapes, computed in a job), saliency method, threshold, images per leaf, classifier,
// Shapley method and seed, with METHOD.md's defaults.
#pragma once

#include "run_parameters.h"

#include <QString>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace hint::bridge {
class JobRunner;
}

namespace hint::gui {

class RunPanel : public QWidget {
    Q_OBJECT

public:
    explicit RunPanel(bridge::JobRunner* runner, QWidget* parent = nullptr);

    RunParameters parameters() const;
    // Shows a project's parameters (the architecture's tap list follows from a job).
    void setParameters(const RunParameters& parameters);
    void setArchitecture(const QString& arch);
    // Selects the tap, now or when the architecture's tap list arrives.
    void setTap(const QString& tap);
    // Adds the file to the weights list (once) and selects it; an empty path selects "none".
    void setWeights(const QString& path);
    // Scans ~/.cache/torch/hub/checkpoints and the Hugging Face cache in a job.
    void detectCheckpoints();
    void resetToDefaults();
    // The Run button: enabled with a project and no run going; `why` is its tooltip.
    void setRunAvailable(bool available, const QString& why);
    // What a run of the project would compute and cost (pipeline::RunEstimate, from the results listing);
    // empty hides it.
    void setEstimate(const QString& text);
    QLabel* estimateLabel() const { return m_estimate; }

    QComboBox* architectureCombo() const { return m_arch; }
    QTreeWidget* tapList() const { return m_taps; }
    QPushButton* runButton() const { return m_run; }

Q_SIGNALS:
    void runRequested(const hint::gui::RunParameters& parameters);
    void tapChanged(const QString& tap);

private:
    void onArchitectureChanged();
    void browseWeights();
    void addWeightsItem(const QString& path, bool select);
    bool selectTap(const QString& tap);  // false when the list does not have it (yet)

    bridge::JobRunner* m_runner;
    QComboBox* m_arch = nullptr;
    QComboBox* m_weights = nullptr;
    QTreeWidget* m_taps = nullptr;
    QLabel* m_tapStatus = nullptr;
    QComboBox* m_saliency = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QSpinBox* m_imagesPerLeaf = nullptr;
    QComboBox* m_classifier = nullptr;
    QComboBox* m_shapley = nullptr;
    QComboBox* m_precision = nullptr;
    QSpinBox* m_seed = nullptr;
    QPushButton* m_run = nullptr;
    QLabel* m_estimate = nullptr;
    QString m_pendingTap;  // asked for before the tap list arrived
};

}  // namespace hint::gui
