// PNG/SVG/PDF export of figures: QCustomPlots and views that paint themselves.
#include "plot_export.h"

#include <qcustomplot.h>

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QImage>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cmath>

namespace hint::widgets {

namespace {

constexpr double kScreenDpi = 96.0;

struct Layout {
    int logicalWidth;
    int logicalHeight;
    double scale;
};

Layout layoutFor(const FigureExportOptions& options)
{
    const double scale = options.dpi / kScreenDpi;
    // Rounded up: the scaled drawing then covers every requested pixel (the last one may be clipped).
    return {int(std::ceil(options.pixelSize.width() / scale)), int(std::ceil(options.pixelSize.height() / scale)),
            scale};
}

Status exportPng(const FigureDrawer& draw, const QString& path, const FigureExportOptions& options)
{
    const Layout layout = layoutFor(options);
    QImage image(options.pixelSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QCPPainter painter(&image);
        if (!painter.isActive()) return Error::runtime("cannot paint a " + std::to_string(image.width()) + "x" +
                                                       std::to_string(image.height()) + " image");
        painter.setMode(QCPPainter::pmNoCaching);
        painter.setMode(QCPPainter::pmNonCosmetic, layout.scale > 1.0);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(layout.scale, layout.scale);
        draw(painter, QSize(layout.logicalWidth, layout.logicalHeight));
    }
    const int dotsPerMeter = int(std::lround(options.dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    if (!image.save(path, "PNG")) return Error::runtime("cannot write " + path.toStdString());
    return {};
}

// QSvgGenerator states width and height in mm, which viewers turn back into pixels at their own DPI
// (750 instead of 800 at 90 dpi). Pixels are what was asked for: say so in the <svg> element.
Status setSvgPixelSize(const QString& path, const QSize& size)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) return Error::runtime("cannot read back " + path.toStdString());
    QString text = QString::fromUtf8(in.readAll());
    in.close();
    static const QRegularExpression dims(QStringLiteral("<svg([^>]*?)width=\"[^\"]*\"\\s+height=\"[^\"]*\""));
    const QString replacement =
        QStringLiteral("<svg\\1width=\"%1px\" height=\"%2px\"").arg(size.width()).arg(size.height());
    if (!dims.match(text).hasMatch()) return Error::runtime("unexpected SVG header in " + path.toStdString());
    text.replace(dims, replacement);
    QSaveFile out(path);
    const QByteArray bytes = text.toUtf8();
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Error::runtime("cannot write " + path.toStdString());
    return {};
}

Status exportSvg(const FigureDrawer& draw, const QString& path, const FigureExportOptions& options)
{
    const Layout layout = layoutFor(options);
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(options.pixelSize);
    generator.setViewBox(QRect(QPoint(0, 0), options.pixelSize));
    generator.setResolution(int(kScreenDpi));  // fonts laid out as on screen, then scaled as in the PNG
    generator.setTitle(QFileInfo(path).completeBaseName());
    generator.setDescription(QStringLiteral("HINT Explorer figure"));
    QCPPainter painter;
    if (!painter.begin(&generator)) return Error::runtime("cannot write " + path.toStdString());
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setMode(QCPPainter::pmNonCosmetic);
    painter.scale(layout.scale, layout.scale);
    draw(painter, QSize(layout.logicalWidth, layout.logicalHeight));
    painter.end();
    return setSvgPixelSize(path, options.pixelSize);
}

Status exportPdf(const FigureDrawer& draw, const QString& path, const FigureExportOptions& options)
{
    const Layout layout = layoutFor(options);
    QPdfWriter writer(path);
    // Page = pixels / dpi inches; drawing at 96 dpi device units over that page gives the same layout
    // as the PNG, in vectors.
    const QSizeF points(options.pixelSize.width() / options.dpi * 72.0, options.pixelSize.height() / options.dpi * 72.0);
    writer.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(int(kScreenDpi));
    writer.setCreator(QStringLiteral("HINT Explorer"));
    writer.setTitle(QFileInfo(path).completeBaseName());
    QCPPainter painter;
    if (!painter.begin(&writer)) return Error::runtime("cannot write " + path.toStdString());
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setMode(QCPPainter::pmNonCosmetic);
    draw(painter, QSize(layout.logicalWidth, layout.logicalHeight));
    painter.end();
    return {};
}

}  // namespace

Status exportDrawing(const QString& path, const FigureExportOptions& options, const FigureDrawer& draw)
{
    if (options.pixelSize.width() < 16 || options.pixelSize.height() < 16 || options.pixelSize.width() > 20000 ||
        options.pixelSize.height() > 20000)
        return Error::badInput("figure size must be 16..20000 pixels a side, got " +
                               std::to_string(options.pixelSize.width()) + "x" +
                               std::to_string(options.pixelSize.height()));
    if (options.dpi < 36.0 || options.dpi > 2400.0)
        return Error::badInput("DPI must be 36..2400, got " + std::to_string(options.dpi));
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) return exportPng(draw, path, options);
    if (suffix == QLatin1String("svg")) return exportSvg(draw, path, options);
    if (suffix == QLatin1String("pdf")) return exportPdf(draw, path, options);
    return Error::badInput("unknown figure format '." + suffix.toStdString() + "' of " + path.toStdString() +
                           " (use .png, .svg or .pdf)");
}

Status exportPlot(QCustomPlot& plot, const QString& path, const FigureExportOptions& options)
{
    return exportDrawing(path, options,
                         [&plot](QCPPainter& painter, const QSize& size) { plot.toPainter(&painter, size.width(), size.height()); });
}

}  // namespace hint::widgets
