// Figure export: PNG/SVG/PDF files of the requested size and DPI, with the plot drawn into them.
#include "contributions_view.h"
#include "plot_export.h"

#include <qcustomplot.h>

#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using hint::widgets::ContributionsView;
using hint::widgets::FigureExportOptions;
using hint::widgets::NeuronScores;

namespace {

std::shared_ptr<NeuronScores> makeScores()
{
    auto scores = std::make_shared<NeuronScores>();
    scores->conceptName = "cat";
    scores->scores = {{"Mean |phi|", {}, {}, {}}};
    for (int i = 0; i < 64; ++i) {
        scores->neuronIds.push_back(i);
        scores->scores[0].values.push_back(float(std::exp(-0.1 * i)));
    }
    return scores;
}

// Pixels close to the highlight colour: the top-k bars made it into the file.
int countTopColoured(const QImage& image)
{
    const QColor top = ContributionsView::topColor();
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - top.red()) < 12 && std::abs(c.green() - top.green()) < 12 &&
                std::abs(c.blue() - top.blue()) < 12)
                ++count;
        }
    return count;
}

}  // namespace

class PlotExportTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_view.resize(900, 600);
        m_view.setScores(makeScores());
    }

    void pngHasRequestedSizeAndDpi()
    {
        const QString path = m_dir.filePath(QStringLiteral("f.png"));
        QVERIFY(m_view.exportFigure(path, {QSize(1234, 567), 150.0}).ok());
        QImage image(path);
        QCOMPARE(image.size(), QSize(1234, 567));
        QVERIFY(std::abs(image.dotsPerMeterX() - 150.0 / 0.0254) < 2);
        QVERIFY(countTopColoured(image) > 500);
        // Higher DPI at the same pixel size: same layout scaled up, so the text and bars still fit.
        QVERIFY(m_view.exportFigure(path, {QSize(1234, 567), 300.0}).ok());
        QCOMPARE(QImage(path).size(), QSize(1234, 567));
    }

    void svgParsesWithRequestedSize()
    {
        const QString path = m_dir.filePath(QStringLiteral("f.svg"));
        QVERIFY(m_view.exportFigure(path, {QSize(800, 500), 96.0}).ok());
        QSvgRenderer renderer(path);
        QVERIFY(renderer.isValid());
        QCOMPARE(renderer.defaultSize(), QSize(800, 500));
        QImage image(800, 500, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        renderer.render(&painter);
        painter.end();
        QVERIFY(countTopColoured(image) > 300);
    }

    void pdfHasPageOfRequestedPhysicalSize()
    {
        const QString path = m_dir.filePath(QStringLiteral("f.pdf"));
        QVERIFY(m_view.exportFigure(path, {QSize(1500, 900), 300.0}).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.size() > 2000);
        // 1500 x 900 px at 300 dpi = 5 x 3 in = 360 x 216 pt.
        const auto match = QRegularExpression(QStringLiteral("/MediaBox \\[\\s*0 0 ([0-9.]+) ([0-9.]+)\\s*\\]"))
                               .match(QString::fromLatin1(bytes));
        QVERIFY2(match.hasMatch(), "no MediaBox");
        QVERIFY(std::abs(match.captured(1).toDouble() - 360.0) < 1.0);
        QVERIFY(std::abs(match.captured(2).toDouble() - 216.0) < 1.0);
    }

    void rejectsBadRequests()
    {
        QVERIFY(!m_view.exportFigure(m_dir.filePath(QStringLiteral("f.bmp")), {}).ok());
        QVERIFY(!m_view.exportFigure(m_dir.filePath(QStringLiteral("g.png")), {QSize(0, 100), 96.0}).ok());
        QVERIFY(!m_view.exportFigure(m_dir.filePath(QStringLiteral("g.png")), {QSize(100, 100), 0.0}).ok());
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("g.png"))));
        ContributionsView empty;
        QVERIFY(!empty.exportFigure(m_dir.filePath(QStringLiteral("e.png")), {}).ok());
    }

private:
    QTemporaryDir m_dir;
    ContributionsView m_view;
};

QTEST_MAIN(PlotExportTest)
#include "plot_export_test.moc"
