// hint-explorer: the desktop explorer's entry point. Everything else lives in the explorer_app library.
#include "main_window.h"
#include "model/network.h"
#include "report_export.h"
#include "report_request.h"
#include "view_export.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv)
{
    // A scripted export shows no window: it must run with no display at all (CI, a cluster node).
    for (int i = 1; i < argc; ++i)
        if ((std::strcmp(argv[i], "--export-view") == 0 || std::strcmp(argv[i], "--export-report") == 0) &&
            qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
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
                                        QStringLiteral("The view to show first: %1")
                                            .arg(hint::gui::exportableViewNames().join(QStringLiteral(", "))),
                                        QStringLiteral("name"));
    parser.addOption(viewOption);
    hint::gui::addViewExportOptions(parser);
    hint::report::addReportOptions(parser);
    parser.process(app);

    hint::gui::MainWindow window;
    if (parser.isSet(QStringLiteral("export-view"))) {
        hint::gui::UsageProblem problem;
        const auto request = hint::gui::viewExportRequest(parser, problem);
        if (!request) {
            std::fprintf(stderr, "hint-explorer: %s\n", qPrintable(problem.message));
            return 2;
        }
        hint::gui::ViewExport exporter(window, *request);
        // Queued: a failure found while starting must still end the event loop that exec() starts below.
        QObject::connect(&exporter, &hint::gui::ViewExport::finished, &app, [](int code) { QCoreApplication::exit(code); },
                         Qt::QueuedConnection);
        exporter.start();
        return app.exec();
    }
    if (parser.isSet(QStringLiteral("export-report"))) {
        QString problem;
        const auto request = hint::report::reportRequest(parser, problem);
        if (!request) {
            std::fprintf(stderr, "hint-explorer: %s\n", qPrintable(problem));
            return 2;
        }
        hint::report::ReportExport exporter(window, *request);
        exporter.cancelOnSignals();
        QObject::connect(&exporter, &hint::report::ReportExport::finished, &app, [](int code) { QCoreApplication::exit(code); },
                         Qt::QueuedConnection);
        exporter.start();
        return app.exec();
    }
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
        std::fprintf(stderr, "hint-explorer: unknown view '%s' (%s)\n", qPrintable(parser.value(viewOption)),
                     qPrintable(window.viewNames().join(QStringLiteral(", "))));
        return 2;
    }
    return app.exec();
}
