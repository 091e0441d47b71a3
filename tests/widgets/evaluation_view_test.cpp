// The Evaluation view over localization folders written by the engine's own writers (MethodEvaluation,
// writePerImageCsv, summaryJson): the reader's numbers, the bars, the histogram, the best and worst
// images and their activation, the data-set picker, errors on malformed files, and export.
#include "evaluation/evaluation_painter.h"
#include "evaluation/evaluation_view.h"
#include "evaluation/localization_results.h"
#include "figure_canvas.h"

#include "localization/localization_report.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

using namespace hint;
namespace loc = hint::localization;
namespace fs = std::filesystem;

namespace {

constexpr int kSize = 224;  // input side; 224 x 224 files, so boxes map 1:1
constexpr int kCells = 7;   // 32 pixels a cell
constexpr int kImages = 8;

// Positive cells per image (x0, y0, x1, y1, inclusive cells); x0 < 0: an empty map (IoU 0).
const loc::PixelBox kConceptCells[kImages] = {{2, 2, 4, 4}, {2, 2, 5, 4}, {1, 1, 5, 5}, {3, 3, 5, 5},
                                              {0, 0, 6, 6}, {5, 5, 6, 6}, {-1, 0, 0, 0}, {2, 2, 3, 3}};

loc::BinaryMask cellsOf(const loc::PixelBox& box)
{
    loc::BinaryMask cells(kCells, kCells);
    if (box.x0 < 0) return cells;
    for (int y = box.y0; y <= box.y1; ++y)
        for (int x = box.x0; x <= box.x1; ++x) cells.at(y, x) = 1;
    return cells;
}

loc::Map2d scoreOf(const loc::BinaryMask& cells)
{
    loc::Map2d score(kCells, kCells);
    for (int y = 0; y < kCells; ++y)
        for (int x = 0; x < kCells; ++x) score.at(y, x) = cells.at(y, x) ? 1.0 + 0.1 * x : -1.0;
    return score;
}

loc::PixelBox shifted(const loc::PixelBox& box, int by)
{
    if (box.x0 < 0) return {1, 1, 2, 2};
    return {std::min(box.x0 + by, 6), box.y0, std::min(box.x1 + by, 6), box.y1};
}

// A localization folder as `hint localize` writes it, for the first `images` synthetic images.
struct Fixture {
    std::string dir;
    std::vector<std::string> paths;
    loc::LocalizationSummary summary;
    std::vector<double> hintIous;
};

Fixture writeFixture(const std::string& dir, int images, bool withAblation)
{
    Fixture f;
    f.dir = dir;
    const loc::EvaluationOptions options;
    loc::MethodEvaluation concept("concept", options), whole("whole", options), centre("centre", options),
        gradcam("gradcam", options), shap("ablation_shap", options), weight("ablation_weight", options),
        random("ablation_random", options);
    std::vector<loc::ReportImage> report;
    for (int i = 0; i < images; ++i) {
        // The ground truth: the cells 2..4 of image 0, drifting right and down a little per image.
        const double shift = 6.0 * i;
        data::Box box;
        box.x0 = 64 + shift;
        box.y0 = 64;
        box.x1 = 160 + shift;
        box.y1 = 160 + shift;
        loc::ImageTruth truth = loc::makeTruth({box}, kSize, kSize, kSize);
        truth.label = 1;
        truth.predicted = i % 3 == 0 ? 2 : 1;
        loc::BinaryMask segmentation(kSize, kSize);
        for (int y = 64; y <= 160; ++y)
            for (int x = 64; x <= 160; ++x) segmentation.at(y, x) = 1;
        truth.segmentation = segmentation;
        const loc::BinaryMask cells = cellsOf(kConceptCells[i]);
        if (!concept.addCellMap(cells, scoreOf(cells), truth)) qFatal("addCellMap failed");
        whole.addBox({0, 0, kSize - 1, kSize - 1}, truth);
        centre.addBox({56, 56, 167, 167}, truth);
        const loc::BinaryMask wide = cellsOf({1, 1, 5, 5});
        if (!gradcam.addCellMap(wide, scoreOf(wide), truth)) qFatal("addCellMap failed");
        const loc::BinaryMask a = cellsOf(shifted(kConceptCells[i], 0)), b = cellsOf(shifted(kConceptCells[i], 1)),
                              c = cellsOf({i % 5, (i * 3) % 5, i % 5 + 1, (i * 3) % 5 + 1});
        if (!shap.addCellMap(a, scoreOf(a), truth) || !weight.addCellMap(b, scoreOf(b), truth) ||
            !random.addCellMap(c, scoreOf(c), truth))
            qFatal("addCellMap failed");
        // One path with a comma: the writer quotes it and the reader must unquote it.
        const std::string path = i == 3 ? "/data/dogs, big/img_3.png" : "/data/img_" + std::to_string(i) + ".png";
        report.push_back({path, kSize, kSize, truth.label, truth.predicted});
        f.paths.push_back(path);
    }
    std::vector<const loc::MethodEvaluation*> others{&whole, &centre, &gradcam};
    if (withAblation) others.insert(others.end(), {&shap, &weight, &random});

    loc::LocalizationRequest request;
    request.layer = "features.30";
    request.arch = "vgg16";
    request.classifierPath = "/cache/classifier";
    f.summary.main = concept.summary();
    for (const auto* other : others)
        (other->name().rfind("ablation_", 0) == 0 ? f.summary.extras : f.summary.baselines).push_back(other->summary());
    f.summary.processed = images;
    f.hintIous = concept.perImageIou(loc::Protocol::Hint);

    fs::create_directories(dir);
    if (!loc::writePerImageCsv(dir + "/per_image.csv", report, concept, others, loc::Protocol::Hint))
        qFatal("cannot write per_image.csv");
    std::ofstream(dir + "/summary.json") << loc::summaryJson(request, f.summary, {});
    return f;
}

nlohmann::json readJson(const std::string& path)
{
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

// summary.json's object for a method, and a metric of it by the figure's key.
const nlohmann::json& methodJson(const nlohmann::json& root, const std::string& method)
{
    if (root["classifier_name"] == method) return root;
    if (root["baselines"].contains(method)) return root["baselines"][method];
    return root["extra_classifiers"][method];
}

double metricJson(const nlohmann::json& method, const std::string& metric)
{
    const std::string v2 = "maxboxacc_v2@";
    if (metric.rfind(v2, 0) == 0) return method["maxboxacc_v2_by_iou"][metric.substr(v2.size())].get<double>();
    return method[metric].get<double>();
}

std::shared_ptr<const widgets::LocalizationResults> load(const std::string& dir, const std::string& dataset)
{
    auto results = widgets::readLocalizationResults(dir);
    if (!results) qFatal("%s", results.error().message.c_str());
    results->conceptName = "dog";
    results->datasetName = dataset;
    return std::make_shared<const widgets::LocalizationResults>(std::move(results).value());
}

void rewrite(const std::string& path, const std::string& from, const std::string& to)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    const size_t at = s.find(from);
    if (at == std::string::npos) qFatal("'%s' not in %s", from.c_str(), path.c_str());
    s.replace(at, from.size(), to);
    std::ofstream(path) << s;
}

int countNear(const QImage& image, const QColor& colour)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            count += std::abs(c.red() - colour.red()) < 10 && std::abs(c.green() - colour.green()) < 10 &&
                     std::abs(c.blue() - colour.blue()) < 10;
        }
    return count;
}

}  // namespace

class EvaluationViewTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_imagenet = writeFixture(m_dir.filePath(QStringLiteral("imagenet")).toStdString(), kImages, true);
        m_cub = writeFixture(m_dir.filePath(QStringLiteral("cub")).toStdString(), 4, false);
        m_view.resize(1200, 800);
        m_view.setResults({load(m_imagenet.dir, "ImageNet val"), load(m_cub.dir, "CUB")});
    }

    void readerEqualsTheEvaluations()
    {
        auto results = widgets::readLocalizationResults(m_imagenet.dir);
        QVERIFY2(results.ok(), results.ok() ? "" : results.error().message.c_str());
        const loc::MethodSummary& main = m_imagenet.summary.main;
        QCOMPARE(results->classifier.name, std::string("concept"));
        QCOMPARE(results->classifier.images, int64_t(kImages));
        QCOMPARE(results->classifier.hintAccuracy, main.hintAccuracy);
        QCOMPARE(results->classifier.hintMeanIou, main.hintMeanIou);
        QCOMPARE(results->classifier.maxBoxAcc, main.maxBoxAcc);
        QCOMPARE(results->classifier.maxBoxAccV2, main.maxBoxAccV2);
        QCOMPARE(results->classifier.pointingGame, main.pointingGame);
        QCOMPARE(results->classifier.emptyMaps, int64_t(1));
        QVERIFY(results->classifier.pxap.has_value());
        QCOMPARE(*results->classifier.pxap, *main.pxap);
        QCOMPARE(*results->classifier.top1LocHint, *main.top1LocHint);
        QCOMPARE(results->classifier.v2Accuracy.size(), size_t(3));
        for (size_t i = 0; i < 3; ++i) {
            QCOMPARE(results->classifier.v2Accuracy[i].first, main.v2IouThresholds[i]);
            QCOMPARE(results->classifier.v2Accuracy[i].second, main.v2Accuracy[i]);
        }
        // Baselines in the fixed order, whatever the JSON object's key order.
        QCOMPARE(results->baselines.size(), size_t(3));
        QCOMPARE(results->baselines[0].name, std::string("whole"));
        QCOMPARE(results->baselines[1].name, std::string("centre"));
        QCOMPARE(results->baselines[2].name, std::string("gradcam"));
        for (const auto& b : results->baselines) {
            const auto expected = std::find_if(m_imagenet.summary.baselines.begin(), m_imagenet.summary.baselines.end(),
                                               [&](const loc::MethodSummary& s) { return s.name == b.name; });
            QCOMPARE(b.hintAccuracy, expected->hintAccuracy);
            QCOMPARE(b.maxBoxAcc, expected->maxBoxAcc);
            QCOMPARE(b.maxBoxAccV2, expected->maxBoxAccV2);
        }
        QCOMPARE(results->extras.size(), size_t(3));
        QCOMPARE(results->extras[0].name, std::string("ablation_shap"));
        QCOMPARE(results->extras[2].name, std::string("ablation_random"));
        QCOMPARE(results->extras[1].pointingGame, m_imagenet.summary.extras[1].pointingGame);
        QCOMPARE(results->layer, std::string("features.30"));
        QCOMPARE(results->images.size(), size_t(kImages));
        for (size_t i = 0; i < results->images.size(); ++i) {
            QCOMPARE(results->images[i].path, m_imagenet.paths[i]);
            QVERIFY(std::abs(results->images[i].hintIou - m_imagenet.hintIous[i]) < 1e-9);
        }
        QVERIFY(!results->images[6].hasBox);  // the empty map
        // The fixture spans good and bad localizations: the histogram and the lists have something to show.
        QVERIFY(*std::max_element(m_imagenet.hintIous.begin(), m_imagenet.hintIous.end()) > 0.5);
        QCOMPARE(*std::min_element(m_imagenet.hintIous.begin(), m_imagenet.hintIous.end()), 0.0);
    }

    void barsEqualSummaryJson()
    {
        const nlohmann::json root = readJson(m_imagenet.dir + "/summary.json");
        const widgets::EvaluationFigure* figure = m_view.figure();
        QVERIFY(figure);
        // Classifier + 3 baselines, 8 metrics (with PxAP: the fixture has masks).
        QCOMPARE(figure->metrics.methods.size(), size_t(4));
        QCOMPARE(figure->metrics.metrics.size(), size_t(8));
        QCOMPARE(figure->metrics.bars.size(), size_t(32));
        for (const auto& bar : figure->metrics.bars)
            QCOMPARE(bar.value, metricJson(methodJson(root, bar.method), bar.metric));
        QCOMPARE(*figure->metrics.value("gradcam", "pxap"), root["baselines"]["gradcam"]["pxap"].get<double>());
        // The ablation: three extra classifiers and the full one, pointing game and mean IoU.
        QCOMPARE(figure->ablation.bars.size(), size_t(8));
        QCOMPARE(figure->ablation.methods.front(), std::string("ablation_shap"));
        for (const auto& bar : figure->ablation.bars)
            QCOMPARE(bar.value, metricJson(methodJson(root, bar.method), bar.metric));
        QVERIFY(figure->ablation.value("ablation_random", "pointing_game").has_value());
        QVERIFY(figure->ablation.value("ablation_weight", "hint_mean_iou").has_value());
    }

    void tableHasTheSameNumbers()
    {
        const nlohmann::json root = readJson(m_imagenet.dir + "/summary.json");
        QTableWidget* table = m_view.metricsTable();
        QCOMPARE(table->rowCount(), 7);  // classifier, 3 baselines, 3 ablation classifiers
        const auto column = [table](const QString& header) {
            for (int c = 0; c < table->columnCount(); ++c)
                if (table->horizontalHeaderItem(c)->text() == header) return c;
            return -1;
        };
        const int maxBoxAcc = column(QStringLiteral("MaxBoxAcc")), pxap = column(QStringLiteral("PxAP"));
        QVERIFY(maxBoxAcc > 0 && pxap > 0);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Concept classifier"));
        QCOMPARE(table->item(0, maxBoxAcc)->text(), QString::number(root["maxboxacc"].get<double>(), 'f', 3));
        QCOMPARE(table->item(3, 0)->text(), QStringLiteral("Grad-CAM"));
        QCOMPARE(table->item(3, pxap)->text(), QString::number(root["baselines"]["gradcam"]["pxap"].get<double>(), 'f', 3));
        QCOMPARE(table->item(4, column(QStringLiteral("Pointing game")))->text(),
                 QString::number(root["extra_classifiers"]["ablation_shap"]["pointing_game"].get<double>(), 'f', 3));
    }

    void histogramBinsThePerImageIous()
    {
        std::vector<int> expected(10, 0);
        for (double iou : m_imagenet.hintIous) ++expected[size_t(std::min(9, int(std::floor(iou * 10))))];
        QCOMPARE(m_view.figure()->histogram.counts, expected);
        QCOMPARE(m_view.figure()->histogram.total(), kImages);
        QVERIFY(std::count_if(expected.begin(), expected.end(), [](int n) { return n > 0; }) >= 3);
    }

    void bestAndWorstAreOrderedByIou()
    {
        std::vector<size_t> order(kImages);
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
            return m_imagenet.hintIous[a] > m_imagenet.hintIous[b];
        });
        QListWidget* best = m_view.bestList();
        QListWidget* worst = m_view.worstList();
        QCOMPARE(best->count(), 5);
        QCOMPARE(worst->count(), 5);
        const auto iouOf = [](QListWidgetItem* item) { return item->text().section(QLatin1Char(' '), 0, 0).toDouble(); };
        for (int i = 1; i < 5; ++i) {
            QVERIFY(iouOf(best->item(i - 1)) >= iouOf(best->item(i)));
            QVERIFY(iouOf(worst->item(i - 1)) <= iouOf(worst->item(i)));
        }
        QCOMPARE(best->item(0)->data(Qt::UserRole).toString(), QString::fromStdString(m_imagenet.paths[order.front()]));
        QCOMPARE(worst->item(0)->data(Qt::UserRole).toString(), QString::fromStdString(m_imagenet.paths[6]));
        QCOMPARE(iouOf(worst->item(0)), 0.0);
        QCOMPARE(iouOf(best->item(0)), std::round(m_imagenet.hintIous[order.front()] * 1000) / 1000);
    }

    void activatingARowEmitsItsImage()
    {
        QSignalSpy spy(&m_view, &widgets::EvaluationView::imageActivated);
        m_view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_view));
        QListWidget* worst = m_view.worstList();
        const int row = 1;
        worst->setFocus();
        worst->setCurrentRow(row);
        QTest::keyClick(worst, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        const QString expected = QString::fromStdString(m_view.figure()->worst[size_t(row)].path);
        QCOMPARE(spy.at(0).at(0).toString(), expected);
        QVERIFY(std::find(m_imagenet.paths.begin(), m_imagenet.paths.end(), expected.toStdString()) != m_imagenet.paths.end());
        // A double click activates too.
        QListWidget* best = m_view.bestList();
        QListWidgetItem* item = best->item(0);
        // Qt 6's mouseDClick sends the double-click event alone; the view wants the press before it.
        QTest::mousePress(best->viewport(), Qt::LeftButton, {}, best->visualItemRect(item).center());
        QTest::mouseDClick(best->viewport(), Qt::LeftButton, {}, best->visualItemRect(item).center());
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), item->data(Qt::UserRole).toString());
        m_view.hide();
    }

    void datasetPickerSwitchesResults()
    {
        QCOMPARE(m_view.datasetCount(), 2);
        auto* combo = m_view.findChild<QComboBox*>();
        QVERIFY(combo && combo->isVisibleTo(&m_view));
        QCOMPARE(combo->itemText(1), QStringLiteral("CUB"));
        combo->setCurrentIndex(1);
        QCOMPARE(m_view.currentDataset(), 1);
        QCOMPARE(m_view.figure()->histogram.total(), 4);
        QVERIFY(m_view.figure()->ablation.bars.empty());  // that run had no ablation
        QCOMPARE(m_view.metricsTable()->rowCount(), 4);
        QVERIFY(QString::fromStdString(m_view.figure()->title).contains(QStringLiteral("CUB")));
        // New results (another concept) keep the data set shown, wherever it is in the list.
        m_view.setResults({load(m_cub.dir, "Other"), load(m_imagenet.dir, "ImageNet val"), load(m_cub.dir, "CUB")});
        QCOMPARE(m_view.currentDataset(), 2);
        QCOMPARE(combo->currentIndex(), 2);
        m_view.setResults({load(m_imagenet.dir, "ImageNet val"), load(m_cub.dir, "CUB")});
        QCOMPARE(m_view.currentDataset(), 1);
        m_view.setCurrentDataset(0);
        QCOMPARE(combo->currentIndex(), 0);
        QCOMPARE(m_view.figure()->histogram.total(), kImages);
        // One data set: no picker.
        widgets::EvaluationView single;
        single.setResults({load(m_cub.dir, "CUB")});
        QVERIFY(!single.findChild<QComboBox*>()->isVisibleTo(&single));
    }

    void emptyShowsThePlaceholder()
    {
        widgets::EvaluationView view;
        view.setResults({nullptr});
        QVERIFY(!view.figure());
        QVERIFY(!view.hasExportableContent());
        QCOMPARE(view.metricsTable()->rowCount(), 0);
        QCOMPARE(view.bestList()->count(), 0);
        bool found = false;
        for (auto* label : view.findChildren<QLabel*>())
            found |= label->isVisibleTo(&view) && label->text().contains(QStringLiteral("Run HINT with the localize step"));
        QVERIFY(found);
        QVERIFY(!view.exportFigure(m_dir.filePath(QStringLiteral("none.png")), {}).ok());
    }

    void malformedFilesGiveErrorsNamingThem()
    {
        const auto copy = [this](const QString& name) {
            const std::string dir = m_dir.filePath(name).toStdString();
            fs::create_directories(dir);
            for (const char* file : {"summary.json", "per_image.csv"})
                fs::copy_file(m_imagenet.dir + "/" + file, dir + "/" + file, fs::copy_options::overwrite_existing);
            return dir;
        };
        std::string dir = copy(QStringLiteral("broken_json"));
        std::ofstream(dir + "/summary.json") << "{\"n\": 3, ";
        auto result = widgets::readLocalizationResults(dir);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.find(dir + "/summary.json") != std::string::npos, result.error().message.c_str());

        dir = copy(QStringLiteral("wrong_type"));
        const nlohmann::json root = readJson(dir + "/summary.json");
        nlohmann::json changed = root;
        changed["baselines"]["gradcam"]["maxboxacc"] = "high";
        std::ofstream(dir + "/summary.json") << changed.dump(2);
        result = widgets::readLocalizationResults(dir);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.find("summary.json: key 'baselines.gradcam.maxboxacc' is not a number") !=
                     std::string::npos,
                 result.error().message.c_str());

        dir = copy(QStringLiteral("missing_key"));
        changed = root;
        changed.erase("hint_iou50_accuracy");
        std::ofstream(dir + "/summary.json") << changed.dump(2);
        result = widgets::readLocalizationResults(dir);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.find("'hint_iou50_accuracy' is missing") != std::string::npos,
                 result.error().message.c_str());

        dir = copy(QStringLiteral("bad_row"));
        rewrite(dir + "/per_image.csv", "/data/img_1.png,224,224,1,1,", "/data/img_1.png,224,224,1,1,x");
        result = widgets::readLocalizationResults(dir);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.find("per_image.csv:3:") != std::string::npos, result.error().message.c_str());
        QVERIFY2(result.error().message.find("column iou") != std::string::npos, result.error().message.c_str());

        QVERIFY(!widgets::readLocalizationResults(m_dir.filePath(QStringLiteral("nowhere")).toStdString()).ok());
    }

    void toolTipNamesTheBarUnderTheMouse()
    {
        const widgets::EvaluationFigure& figure = *m_view.figure();
        const QSize size(1000, 700);
        const auto layout = widgets::layoutEvaluation(figure, m_view.font(), size);
        QCOMPARE(layout.metrics.bars.size(), figure.metrics.bars.size());
        const size_t i = 13;  // a bar in the middle of the chart
        const QString tip = widgets::evaluationToolTip(figure, m_view.font(), size, layout.metrics.bars[i].center());
        QVERIFY2(tip.contains(QString::number(figure.metrics.bars[i].value, 'f', 4)), qPrintable(tip));
        QVERIFY2(tip.contains(QString::fromStdString(widgets::metricLabel(figure.metrics.bars[i].metric)).toHtmlEscaped()),
                 qPrintable(tip));
        // Bars of a group side by side, left to right in method order, heights in proportion.
        const auto& bars = layout.metrics.bars;
        QVERIFY(bars[1].left() > bars[0].left());
        const double unit = layout.metrics.plot.height();
        QVERIFY(std::abs(bars[i].height() - figure.metrics.bars[i].value * unit) < 0.5);
        QVERIFY(widgets::evaluationToolTip(figure, m_view.font(), size, QPointF(2, 2)).isEmpty());
    }

    void exportsFigureAtTheRequestedSize()
    {
        const QString png = m_dir.filePath(QStringLiteral("evaluation.png"));
        QVERIFY(m_view.exportFigure(png, {QSize(1100, 700), 150.0}).ok());
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1100, 700));
        // The classifier's bars and the histogram in vermilion, Grad-CAM's in green.
        QVERIFY(countNear(image, widgets::methodColor("concept", "concept")) > 3000);
        QVERIFY(countNear(image, widgets::methodColor("gradcam", "concept")) > 1000);
        for (const QString& name : {QStringLiteral("evaluation.svg"), QStringLiteral("evaluation.pdf")}) {
            const QString path = m_dir.filePath(name);
            QVERIFY2(m_view.exportFigure(path, {QSize(900, 600), 96.0}).ok(), qPrintable(path));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY(bytes.size() > 2000);
            if (name.endsWith(QLatin1String(".pdf"))) QVERIFY(bytes.startsWith("%PDF-"));
            else QVERIFY(QSvgRenderer(bytes).isValid());
        }
        QVERIFY(!m_view.exportFigure(m_dir.filePath(QStringLiteral("evaluation.bmp")), {}).ok());
        QCOMPARE(m_view.exportName(), QStringLiteral("evaluation_dog_features.30_ImageNet_val"));
    }

    void exportsData()
    {
        const nlohmann::json root = readJson(m_imagenet.dir + "/summary.json");
        const QString csv = m_dir.filePath(QStringLiteral("evaluation.csv"));
        QVERIFY(m_view.exportData(csv).ok());
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 8);  // header + 7 methods
        const QStringList header = lines[0].split(QLatin1Char(','));
        const QStringList gradcam = lines[4].split(QLatin1Char(','));
        QCOMPARE(gradcam[1], QStringLiteral("gradcam"));
        QCOMPARE(gradcam[header.indexOf(QStringLiteral("maxboxacc_v2"))].toDouble(),
                 root["baselines"]["gradcam"]["maxboxacc_v2"].get<double>());

        const QString json = m_dir.filePath(QStringLiteral("evaluation.json"));
        QVERIFY(m_view.exportData(json).ok());
        const nlohmann::json exported = readJson(json.toStdString());
        QCOMPARE(exported["methods"].size(), size_t(7));
        QCOMPARE(exported["hint_iou_histogram"]["counts"].get<std::vector<int>>(), m_view.figure()->histogram.counts);
        QCOMPARE(exported["best"][0]["image"].get<std::string>(), m_view.figure()->best[0].path);
        QVERIFY(!m_view.exportData(m_dir.filePath(QStringLiteral("evaluation.npy"))).ok());
    }

private:
    QTemporaryDir m_dir;
    Fixture m_imagenet, m_cub;
    widgets::EvaluationView m_view;
};

QTEST_MAIN(EvaluationViewTest)
#include "evaluation_view_test.moc"
