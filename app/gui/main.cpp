// hint-explorer: the desktop explorer's entry point. Everything else lives in the explorer_app library.
#include "main_window.h"
#include "model/network.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

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
    // scripts/run-demo.sh passes --demo: open the built-in demo, building it first when missing.
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QStringLiteral("Open the built-in Shapes world demo (built on first use)"));
    parser.addOption(demoOption);
    const QCommandLineOption viewOption(QStringLiteral("view"),
                                        QStringLiteral("The view to show first: contributions, heatmaps or concept-maps"),
                                        QStringLiteral("name"));
    parser.addOption(viewOption);
    parser.process(app);

    hint::gui::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    if (parser.isSet(demoOption)) {
        window.openDemo();
    } else if (!files.isEmpty()) {
        const QString& file = files.first();
        if (QFileInfo(file).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0) window.openShapleyCsv(file);
        else window.openProject(file);
    }
    if (parser.isSet(viewOption) && !window.showView(parser.value(viewOption))) {
        std::fprintf(stderr, "hint-explorer: unknown view '%s' (contributions, heatmaps, concept-maps)\n",
                     qPrintable(parser.value(viewOption)));
        return 2;
    }
    return app.exec();
}
