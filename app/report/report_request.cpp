// The report's command-line options.
#include "report_request.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace hint::report {

void addReportOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("export-report"),
                      QStringLiteral("Write the project's static HTML report into DIR (replaced whole) and exit, without a window"),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("concepts"), QStringLiteral("--export-report: only these concepts' pages (comma-separated wnids)"),
                      QStringLiteral("LIST")});
    parser.addOption({QStringLiteral("top"), QStringLiteral("--export-report: neurons listed per concept and layer (default 10)"),
                      QStringLiteral("K")});
}

std::optional<ReportRequest> reportRequest(const QCommandLineParser& parser, QString& problem)
{
    ReportRequest request;
    request.out = parser.value(QStringLiteral("export-report"));
    if (request.out.isEmpty()) {
        problem = QStringLiteral("--export-report needs a folder (DIR)");
        return std::nullopt;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1 || !files.first().endsWith(QStringLiteral(".hintproj"))) {
        problem = QStringLiteral("--export-report needs one project file (PROJECT.hintproj) before it");
        return std::nullopt;
    }
    request.project = files.first();
    if (!QFileInfo(request.project).isFile()) {
        problem = QStringLiteral("project file %1 does not exist").arg(request.project);
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("concepts"))) {
        for (const QString& wnid : parser.value(QStringLiteral("concepts")).split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!request.concepts.contains(wnid.trimmed())) request.concepts << wnid.trimmed();
        if (request.concepts.isEmpty()) {
            problem = QStringLiteral("--concepts: expected comma-separated wnids");
            return std::nullopt;
        }
    }
    if (parser.isSet(QStringLiteral("top"))) {
        bool ok = false;
        request.topK = parser.value(QStringLiteral("top")).toInt(&ok);
        if (!ok || request.topK < 1 || request.topK > kMaxTopK) {
            problem = QStringLiteral("--top %1: expected a count from 1 to %2").arg(parser.value(QStringLiteral("top"))).arg(kMaxTopK);
            return std::nullopt;
        }
    }
    return request;
}

}  // namespace hint::report
