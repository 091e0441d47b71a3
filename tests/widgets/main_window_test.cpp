// MainWindow: starts on the welcome page, lists architectures and taps (from a job), loads the concept
// tree, opens Shapley values into the contributions view, keeps recent projects, and closes cleanly.
#include "app_settings.h"
#include "bridge/job_runner.h"
#include "concept_browser.h"
#include "concept_tree_model.h"
#include "contributions_view.h"
#include "hierarchy/word_net.h"
#include "main_window.h"
#include "model/network.h"
#include "run_panel.h"
#include "welcome_page.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <fstream>

using hint::gui::AppSettings;
using hint::gui::MainWindow;

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
    }

    void startsOnWelcomePageAndClosesCleanly()
    {
        auto window = std::make_unique<MainWindow>();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->isShowingWelcome());
        QVERIFY(!window->welcomePage()->demoButton()->isEnabled());  // the demo does not exist yet
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

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
