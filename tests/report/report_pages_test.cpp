// The report's pages and its folder, without a project: every text from data is escaped, links are
// relative and resolve to the files the content names, and publishing replaces an earlier report whole
// while never touching a folder that is not one.
#include "report_collect.h"
#include "report_pages.h"
#include "staged_folder.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace hint::report;

namespace {

const QString kScript = QStringLiteral("<script>alert(1)</script>");
const QString kImg = QStringLiteral("<img src=x onerror=alert(1)>");

// Two concepts at one layer, with hostile names in every field that comes from data.
ReportContent hostileContent()
{
    ReportContent content;
    content.title = kImg + QStringLiteral(".hintproj");
    content.summary = {{QStringLiteral("Data set"), kScript + QStringLiteral(" (folder): /data/") + kImg},
                       {QStringLiteral("Model"), QStringLiteral("a \"quoted\" & 'single' arch")}};
    content.layers = {QStringLiteral("features.3")};
    content.tree = {{QStringLiteral("n1"), QStringLiteral("root"), false, {1, 2}},
                    {QStringLiteral("n2"), kScript, true, {}},
                    {QStringLiteral("n3"), QStringLiteral("circle"), true, {}}};
    content.roots = {0};
    for (int i = 1; i <= 2; ++i) {
        ReportUnit unit;
        unit.wnid = content.tree[i].wnid;
        unit.name = content.tree[i].name;
        unit.layer = QStringLiteral("features.3");
        unit.page = unitPagePath(unit.wnid, unit.layer);
        unit.steps = {true, true, true, i == 1, false};
        unit.f1 = 0.5 + 0.1 * i;
        unit.neurons = 64;
        unit.top = {{7, 0.25, 1, {{i == 1 ? QStringLiteral("n3") : QStringLiteral("n2"), i == 1 ? QStringLiteral("circle") : kScript, 2}}}};
        unit.figures = {{kImg, unitFigureDir(unit.wnid, unit.layer) + QStringLiteral("/contributions.svg"),
                         unitFigureDir(unit.wnid, unit.layer) + QStringLiteral("/contributions.csv"), kScript}};
        unit.notes = {QStringLiteral("file ") + kImg + QStringLiteral(" was skipped")};
        content.units << unit;
    }
    ReportLayer layer;
    layer.name = QStringLiteral("features.3");
    layer.page = layerPagePath(layer.name);
    layer.multimodal = {{7, {{QStringLiteral("n2"), kScript}, {QStringLiteral("n3"), QStringLiteral("circle")}}}};
    content.layerPages << layer;
    return content;
}

// Every href and src of a page, resolved against the page's folder (relative to the site root).
QStringList linksOf(const QString& html, const QString& page)
{
    QStringList links;
    static const QRegularExpression attribute(QStringLiteral("(?:href|src)=\"([^\"]*)\""));
    for (auto it = attribute.globalMatch(html); it.hasNext();) {
        const QString target = it.next().captured(1);
        if (target.startsWith(QLatin1String("data:"))) continue;
        links << QDir::cleanPath(QFileInfo(page).path() + QLatin1Char('/') + target);
    }
    return links;
}

bool writeText(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

}  // namespace

class ReportPagesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void escapesEveryCharacterThatStartsMarkup()
    {
        QCOMPARE(htmlEscaped(QStringLiteral("<a href=\"x\">Tom & 'Jerry'</a>")),
                 QStringLiteral("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"));
        QCOMPARE(htmlEscaped(QStringLiteral("plain text \u00e9")), QStringLiteral("plain text \u00e9"));
    }

    void fileNamesAreSafeAndLinksRelative()
    {
        QCOMPARE(safeFileName(QStringLiteral("features.3")), QStringLiteral("features.3"));
        QCOMPARE(safeFileName(QStringLiteral("../etc/passwd")), QStringLiteral(".._etc_passwd"));
        QCOMPARE(safeFileName(QStringLiteral("..")), QStringLiteral("_.."));
        QCOMPARE(safeFileName(kScript), QStringLiteral("_script_alert_1___script_"));
        QCOMPARE(relativeLink(QStringLiteral("index.html"), QStringLiteral("layers/a.html")), QStringLiteral("layers/a.html"));
        QCOMPARE(relativeLink(QStringLiteral("concepts/n1/l.html"), QStringLiteral("index.html")), QStringLiteral("../../index.html"));
    }

