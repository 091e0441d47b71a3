// MainWindow: starts on the welcome page, lists architectures and taps (from a job), loads the concept
// tree, opens Shapley values into the contributions view, keeps recent projects, opens a project whose
// results are in the pipeline store (views, tree statuses), follows entries another process publishes into
// that store while it is open, and closes cleanly.
#include "app_settings.h"
#include "bridge/job_runner.h"
#include "concept_browser.h"
#include "concept_map_view.h"
#include "concept_tree_model.h"
#include "contributions_view.h"
#include "hierarchy/concept_graph.h"
#include "hierarchy/word_net.h"
#include "main_window.h"
#include "model/network.h"
#include "neuron_heatmap_view.h"
#include "results_controller.h"
#include "run_panel.h"
#include "classifiers/linear_classifier.h"
#include "concept_status.h"
#include "store/project.h"
#include "pipeline_store_fixture.h"
#include "welcome_page.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDockWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include <QElapsedTimer>

#include <filesystem>
#include <fstream>
#include <thread>

using hint::gui::AppSettings;
using hint::gui::MainWindow;

namespace {

// Qt warnings fail the test (a clean console is part of the acceptance), except the offscreen
// plugin's notice that it has no window manager to pass size hints to.
QStringList g_warnings;
QtMessageHandler g_previousHandler = nullptr;

void recordWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type != QtDebugMsg && type != QtInfoMsg && !message.contains(QLatin1String("propagateSizeHints")))
        g_warnings << message;
    g_previousHandler(type, context, message);
}

