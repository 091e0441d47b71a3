// `hint-explorer PROJECT --export-report DIR [--concepts WNID,...] [--top K]`: the options of the
// headless HTML report (also what `hint report --html` runs).
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace hint::report {

struct ReportRequest {
    QString project;
    QString out;           // the site folder, replaced whole
    QStringList concepts;  // wnids; empty = every concept of the project
    int topK = 10;         // neurons listed per concept x layer (and the k of shared and multimodal neurons)
};

constexpr int kMaxTopK = 100;

void addReportOptions(QCommandLineParser& parser);
// nullopt with `problem` naming the bad argument (exit 2).
std::optional<ReportRequest> reportRequest(const QCommandLineParser& parser, QString& problem);

}  // namespace hint::report