    void hostileTextShowsAsTextOnEveryPage()
    {
        const ReportContent content = hostileContent();
        QStringList pages = {indexPage(content), layerPage(content, content.layerPages[0])};
        for (const ReportUnit& unit : content.units) pages << unitPage(content, unit);
        for (const QString& html : pages) {
            QVERIFY2(!html.contains(QStringLiteral("<script>alert")), qPrintable(html.left(300)));
            QVERIFY(!html.contains(QStringLiteral("<img src=x")));
            QVERIFY(!html.contains(QStringLiteral("onerror=alert(1)>")));
            // The one <script> of a page is the inline table sort (and the tree's on the index), never data.
            QVERIFY(html.count(QStringLiteral("<script>")) <= 2);
        }
        QVERIFY(pages[0].contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt; (folder): /data/&lt;img src=x onerror=alert(1)&gt;")));
        QVERIFY(pages[0].contains(QStringLiteral("a &quot;quoted&quot; &amp; &#39;single&#39; arch")));
        QVERIFY(pages[2].contains(QStringLiteral("file &lt;img src=x onerror=alert(1)&gt; was skipped")));
    }

    void indexHasTheTreeAndEveryUnit()
    {
        const ReportContent content = hostileContent();
        const QString index = indexPage(content);
        QCOMPARE(index.count(QStringLiteral("<details")), 3);
        QCOMPARE(index.count(QStringLiteral("class=\"concept studied\"")), 2);
        // Best F1 of n3 (0.7) and n2 (0.6), each with its layer.
        QVERIFY(index.contains(QStringLiteral("best F1 <b class=\"f1\">0.700</b>")));
        QVERIFY(index.contains(QStringLiteral("best F1 <b class=\"f1\">0.600</b>")));
        QCOMPARE(index.count(QStringLiteral("<tr><td><a href=\"concepts/")), 2);
        // The shared neuron links each concept to the other one's page.
        const QString n2 = unitPage(content, content.units[0]);
        QVERIFY(n2.contains(QStringLiteral("<a href=\"../../concepts/n3/features.3.html\">circle (#2)</a>")));
        QVERIFY(!index.contains(QStringLiteral("http://")) && !index.contains(QStringLiteral("https://")));
    }

    void everyLinkOfThePagesNamesAFileOfTheSite()
    {
        const ReportContent content = hostileContent();
        QSet<QString> files = {QStringLiteral("index.html"), content.layerPages[0].page};
        for (const ReportUnit& unit : content.units) {
            files << unit.page;
            for (const ReportFigure& figure : unit.figures) files << figure.image << figure.data;
        }
        QList<QPair<QString, QString>> pages = {{QStringLiteral("index.html"), indexPage(content)},
                                                {content.layerPages[0].page, layerPage(content, content.layerPages[0])}};
        for (const ReportUnit& unit : content.units) pages.append({unit.page, unitPage(content, unit)});
        for (const auto& [page, html] : pages)
            for (const QString& link : linksOf(html, page)) QVERIFY2(files.contains(link), qPrintable(page + " -> " + link));
    }

    void publishReplacesAnEarlierReportWhole()
    {
        QTemporaryDir root;
        const QString target = root.filePath(QStringLiteral("site"));
        const auto isReport = [](const QString& dir) { return QFile::exists(dir + QStringLiteral("/index.html")); };
        {
            auto first = StagedFolder::create(target);
            QVERIFY(first);
            QVERIFY(first.value()->write(QStringLiteral("index.html"), "first"));
            QVERIFY(first.value()->write(QStringLiteral("concepts/old/page.html"), "old"));
            QVERIFY(!QFile::exists(target));  // nothing visible before publishing
            QVERIFY(first.value()->publish(isReport));
        }
        auto second = StagedFolder::create(target);
        QVERIFY(second);
        QVERIFY(second.value()->write(QStringLiteral("index.html"), "second"));
        QFile before(target + QStringLiteral("/index.html"));
        QVERIFY(before.open(QIODevice::ReadOnly));
        QCOMPARE(before.readAll(), QByteArray("first"));  // the earlier report stays until the rename
        QVERIFY(second.value()->publish(isReport));
        QFile after(target + QStringLiteral("/index.html"));
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), QByteArray("second"));
        QVERIFY(QFileInfo(target).permissions().testFlag(QFileDevice::ReadOther));  // not the temporary folder's 0700
        QVERIFY(!QFile::exists(target + QStringLiteral("/concepts/old/page.html")));  // replaced whole
        // No temporary or set-aside folder is left beside it.
        QCOMPARE(QDir(root.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList{QStringLiteral("site")});
    }

    void anAbandonedReportLeavesNothingAndAForeignFolderIsKept()
    {
        QTemporaryDir root;
        const QString target = root.filePath(QStringLiteral("photos"));
        QVERIFY(writeText(target + QStringLiteral("/holiday.jpg"), "not a report"));
        {
            auto abandoned = StagedFolder::create(target);
            QVERIFY(abandoned);
            QVERIFY(abandoned.value()->write(QStringLiteral("index.html"), "half"));
        }  // destroyed unpublished: its temporary folder goes
        QCOMPARE(QDir(root.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList{QStringLiteral("photos")});
        auto report = StagedFolder::create(target);
        QVERIFY(report);
        const auto status = report.value()->publish([](const QString& dir) { return QFile::exists(dir + QStringLiteral("/index.html")); });
        QVERIFY(!status);
        QVERIFY(QString::fromStdString(status.error().message).contains(target));
        QVERIFY(QFile::exists(target + QStringLiteral("/holiday.jpg")));
        QVERIFY(!StagedFolder::create(target + QStringLiteral("/holiday.jpg")));  // a file is not a folder
    }
};

QTEST_GUILESS_MAIN(ReportPagesTest)
#include "report_pages_test.moc"
