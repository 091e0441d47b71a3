// Opening the built-in demo from the welcome page ends with its views filled: the demo is built (shipped
// weights, drawn test images), its project opened, HINT run on it because nothing is stored yet, and the
// demo's initial concept (polygon) shown with one contribution bar per channel of ShapesNet's default tap,
// the first of the demo's three layers.
// Qt warnings fail the test, so its Xvfb run (widgets.demo_open_test.xvfb) checks a clean console too.
#include "bridge/job_runner.h"
#include "concept_browser.h"
#include "concept_map_view.h"
#include "concept_status.h"
#include "concept_tree_model.h"
#include "contributions_view.h"
#include "demo/demo_builder.h"
#include "demo/demo_project.h"
#include "hierarchy/concept_graph.h"
#include "hierarchy/word_net.h"
#include "main_window.h"
#include "model/network.h"
#include "neuron_heatmap_view.h"
#include "pipeline/pipeline_plan.h"
#include "results_controller.h"
#include "run_controller.h"
#include "welcome_page.h"
#include "adversarial/adversarial_view.h"
#include "analysis_controller.h"
#include "associations/associations_view.h"
#include "evaluation/evaluation_view.h"
#include "figure_canvas.h"
#include "layers/layers_view.h"

#include <QElapsedTimer>
#include <QListWidget>
#include <QTabWidget>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using hint::gui::MainWindow;

namespace {

QStringList g_warnings;
QtMessageHandler g_previousHandler = nullptr;

void recordWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type != QtDebugMsg && type != QtInfoMsg && !message.contains(QLatin1String("propagateSizeHints")))
        g_warnings << message;
    g_previousHandler(type, context, message);
}

}  // namespace

class DemoOpenTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("HINT-test"));
        QCoreApplication::setApplicationName(QStringLiteral("demo_open_test"));
        // The demo folder and the result cache in scratch space, never the user's.
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
        qputenv("HINT_CACHE_DIR", m_dir.filePath(QStringLiteral("cache")).toUtf8());
        hint::model::setComputeThreads(0);  // as hint-explorer's main() does
        g_previousHandler = qInstallMessageHandler(recordWarnings);
    }

    void cleanup()
    {
        const QStringList warnings = g_warnings;
        g_warnings.clear();
        QVERIFY2(warnings.isEmpty(), qPrintable(QStringLiteral("Qt warnings: ") + warnings.join(QStringLiteral(" | "))));
    }

    void demoOpensWithItsViewsFilled()
    {
        if (!QFile::exists(QString::fromStdString(hint::hierarchy::WordNet::defaultPath())))
            QSKIP("WordNet data.noun not installed (wordnet-base)");
        auto network = hint::model::Network::create(hint::demo::kDemoArch);
        QVERIFY(network.ok());
        const auto* info = hint::model::findArchitecture(hint::demo::kDemoArch);
        auto tap = network.value()->findTap(info->defaultLayer, info->inputSize);
        QVERIFY(tap.ok());
        const int channels = int(tap->shape[0]);
        QCOMPARE(channels, 96);  // ShapesNet features.16

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QElapsedTimer clock;
        clock.start();
        window.welcomePage()->demoButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(window.runController()->isRunning(), 240000);  // built, opened, nothing stored
        const double openSeconds = double(clock.elapsed()) / 1000.0;
        QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->isRunning(), 240000);
        QVERIFY(window.runController()->lastSummary() != nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(window.contributionsView()->barCount(), channels, 60000);
        const double filledSeconds = double(clock.elapsed()) / 1000.0;
        const auto& summary = *window.runController()->lastSummary();
        std::printf("demo: built and opened in %.1f s; HINT computed %lld entries in %.1f s; views filled after %.1f s\n",
                    openSeconds, static_cast<long long>(summary.computed), summary.seconds, filledSeconds);

        // Every entry of the demo's plan is stored, and the shown concept is polygon with all its views. The
        // views may have filled from a listing made while the run went on (the explorer follows the cache):
        // the listing after the run is the one to check.
        QTRY_VERIFY_WITH_TIMEOUT(!window.results()->isListing(), 60000);
        const auto stored = window.results()->stored();
        QVERIFY(stored != nullptr);
        QCOMPARE(stored->entriesStored, stored->entriesTotal);
        QCOMPARE(summary.computed, stored->entriesTotal);
        // The demo studies every concept at each of its layers: a unit per concept x layer, and per layer
        // the entries of the same project at that layer alone.
        const hint::store::Project& project = *window.project();
        QCOMPARE(project.layers, hint::demo::demoLayers());
        QCOMPARE(stored->units.size(), project.concepts.size() * project.layers.size());
        hint::store::Project oneLayer = project;
        oneLayer.layers = {project.layers.front()};
        const auto onePlan = hint::pipeline::buildPlan(oneLayer);
        QVERIFY(onePlan.ok());
        QCOMPARE(stored->entriesTotal, int64_t(onePlan->tasks.size() * project.layers.size()));
        const auto* tree = window.conceptBrowser()->treeModel();
        const int shown = window.conceptBrowser()->currentConcept();
        QVERIFY(shown >= 0);
        QCOMPARE(tree->graph()->at(shown).name, std::string("polygon"));
        QCOMPARE(tree->status(shown).state, hint::widgets::ConceptStatus::State::Stored);
        QVERIFY(tree->status(shown).bestF1.has_value());
        QCOMPARE(window.contributionsView()->scores()->conceptName, std::string("polygon"));
        QTRY_VERIFY_WITH_TIMEOUT(window.heatmapView()->heatmaps() != nullptr, 60000);
        QVERIFY(!window.heatmapView()->heatmaps()->tiles.empty());
        QTRY_VERIFY_WITH_TIMEOUT(window.conceptMapView()->maps() != nullptr, 60000);
        QCOMPARE(window.conceptMapView()->maps()->panels.front().conceptName, std::string("polygon"));
        QVERIFY(window.conceptMapView()->maps()->panels.size() > 1);  // polygon beside its siblings
        QVERIFY(window.conceptMapView()->maps()->hasGroundTruth());   // the demo's boxes

        // Opening it again finds everything stored: no run.
        QVERIFY(window.close());
        QTRY_COMPARE_WITH_TIMEOUT(window.jobRunner()->activeCount(), 0, 60000);
        MainWindow again;
        QSignalSpy ready(&again, &MainWindow::projectReady);
        again.welcomePage()->demoButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(again.contributionsView()->barCount(), channels, 60000);
        QVERIFY(!again.runController()->isRunning());
        QVERIFY(again.runController()->lastSummary() == nullptr);
    }

    // The views of HINT's findings on the demo's stored results (the run above filled the cache), and the
    // selection links between views: a neuron clicked in Associations is the neuron of Contributions and
    // Heatmaps; a concept clicked there becomes the tree's; an Evaluation image opens in Concept maps.
    void findingsViewsFollowTheSelection()
    {
        if (!QFile::exists(QString::fromStdString(hint::hierarchy::WordNet::defaultPath())))
            QSKIP("WordNet data.noun not installed (wordnet-base)");
        MainWindow window;
        window.resize(1360, 860);
        window.show();
        QSignalSpy ready(&window, &MainWindow::projectReady);
        window.welcomePage()->demoButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
        QVERIFY(!window.runController()->isRunning());  // all stored by the test before
        QTRY_VERIFY_WITH_TIMEOUT(window.contributionsView()->barCount() > 0, 60000);
        const auto graph = window.conceptBrowser()->treeModel()->graph();

        // Associations: polygon and its subtree, abstract on top; every drawn link is a top-k neuron.
        auto* associations = window.associationsView();
        QVERIFY(!associations->diagram().empty());
        const auto& diagram = associations->diagram();
        QCOMPARE(diagram.concepts.front().name, std::string("polygon"));
        for (size_t i = 1; i < diagram.concepts.size(); ++i) QVERIFY(diagram.concepts[i].depth >= diagram.concepts[i - 1].depth);
        QVERIFY(diagram.neurons.size() >= size_t(associations->topK()));

        // A neuron clicked in the diagram is selected in Contributions and Heatmaps.
        window.showView(QStringLiteral("associations"));
        QTest::qWait(50);
        const int node = int(diagram.neurons.size()) - 1;
        const int neuron = diagram.neurons[size_t(node)].neuron;
        QTest::mouseClick(associations->canvas(), Qt::LeftButton, Qt::NoModifier, associations->neuronRect(node).center().toPoint());
        QCOMPARE(window.contributionsView()->selectedNeuron(), neuron);
        QCOMPARE(window.heatmapView()->neuron(), neuron);
        QTRY_VERIFY_WITH_TIMEOUT(window.heatmapView()->heatmaps() && window.heatmapView()->heatmaps()->neuron == neuron, 30000);

        // A concept clicked in the diagram becomes the tree's current concept, and every view follows.
        const int row = int(diagram.concepts.size()) - 1;
        const std::string leaf = diagram.concepts[size_t(row)].wnid;
        QTest::mouseClick(associations->canvas(), Qt::LeftButton, Qt::NoModifier, associations->conceptRect(row).center().toPoint());
        QCOMPARE(graph->at(window.conceptBrowser()->currentConcept()).wnid, leaf);
        QTRY_COMPARE_WITH_TIMEOUT(window.contributionsView()->scores()->conceptId, leaf, 30000);

        // Switching concept redraws Associations within the budget (GUI.md: under 150 ms).
        const int circle = graph->indexOf("n13873502");
        QElapsedTimer switchClock;
        switchClock.start();
        window.showConcept(QStringLiteral("n13873502"));  // circle: its subtree is itself
        associations->repaint();
        const qint64 switchMs = switchClock.elapsed();
        std::printf("associations: concept switch and repaint in %lld ms\n", static_cast<long long>(switchMs));
        QVERIFY2(switchMs < 150, qPrintable(QStringLiteral("%1 ms").arg(switchMs)));
        QCOMPARE(window.conceptBrowser()->currentConcept(), circle);
        QCOMPARE(associations->diagram().concepts.front().wnid, std::string("n13873502"));

        // Layers: circle at each of the project's layers, F1 from the stored metrics, one map per layer.
        const auto& project = *window.project();
        QTRY_VERIFY_WITH_TIMEOUT(window.layersView()->comparison() && window.layersView()->comparison()->concept == "n13873502", 60000);
        const auto comparison = window.layersView()->comparison();
        QCOMPARE(comparison->layers.size(), project.layers.size());
        for (const auto& layer : comparison->layers) {
            QVERIFY2(layer.hasMap(), layer.mapNote.c_str());
            const auto* unit = [&]() -> const hint::pipeline::StoredUnit* {
                for (const auto& u : window.results()->stored()->units)
                    if (u.concept == "n13873502" && u.layer == layer.layer) return &u;
                return nullptr;
            }();
            QVERIFY(unit != nullptr);
            QCOMPARE(layer.linearF1, unit->linearF1);
        }

        // Evaluation: the localize step's figures for circle; its best image opens in Concept maps.
        QTRY_VERIFY_WITH_TIMEOUT(window.evaluationView()->datasetCount() > 0, 60000);
        auto results = window.evaluationView()->currentResults();
        QVERIFY(results && !results->images.empty());
        QVERIFY(results->classifier.hintAccuracy >= 0.0 && results->classifier.hintAccuracy <= 1.0);
        QListWidget* best = window.evaluationView()->bestList();
        QVERIFY(best->count() > 0);
        Q_EMIT best->itemActivated(best->item(0));
        QCOMPARE(window.viewTabs()->currentWidget(), static_cast<QWidget*>(window.conceptMapView()));
        QTRY_VERIFY_WITH_TIMEOUT(window.conceptMapView()->maps() != nullptr, 60000);

        // Adversarial: an FGSM attack on the first stored image, run as a job.
        window.analysis()->runAttack();
        QTRY_VERIFY_WITH_TIMEOUT(window.adversarialView()->result() != nullptr, 120000);
        const auto attacked = window.adversarialView()->result();
        QCOMPARE(attacked->clean.topMeans.size(), attacked->topNeurons.size());
        QVERIFY(attacked->linf <= attacked->epsilon + 1.0);
        QTRY_COMPARE_WITH_TIMEOUT(window.jobRunner()->activeCount(), 0, 60000);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(DemoOpenTest)
#include "demo_open_test.moc"
