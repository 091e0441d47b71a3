// Screenshot tests (QGIS-style): each view is fed fixed generated input, rendered offscreen at a fixed
// size with the Fusion style and DejaVu Sans, and compared with its control image in
// tests/data/screenshots: a pixel matches when every channel is within kColourTolerance, and at most
// kMaxMismatchShare of the pixels may differ (anti-aliasing and font hinting vary between machines).
// HINT_UPDATE_SCREENSHOTS=1 rewrites the control images instead (tests/widgets/README.md).
// On a mismatch the rendering and a difference image go to $HINT_SCREENSHOT_OUT (default: the temp dir).
#include "concept_map_view.h"
#include "concept_maps.h"
#include "contributions_view.h"
#include "jobs/job_context.h"
#include "neuron_heatmap_view.h"
#include "neuron_heatmaps.h"
#include "stored_results_fixture.h"

#include <QApplication>
#include <QDir>
#include <QFontDatabase>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdlib>

using namespace hint;
using hint::testing::StoredFixture;

namespace {

constexpr int kColourTolerance = 40;        // per channel, 0..255
constexpr double kMaxMismatchShare = 0.01;  // of all pixels
const QSize kShotSize(960, 600);

QString controlPath(const QString& name)
{
    return QStringLiteral(HINT_SOURCE_DIR "/tests/data/screenshots/%1.png").arg(name);
}

struct Comparison {
    qint64 mismatched = 0;
    qint64 total = 0;
    QImage difference;
};

Comparison compareImages(const QImage& rendered, const QImage& control)
{
    Comparison result;
    const QImage a = rendered.convertToFormat(QImage::Format_RGB32);
    const QImage b = control.convertToFormat(QImage::Format_RGB32);
    result.total = qint64(a.width()) * a.height();
    result.difference = QImage(a.size(), QImage::Format_RGB32);
    result.difference.fill(Qt::white);
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            const int worst = std::max({std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                                        std::abs(qBlue(p) - qBlue(q))});
            if (worst > kColourTolerance) {
                ++result.mismatched;
                result.difference.setPixel(x, y, qRgb(255, 0, 0));
            }
        }
    return result;
}

void checkScreenshot(QWidget& widget, const QString& name)
{
    widget.resize(kShotSize);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QCoreApplication::processEvents();
    const QImage rendered = widget.grab().toImage();
    QCOMPARE(rendered.size(), kShotSize);
    const QString control = controlPath(name);
    if (qEnvironmentVariableIntValue("HINT_UPDATE_SCREENSHOTS") == 1) {
        QDir().mkpath(QFileInfo(control).absolutePath());
        QVERIFY(rendered.save(control));
        qInfo("updated %s", qPrintable(control));
        return;
    }
    const QImage expected(control);
    QVERIFY2(!expected.isNull(), qPrintable(control + " is missing: run with HINT_UPDATE_SCREENSHOTS=1"));
    QCOMPARE(expected.size(), rendered.size());
    const Comparison comparison = compareImages(rendered, expected);
    const qint64 allowed = qint64(kMaxMismatchShare * comparison.total);
    qInfo("%s: %lld of %lld pixels differ (allowed %lld)", qPrintable(name), comparison.mismatched, comparison.total,
          allowed);
    if (comparison.mismatched > allowed) {
        const QString out = qEnvironmentVariable("HINT_SCREENSHOT_OUT", QDir::tempPath());
        rendered.save(out + QStringLiteral("/%1.rendered.png").arg(name));
        comparison.difference.save(out + QStringLiteral("/%1.diff.png").arg(name));
        QFAIL(qPrintable(QStringLiteral("%1 differs from %2 in %3 pixels; see %4")
                             .arg(name, control)
                             .arg(comparison.mismatched)
                             .arg(out)));
    }
}

}  // namespace

class ScreenshotTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFontDatabase::families().contains(QStringLiteral("DejaVu Sans")))
            QSKIP("the DejaVu Sans font is not installed (fonts-dejavu-core, scripts/install-deps.sh)");
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSizeF(9);
        font.setHintingPreference(QFont::PreferNoHinting);
        QApplication::setFont(font);
        QVERIFY(m_dir.isValid());
        m_fixture = testing::writeStoredFixture(m_dir.filePath(QStringLiteral("results")).toStdString());
    }

    void contributionsView()
    {
        auto scores = std::make_shared<widgets::NeuronScores>();
        scores->conceptName = "square";
        scores->conceptId = "n13878634";
        scores->layer = "features.13";
        scores->scores = {{"Mean |\u03c6|", {}, {}, {}}, {"|weight|", {}, {}, {}}};
        for (int k = 0; k < 48; ++k) {
            scores->neuronIds.push_back(k);
            scores->scores[0].values.push_back(float(std::fabs(std::sin(k * 1.7)) * std::exp(-0.03 * ((k * 7) % 48))));
            scores->scores[1].values.push_back(float((k * 13) % 17) / 17.0f);
        }
        widgets::ContributionsView view;
        view.setScores(scores);
        view.setSelectedNeuron(9);
        checkScreenshot(view, QStringLiteral("contributions"));
    }

    void heatmapView()
    {
        auto extraction = widgets::readExtraction(m_fixture.extractDir);
        QVERIFY(extraction.ok());
        jobs::SimpleJobContext job;
        auto heatmaps = widgets::computeNeuronHeatmaps(extraction.value(), 2, 6, job);
        QVERIFY(heatmaps.ok());
        heatmaps->conceptName = "square";
        widgets::NeuronHeatmapView view;
        view.setHeatmaps(std::make_shared<const widgets::NeuronHeatmaps>(std::move(heatmaps).value()));
        checkScreenshot(view, QStringLiteral("heatmaps"));
    }

    void conceptMapView()
    {
        widgets::ConceptMapRequest request;
        auto extraction = widgets::readExtraction(m_fixture.extractDir);
        QVERIFY(extraction.ok());
        request.extraction = extraction.value();
        request.row = 4;
        for (const auto& [name, dir] : {std::pair{"square", m_fixture.classifierDir}, std::pair{"circle", m_fixture.siblingClassifierDir}}) {
            auto classifier = widgets::readClassifier(dir);
            QVERIFY(classifier.ok());
            request.classifiers.push_back({name, classifier->model, classifier->metrics});
        }
        auto boxes = widgets::BoxIndex::read(m_fixture.boxesCsv);
        QVERIFY(boxes.ok());
        request.groundTruth = boxes->find(m_fixture.images[4]);
        jobs::SimpleJobContext job;
        auto maps = widgets::computeConceptMaps(request, job);
        QVERIFY(maps.ok());
        widgets::ConceptMapView view;
        QStringList paths;
        for (const auto& path : m_fixture.images) paths << QString::fromStdString(path);
        view.setImageChoices(paths);
        view.setMaps(std::make_shared<const widgets::ConceptMaps>(std::move(maps).value()));
        checkScreenshot(view, QStringLiteral("concept_maps"));
    }

private:
    QTemporaryDir m_dir;
    StoredFixture m_fixture;
};

QTEST_MAIN(ScreenshotTest)
#include "screenshot_test.moc"
