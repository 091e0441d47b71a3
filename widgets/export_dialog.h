// ExportDialog: File > Export view. Picks a file (figure: PNG/SVG/PDF, data: CSV/JSON), the pixel
// size and DPI (with paper presets), and writes it through the view's ExportableView interface.
#pragma once

#include "exportable_view.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace hint::widgets {

class ExportDialog : public QDialog {
    Q_OBJECT

public:
    ExportDialog(const ExportableView& view, QWidget* parent = nullptr);

    QString path() const;
    FigureExportOptions options() const;
    void setPath(const QString& path);
    void setOptions(const FigureExportOptions& options);

    // Writes the file; false (and a message box) on error.
    bool exportNow();

    void accept() override;

private:
    void browse();
    void applyPreset(int index);
    void updateSizeNote();
    bool isFigurePath() const;

    const ExportableView& m_view;
    QLineEdit* m_path = nullptr;
    QComboBox* m_preset = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    QDoubleSpinBox* m_dpi = nullptr;
    QLabel* m_sizeNote = nullptr;
};

}  // namespace hint::widgets
