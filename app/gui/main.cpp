// hint-explorer: the desktop explorer's entry point. Everything else lives in the explorer_app library.
#include "main_window.h"
#include "model/network.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HINT"));
    QApplication::setApplicationName(QStringLiteral("HINT Explorer"));
    QApplication::setApplicationVersion(QStringLiteral(HINT_VERSION));
    hint::model::setComputeThreads(0);  // every core; Debian's LibTorch starts with one
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore neurons and WordNet concepts of image classifiers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("A Shapley CSV written by 'hint shapley', or a .hintproj project"),
                                 QStringLiteral("[file]"));
    // The built-in demo is offered on the welcome page; until `hint demo` results can be opened
    // directly, --demo starts there (scripts/run-demo.sh passes it).
    const QCommandLineOption demoOption(QStringLiteral("demo"), QStringLiteral("Start on the built-in demo"));
    parser.addOption(demoOption);
    parser.process(app);

    hint::gui::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty()) {
        const QString& file = files.first();
        if (QFileInfo(file).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0) window.openShapleyCsv(file);
        else window.openProject(file);
    }
    return app.exec();
}
