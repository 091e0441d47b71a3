// Responsiveness (GUI.md "Qualities"): the GUI thread's event loop keeps turning while a real
// extraction or an adversarial attack (the Adversarial view's job) runs through JobRunner (no stall over
// 50 ms), and searching the 1860-synset ImageNet tree in the concept browser takes at most 30 ms. The
// figures are printed.
#include "adversarial/adversarial_result.h"
#include "bridge/job_runner.h"
#include "concept_browser.h"
#include "concept_tree_model.h"
#include "hierarchy/concept_graph.h"
#include "hierarchy/word_net.h"
#include "model/network.h"
#include "saliency/extraction.h"
#include "stored_results_fixture.h"

#include <QElapsedTimer>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <algorithm>

using namespace hint;

namespace {

constexpr int kPingMs = 5;
constexpr qint64 kMaxStallMs = 50;
constexpr qint64 kMaxFilterMs = 30;

struct Measured {
    bool ok = false;
    qint64 ms = 0;       // the job's wall time
    int pings = 0;
    qint64 stallMs = 0;  // the longest gap between two pings, less the ping interval
};

// Runs WORK as a job while a 5 ms timer on the GUI thread records the longest gap between its ticks.
template <typename Work>
Measured runMeasuringStalls(const QString& title, Work work)
{
    bridge::JobRunner runner(1);
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worstGap = 0;
    Measured measured;
    QTimer ping;
    ping.setTimerType(Qt::PreciseTimer);
    ping.setInterval(kPingMs);
    QObject::connect(&ping, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        worstGap = std::max(worstGap, now - last);
        last = now;
        ++measured.pings;
    });
    bool done = false;
    auto* job = runner.start(title, title, std::move(work));
    QObject::connect(job, &bridge::JobHandle::succeeded, [&] { done = measured.ok = true; });
    QObject::connect(job, &bridge::JobHandle::failed, [&](const QString& message) {
        qWarning("%s", qPrintable(message));
        done = true;
    });
    clock.start();
    ping.start();
    if (!QTest::qWaitFor([&] { return done; }, 300000)) qWarning("%s did not finish in 5 minutes", qPrintable(title));
    ping.stop();
    measured.ms = clock.elapsed();
    measured.stallMs = worstGap - kPingMs;
    return measured;
}

}  // namespace

class ResponsivenessTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eventLoopTurnsDuringExtraction()
    {
        QTemporaryDir dir;
        const auto fixture = testing::writeStoredFixture(dir.filePath(QStringLiteral("fixture")).toStdString());
        model::setComputeThreads(0);  // every core, as the app does
        auto created = model::Network::create("shapesnet");
        QVERIFY(created.ok());
        std::shared_ptr<model::Network> network = std::move(created).value();
        network->randomizeWeights(7);

        saliency::ExtractionRequest request;
        // Enough work for a second or more on a quiet machine: the fixture's six images many times over, at
        // twice ShapesNet's own input size (its global pooling takes any size).
        for (int copy = 0; copy < 50; ++copy)
            for (const auto& path : fixture.images) request.images.push_back({path, 0});
        request.saliency.method = saliency::Method::Guided;
        request.saliency.layer = network->info().defaultLayer;
        request.preprocess = {data::PreprocessMode::Hint, 2 * network->info().inputSize};
        request.batchSize = 16;
        request.outDir = dir.filePath(QStringLiteral("extract")).toStdString();

        const Measured measured = runMeasuringStalls(QStringLiteral("extract"), [network, request](jobs::JobContext& context) {
            return saliency::runExtraction(*network, request, context);
        });
        QVERIFY(measured.ok);
        qInfo("extraction of %d images: %lld ms; %d pings; longest event-loop stall %lld ms (limit %lld)",
              int(request.images.size()), measured.ms, measured.pings, measured.stallMs, kMaxStallMs);
        QVERIFY2(measured.ms > 500, "the job finished too fast to measure anything");
        QVERIFY2(measured.stallMs <= kMaxStallMs, qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(measured.stallMs)));
    }

    void eventLoopTurnsDuringAnAttack()
    {
        QTemporaryDir dir;
        const auto fixture = testing::writeStoredFixture(dir.filePath(QStringLiteral("fixture")).toStdString());
        model::setComputeThreads(0);
        auto created = model::Network::create("shapesnet");
        QVERIFY(created.ok());
        std::shared_ptr<model::Network> network = std::move(created).value();
        network->randomizeWeights(7);

        // PGD with many steps at four times ShapesNet's input size: a second or more of work.
        widgets::AdversarialRequest request;
        request.network = network;
        request.layer = network->info().defaultLayer;
        request.preprocess = {data::PreprocessMode::Hint, 4 * network->info().inputSize};
        request.imagePath = fixture.images.front();
        request.attack = widgets::attackOptions({0, fixture.images.front(), localization::AttackMethod::Pgd, 8.0, 60});
        request.topNeurons = {0, 1, 2, 3};
        const Measured measured = runMeasuringStalls(QStringLiteral("attack"), [request](jobs::JobContext& context) {
            return widgets::computeAdversarial(request, context);
        });
        QVERIFY(measured.ok);
        qInfo("PGD attack (60 steps): %lld ms; %d pings; longest event-loop stall %lld ms (limit %lld)", measured.ms,
              measured.pings, measured.stallMs, kMaxStallMs);
        QVERIFY2(measured.ms > 300, "the job finished too fast to measure anything");
        QVERIFY2(measured.stallMs <= kMaxStallMs, qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(measured.stallMs)));
    }

    void conceptSearchIsInstant()
    {
        auto wordNet = hierarchy::WordNet::load();
        if (!wordNet) QSKIP("WordNet data.noun not installed (wordnet-base)");
        auto graph = hierarchy::ConceptGraph::imagenet(*wordNet);
        QVERIFY(graph.ok());
        QCOMPARE(graph->size(), 1860);
        widgets::ConceptBrowser browser;
        browser.resize(360, 800);
        browser.setGraph(std::make_shared<const hierarchy::ConceptGraph>(std::move(graph).value()));
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        // What a user types, letter by letter; each keystroke filters, expands and lays out the tree.
        qint64 worst = 0;
        qint64 total = 0;
        int keystrokes = 0;
        for (const QString& word : {QStringLiteral("retriever"), QStringLiteral("n0211"), QStringLiteral("musical"),
                                    QStringLiteral("dog")}) {
            browser.searchField()->clear();
            QCoreApplication::processEvents();
            for (int length = 1; length <= word.size(); ++length) {
                QElapsedTimer clock;
                clock.start();
                browser.searchField()->setText(word.left(length));
                browser.view()->doItemsLayout();  // the layout the next paint would do
                const qint64 ms = clock.elapsed();
                if (qEnvironmentVariableIsSet("HINT_VERBOSE")) qInfo("'%s': %lld ms", qPrintable(word.left(length)), ms);
                worst = std::max(worst, ms);
                total += ms;
                ++keystrokes;
                QCoreApplication::processEvents();
            }
        }
        qInfo("concept search over 1860 synsets: %d keystrokes, mean %.1f ms, worst %lld ms (limit %lld)", keystrokes,
              double(total) / keystrokes, worst, kMaxFilterMs);
        QVERIFY2(worst <= kMaxFilterMs, qPrintable(QStringLiteral("a search took %1 ms").arg(worst)));
    }
};

QTEST_MAIN(ResponsivenessTest)
#include "responsiveness_test.moc"
