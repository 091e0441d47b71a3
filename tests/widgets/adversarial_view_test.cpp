// The Adversarial view (GUI.md view 7): one image attacked with FGSM/PGD on the demo's shipped ShapesNet,
// checked against independent computations (a plain forward pass, a stored extraction), and the view fed
// with the result: its bars, captions, controls and export.
#include "adversarial/adversarial_result.h"
#include "adversarial/adversarial_view.h"
#include "common/npy.h"
#include "data/image_io.h"
#include "data/preprocess.h"
#include "data/shapes_world.h"
#include "jobs/job_context.h"
#include "localization/concept_map.h"
#include "localization/neuron_ablation.h"
#include "model/network.h"
#include "saliency/extraction.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace hint;
using widgets::AdversarialResult;

namespace {

constexpr int kImages = 6;
constexpr int kSize = 96;  // the demo's input size: the PNGs need no resizing, so pixels are exact
constexpr const char* kLayer = "features.16";

QRgb pixelAt(const data::ImageRgb8& image, int x, int y)
{
    const uint8_t* p = image.row(y) + x * 3;
    return qRgb(p[0], p[1], p[2]);
}

}  // namespace

class AdversarialViewTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::shared_ptr<const model::Network> m_network;
    std::vector<std::string> m_images;
    std::vector<int> m_labels;
    std::vector<widgets::ConceptClassifier> m_classifiers;
    std::vector<int> m_topNeurons;

    widgets::AdversarialRequest request(int image, localization::AttackMethod method, double epsilon, int steps = 10) const
    {
        widgets::AdversarialRequest r;
        r.arch = "shapesnet";
        r.network = m_network;
        r.layer = kLayer;
        r.preprocess = {data::PreprocessMode::Hint, kSize};
        r.imagePath = m_images[size_t(image)];
        widgets::AdversarialSettings settings;
        settings.method = method;
        settings.epsilon = epsilon;
        settings.steps = steps;
        r.attack = widgets::attackOptions(settings);
        r.classifiers = m_classifiers;
        r.topNeurons = m_topNeurons;
        return r;
    }

    std::shared_ptr<const AdversarialResult> compute(const widgets::AdversarialRequest& r) const
    {
        jobs::SimpleJobContext job;
        auto result = widgets::computeAdversarial(r, job);
        if (!result) qFatal("computeAdversarial: %s", result.error().message.c_str());
        return std::make_shared<const AdversarialResult>(std::move(result).value());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto network = model::Network::create("shapesnet");
        QVERIFY(network.ok());
        const std::string weights = std::string(HINT_SOURCE_DIR) + "/resources/demo/shapesnet.safetensors";
        QVERIFY2(network.value()->loadWeights(weights).ok(), weights.c_str());
        m_network = std::move(network).value();

        // Held-out Shapes-world images of different classes, as the demo draws them.
        const data::ShapesWorld world({kSize, 1});
        for (int i = 0; i < kImages; ++i) {
            const auto sample = world.sample(data::ShapesSplit::Test, i);
            const std::string path = m_dir.filePath(QStringLiteral("shape_%1.png").arg(i)).toStdString();
            QVERIFY(data::writePng(path, sample.image).ok());
            m_images.push_back(path);
            m_labels.push_back(sample.classIndex);
        }

        // Two concept classifiers with weights of both signs over the tap's channels.
        auto tap = m_network->findTap(kLayer, kSize);
        QVERIFY(tap.ok());
        const int channels = int(tap->shape[0]);
        for (int c = 0; c < 2; ++c) {
            widgets::ConceptClassifier classifier;
            classifier.conceptName = c == 0 ? "polygon" : "curve";
            classifier.model.weights.resize(size_t(channels));
            for (int k = 0; k < channels; ++k) classifier.model.weights[size_t(k)] = 0.05 * std::sin(0.7 * k + 2.0 * c);
            classifier.model.bias = -0.1;
            m_classifiers.push_back(classifier);
        }
        std::vector<double> magnitude;
        for (double w : m_classifiers[0].model.weights) magnitude.push_back(std::fabs(w));
        m_topNeurons = localization::topNeurons(magnitude, 10);
        QCOMPARE(int(m_topNeurons.size()), 10);
    }

    void epsilonZeroChangesNothing()
    {
        const auto r = compute(request(0, localization::AttackMethod::Fgsm, 0.0));
        QVERIFY(r->attacked.image.pixels == r->clean.image.pixels);
        QCOMPARE(r->attacked.prediction, r->clean.prediction);
        QVERIFY(r->attacked.className == r->clean.className);
        QVERIFY(std::fabs(r->attacked.probability - r->clean.probability) < 1e-5);
        QVERIFY(r->linf < 1e-3);
        QCOMPARE(r->clean.maps.size(), size_t(2));
        for (size_t m = 0; m < 2; ++m) {
            const auto& a = r->clean.maps[m].decision.values;
            const auto& b = r->attacked.maps[m].decision.values;
            QCOMPARE(a.size(), b.size());
            for (size_t i = 0; i < a.size(); ++i) QVERIFY(std::fabs(a[i] - b[i]) < 1e-4);
        }
        QCOMPARE(r->clean.topMeans.size(), m_topNeurons.size());
        for (size_t k = 0; k < m_topNeurons.size(); ++k)
            QVERIFY(std::fabs(r->clean.topMeans[k] - r->attacked.topMeans[k]) < 1e-4);
        // Drawn: every pair of bars is as high as each other, the perturbation tile is flat gray.
        widgets::AdversarialView view;
        view.setResult(r);
        QImage canvas(1200, 700, QImage::Format_RGB32);
        QPainter painter(&canvas);
        const auto drawing = view.paintFigure(painter, canvas.size());
        QCOMPARE(drawing.bars.size(), m_topNeurons.size());
        for (const auto& pair : drawing.bars) QVERIFY(std::fabs(pair.cleanBar.height() - pair.attackedBar.height()) < 0.01);
        QCOMPARE(view.painter().perturbation().pixel(10, 10), qRgb(128, 128, 128));
    }

    void attackStaysInTheEpsilonBall()
    {
        for (auto method : {localization::AttackMethod::Fgsm, localization::AttackMethod::Pgd}) {
            const double epsilon = 4.0;
            const auto r = compute(request(1, method, epsilon, 5));
            const auto& a = r->clean.image.pixels;
            const auto& b = r->attacked.image.pixels;
            QCOMPARE(a.size(), size_t(kSize * kSize * 3));
            QCOMPARE(b.size(), a.size());
            int largest = 0, changed = 0;
            for (size_t i = 0; i < a.size(); ++i) {
                const int d = std::abs(int(a[i]) - int(b[i]));
                largest = std::max(largest, d);
                changed += d > 0;
            }
            QVERIFY2(largest <= int(epsilon) + 1, qPrintable(QString::number(largest)));
            QVERIFY(changed > 0);
            QVERIFY(r->linf <= epsilon + 1e-3);
            QVERIFY(r->linf > 0.0);
            QCOMPARE(r->steps, method == localization::AttackMethod::Pgd ? 5 : 1);
            // The attack moves away from the clean prediction, so its probability drops.
            QCOMPARE(r->label, r->clean.prediction);
            QVERIFY(r->attacked.labelProbability < r->clean.labelProbability);
        }
    }

    void cleanPredictionIsTheForwardPassArgmax()
    {
        for (int i = 0; i < 3; ++i) {
            const auto r = compute(request(i, localization::AttackMethod::Fgsm, 2.0));
            auto image = data::decodeImage(m_images[size_t(i)]);
            QVERIFY(image.ok());
            FloatTensor input = data::preprocessImage(image.value(), {data::PreprocessMode::Hint, kSize});
            input.shape = {1, 3, kSize, kSize};
            auto logits = m_network->logits(input);
            QVERIFY(logits.ok());
            const auto& z = logits->data;
            const auto best = std::max_element(z.begin(), z.end()) - z.begin();
            QCOMPARE(r->clean.prediction, int64_t(best));
            double sum = 0.0;
            for (float v : z) sum += std::exp(double(v) - z[size_t(best)]);
            QVERIFY(std::fabs(r->clean.probability - 1.0 / sum) < 1e-5);
            QVERIFY(r->clean.className == data::ShapesWorld::classes()[size_t(best)].name);
            // The image shown is the file's pixels (96 x 96: no resizing).
            QVERIFY(r->clean.image.pixels == image->pixels);
        }
    }

    void cleanBarsAndMapsMatchAStoredExtraction()
    {
        saliency::ExtractionRequest extraction;
        for (int i = 0; i < 2; ++i) extraction.images.push_back({m_images[size_t(i)], m_labels[size_t(i)]});
        extraction.saliency.layer = kLayer;
        extraction.saliency.method = saliency::Method::Vanilla;
        extraction.preprocess = {data::PreprocessMode::Hint, kSize};
        extraction.outDir = m_dir.filePath(QStringLiteral("extract")).toStdString();
        jobs::SimpleJobContext job;
        auto summary = saliency::runExtraction(*m_network, extraction, job);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().message.c_str());
        auto features = readNpyFloat(extraction.outDir + "/features.npy");
        QVERIFY(features.ok());
        const int64_t channels = features->shape[1], plane = features->shape[2] * features->shape[3];
        for (int i = 0; i < 2; ++i) {
            const auto r = compute(request(i, localization::AttackMethod::Pgd, 3.0, 3));
            for (size_t k = 0; k < m_topNeurons.size(); ++k) {
                const float* p = features->data.data() + (i * channels + m_topNeurons[k]) * plane;
                double mean = 0.0;
                for (int64_t j = 0; j < plane; ++j) mean += p[j];
                mean /= double(plane);
                QVERIFY2(std::fabs(r->clean.topMeans[k] - mean) < 1e-4 * (1.0 + std::fabs(mean)),
                         qPrintable(QStringLiteral("%1 vs %2").arg(r->clean.topMeans[k]).arg(mean)));
            }
            for (size_t m = 0; m < m_classifiers.size(); ++m) {
                auto expected = localization::decisionMap(features.value(), size_t(i), m_classifiers[m].model);
                QVERIFY(expected.ok());
                const auto& got = r->clean.maps[m];
                QCOMPARE(got.decision.height, int(features->shape[2]));
                for (size_t j = 0; j < expected->values.size(); ++j)
                    QVERIFY(std::fabs(got.decision.values[j] - expected->values[j]) < 1e-4);
                QCOMPARE(got.probability.height, kSize);  // upsampled to the image
            }
        }
    }

    void pgdWithALargeEpsilonFlipsPredictions()
    {
        int flipped = 0;
        for (int i = 0; i < kImages; ++i) {
            const auto r = compute(request(i, localization::AttackMethod::Pgd, 16.0, 10));
            if (!r->predictionChanged()) continue;
            ++flipped;
            QVERIFY(r->attacked.className != r->clean.className);
            QVERIFY(r->attacked.probability > r->attacked.labelProbability);
        }
        qInfo("PGD eps 16/255, 10 steps: %d of %d predictions flipped", flipped, kImages);
        QVERIFY(flipped >= 1);
    }

    void viewDrawsBarsCaptionsAndTiles()
    {
        const auto r = compute(request(2, localization::AttackMethod::Pgd, 8.0, 5));
        widgets::AdversarialView view;
        QStringList paths;
        for (const auto& p : m_images) paths << QString::fromStdString(p);
        view.setImageChoices(paths);
        view.setResult(r);
        QVERIFY(view.hasExportableContent());
        QCOMPARE(view.settings().imageIndex, 2);  // the picker shows the figure's image
        for (const QSize& size : {QSize(1400, 700), QSize(700, 1000)}) {  // side by side, and stacked
            QImage canvas(size, QImage::Format_RGB32);
            canvas.fill(Qt::white);
            QPainter painter(&canvas);
            const auto drawing = view.paintFigure(painter, size);
            painter.end();
            QCOMPARE(drawing.bars.size(), m_topNeurons.size());
            QCOMPARE(drawing.predictionCaptions.size(), 2);
            QVERIFY(drawing.predictionCaptions[0].contains(QString::fromStdString(r->clean.className)));
            QVERIFY(drawing.predictionCaptions[1].contains(QString::fromStdString(r->attacked.className)));
            QCOMPARE(drawing.tiles.size(), size_t(3 + 2 * 2));  // clean, attacked, perturbation; 2 maps each
            // Bar heights are proportional to the values (activations after ReLU: >= 0).
            double scale = 0.0;
            for (size_t k = 0; k < drawing.bars.size(); ++k) {
                const auto& pair = drawing.bars[k];
                QCOMPARE(pair.neuron, m_topNeurons[k]);
                QCOMPARE(pair.clean, r->clean.topMeans[k]);
                QCOMPARE(pair.attacked, r->attacked.topMeans[k]);
                QVERIFY(drawing.chart.contains(pair.cleanBar.center()) || pair.clean == 0.0);
                for (const auto& [value, bar] : {std::pair{pair.clean, pair.cleanBar}, std::pair{pair.attacked, pair.attackedBar}}) {
                    QVERIFY(value >= 0.0);
                    if (value < 1e-3) continue;
                    if (scale == 0.0) scale = bar.height() / value;
                    QVERIFY(std::fabs(bar.height() - value * scale) < 0.05);
                }
                // The value axis starts at zero: every bar stands on the plot's bottom edge.
                QVERIFY(std::fabs(pair.cleanBar.bottom() - drawing.chart.bottom()) < 0.5);
                QVERIFY(std::fabs(pair.attackedBar.bottom() - drawing.chart.bottom()) < 0.5);
                // The clean bar is left of the attacked one, both in the neuron's slot.
                QVERIFY(pair.cleanBar.right() <= pair.attackedBar.left() + 0.01);
            }
            QVERIFY(scale > 0.0);
            // The clean bar's colour is where the painting says.
            const auto tallest = [&](bool attacked) {
                return *std::max_element(drawing.bars.begin(), drawing.bars.end(), [attacked](const auto& a, const auto& b) {
                    return attacked ? a.attacked < b.attacked : a.clean < b.clean;
                });
            };
            QCOMPARE(QColor(canvas.pixel(tallest(false).cleanBar.center().toPoint())), QColor(0x4C, 0x72, 0xB0));
            QCOMPARE(QColor(canvas.pixel(tallest(true).attackedBar.center().toPoint())), QColor(0xDD, 0x84, 0x52));
            // The attacked image tile shows the attacked pixels.
            QCOMPARE(view.painter().image(true).pixel(5, 7), pixelAt(r->attacked.image, 5, 7));
        }
        view.setShowPerturbation(false);
        QImage canvas(1400, 700, QImage::Format_RGB32);
        QPainter painter(&canvas);
        QCOMPARE(view.paintFigure(painter, canvas.size()).tiles.size(), size_t(2 + 2 * 2));
        painter.end();
        view.setResult(nullptr);
        QVERIFY(!view.hasExportableContent());
        QVERIFY(!view.exportFigure(m_dir.filePath(QStringLiteral("none.png")), {}).ok());
    }

    void runEmitsTheChosenSettings()
    {
        widgets::AdversarialView view;
        auto* run = view.findChild<QPushButton*>();
        QVERIFY(run);
        QVERIFY(!run->isEnabled());  // nothing to attack yet
        QStringList paths;
        for (const auto& p : m_images) paths << QString::fromStdString(p);
        view.setImageChoices(paths);
        QVERIFY(run->isEnabled());
        QSignalSpy spy(&view, &widgets::AdversarialView::attackRequested);

        // Defaults: FGSM, epsilon 2, 10 steps (disabled for FGSM).
        QTest::mouseClick(run, Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        auto first = spy.takeFirst().at(0).value<widgets::AdversarialSettings>();
        QVERIFY(first.method == localization::AttackMethod::Fgsm);
        QCOMPARE(first.epsilon, 2.0);
        QCOMPARE(first.steps, 10);
        QCOMPARE(first.imageIndex, 0);

        const auto combos = view.findChildren<QComboBox*>();
        QCOMPARE(combos.size(), 2);
        QComboBox* images = combos[0]->count() == kImages ? combos[0] : combos[1];
        QComboBox* methods = images == combos[0] ? combos[1] : combos[0];
        auto* epsilon = view.findChild<QDoubleSpinBox*>();
        auto* steps = view.findChild<QSpinBox*>();
        QVERIFY(epsilon && steps);
        QVERIFY(!steps->isEnabled());
        // Not clipped: the image picker is wide enough for a 20-character file name.
        QVERIFY(images->minimumContentsLength() >= 20);
        QVERIFY(images->minimumSizeHint().width() >= images->fontMetrics().horizontalAdvance(QStringLiteral("shape_0.png")));
        images->setCurrentIndex(3);
        methods->setCurrentIndex(methods->findText(QStringLiteral("PGD")));
        QVERIFY(steps->isEnabled());
        epsilon->setValue(5.5);
        steps->setValue(7);
        QTest::mouseClick(run, Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        const auto s = spy.takeFirst().at(0).value<widgets::AdversarialSettings>();
        QCOMPARE(s.imageIndex, 3);
        QVERIFY(s.imagePath == m_images[3]);
        QVERIFY(s.method == localization::AttackMethod::Pgd);
        QCOMPARE(s.epsilon, 5.5);
        QCOMPARE(s.steps, 7);
        QVERIFY(view.settings() == s);
        const auto options = widgets::attackOptions(s);
        QCOMPARE(options.epsilon, 5.5 / 255.0);

        // Busy: Run does nothing until the job ends.
        view.setBusy(true);
        QVERIFY(!run->isEnabled());
        QTest::mouseClick(run, Qt::LeftButton);
        QCOMPARE(spy.count(), 0);
        view.setBusy(false);
        QTest::mouseClick(run, Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
    }

    void exportsFigureAndData()
    {
        const auto r = compute(request(4, localization::AttackMethod::Fgsm, 6.0));
        widgets::AdversarialView view;
        view.setResult(r);
        QVERIFY(view.exportName().startsWith(QStringLiteral("adversarial_shape_4_fgsm")));
        widgets::FigureExportOptions options;
        options.pixelSize = QSize(900, 600);
        options.dpi = 150;
        for (const QString& suffix : {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")}) {
            const QString path = m_dir.filePath(QStringLiteral("figure.") + suffix);
            QVERIFY2(view.exportFigure(path, options).ok(), qPrintable(path));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            if (suffix == QLatin1String("png")) {
                const QImage image(path);
                QCOMPARE(image.size(), options.pixelSize);
                int coloured = 0;
                for (int y = 0; y < image.height(); y += 3)
                    for (int x = 0; x < image.width(); x += 3) coloured += image.pixel(x, y) != qRgb(255, 255, 255);
                QVERIFY(coloured > 3000);
            } else if (suffix == QLatin1String("svg")) {
                QVERIFY(bytes.contains("width=\"900px\" height=\"600px\""));
                QVERIFY(bytes.contains("<image"));
            } else {
                QVERIFY(bytes.startsWith("%PDF"));
            }
        }
        QVERIFY(!view.exportFigure(m_dir.filePath(QStringLiteral("figure.bmp")), options).ok());

        const QString csv = m_dir.filePath(QStringLiteral("data.csv"));
        QVERIFY(view.exportData(csv).ok());
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csvFile.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines[0], QStringLiteral("quantity,name,clean,attacked"));
        QCOMPARE(lines[1], QStringLiteral("prediction,,%1,%2").arg(r->clean.prediction).arg(r->attacked.prediction));
        QCOMPARE(lines.filter(QStringLiteral("neuron_mean,")).size(), qsizetype(m_topNeurons.size()));
        const QStringList firstNeuron = lines.filter(QStringLiteral("neuron_mean,")).first().split(QLatin1Char(','));
        QCOMPARE(firstNeuron[1].toInt(), m_topNeurons[0]);
        QVERIFY(std::fabs(firstNeuron[2].toDouble() - r->clean.topMeans[0]) < 1e-9);

        const QString json = m_dir.filePath(QStringLiteral("data.json"));
        QVERIFY(view.exportData(json).ok());
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(jsonFile.readAll()).object();
        QCOMPARE(root[QStringLiteral("attack")].toString(), QStringLiteral("fgsm"));
        QCOMPARE(root[QStringLiteral("epsilon_255")].toDouble(), 6.0);
        QCOMPARE(root[QStringLiteral("top_neurons")].toArray().size(), qsizetype(m_topNeurons.size()));
        const QJsonObject attacked = root[QStringLiteral("attacked")].toObject();
        QCOMPARE(qint64(attacked[QStringLiteral("prediction")].toInteger()), qint64(r->attacked.prediction));
        QCOMPARE(attacked[QStringLiteral("concept_maps")].toArray().size(), qsizetype(2));
        QVERIFY(!view.exportData(m_dir.filePath(QStringLiteral("data.npy"))).ok());
    }
};

QTEST_MAIN(AdversarialViewTest)
#include "adversarial_view_test.moc"