// dog (n02084071) and wolf (n02114100) at features.30 of a random-weight VGG16 over a folder data set of
// the fixture's images (with boxes), its cache in `dir`.
hint::store::Project dogsProject(const QTemporaryDir& dir, const hint::testing::StoredFixture& fixture)
{
    hint::store::Project project;
    project.model.arch = "vgg16";
    project.layers = {"features.30"};
    project.concepts = {"n02084071", "n02114100"};
    project.seed = 3;
    hint::store::ProjectDataset dataset;
    dataset.name = "photos";
    dataset.kind = "folder";
    dataset.path = hint::testing::writeFixtureDataset(dir.filePath(QStringLiteral("images")).toStdString(), fixture,
                                                      {"n02085620", "n02114367"});  // Chihuahua, timber wolf
    // The fixture's boxes for the data set's copies of its images (folder/file, as the data set lists them).
    const QString boxes = dir.filePath(QStringLiteral("images/boxes.csv"));
    {
        std::ifstream in(fixture.boxesCsv);
        std::ofstream out(boxes.toStdString());
        std::string line;
        std::getline(in, line);
        out << line << "\n";
        while (std::getline(in, line)) {
            const std::string file = std::filesystem::path(line.substr(0, line.find(','))).filename().string();
            for (const char* wnid : {"n02085620", "n02114367"})
                out << wnid << "/" << file << line.substr(line.find(',')) << "\n";
        }
    }
    dataset.extra = {{"boxes", boxes.toStdString()}};  // absolute in memory, saved relative to the project file
    project.datasets = {dataset};
    project.parameters = {{"images_per_leaf", 3}};
    project.cacheDir = dir.filePath(QStringLiteral("cache")).toStdString();
    return project;
}

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Settings in a scratch directory, never the user's.
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("HINT-test"));
        QCoreApplication::setApplicationName(QStringLiteral("main_window_test"));
        g_previousHandler = qInstallMessageHandler(recordWarnings);
    }

    void cleanup()
    {
        const QStringList warnings = g_warnings;
        g_warnings.clear();
        QVERIFY2(warnings.isEmpty(), qPrintable(QStringLiteral("Qt warnings: ") + warnings.join(QStringLiteral(" | "))));
    }

    void startsOnWelcomePageAndClosesCleanly()
    {
        auto window = std::make_unique<MainWindow>();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->isShowingWelcome());
        QVERIFY(window->welcomePage()->demoButton()->isEnabled());  // builds the demo first when missing
        QCOMPARE(window->welcomePage()->recentList()->count(), 1);  // "No recent projects"
        QVERIFY(!window->runPanel()->runButton()->isEnabled());
        QVERIFY(!window->runPanel()->runButton()->toolTip().isEmpty());
        QCOMPARE(window->runPanel()->architectureCombo()->count(), int(hint::model::architectures().size()));
        QCOMPARE(window->runPanel()->parameters().saliency, QStringLiteral("guided"));
        QCOMPARE(window->runPanel()->parameters().threshold, 0.5);
        QCOMPARE(window->runPanel()->parameters().imagesPerLeaf, 20);

        // Taps come from a job; alexnet supersedes the default architecture's listing.
        window->runPanel()->setArchitecture(QStringLiteral("alexnet"));
        QTRY_VERIFY_WITH_TIMEOUT(window->runPanel()->tapList()->topLevelItemCount() > 0, 30000);
        QCOMPARE(window->runPanel()->parameters().tap, QStringLiteral("features.10"));
        QVERIFY(window->runPanel()->tapList()->currentItem()->text(1).contains(QStringLiteral("256")));

        if (QFile::exists(QString::fromStdString(hint::hierarchy::WordNet::defaultPath()))) {
            QTRY_VERIFY_WITH_TIMEOUT(window->conceptBrowser()->treeModel()->itemCount() > 1860, 30000);
        }

        QVERIFY(window->close());
        QTRY_COMPARE_WITH_TIMEOUT(window->jobRunner()->activeCount(), 0, 30000);
        window.reset();
        QVERIFY(!AppSettings::windowGeometry().isEmpty());  // layout saved on close
    }

    void docksGetTheirDefaultWidthsUnlessALayoutWasSaved()
    {
        // First start: nothing saved, the window at its default size.
        AppSettings::setWindowGeometry({});
        AppSettings::setWindowState({});
        auto window = std::make_unique<MainWindow>();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        auto* conceptDock = window->findChild<QDockWidget*>(QStringLiteral("ConceptDock"));
        auto* runDock = window->findChild<QDockWidget*>(QStringLiteral("RunDock"));
        QVERIFY(conceptDock && runDock);
        // 400 and 320 asked for. Without room for them (the views' minimum width) or when asked before the
        // first layout, the docks get their minimum widths, 360 and 320.
        QCOMPARE(window->width(), 1360);
        QTRY_VERIFY2(conceptDock->width() >= 380, qPrintable(QString::number(conceptDock->width())));
        QVERIFY2(runDock->width() >= 310, qPrintable(QString::number(runDock->width())));

        // A layout saved on close wins over the defaults at the next start.
        window->resizeDocks({conceptDock}, {368}, Qt::Horizontal);
        QTRY_COMPARE(conceptDock->width(), 368);
        QVERIFY(window->close());
        QTRY_COMPARE_WITH_TIMEOUT(window->jobRunner()->activeCount(), 0, 30000);
        window.reset();
        auto again = std::make_unique<MainWindow>();
        again->show();
        QVERIFY(QTest::qWaitForWindowExposed(again.get()));
        auto* restored = again->findChild<QDockWidget*>(QStringLiteral("ConceptDock"));
        QTest::qWait(50);  // a late resize to the defaults would land by now
        QCOMPARE(restored->width(), 368);
        QVERIFY(again->close());
        QTRY_COMPARE_WITH_TIMEOUT(again->jobRunner()->activeCount(), 0, 30000);
    }

    void opensShapleyCsvIntoContributions()
    {
        const QString path = m_dir.filePath(QStringLiteral("dog.csv"));
        {
            std::ofstream out(path.toStdString());
            out << "neuron,mean_abs,median_abs,max_abs,min_abs,rank\n";
            for (int k = 0; k < 16; ++k) out << k << ',' << (k % 5) * 0.1 + k * 0.001 << ",0.1,0.2,0.0," << k + 1 << "\n";
        }
        MainWindow window;
        window.openShapleyCsv(path);
        QTRY_VERIFY_WITH_TIMEOUT(window.contributionsView()->barCount() == 16, 10000);
        QVERIFY(!window.isShowingWelcome());
        QCOMPARE(window.contributionsView()->rankedNeurons().front(), 14);  // 0.414 is the largest mean_abs
        QCOMPARE(window.contributionsView()->plot()->yAxis->label(), QString::fromUtf8("Mean |\u03c6|"));
    }

    void recentProjectsAreKept()
    {
        AppSettings::clearRecentProjects();
        for (int i = 0; i < AppSettings::kMaxRecentProjects + 3; ++i)
            AppSettings::addRecentProject(m_dir.filePath(QStringLiteral("p%1.hintproj").arg(i)));
        AppSettings::addRecentProject(m_dir.filePath(QStringLiteral("p5.hintproj")));
        const QStringList recent = AppSettings::recentProjects();
        QCOMPARE(recent.size(), AppSettings::kMaxRecentProjects);
        QCOMPARE(recent.front(), m_dir.filePath(QStringLiteral("p5.hintproj")));
        QCOMPARE(recent.count(m_dir.filePath(QStringLiteral("p5.hintproj"))), 1);
        MainWindow window;
        QCOMPARE(window.welcomePage()->recentList()->count(), AppSettings::kMaxRecentProjects);
    }

    void openingAProjectFillsTheViews()
    {
        if (!QFile::exists(QString::fromStdString(hint::hierarchy::WordNet::defaultPath())))
            QSKIP("WordNet data.noun not installed (wordnet-base)");
        // dog (n02084071) and wolf (n02114100) at features.30 of a random-weight VGG16, with the fixture's
        // results in the project's pipeline cache: everything for dog, the classifier for wolf.
        QTemporaryDir dir;
        const auto fixture = hint::testing::writeStoredFixture(dir.filePath(QStringLiteral("results")).toStdString(),
                                                               "n02084071", "n02114100", "features.30");
        const hint::store::Project project = dogsProject(dir, fixture);
        hint::testing::seedPipelineStore(project, fixture, "n02084071", "n02114100");
        const QString path = dir.filePath(QStringLiteral("dogs.hintproj"));
        QVERIFY(project.save(path.toStdString()).ok());

        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::projectReady);
        window.openProject(path);
        QVERIFY(!window.isShowingWelcome());
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
        QCOMPARE(window.projectPath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(window.runPanel()->runButton()->isEnabled());
        const auto* tree = window.conceptBrowser()->treeModel();
        QCOMPARE(tree->graph()->size(), 1860);
        QCOMPARE(window.conceptBrowser()->selectedConcepts().size(), 1);
        // Badges and best F1 from the listing: dog has everything (linear F1 0.91), wolf a classifier
        // only (XGBoost's 0.83 beats its linear 0.72), a concept outside the project nothing.
        using State = hint::widgets::ConceptStatus::State;
        const int dog = tree->graph()->indexOf("n02084071"), wolf = tree->graph()->indexOf("n02114100");
        QCOMPARE(tree->status(dog).state, State::Stored);
        QCOMPARE(*tree->status(dog).bestF1, 0.91);
        QCOMPARE(tree->status(wolf).state, State::Partly);
        QVERIFY(tree->status(wolf).classifier && !tree->status(wolf).extracted);
        QCOMPARE(*tree->status(wolf).bestF1, 0.83);
        QCOMPARE(tree->status(tree->graph()->indexOf("n02121808")).state, State::Unstudied);  // domestic cat
        const QModelIndex dogItem = tree->indexesOf(dog).front();
        QCOMPARE(dogItem.siblingAtColumn(hint::widgets::ConceptTreeModel::F1Column).data().toString(), QStringLiteral("0.91"));
        QCOMPARE(dogItem.siblingAtColumn(hint::widgets::ConceptTreeModel::StatusColumn)
                     .data(hint::widgets::ConceptTreeModel::StatusRole).toInt(),
                 int(State::Stored));

        QTRY_COMPARE_WITH_TIMEOUT(window.contributionsView()->barCount(), StoredFixtureChannels, 30000);
        QCOMPARE(window.contributionsView()->rankedNeurons().front(), 2);  // the fixture's top Shapley neuron
        // The heatmaps show the top neuron's most activating images; the concept maps the first image.
        QTRY_VERIFY_WITH_TIMEOUT(window.heatmapView()->heatmaps() != nullptr, 30000);
        QCOMPARE(window.heatmapView()->heatmaps()->neuron, 2);
        QCOMPARE(window.heatmapView()->heatmaps()->tiles.front().row, int64_t(5));
        QTRY_VERIFY_WITH_TIMEOUT(window.conceptMapView()->maps() != nullptr, 30000);
        QCOMPARE(window.conceptMapView()->maps()->row, int64_t(0));
        QCOMPARE(window.conceptMapView()->maps()->panels.size(), size_t(2));  // dog and its sibling wolf
        QCOMPARE(window.conceptMapView()->maps()->panels[1].conceptName, std::string("wolf"));
        QVERIFY(window.conceptMapView()->maps()->hasGroundTruth());  // the data set's boxes

        // Clicking a bar selects its neuron in the heatmaps too.
        window.contributionsView()->setSelectedNeuron(0);
        Q_EMIT window.contributionsView()->neuronSelected(0);
        QTRY_COMPARE_WITH_TIMEOUT(window.heatmapView()->heatmaps()->neuron, 0, 30000);
        // Another image.
        window.conceptMapView()->setCurrentImage(3);
        QTRY_COMPARE_WITH_TIMEOUT(window.conceptMapView()->maps()->row, int64_t(3), 30000);
        // A dropped image needs the model's weights, which this project does not name: it says so.
        QSignalSpy failures(window.results(), &hint::gui::ResultsController::failed);
        window.results()->showDroppedImage(QString::fromStdString(fixture.images[1]));
        QCOMPARE(failures.count(), 1);
        QVERIFY(failures.front().at(0).toString().contains(QStringLiteral("weights")));
        QCOMPARE(window.conceptMapView()->maps()->row, int64_t(3));  // the shown maps stay

        // Wolf has no extraction: its views say so instead of showing dog's.
        window.conceptBrowser()->selectConcept(wolf);
        QCOMPARE(window.results()->shownConcept(), QStringLiteral("n02114100"));
        QVERIFY(window.results()->loaded() == nullptr);
        QCOMPARE(window.contributionsView()->barCount(), 0);
        QVERIFY(window.heatmapView()->heatmaps() == nullptr);
        QVERIFY(window.conceptMapView()->maps() == nullptr);

        // Save As writes the run panel's choices under the pipeline's keys (an undoable edit); the file
        // opens again with them.
        const QString copy = dir.filePath(QStringLiteral("copy.hintproj"));
        QVERIFY(window.saveProject(copy));
        auto reloaded = hint::store::Project::load(copy.toStdString());
        QVERIFY(reloaded.ok());
        QCOMPARE(reloaded->concepts, project.concepts);
        QCOMPARE(QString::fromStdString(reloaded->model.arch), window.runPanel()->parameters().arch);
        QCOMPARE(reloaded->parameters.value("method", std::string()), std::string("guided"));
        QCOMPARE(reloaded->parameters.value("images_per_leaf", 0), 3);  // the project's, shown by the panel
        QCOMPARE(reloaded->layers, project.layers);
        QVERIFY(window.undoStack()->canUndo());
        window.undoStack()->undo();
        QVERIFY(!window.project()->parameters.contains("method"));
        QCOMPARE(AppSettings::recentProjects().front(), QFileInfo(copy).absoluteFilePath());
        QVERIFY(window.close());
        QTRY_COMPARE_WITH_TIMEOUT(window.jobRunner()->activeCount(), 0, 30000);
    }

    void followsACacheFilledByAnotherProcess()
    {
        if (!QFile::exists(QString::fromStdString(hint::hierarchy::WordNet::defaultPath())))
            QSKIP("WordNet data.noun not installed (wordnet-base)");
        // Opened with wolf's classifier stored and nothing for dog; then another writer (a cluster task)
        // publishes dog's entries into the cache while the explorer stays open.
        QTemporaryDir dir;
        const auto fixture = hint::testing::writeStoredFixture(dir.filePath(QStringLiteral("results")).toStdString(),
                                                               "n02084071", "n02114100", "features.30");
        const hint::store::Project project = dogsProject(dir, fixture);
        hint::testing::seedPipelineStore(project, fixture, "", "n02114100");
        const QString path = dir.filePath(QStringLiteral("dogs.hintproj"));
        QVERIFY(project.save(path.toStdString()).ok());

        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::projectReady);
        window.openProject(path);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!window.results()->isListing() && window.jobRunner()->activeCount() == 0, 30000);
        using State = hint::widgets::ConceptStatus::State;
        const auto* tree = window.conceptBrowser()->treeModel();
        const int dog = tree->graph()->indexOf("n02084071"), wolf = tree->graph()->indexOf("n02114100");
        QCOMPARE(tree->status(dog).state, State::None);
        QCOMPARE(tree->status(wolf).state, State::Partly);
        QCOMPARE(window.results()->shownConcept(), QStringLiteral("n02084071"));
        QCOMPARE(window.contributionsView()->barCount(), 0);
        const int interval = window.results()->followIntervalMs();
        QVERIFY(interval >= hint::gui::ResultsController::kMinFollowIntervalMs);

        // An idle cache, and a writer half-way through an entry (its temporary folder), are not listed.
        QSignalSpy listed(window.results(), &hint::gui::ResultsController::listed);
        const auto temp = std::filesystem::path(project.cacheDir) / ".tmp-0123456789abcdef-otherhost-1";
        std::filesystem::create_directories(temp);
        std::ofstream(temp / "shapley.csv") << "neuron,mean_abs\n";
        QTest::qWait(2 * interval + 500);
        QCOMPARE(listed.count(), 0);

        // Dog's entries land: within a follow interval (plus a listing), the badge and the views show them,
        // without a restart; the shown concept is reloaded because what it shows changed.
        QElapsedTimer clock;
        clock.start();
        std::thread other([&] { hint::testing::seedPipelineStore(project, fixture, "n02084071"); });
        other.join();
        QTRY_COMPARE_WITH_TIMEOUT(tree->status(dog).state, State::Stored, 4 * interval + 10000);
        const qint64 noticedMs = clock.elapsed();
        QVERIFY(window.results()->lastListingFollowedCache());
        QCOMPARE(*tree->status(dog).bestF1, 0.91);
        QTRY_COMPARE_WITH_TIMEOUT(window.contributionsView()->barCount(), StoredFixtureChannels, 30000);
        qInfo("a published entry was shown %lld ms after it landed (follow interval %d ms)", noticedMs, interval);
        QVERIFY(window.close());
        QTRY_COMPARE_WITH_TIMEOUT(window.jobRunner()->activeCount(), 0, 30000);
    }

    void droppedImageRunsThroughTheModel()
    {
        if (!QFile::exists(QString::fromStdString(hint::hierarchy::WordNet::defaultPath())))
            QSKIP("WordNet data.noun not installed (wordnet-base)");
        QTemporaryDir dir;
        const std::string square = "n13878634";
        const auto fixture = hint::testing::writeStoredFixture(dir.filePath(QStringLiteral("results")).toStdString(),
                                                               square, "n13878306", "features.13");
        // The project's model: ShapesNet with seeded random weights, 96 channels at features.13. The
        // classifiers are rewritten for those 96 channels (only the dropped image's maps use them).
        auto network = hint::model::Network::create("shapesnet");
        QVERIFY(network.ok());
        network.value()->randomizeWeights(5);
        const QString weights = dir.filePath(QStringLiteral("shapesnet.safetensors"));
        QVERIFY(network.value()->saveSafetensors(weights.toStdString()).ok());
        auto taps = network.value()->findTap("features.13", 96);
        QVERIFY(taps.ok());
        hint::classifiers::LinearModel model;
        model.weights.assign(size_t(taps->shape[0]), 0.0);
        model.weights[0] = 1.0;
        QVERIFY(hint::classifiers::saveLinearModel(fixture.classifierDir + "/linear.json", model).ok());
        hint::store::Project project;
        project.model.arch = "shapesnet";
        project.model.weights = weights.toStdString();
        project.layers = {"features.13"};
        project.concepts = {square};
        hint::store::ProjectDataset dataset;
        dataset.name = "shapes";
        dataset.kind = "folder";
        dataset.path = hint::testing::writeFixtureDataset(dir.filePath(QStringLiteral("images")).toStdString(), fixture, {square});
        project.datasets = {dataset};
        project.parameters = {{"images_per_leaf", 3}};
        project.cacheDir = dir.filePath(QStringLiteral("cache")).toStdString();
        hint::testing::seedPipelineStore(project, fixture, square);
        const QString path = dir.filePath(QStringLiteral("drop.hintproj"));
        QVERIFY(project.save(path.toStdString()).ok());

        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::projectReady);
        window.openProject(path);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(window.results()->loaded() != nullptr, 30000);
        QCOMPARE(window.runPanel()->parameters().weights, weights);  // the project's weights are offered
        const QString dropped = QString::fromStdString(fixture.images[2]);
        window.results()->showDroppedImage(dropped);
        QTRY_VERIFY_WITH_TIMEOUT(window.conceptMapView()->maps() &&
                                     window.conceptMapView()->maps()->imagePath == dropped.toStdString(),
                                 120000);
        const auto& maps = *window.conceptMapView()->maps();
        // Square's siblings are not studied in this project: no sibling panels.
        QCOMPARE(maps.panels.size(), size_t(1));
        QCOMPARE(maps.panels[0].decision.width, int(taps->shape[2]));  // the model's grid, not the stored 6x6
        QCOMPARE(maps.image.width, 96);
    }

private:
    static constexpr int StoredFixtureChannels = hint::testing::StoredFixture::kChannels;
    QTemporaryDir m_dir;
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
