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

#include <QElapsedTimer>
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

        // Every entry of the demo's plan is stored, and the shown concept is polygon with all its views.
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

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(DemoOpenTest)
#include "demo_open_test.moc"
