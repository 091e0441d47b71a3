// ContributionsView: bars, ranking, top-k colours, score switch, click-to-select and data export.
#include "contributions_view.h"
#include "shapley_csv.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using hint::widgets::ContributionsView;
using hint::widgets::NeuronScores;

namespace {

// n neurons with ids 100.. and two score kinds whose orders differ.
std::shared_ptr<NeuronScores> makeScores(int n, unsigned seed)
{
    auto scores = std::make_shared<NeuronScores>();
    scores->conceptName = "dog";
    scores->conceptId = "n02084071";
    scores->layer = "features.30";
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    scores->scores = {{"Mean |phi|", {}, {}, {}}, {"|weight|", {}, {}, {}}};
    for (int i = 0; i < n; ++i) {
        scores->neuronIds.push_back(100 + i);
        scores->scores[0].values.push_back(uniform(rng));
        scores->scores[1].values.push_back(uniform(rng));
    }
    return scores;
}

// Neuron ids by descending value, computed independently of the view.
std::vector<int> expectedOrder(const NeuronScores& scores, size_t series)
{
    std::vector<std::pair<float, int>> pairs;
    for (size_t i = 0; i < scores.neuronIds.size(); ++i)
        pairs.push_back({scores.scores[series].values[i], scores.neuronIds[i]});
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<int> ids;
    for (const auto& p : pairs) ids.push_back(p.second);
    return ids;
}

int barsNamed(QCustomPlot* plot, const QString& prefix)
{
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (plot->plottable(i)->name().startsWith(prefix)) return plot->plottable(i)->interface1D()->dataCount();
    return -1;
}

}  // namespace

class ContributionsViewTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ranksAndColoursBars()
    {
        ContributionsView view;
        const auto scores = makeScores(50, 7);
        view.setTopK(5);
        view.setScores(scores);
        QCOMPARE(view.barCount(), 50);
        const auto expected = expectedOrder(*scores, 0);
        QCOMPARE(view.rankedNeurons(), expected);
        for (int i = 1; i < view.barCount(); ++i) QVERIFY(view.rankedValues()[i - 1] >= view.rankedValues()[i]);
        for (int i = 0; i < 5; ++i) QCOMPARE(view.barColor(i), ContributionsView::topColor());
        for (int i = 5; i < 50; ++i) QCOMPARE(view.barColor(i), ContributionsView::otherColor());
        QVERIFY(ContributionsView::topColor() != ContributionsView::otherColor());
        QCOMPARE(barsNamed(view.plot(), QStringLiteral("Top 5")), 5);
        QCOMPARE(barsNamed(view.plot(), QStringLiteral("Other neurons")), 45);
        QVERIFY(view.plot()->legend->visible());
        QVERIFY(!view.plot()->yAxis->label().isEmpty());
        QVERIFY(!view.plot()->xAxis->label().isEmpty());

        view.setTopK(8);
        QCOMPARE(view.barColor(7), ContributionsView::topColor());
        QCOMPARE(view.barColor(8), ContributionsView::otherColor());
        QCOMPARE(barsNamed(view.plot(), QStringLiteral("Top 8")), 8);
    }

    void scoreSwitchReranks()
    {
        ContributionsView view;
        const auto scores = makeScores(30, 11);
        view.setScores(scores);
        view.setScoreKind(1);
        QCOMPARE(view.rankedNeurons(), expectedOrder(*scores, 1));
        QCOMPARE(view.plot()->yAxis->label(), QStringLiteral("|weight|"));
        view.setScoreKind(0);
        QCOMPARE(view.rankedNeurons(), expectedOrder(*scores, 0));
    }

    void badSeriesAndNanAreHandled()
    {
        auto scores = makeScores(4, 3);
        scores->scores[0].values = {0.5f, std::numeric_limits<float>::quiet_NaN(), 0.9f, -0.2f};
        scores->scores.push_back({"short", {1.0f}, {}, {}});  // wrong length: left out
        ContributionsView view;
        view.setScores(scores);
        QCOMPARE(view.findChild<QComboBox*>()->count(), 2);
        QCOMPARE(view.rankedNeurons(), (std::vector<int>{102, 100, 103, 101}));  // NaN last, negative kept
        view.setScores(nullptr);
        QCOMPARE(view.barCount(), 0);
        QVERIFY(!view.hasExportableContent());
    }

    void clickSelectsNeuron()
    {
        ContributionsView view;
        view.resize(1000, 600);
        view.setScores(makeScores(40, 5));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.plot()->replot();
        QSignalSpy selected(&view, &ContributionsView::neuronSelected);
        const QPoint target = view.barCenter(3);
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::NoModifier, target);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.first().first().toInt(), view.rankedNeurons()[3]);
        QCOMPARE(view.selectedNeuron(), view.rankedNeurons()[3]);
        QVERIFY(view.barColor(3) != ContributionsView::topColor());  // drawn as selected

        // Outside the axis rect (the title row): no selection.
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::NoModifier, QPoint(view.plot()->width() / 2, 3));
        QCOMPARE(selected.count(), 1);
    }

    void exportsData()
    {
        QTemporaryDir dir;
        ContributionsView view;
        auto scores = makeScores(12, 9);
        view.setScores(scores);
        const QString csvPath = dir.filePath(QStringLiteral("c.csv"));
        QVERIFY(view.exportData(csvPath).ok());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 13);
        QCOMPARE(lines[0], QByteArray("rank,neuron,Mean |phi|,|weight|"));
        const auto order = expectedOrder(*scores, 0);
        QCOMPARE(lines[1].split(',')[1].toInt(), order[0]);
        QCOMPARE(lines[12].split(',')[0].toInt(), 12);

        const QString jsonPath = dir.filePath(QStringLiteral("c.json"));
        QVERIFY(view.exportData(jsonPath).ok());
        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(root.value(QStringLiteral("concept")).toString(), QStringLiteral("dog"));
        const QJsonArray neurons = root.value(QStringLiteral("neurons")).toArray();
        QCOMPARE(neurons.size(), 12);
        QCOMPARE(neurons[0].toObject().value(QStringLiteral("neuron")).toInt(), order[0]);
        QVERIFY(!view.exportData(dir.filePath(QStringLiteral("c.xlsx"))).ok());
    }

    // A sampling estimate's CSV (hint shapley --method sampling, or the pipeline's): its ci95 columns are
    // the Mean |phi| series' interval, drawn as error bars around each bar, and exported beside it.
    void samplingIntervalsAreErrorBars()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("dog.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("neuron,mean_abs,median_abs,max_abs,min_abs,rank,ci95_low,ci95_high\n"
                   "0,0.2,0.1,0.5,0,2,0.15,0.25\n"
                   "1,0.6,0.5,0.9,0.1,1,0.5,0.7\n"
                   "2,0.05,0.04,0.2,0,3,0.01,0.09\n");
        file.close();
        auto read = hint::widgets::readShapleyCsv(path.toStdString());
        QVERIFY(read.ok());
        QCOMPARE(read->scores.size(), size_t(4));  // the interval columns are not score kinds
        QVERIFY(read->scores[0].hasInterval());
        QVERIFY(!read->scores[1].hasInterval());

        ContributionsView view;
        view.setScores(std::make_shared<NeuronScores>(read.value()));
        QCOMPARE(view.findChild<QComboBox*>()->count(), 4);
        QCOMPARE(view.rankedNeurons(), (std::vector<int>{1, 0, 2}));
        QCOMPARE(view.rankedIntervals().size(), size_t(3));
        QCOMPARE(view.rankedIntervals()[0].first, double(0.5f));
        QCOMPARE(view.rankedIntervals()[0].second, double(0.7f));
        auto* errorBars = qobject_cast<QCPErrorBars*>(view.plot()->plottable(view.plot()->plottableCount() - 1));
        QVERIFY(errorBars && errorBars->visible());
        QCOMPARE(errorBars->dataCount(), 3);
        // Rank 1 (neuron 1, 0.6 in [0.5, 0.7]): 0.1 below and above the bar.
        QVERIFY(std::abs(errorBars->data()->at(0).errorMinus - 0.1) < 1e-6);
        QVERIFY(std::abs(errorBars->data()->at(0).errorPlus - 0.1) < 1e-6);
        QVERIFY(view.plot()->legend->hasItemWithPlottable(errorBars));
        QVERIFY(view.plot()->yAxis->range().upper >= 0.7);

        // Median |phi| has no interval: no error bars.
        view.setScoreKind(1);
        QVERIFY(view.rankedIntervals().empty());
        QVERIFY(!errorBars->visible());
        QVERIFY(!view.plot()->legend->hasItemWithPlottable(errorBars));

        const QString csvPath = dir.filePath(QStringLiteral("out.csv"));
        QVERIFY(view.exportData(csvPath).ok());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QVERIFY(lines[0].startsWith("rank,neuron,Mean |\xcf\x86|,Mean |\xcf\x86| ci95_low,Mean |\xcf\x86| ci95_high,"));
    }
};

QTEST_MAIN(ContributionsViewTest)
#include "contributions_view_test.moc"
