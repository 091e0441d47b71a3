// ExportableView: what every view offers to File > Export view: its figure as PNG/SVG/PDF at a chosen
// pixel size and DPI, and the data behind it.
#pragma once

#include "common/result.h"

#include <QSize>
#include <QString>
#include <QStringList>

namespace hint::widgets {

struct FigureExportOptions {
    QSize pixelSize{2400, 1500};
    double dpi = 300.0;  // fixes the physical size (PDF page, PNG metadata) and so the text size
};

class ExportableView {
public:
    virtual ~ExportableView() = default;
    // A default file name stem, e.g. "contributions_dog_features.30".
    virtual QString exportName() const = 0;
    virtual bool hasExportableContent() const = 0;
    // Format from the suffix: .png, .svg or .pdf.
    virtual Status exportFigure(const QString& path, const FigureExportOptions& options) const = 0;
    virtual QStringList dataFormats() const { return {QStringLiteral("csv"), QStringLiteral("json")}; }
    // Format from the suffix, one of dataFormats().
    virtual Status exportData(const QString& path) const = 0;
};

}  // namespace hint::widgets
