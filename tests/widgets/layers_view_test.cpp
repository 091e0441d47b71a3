// The Layers view (GUI.md, view 5) over one concept stored at three ShapesNet layers: the loader puts
// the layers in network order, takes F1 and top-k neurons from the units, and computes one image's
// concept map per layer, matched by path (one layer's extraction holds the images in reverse order);
// the painting puts the F1 markers, the table text and the tiles where its layout says; export and the
// image picker.
#include "analysis/associations.h"
#include "colormap.h"
#include "common/npy.h"
#include "jobs/job_context.h"
#include "layers/layer_comparison.h"
#include "layers/layers_view.h"
#include "model/network.h"
#include "stored_results_fixture.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>

using namespace hint;
using hint::testing::StoredFixture;

namespace {

// Given to the loader out of network order; the view must show features.2, features.9, features.16.
const std::vector<std::string> kGivenLayers = {"features.16", "features.2", "features.9"};
const std::vector<std::string> kForwardLayers = {"features.2", "features.9", "features.16"};
constexpr const char* kReversedLayer = "features.16";
constexpr int kTop = 3;

// A different classifier per layer (bias last), so that every tile has its own map.
std::vector<double> classifierOf(const std::string& layer)
{
    if (layer == "features.2") return {2.0, 0, 0, 0, 0, 0, 0, 0, -1.0};
    if (layer == "features.9") return {0, 3.0, 0, 0, 0, 0, 0, 0, -1.5};
    return {1.0, -1.0, 0.5, 0, 0, 0, 0, 0, 0.25};
}

std::vector<double> scoresOf(const std::string& layer)
{
    if (layer == "features.2") return {0.1, 0.5, 0.2, 0.05, 0.3, 0.0, 0.0, 0.01};
    if (layer == "features.9") return {0.9, 0.1, 0.1, 0.4, 0.0, 0.2, 0.3, 0.05};  // a tie at 0.1
    return {0.0, 0.02, 0.7, 0.1, 0.6, 0.5, 0.4, 0.3};
}

std::optional<double> linearF1Of(const std::string& layer)
{
    return layer == "features.2" ? 0.42 : layer == "features.9" ? 0.63 : 0.88;
}

std::optional<double> xgboostF1Of(const std::string& layer)
{
    return layer == "features.2" ? 0.55 : layer == "features.9" ? 0.81 : std::optional<double>(0.7);
}

// Reverses the rows of an extraction folder (features, saliency, targets, manifest images).
void reverseRows(const std::string& dir)
{
    for (const char* name : {"features.npy", "saliency.npy"}) {
        auto tensor = readNpyFloat(dir + "/" + name);
        if (!tensor) qFatal("%s", tensor.error().message.c_str());
        const int64_t n = tensor->shape[0], row = tensor->numel() / n;
        FloatTensor reversed(tensor->shape);
        for (int64_t r = 0; r < n; ++r)
            std::copy_n(tensor->data.begin() + (n - 1 - r) * row, row, reversed.data.begin() + r * row);
        testing::must(writeNpy(dir + "/" + name, reversed));
    }
    std::ifstream in(dir + "/manifest.json");
    nlohmann::json manifest = nlohmann::json::parse(in);
    in.close();
    auto& images = manifest["images"];
    std::reverse(images.begin(), images.end());
    std::ofstream(dir + "/manifest.json") << manifest.dump(2);
}

int tapIndexOf(const std::string& layer)
{
    auto network = model::Network::create("shapesnet");
    if (!network) qFatal("%s", network.error().message.c_str());
    auto taps = network.value()->taps(StoredFixture::kInputSize);
    if (!taps) qFatal("%s", taps.error().message.c_str());
    for (size_t i = 0; i < taps->size(); ++i)
        if (taps.value()[i].name == layer) return int(i);
    return -1;
}

QColor pixelAt(const QImage& image, const QPointF& at)
{
    return image.pixelColor(int(std::floor(at.x())), int(std::floor(at.y())));
}

bool near(const QColor& a, const QColor& b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

}  // namespace

class LayersViewTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const std::string root = m_dir.filePath(QStringLiteral("results")).toStdString();
        for (const auto& layer : kGivenLayers) {
            const StoredFixture f = testing::writeStoredFixture(root, "square", "circle", layer);
            if (layer == kForwardLayers.front()) m_fixture = f;
            const std::vector<double> wb = classifierOf(layer);
            classifiers::LinearModel model;
            model.weights.assign(wb.begin(), wb.end() - 1);
            model.bias = wb.back();
            testing::must(classifiers::saveLinearModel(f.classifierDir + "/linear.json", model));
            if (layer == kReversedLayer) reverseRows(f.extractDir);
            pipeline::StoredUnit unit;
            unit.concept = "n-square";
            unit.conceptName = "square";
            unit.layer = layer;
            unit.extractDir = f.extractDir;
            unit.trainDir = f.classifierDir;
            unit.linearF1 = linearF1Of(layer);
            unit.xgboostF1 = xgboostF1Of(layer);
            unit.scores = scoresOf(layer);
            m_units.push_back(unit);
        }
        m_comparison = load(2);
    }

    void ordersLayersByNetworkDepth()
    {
        QCOMPARE(int(m_comparison->layers.size()), 3);
        for (size_t i = 0; i < kForwardLayers.size(); ++i) QCOMPARE(m_comparison->layers[i].layer, kForwardLayers[i]);
        // Each layer's position in ShapesNet's tap list, as `hint layers --arch shapesnet` prints it.
        for (size_t i = 0; i < kForwardLayers.size(); ++i) QCOMPARE(m_comparison->layers[i].tapIndex, tapIndexOf(kForwardLayers[i]));
        QVERIFY(tapIndexOf("features.2") >= 0 && tapIndexOf("features.2") < tapIndexOf("features.9"));
        QCOMPARE(m_comparison->arch, std::string("shapesnet"));
        QCOMPARE(m_comparison->conceptName, std::string("square"));
    }

    void takesF1AndTopNeuronsFromTheUnits()
    {
        for (const auto& layer : m_comparison->layers) {
            QCOMPARE(layer.linearF1, linearF1Of(layer.layer));
            QCOMPARE(layer.xgboostF1, xgboostF1Of(layer.layer));
            const auto expected = analysis::conceptTopNeurons(scoresOf(layer.layer), kTop);
            QCOMPARE(int(layer.top.size()), kTop);
            for (size_t r = 0; r < expected.size(); ++r) {
                QCOMPARE(layer.top[r].neuron, expected[r].neuron);
                QCOMPARE(layer.top[r].score, expected[r].score);
                QCOMPARE(layer.top[r].rank, int(r) + 1);
            }
            QCOMPARE(layer.mass.neuronsToHalf, analysis::collaborativeMass(scoresOf(layer.layer), kTop).neuronsToHalf);
        }
        // features.9 by hand: 0.9 (n0), 0.4 (n3), 0.3 (n6); half of 2.05 needs n0 and n3.
        QCOMPARE(m_comparison->layers[1].top[1].neuron, 3);
        QCOMPARE(m_comparison->layers[1].mass.neuronsToHalf, 2);
    }

    void mapsTheSameImageAtEveryLayer()
    {
        QCOMPARE(int(m_comparison->imagePaths.size()), StoredFixture::kImages);
        QCOMPARE(m_comparison->imageRow, 2);
        QCOMPARE(m_comparison->imagePath, m_fixture.images[2]);
        QCOMPARE(m_comparison->image.width, StoredFixture::kInputSize);
        // The image's own features, from the first layer's folder, which keeps the fixture's row order.
        auto features = readNpyFloatRows(m_fixture.extractDir + "/features.npy", 2, 1);
        QVERIFY(features.ok());
        constexpr int C = StoredFixture::kChannels, S = StoredFixture::kCells;
        const int cells[][2] = {{0, 0}, {2, 4}, {3, 5}, {4, 0}, {5, 5}, {2, 3}};
        for (const auto& layer : m_comparison->layers) {
            QVERIFY2(layer.hasMap(), layer.mapNote.c_str());
            QCOMPARE(layer.imageRow, layer.layer == kReversedLayer ? int64_t(StoredFixture::kImages - 1 - 2) : int64_t(2));
            QCOMPARE(layer.decision.height, S);
            QCOMPARE(layer.decision.width, S);
            QCOMPARE(layer.probability.width, StoredFixture::kInputSize);
            const std::vector<double> wb = classifierOf(layer.layer);
            for (const auto& cell : cells) {
                double f = wb[C];
                for (int c = 0; c < C; ++c) f += wb[size_t(c)] * features->data[size_t((c * S + cell[0]) * S + cell[1])];
                QVERIFY2(std::abs(layer.decision.at(cell[0], cell[1]) - f) < 1e-5,
                         qPrintable(QStringLiteral("%1 at %2,%3: %4 vs %5")
                                        .arg(QString::fromStdString(layer.layer))
                                        .arg(cell[0]).arg(cell[1]).arg(layer.decision.at(cell[0], cell[1])).arg(f)));
            }
        }
        // The square's block of image 2 lies at cells (2,4)-(3,5): features.2's map is positive only there.
        QVERIFY(m_comparison->layers[0].decision.at(2, 4) > 0 && m_comparison->layers[0].decision.at(0, 0) < 0);
    }

    void missingPiecesAreNotesAndOtherConceptsAreRefused()
    {
        std::vector<pipeline::StoredUnit> units = m_units;
        units[1].trainDir.clear();  // features.2: no classifier
        units[1].linearF1.reset();
        jobs::SimpleJobContext job;
        auto partial = layers::loadLayerComparison(units, 0, kTop, job);
        QVERIFY(partial.ok());
        QVERIFY(!partial->layers[0].hasMap());
        QCOMPARE(partial->layers[0].mapNote, std::string("no stored classifier"));
        QVERIFY(!partial->layers[0].linearF1.has_value());
        QVERIFY(partial->layers[1].hasMap());
        units[0].concept = "n-circle";
        auto mixed = layers::loadLayerComparison(units, 0, kTop, job);
        QVERIFY(!mixed.ok());
        QVERIFY(mixed.error().message.find("n-circle") != std::string::npos);
    }

    void paintsF1MarkersAtTheLayerPositions()
    {
        layers::LayersView view;
        view.setComparison(m_comparison);
        const QSize size(1000, 700);
        const QImage figure = paint(view, size);
        const auto layout = view.painter().layout(size, view.font());
        const QRectF plot = layout.f1Plot;
        QVERIFY(plot.width() > 100 && plot.height() > 60);
        for (int i = 0; i < 3; ++i) {
            const auto& layer = m_comparison->layers[size_t(i)];
            const qreal x = plot.left() + (i + 0.5) * plot.width() / 3;
            for (auto series : {layers::F1Series::Linear, layers::F1Series::XGBoost}) {
                const double f1 = *(series == layers::F1Series::Linear ? layer.linearF1 : layer.xgboostF1);
                const QPointF point(x, plot.bottom() - f1 * plot.height());  // y from 0 (bottom) to 1 (top)
                QCOMPARE(layers::LayersPainter::f1Point(layout, 3, i, f1), point);
                QVERIFY2(near(pixelAt(figure, point), layers::LayersPainter::seriesColor(series), 8),
                         qPrintable(QStringLiteral("%1 marker of %2").arg(int(series)).arg(QString::fromStdString(layer.layer))));
            }
        }
        // No marker where there is no F1: the plot's top-left corner area stays white.
        QCOMPARE(pixelAt(figure, plot.topLeft() + QPointF(plot.width() * 0.02, 6)), QColor(Qt::white));
    }

    void paintsTheTopNeuronsAndTheStrip()
    {
        layers::LayersView view;
        view.setComparison(m_comparison);
        const QSize size(1000, 700);
        const QImage figure = paint(view, size);
        const auto layout = view.painter().layout(size, view.font());
        // The image, then one tile per layer, left to right, each painted with its rendered tile.
        QCOMPARE(int(layout.tiles.size()), 1 + 3);
        QCOMPARE(int(view.painter().renderedTiles().size()), 1 + 3);
        for (size_t i = 1; i < layout.tiles.size(); ++i) QVERIFY(layout.tiles[i].left() > layout.tiles[i - 1].right());
        const double alpha = view.opacity();
        const int S = StoredFixture::kInputSize;
        for (size_t i = 0; i < layout.tiles.size(); ++i) {
            const QImage& tile = view.painter().renderedTiles()[i];
            QCOMPARE(tile.size(), QSize(S, S));
            // Pixel (40, 40) of the image: in the figure at its place in the tile, and in a layer's tile
            // the image blended with the Spectral colour of p there.
            const QPointF inTile(40.5, 40.5);
            const QRectF& rect = layout.tiles[i];
            const QPointF inFigure(rect.left() + inTile.x() * rect.width() / S, rect.top() + inTile.y() * rect.height() / S);
            QVERIFY(near(pixelAt(figure, inFigure), tile.pixelColor(40, 40), 12));
            if (i == 0) continue;
            const QColor base = view.painter().renderedTiles()[0].pixelColor(40, 40);
            const QColor map = QColor::fromRgb(widgets::colormapColor(widgets::Colormap::Spectral,
                                                                      m_comparison->layers[i - 1].probability.at(40, 40)));
            const QColor expected(int(std::lround((1 - alpha) * base.red() + alpha * map.red())),
                                  int(std::lround((1 - alpha) * base.green() + alpha * map.green())),
                                  int(std::lround((1 - alpha) * base.blue() + alpha * map.blue())));
            QVERIFY2(near(tile.pixelColor(40, 40), expected, 2), qPrintable(QString::number(i)));
        }

        // The table's text and the tiles' layer names, read back from an SVG export.
        const QString path = m_dir.filePath(QStringLiteral("table.svg"));
        QVERIFY(view.exportFigure(path, {QSize(1200, 800), 96.0}).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString svg = QString::fromUtf8(file.readAll());
        const auto texts = [&svg](const QString& text) { return svg.count(QStringLiteral(">") + text + QStringLiteral("</text>")); };
        for (const auto& layer : m_comparison->layers) {
            const QString name = QString::fromStdString(layer.layer);
            QVERIFY2(texts(name) >= 3, qPrintable(name));  // x tick, table header, tile caption
            for (const auto& neuron : layer.top) QVERIFY(texts(QStringLiteral("n%1").arg(neuron.neuron)) >= 1);
            QVERIFY(texts(QStringLiteral("%1 of 8 hold 50%").arg(layer.mass.neuronsToHalf)) >= 1);
        }
        QCOMPARE(texts(QStringLiteral("n%1").arg(1)), 1);  // in features.2's top 3 only (0.5, 0.3 n4, 0.2 n2)
        QVERIFY(svg.contains(QStringLiteral("Layers: square")));
    }

    void exportsFiguresOfTheRequestedSize()
    {
        layers::LayersView view;
        view.setComparison(m_comparison);
        const widgets::FigureExportOptions options{QSize(900, 600), 150.0};
        const QString png = m_dir.filePath(QStringLiteral("layers.png"));
        QVERIFY(view.exportFigure(png, options).ok());
        const QImage image(png);
        QCOMPARE(image.size(), options.pixelSize);
        int coloured = 0;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3) coloured += image.pixel(x, y) != qRgb(255, 255, 255);
        QVERIFY(coloured > 2000);
        const QString svg = m_dir.filePath(QStringLiteral("layers.svg"));
        QVERIFY(view.exportFigure(svg, options).ok());
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgText = svgFile.readAll();
        QVERIFY(svgText.contains("width=\"900px\" height=\"600px\""));
        QVERIFY(svgText.contains("<image"));
        const QString pdf = m_dir.filePath(QStringLiteral("layers.pdf"));
        QVERIFY(view.exportFigure(pdf, options).ok());
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        const QByteArray pdfBytes = pdfFile.readAll();
        QVERIFY(pdfBytes.startsWith("%PDF"));
        // 900 x 600 px at 150 dpi = 6 x 4 in = 432 x 288 pt.
        const auto box = QRegularExpression(QStringLiteral("/MediaBox \\[\\s*0 0 ([0-9.]+) ([0-9.]+)\\s*\\]"))
                             .match(QString::fromLatin1(pdfBytes));
        QVERIFY2(box.hasMatch(), "no MediaBox");
        QVERIFY(std::abs(box.captured(1).toDouble() - 432.0) < 1.0);
        QVERIFY(std::abs(box.captured(2).toDouble() - 288.0) < 1.0);
        QVERIFY(!view.exportFigure(m_dir.filePath(QStringLiteral("layers.bmp")), options).ok());
    }

    void exportsItsData()
    {
        layers::LayersView view;
        view.setComparison(m_comparison);
        const QString csv = m_dir.filePath(QStringLiteral("layers.csv"));
        QVERIFY(view.exportData(csv).ok());
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csvFile.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 3 * kTop);
        QCOMPARE(lines[1], QStringLiteral("n-square,features.2,%1,0.42,0.55,8,%2,1,1,0.5")
                               .arg(tapIndexOf("features.2"))
                               .arg(analysis::collaborativeMass(scoresOf("features.2"), kTop).neuronsToHalf));
        const QString json = m_dir.filePath(QStringLiteral("layers.json"));
        QVERIFY(view.exportData(json).ok());
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(jsonFile.readAll()).object();
        const QJsonArray layersJson = root[QStringLiteral("layers")].toArray();
        QCOMPARE(layersJson.size(), 3);
        const QJsonObject last = layersJson[2].toObject();
        QCOMPARE(last[QStringLiteral("layer")].toString(), QStringLiteral("features.16"));
        QCOMPARE(last[QStringLiteral("linear_f1")].toDouble(), 0.88);
        QCOMPARE(last[QStringLiteral("decision")].toArray()[2].toArray()[4].toDouble(), m_comparison->layers[2].decision.at(2, 4));
        QCOMPARE(root[QStringLiteral("image")].toString(), QString::fromStdString(m_fixture.images[2]));
    }

    void pickerRequestsAnotherImage()
    {
        layers::LayersView view;
        QSignalSpy requested(&view, &layers::LayersView::imageRequested);
        view.setComparison(m_comparison);
        QComboBox* picker = view.imagePicker();
        QCOMPARE(picker->count(), StoredFixture::kImages);
        QCOMPARE(picker->currentIndex(), 2);
        QCOMPARE(requested.count(), 0);  // filling the picker is no request
        picker->setCurrentIndex(4);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.front().front().toInt(), 4);

        // The picker's file names are not clipped, even in a narrow view.
        view.resize(520, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        int widest = 0;
        for (int i = 0; i < picker->count(); ++i)
            widest = std::max(widest, picker->fontMetrics().horizontalAdvance(picker->itemText(i)));
        QVERIFY2(picker->width() >= widest + 20, qPrintable(QStringLiteral("%1 < %2").arg(picker->width()).arg(widest)));

        // The reloaded comparison for row 4 shows image 4 at every layer; null clears the view.
        view.setComparison(load(4));
        QCOMPARE(view.comparison()->imagePath, m_fixture.images[4]);
        QCOMPARE(view.comparison()->layers[2].imageRow, int64_t(StoredFixture::kImages - 1 - 4));
        QCOMPARE(requested.count(), 1);
        view.setComparison(nullptr);
        QVERIFY(!view.hasExportableContent());
        QCOMPARE(picker->count(), 0);
        QVERIFY(!view.exportFigure(m_dir.filePath(QStringLiteral("empty.png")), {}).ok());
    }

private:
    std::shared_ptr<const layers::LayerComparison> load(int row)
    {
        jobs::SimpleJobContext job;
        auto comparison = layers::loadLayerComparison(m_units, row, kTop, job);
        if (!comparison) qFatal("%s", comparison.error().message.c_str());
        return std::make_shared<const layers::LayerComparison>(std::move(comparison).value());
    }

    static QImage paint(const layers::LayersView& view, const QSize& size)
    {
        QImage image(size, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        view.paintFigure(painter, size);
        painter.end();
        return image;
    }

    QTemporaryDir m_dir;
    StoredFixture m_fixture;
    std::vector<pipeline::StoredUnit> m_units;
    std::shared_ptr<const layers::LayerComparison> m_comparison;
};

QTEST_MAIN(LayersViewTest)
#include "layers_view_test.moc"
