// Run HINT from the GUI: a tiny project (Shapes-world images of three sibling polygons in wnid folders,
// a random-weight ShapesNet, features.13, concepts triangle and pentagon: 3 extract + 3 regions +
// 2 train + 2 shapley = 10 cache entries) run through the Run button. The run stores every entry, the
// concept tree shows the badge and best F1 the store lists, the views fill, and the parameters written
// into the project undo. A run cancelled from the Jobs dock leaves whole entries only, the GUI idle, and a
// second run computes exactly the rest. The Run panel states the run's estimate before and after.
#include "bridge/job_runner.h"
#include "concept_browser.h"
#include "concept_status.h"
#include "concept_tree_model.h"
#include "contributions_view.h"
#include "data/image_io.h"
#include "data/shapes_world.h"
#include "hierarchy/concept_graph.h"
#include "hierarchy/word_net.h"
#include "jobs_panel.h"
#include "main_window.h"
#include "pipeline/stored_results.h"
#include "results_controller.h"
#include "run_controller.h"
#include "run_panel.h"
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include <filesystem>

using hint::gui::MainWindow;
using State = hint::widgets::ConceptStatus::State;

namespace {

const std::vector<std::string> kClasses = {"n13879320", "n13882201", "n13882276"};  // triangle, pentagon, hexagon
constexpr int kImagesPerClass = 10;  // batches of one: the run lasts long enough to cancel it midway
constexpr int64_t kEntries = 10;

// Published entries (64-hex folders with a manifest) and leftover temporary folders of a cache root.
int countEntries(const QString& root, int* temps)
{
    int entries = 0;
    *temps = 0;
    for (const QFileInfo& info : QDir(root).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        if (info.fileName().size() == 64 && QFile::exists(info.filePath() + QStringLiteral("/manifest.json"))) ++entries;
        if (info.fileName().startsWith(QLatin1String(".tmp-"))) ++*temps;
    }
    return entries;
}

}  // namespace

class RunHintTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("HINT-test"));
        QCoreApplication::setApplicationName(QStringLiteral("run_hint_test"));
        if (!QFile::exists(QString::fromStdString(hint::hierarchy::WordNet::defaultPath())))
            QSKIP("WordNet data.noun not installed (wordnet-base)");
        hint::data::ShapesWorld world({96, 7, 0.3, 1.0});
        const auto& classes = hint::data::ShapesWorld::classes();
        for (const auto& wnid : kClasses) {
            int classIndex = -1;
            for (size_t c = 0; c < classes.size(); ++c)
                if (classes[c].wnid == wnid) classIndex = int(c);
            QVERIFY(classIndex >= 0);
            const QString folder = m_dir.filePath(QStringLiteral("images/") + QString::fromStdString(wnid));
            QVERIFY(QDir().mkpath(folder));
            for (int i = 0; i < kImagesPerClass; ++i) {
                auto sample = world.sample(hint::data::ShapesSplit::Test, i, classIndex);
                const QString file = folder + QStringLiteral("/%1.png").arg(i);
                QVERIFY(hint::data::writePng(file.toStdString(), sample.image).ok());
            }
        }
    }

    void runButtonStoresResultsAndTheTreeShowsThem()
    {
        const QString path = writeProject(QStringLiteral("run"));
        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::projectReady);
        window.openProject(path);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
        const auto* tree = window.conceptBrowser()->treeModel();
        const int triangle = tree->graph()->indexOf(kClasses[0]);
        const int hexagon = tree->graph()->indexOf(kClasses[2]);
        QCOMPARE(tree->status(triangle).state, State::None);     // studied, nothing stored yet
        QCOMPARE(tree->status(hexagon).state, State::Unstudied);  // a sibling outside the project
        QCOMPARE(window.contributionsView()->barCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(window.runPanel()->parameters().tap, QStringLiteral("features.13"), 30000);
        QCOMPARE(window.runPanel()->parameters().imagesPerLeaf, kImagesPerClass);  // the project's, not the default 20
        QVERIFY(window.runPanel()->runButton()->isEnabled());
        // Before Run, the panel states what the run will compute (pipeline::estimateRun, from the listing).
        QTRY_VERIFY_WITH_TIMEOUT(window.results()->estimate() != nullptr, 30000);
        QCOMPARE(window.results()->estimate()->toCompute, kEntries);
        QVERIFY(window.runPanel()->estimateLabel()->isVisibleTo(window.runPanel()));
        QVERIFY2(window.runPanel()->estimateLabel()->text().contains(QStringLiteral("%1 to compute").arg(kEntries)),
                 qPrintable(window.runPanel()->estimateLabel()->text()));

        QSignalSpy refreshed(&window, &MainWindow::resultsRefreshed);
        window.runPanel()->runButton()->click();
        QVERIFY(window.runController()->isRunning());
        QVERIFY(!window.runPanel()->runButton()->isEnabled());  // one run at a time
        QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->isRunning(), 120000);
        QVERIFY(window.runController()->lastSummary() != nullptr);
        QCOMPARE(window.runController()->lastSummary()->computed, kEntries);
        std::printf("GUI run of %lld entries: %.1f s\n", static_cast<long long>(kEntries),
                    window.runController()->lastSummary()->seconds);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1 && !window.results()->isListing(), 60000);

        // The badge and best F1 are what the store lists for triangle at features.13.
        auto listed = hint::pipeline::listStoredResults(*window.project());
        QVERIFY(listed.ok());
        QCOMPARE(listed->entriesStored, kEntries);
        const auto& unit = listed->units.front();
        QCOMPARE(unit.concept, kClasses[0]);
        QVERIFY(unit.linearF1 && unit.xgboostF1);
        QCOMPARE(tree->status(triangle).state, State::Stored);
        QVERIFY2(window.runPanel()->estimateLabel()->text().contains(QStringLiteral("nothing to compute")),
                 qPrintable(window.runPanel()->estimateLabel()->text()));
        QCOMPARE(*tree->status(triangle).bestF1, std::max(*unit.linearF1, *unit.xgboostF1));
        QCOMPARE(tree->indexesOf(triangle).front().siblingAtColumn(hint::widgets::ConceptTreeModel::F1Column).data().toString(),
                 QString::number(std::max(*unit.linearF1, *unit.xgboostF1), 'f', 2));
        QCOMPARE(tree->status(tree->graph()->indexOf(kClasses[1])).state, State::Stored);
        // The shown concept's views fill from the new results: one bar per channel of features.13.
        QTRY_COMPARE_WITH_TIMEOUT(window.contributionsView()->barCount(), int(unit.scores.size()), 30000);
        QCOMPARE(int(unit.scores.size()), 96);

        // The panel's parameters went into the project under the pipeline's keys, as one undoable edit.
        QCOMPARE(window.project()->parameters.value("method", std::string()), std::string("guided"));
        QCOMPARE(window.undoStack()->count(), 1);
        window.undoStack()->undo();
        QVERIFY(!window.project()->parameters.contains("method"));
        QVERIFY(window.isWindowModified() == false);

        // Run again: everything is reused.
        QTRY_VERIFY_WITH_TIMEOUT(window.runPanel()->runButton()->isEnabled(), 30000);
        window.runPanel()->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->isRunning(), 60000);
        QCOMPARE(window.runController()->lastSummary()->computed, int64_t(0));
        QCOMPARE(window.runController()->lastSummary()->reused, kEntries);
        QVERIFY(window.close());
        QTRY_COMPARE_WITH_TIMEOUT(window.jobRunner()->activeCount(), 0, 30000);
    }

    void cancelFromTheJobsDockLeavesWholeEntriesAndAnIdleGui()
    {
        const QString path = writeProject(QStringLiteral("cancel"));
        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::projectReady);
        window.openProject(path);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(window.runPanel()->parameters().tap, QStringLiteral("features.13"), 30000);

        QSignalSpy cancelled(window.runController(), &hint::gui::RunController::cancelled);
        window.runPanel()->runButton()->click();
        auto* job = window.runController()->job();
        QVERIFY(job);
        // Cancel from the job's row in the Jobs dock as soon as the first entry is stored (the second
        // extraction has begun); the engine stops between two batches of it.
        QToolButton* cancel = nullptr;
        for (auto* label : window.jobsPanel()->findChildren<QLabel*>())
            if (label->text().contains(job->title().toHtmlEscaped()))
                if (auto* button = label->parentWidget()->findChild<QToolButton*>()) cancel = button;
        QVERIFY(cancel);
        const QString first = QStringLiteral("extract ") + QString::fromStdString(kClasses[0]);
        connect(job, &hint::bridge::JobHandle::progressChanged, cancel, [cancel, first](qint64, qint64, const QString& stage) {
            if (!stage.isEmpty() && !stage.startsWith(first) && cancel->isEnabled()) cancel->click();
        });
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 60000);
        QVERIFY(!window.runController()->isRunning());
        QVERIFY(window.runPanel()->runButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(window.jobRunner()->activeCount(), 0, 60000);  // idle: the relisting is done too

        // The store holds whole entries only, and the listing (and the tree) agree with it.
        int temps = 0;
        const int entries = countEntries(cacheDir(QStringLiteral("cancel")), &temps);
        QCOMPARE(temps, 0);
        QVERIFY(entries < kEntries);
        std::printf("cancelled with %d of %lld entries stored\n", entries, static_cast<long long>(kEntries));
        QVERIFY(window.results()->stored() != nullptr);
        QCOMPARE(window.results()->stored()->entriesStored, int64_t(entries));
        const auto* tree = window.conceptBrowser()->treeModel();
        QVERIFY(tree->status(tree->graph()->indexOf(kClasses[0])).state != State::Stored);

        // The next run computes exactly what is missing.
        window.runPanel()->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->isRunning(), 120000);
        QVERIFY(window.runController()->lastSummary() != nullptr);
        QCOMPARE(window.runController()->lastSummary()->computed, kEntries - entries);
        QCOMPARE(window.runController()->lastSummary()->reused, int64_t(entries));
        QVERIFY(window.close());
        QTRY_COMPARE_WITH_TIMEOUT(window.jobRunner()->activeCount(), 0, 30000);
    }

private:
    QString cacheDir(const QString& name) const { return m_dir.filePath(name + QStringLiteral("-cache")); }

    QString writeProject(const QString& name)
    {
        hint::store::Project project;
        project.model.arch = "shapesnet";
        project.layers = {"features.13"};
        hint::store::ProjectDataset dataset;
        dataset.name = "shapes";
        dataset.kind = "folder";
        dataset.path = m_dir.filePath(QStringLiteral("images")).toStdString();
        project.datasets = {dataset};
        project.concepts = {kClasses[0], kClasses[1]};
        project.parameters = {{"images_per_leaf", kImagesPerClass}, {"batch", 1}, {"rounds", 10}};
        project.seed = 3;
        project.cacheDir = cacheDir(name).toStdString();
        const QString path = m_dir.filePath(name + QStringLiteral(".hintproj"));
        if (!project.save(path.toStdString()).ok()) qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    QTemporaryDir m_dir;
};

QTEST_MAIN(RunHintTest)
#include "run_hint_test.moc"
