// AssociationsView over the demo's concept graph (the Shapes world's WordNet plane figures) with scores
// from formulas: what the diagram, matrix and lists hold, hover and clicks, export, and redraw time,
// also over the 1860-concept ImageNet graph with 512 neurons.
#include "associations/associations_view.h"
#include "data/shapes_world.h"
#include "figure_canvas.h"
#include "hierarchy/concept_graph.h"
#include "hierarchy/word_net.h"

#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QSet>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include <ctime>

using namespace hint;
using hierarchy::ConceptGraph;
using widgets::AssociationsView;

namespace {

constexpr int kNeurons = 64;
constexpr int kShared = 5;  // the neuron boosted in exactly the three kBoosted concepts
const char* const kPolygon = "n13866144";
const std::set<std::string> kBoosted = {kPolygon, "n13879320" /* triangle */, "n13878634" /* square */};
constexpr qint64 kMaxRedrawMs = 150;

// Concept i: a small distinct background, nine neurons of its own (8 + (5i + j) mod (n - 8), which
// overlap with a few other concepts') and, for the boosted ones, a strong neuron kShared.
std::vector<double> scoresFor(int i, bool boosted, int neurons)
{
    std::vector<double> scores(size_t(neurons), 0.0);
    for (int n = 0; n < neurons; ++n) scores[size_t(n)] = 0.01 + 0.09 * double((n * 7 + i * 13) % neurons) / (neurons - 1);
    for (int j = 0; j < 9; ++j) scores[size_t(8 + (i * 5 + j) % (neurons - 8))] += 0.3 + 0.05 * (9 - j);
    if (boosted) scores[kShared] += 1.0 + 0.1 * i;
    return scores;
}

std::vector<pipeline::StoredUnit> unitsFor(const ConceptGraph& graph, int neurons, const std::string& skip = {})
{
    std::vector<pipeline::StoredUnit> units;
    for (int i = 0; i < graph.size(); ++i) {
        const auto& concept = graph.at(i);
        if (concept.wnid == skip) continue;
        pipeline::StoredUnit unit;
        unit.concept = concept.wnid;
        unit.conceptName = concept.name;
        unit.layer = "features.6";
        unit.scores = scoresFor(i, kBoosted.count(concept.wnid) > 0, neurons);
        units.push_back(std::move(unit));
    }
    return units;
}

// Ranked independently of the engine: descending, ties to the lower index.
std::vector<int> topOf(const std::vector<double>& scores, int k)
{
    std::vector<int> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return scores[size_t(a)] > scores[size_t(b)]; });
    order.resize(size_t(std::min<int>(k, int(order.size()))));
    return order;
}

const std::vector<double>& scoresOf(const std::vector<pipeline::StoredUnit>& units, const std::string& wnid)
{
    for (const auto& unit : units)
        if (unit.concept == wnid) return unit.scores;
    qFatal("no unit for %s", wnid.c_str());
}

// CPU time of this thread: what the redraw costs, without the time spent waiting for a core on a busy
// machine (the wall time is printed beside it).
qint64 threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

struct SwitchTime {
    qint64 cpu = 0;
    qint64 wall = 0;
};

// The worst of switching to each concept: rebuild the model and the lists, and paint the canvas, synchronously.
SwitchTime worstSwitch(AssociationsView& view, const QStringList& wnids)
{
    SwitchTime worst;
    view.canvas()->repaint();  // fonts and glyph caches loaded once, as in a running app
    for (const QString& wnid : wnids) {
        QElapsedTimer clock;
        clock.start();
        const qint64 cpu = threadCpuMs();
        view.setSelection({wnid});
        view.canvas()->repaint();
        worst.cpu = std::max(worst.cpu, threadCpuMs() - cpu);
        worst.wall = std::max(worst.wall, clock.elapsed());
    }
    return worst;
}

QImage render(const AssociationsView& view, const QSize& size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    view.paintFigure(painter, size);
    return image;
}

int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) colours.insert(image.pixel(x, y) & 0xF0F0F0);
    return int(colours.size());
}

}  // namespace

class AssociationsViewTest : public QObject {
    Q_OBJECT

    std::optional<hierarchy::WordNet> m_wordNet;
    std::shared_ptr<const ConceptGraph> m_demo;
    std::vector<pipeline::StoredUnit> m_units;

    void showDemo(AssociationsView& view, const QStringList& selection)
    {
        view.setResults(m_demo, m_units, QStringLiteral("features.6"));
        view.setSelection(selection);
        view.resize(1500, 820);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto wordNet = hierarchy::WordNet::load();
        QVERIFY2(wordNet.ok(), wordNet.ok() ? "" : wordNet.error().message.c_str());
        m_wordNet = std::move(wordNet).value();
        std::vector<std::string> classes;
        for (const auto& info : data::ShapesWorld::classes()) classes.push_back(info.wnid);
        auto graph = ConceptGraph::build(*m_wordNet, classes);
        QVERIFY(graph.ok());
        m_demo = std::make_shared<const ConceptGraph>(std::move(graph).value());
        m_units = unitsFor(*m_demo, kNeurons);
    }

    void placeholderWithoutScores()
    {
        AssociationsView view;
        QVERIFY(view.isShowingPlaceholder());
        auto units = m_units;
        for (auto& unit : units) unit.scores.clear();
        view.setResults(m_demo, units, QStringLiteral("features.6"));
        QVERIFY(view.isShowingPlaceholder());
        QVERIFY(!view.hasExportableContent());
        QTemporaryDir dir;
        QVERIFY(!view.exportFigure(dir.filePath(QStringLiteral("a.png")), {}).ok());
        view.setResults(m_demo, m_units, QStringLiteral("features.30"));  // another layer: nothing of it stored
        QVERIFY(view.isShowingPlaceholder());
        view.setResults(m_demo, m_units, QStringLiteral("features.6"));
        QVERIFY(!view.isShowingPlaceholder());
        view.setSelection({QStringLiteral("n99999999")});  // scores exist, none for this
        QVERIFY(view.isShowingPlaceholder());
        QCOMPARE(view.diagram().conceptsNotStored, 1);
    }

    void conceptsByDepth()
    {
        AssociationsView view;
        view.setResults(m_demo, m_units, QStringLiteral("features.6"));
        view.setSelection({QString::fromStdString(m_demo->at(m_demo->root()).wnid)});
        const auto& d = view.diagram();
        QCOMPARE(int(d.concepts.size()), m_demo->size());  // the demo's 25 fit under the cap of 40
        QCOMPARE(d.concepts.front().wnid, m_demo->at(m_demo->root()).wnid);
        std::map<std::string, int> row;
        for (size_t i = 0; i < d.concepts.size(); ++i) row[d.concepts[i].wnid] = int(i);
        for (size_t i = 0; i < d.concepts.size(); ++i) {
            const auto* concept = m_demo->find(d.concepts[i].wnid);
            QVERIFY(concept);
            QCOMPARE(d.concepts[i].depth, concept->maxDepth);
            QCOMPARE(d.concepts[i].level, concept->maxDepth - d.concepts.front().depth);
            if (i > 0) QVERIFY(d.concepts[i - 1].depth <= d.concepts[i].depth);
            for (int parent : concept->parents) QVERIFY(row.at(m_demo->at(parent).wnid) < int(i));  // abstract on top
            QCOMPARE(d.concepts[i].selected, i == 0);
        }

        // Polygon's subtree: exactly it and its descendants; with one unstored, that one is counted.
        const int polygon = m_demo->indexOf(kPolygon);
        std::set<std::string> expected{kPolygon};
        for (int index : m_demo->descendants(polygon)) expected.insert(m_demo->at(index).wnid);
        view.setResults(m_demo, unitsFor(*m_demo, kNeurons, "n13879320"), QStringLiteral("features.6"));
        view.setSelection({QString::fromLatin1(kPolygon)});
        std::set<std::string> shown;
        for (const auto& c : view.diagram().concepts) shown.insert(c.wnid);
        expected.erase("n13879320");
        QCOMPARE(shown, expected);
        QCOMPARE(view.diagram().conceptsNotStored, 1);

        // Selection only: the two named concepts, the shallower first.
        view.setResults(m_demo, m_units, QStringLiteral("features.6"));
        view.setSubtree(false);
        view.setSelection({QStringLiteral("n13879320"), QString::fromLatin1(kPolygon)});
        QCOMPARE(int(view.diagram().concepts.size()), 2);
        QCOMPARE(view.diagram().concepts[0].wnid, std::string(kPolygon));
        QCOMPARE(view.diagram().concepts[1].wnid, std::string("n13879320"));
        QVERIFY(view.diagram().concepts[0].selected && view.diagram().concepts[1].selected);
    }

    void neuronsAreTheUnionOfTopK()
    {
        AssociationsView view;
        view.setResults(m_demo, m_units, QStringLiteral("features.6"));
        view.setTopK(7);
        view.setSelection({QString::fromLatin1(kPolygon)});
        const auto& d = view.diagram();
        QCOMPARE(d.topK, 7);
        std::vector<int> firstAppearance;
        std::map<int, std::set<std::string>> conceptsOf;
        for (const auto& c : d.concepts)
            for (int n : topOf(scoresOf(m_units, c.wnid), 7)) {
                if (!conceptsOf.count(n)) firstAppearance.push_back(n);
                conceptsOf[n].insert(c.wnid);
            }
        QCOMPARE(int(d.neurons.size()), int(firstAppearance.size()));
        QCOMPARE(int(d.links.size()), 7 * int(d.concepts.size()));
        for (size_t j = 0; j < d.neurons.size(); ++j) {
            QCOMPARE(d.neurons[j].neuron, firstAppearance[j]);  // one node per neuron, by first appearance
            std::set<std::string> linked;
            for (int link : d.neurons[j].links) linked.insert(d.concepts[size_t(d.links[size_t(link)].concept)].wnid);
            QCOMPARE(linked, conceptsOf[d.neurons[j].neuron]);
        }
        const int shared = d.neuronNode(kShared);
        QVERIFY(shared >= 0);
        QCOMPARE(d.neurons[size_t(shared)].conceptCount(), 3);
        std::set<std::string> sharers;
        for (int link : d.neurons[size_t(shared)].links) {
            sharers.insert(d.concepts[size_t(d.links[size_t(link)].concept)].wnid);
            QCOMPARE(d.links[size_t(link)].rank, 1);  // the boost makes it each one's strongest
        }
        QCOMPARE(sharers, kBoosted);
    }

    void linkWidthsFollowPhi()
    {
        AssociationsView view;
        showDemo(view, {QString::fromLatin1(kPolygon)});
        const auto& d = view.diagram();
        const auto layout = widgets::layoutAssociations(d, view.canvas()->size(), view.canvas()->font());
        QCOMPARE(layout.linkWidths.size(), d.links.size());
        double maxPhi = 0;
        for (const auto& link : d.links) {
            QCOMPARE(link.phi, scoresOf(m_units, d.concepts[size_t(link.concept)].wnid)[size_t(d.neurons[size_t(link.neuron)].neuron)]);
            maxPhi = std::max(maxPhi, link.phi);
        }
        int strictlyWider = 0;
        for (size_t a = 0; a < d.links.size(); ++a) {
            QCOMPARE(d.links[a].weight, d.links[a].phi / maxPhi);
            for (size_t b = 0; b < d.links.size(); ++b)
                if (d.links[a].phi > d.links[b].phi) {
                    QVERIFY(layout.linkWidths[a] >= layout.linkWidths[b]);
                    strictlyWider += layout.linkWidths[a] > layout.linkWidths[b];
                }
        }
        QVERIFY(strictlyWider > int(d.links.size()));  // widths really vary, not all clamped to one
    }

    void matrixCellsAreTheScores()
    {
        AssociationsView view;
        view.setResults(m_demo, m_units, QStringLiteral("features.6"));
        view.setSelection({QString::fromLatin1(kPolygon)});
        const auto& d = view.diagram();
        double maxPhi = 0;
        for (size_t r = 0; r < d.concepts.size(); ++r)
            for (size_t c = 0; c < d.neurons.size(); ++c) {
                const double phi = scoresOf(m_units, d.concepts[r].wnid)[size_t(d.neurons[c].neuron)];
                QCOMPARE(d.cell(int(r), int(c)), phi);
                maxPhi = std::max(maxPhi, phi);
            }
        QCOMPARE(d.maxPhi, maxPhi);
        // Painted: the centre of every cell has the viridis colour of its Phi.
        const QSize size(1600, 900);
        const QImage image = render(view, size);
        const auto layout = widgets::layoutAssociations(d, size, QFont());
        const int rows = int(d.concepts.size()), columns = int(d.neurons.size());
        QVERIFY(layout.cellRect(0, 0, rows, columns).width() >= 6);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < columns; ++c) {
                const QColor expected = QColor::fromRgb(widgets::colormapColor(widgets::Colormap::Viridis, d.cell(r, c) / maxPhi));
                QCOMPARE(widgets::matrixCellColor(d.cell(r, c), maxPhi), expected);
                const QColor drawn = image.pixelColor(layout.cellRect(r, c, rows, columns).center().toPoint());
                QVERIFY2(std::abs(drawn.red() - expected.red()) <= 3 && std::abs(drawn.green() - expected.green()) <= 3 &&
                             std::abs(drawn.blue() - expected.blue()) <= 3,
                         qPrintable(QStringLiteral("cell %1,%2").arg(r).arg(c)));
            }
    }

    void collaborativeAndMultimodalLists()
    {
        AssociationsView view;
        view.setResults(m_demo, m_units, QStringLiteral("features.6"));
        view.setSelection({QString::fromLatin1(kPolygon)});
        const auto& d = view.diagram();
        const QTableWidget* table = view.collaborativeTable();
        QCOMPARE(table->rowCount(), int(d.concepts.size()));
        for (int row = 0; row < table->rowCount(); ++row) {
            std::vector<double> scores = scoresOf(m_units, d.concepts[size_t(row)].wnid);
            const double total = std::accumulate(scores.begin(), scores.end(), 0.0);
            std::sort(scores.rbegin(), scores.rend());
            int toHalf = 0;
            for (double running = 0; running < 0.5 * total; ++toHalf) running += scores[size_t(toHalf)];
            const double topShare = std::accumulate(scores.begin(), scores.begin() + 10, 0.0) / total;
            QCOMPARE(d.concepts[size_t(row)].mass.neuronsToHalf, toHalf);
            QVERIFY(std::abs(d.concepts[size_t(row)].mass.topShare - topShare) < 1e-12);
            QCOMPARE(table->item(row, 0)->text(), QString::fromStdString(d.concepts[size_t(row)].name));
            QCOMPARE(table->item(row, 1)->text(), QStringLiteral("%1 of %2").arg(toHalf).arg(kNeurons));
            QCOMPARE(table->item(row, 2)->text(), QString::number(100 * topShare, 'f', 1) + QLatin1Char('%'));
        }

        // Multimodal over the whole layer (not only the selection), for m = 2 and m = 3.
        for (const int m : {2, 3}) {
            view.setMultimodalMinimum(m);
            std::map<int, std::vector<std::string>> conceptsOf;
            for (const auto& unit : m_units)
                for (int n : topOf(unit.scores, 10)) conceptsOf[n].push_back(unit.concept);
            std::vector<std::pair<int, int>> expected;  // (-count, neuron)
            for (const auto& [n, concepts] : conceptsOf)
                if (int(concepts.size()) >= m) expected.push_back({-int(concepts.size()), n});
            std::sort(expected.begin(), expected.end());
            const auto& list = view.multimodal();
            QCOMPARE(int(list.size()), int(expected.size()));
            QCOMPARE(view.multimodalTable()->rowCount(), int(expected.size()));
            for (size_t i = 0; i < list.size(); ++i) {
                QCOMPARE(list[i].neuron, expected[i].second);
                std::set<std::string> got;
                for (const auto& link : list[i].concepts) got.insert(link.concept);
                const auto& want = conceptsOf[expected[i].second];
                QCOMPARE(got, std::set<std::string>(want.begin(), want.end()));
                QCOMPARE(view.multimodalTable()->item(int(i), 0)->text(), QString::number(list[i].neuron));
                QCOMPARE(view.multimodalTable()->item(int(i), 1)->text(), QString::number(want.size()));
                QCOMPARE(view.multimodalTable()->item(int(i), 2)->text().count(QLatin1Char(',')), int(want.size()) - 1);
                QCOMPARE(list[i].names.front(), m_demo->find(list[i].concepts.front().concept)->name);
            }
            if (m == 3) QVERIFY(std::any_of(list.begin(), list.end(), [](const auto& n) { return n.neuron == kShared; }));
        }
    }

    void hoverHighlightsLinks()
    {
        AssociationsView view;
        showDemo(view, {QString::fromLatin1(kPolygon)});
        const auto& d = view.diagram();
        const int shared = d.neuronNode(kShared);
        QTest::mouseMove(view.canvas(), view.neuronRect(shared).center().toPoint());
        QCOMPARE(view.highlight().hoveredNeuron, shared);
        QCOMPARE(view.highlight().hoveredConcept, -1);
        int highlighted = 0;
        for (size_t i = 0; i < d.links.size(); ++i) {
            const auto state = widgets::linkState(d, view.highlight(), int(i));
            QCOMPARE(state, d.links[i].neuron == shared ? widgets::LinkState::Highlighted : widgets::LinkState::Faded);
            highlighted += state == widgets::LinkState::Highlighted;
        }
        QCOMPARE(highlighted, 3);

        QTest::mouseMove(view.canvas(), view.conceptRect(1).center().toPoint());
        QCOMPARE(view.highlight().hoveredConcept, 1);
        QCOMPARE(view.highlight().hoveredNeuron, -1);
        for (size_t i = 0; i < d.links.size(); ++i)
            QCOMPARE(widgets::linkState(d, view.highlight(), int(i)),
                     d.links[i].concept == 1 ? widgets::LinkState::Highlighted : widgets::LinkState::Faded);
        // The hovered concept's links are drawn in the highlight colour, the faded ones lighter: the
        // figure differs from the one without hover.
        const QImage hovered = view.canvas()->grab().toImage();
        QTest::mouseMove(view.canvas(), QPoint(2, view.canvas()->height() - 2));
        QCOMPARE(view.highlight().hoveredConcept, -1);
        QCOMPARE(view.highlight().hoveredNeuron, -1);
        QVERIFY(view.canvas()->grab().toImage() != hovered);
    }

    void clicksEmitSelections()
    {
        AssociationsView view;
        showDemo(view, {QString::fromLatin1(kPolygon)});
        QSignalSpy neurons(&view, &AssociationsView::neuronClicked);
        QSignalSpy concepts(&view, &AssociationsView::conceptClicked);
        const auto& d = view.diagram();
        const int node = d.neuronNode(kShared);
        QTest::mouseClick(view.canvas(), Qt::LeftButton, Qt::NoModifier, view.neuronRect(node).center().toPoint());
        QCOMPARE(neurons.count(), 1);
        QCOMPARE(neurons.takeFirst().at(0).toInt(), kShared);
        QCOMPARE(view.selectedNeuron(), kShared);
        QCOMPARE(view.highlight().selectedNeuron, node);
        const int row = int(d.concepts.size()) - 1;
        QTest::mouseClick(view.canvas(), Qt::LeftButton, Qt::NoModifier, view.conceptRect(row).center().toPoint());
        QCOMPARE(concepts.count(), 1);
        QCOMPARE(concepts.takeFirst().at(0).toString(), QString::fromStdString(d.concepts[size_t(row)].wnid));
        QTest::mouseClick(view.canvas(), Qt::LeftButton, Qt::NoModifier, QPoint(2, 2));  // on nothing
        QCOMPARE(neurons.count() + concepts.count(), 0);

        // Rows of the lists select too.
        auto* collaborative = view.collaborativeTable();
        QTest::mouseClick(collaborative->viewport(), Qt::LeftButton, Qt::NoModifier,
                          collaborative->visualItemRect(collaborative->item(1, 0)).center());
        QCOMPARE(concepts.count(), 1);
        QCOMPARE(concepts.takeFirst().at(0).toString(), QString::fromStdString(d.concepts[1].wnid));
        auto* multimodal = view.multimodalTable();
        QVERIFY(multimodal->rowCount() > 0);
        QTest::mouseClick(multimodal->viewport(), Qt::LeftButton, Qt::NoModifier, multimodal->visualItemRect(multimodal->item(0, 1)).center());
        QCOMPARE(neurons.count(), 1);
        QCOMPARE(neurons.takeFirst().at(0).toInt(), view.multimodal().front().neuron);
    }

    void exportsFigureAndData()
    {
        AssociationsView view;
        view.setResults(m_demo, m_units, QStringLiteral("features.6"));
        view.setSelection({QString::fromLatin1(kPolygon)});
        view.setSelectedNeuron(kShared);
        QCOMPARE(view.exportName(), QStringLiteral("associations_polygon_features.6"));
        QTemporaryDir dir;
        widgets::FigureExportOptions options;
        options.pixelSize = QSize(1300, 760);
        options.dpi = 120;
        const QString png = dir.filePath(QStringLiteral("a.png"));
        QVERIFY(view.exportFigure(png, options).ok());
        const QImage image(png);
        QCOMPARE(image.size(), options.pixelSize);
        QVERIFY2(distinctColours(image) >= 40, qPrintable(QString::number(distinctColours(image))));
        const QString svg = dir.filePath(QStringLiteral("a.svg"));
        QVERIFY(view.exportFigure(svg, options).ok());
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray text = svgFile.readAll();
        QVERIFY(text.contains("width=\"1300px\" height=\"760px\""));
        QVERIFY(text.contains("viewBox=\"0 0 1300 760\""));
        QVERIFY(text.contains("triangle"));  // the names are text, not pixels
        const QString pdf = dir.filePath(QStringLiteral("a.pdf"));
        QVERIFY(view.exportFigure(pdf, options).ok());
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        QVERIFY(pdfFile.size() > 2000);

        const auto& d = view.diagram();
        const QString csv = dir.filePath(QStringLiteral("a.csv"));
        QVERIFY(view.exportData(csv).ok());
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csvFile.readAll().trimmed().split('\n');
        QCOMPARE(int(lines.size()), 1 + int(d.concepts.size() * d.neurons.size()));
        int ranked = 0;
        for (const auto& line : lines.mid(1)) ranked += !line.endsWith(',');
        QCOMPARE(ranked, int(d.links.size()));  // a top-k rank exactly on the linked cells
        const QString json = dir.filePath(QStringLiteral("a.json"));
        QVERIFY(view.exportData(json).ok());
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(jsonFile.readAll()).object();
        QCOMPARE(root.value(QStringLiteral("concepts")).toArray().size(), qsizetype(d.concepts.size()));
        QCOMPARE(root.value(QStringLiteral("matrix")).toArray().at(0).toArray().at(0).toDouble(), d.cell(0, 0));
        QVERIFY(!view.exportData(dir.filePath(QStringLiteral("a.xml"))).ok());
    }

    void redrawIsFast()
    {
        AssociationsView view;
        showDemo(view, {});
        const SwitchTime demo = worstSwitch(view, {QString::fromLatin1(kPolygon), QString::fromStdString(m_demo->at(m_demo->root()).wnid),
                                                   QStringLiteral("n13879320")});
        qInfo("demo (%d concepts, %d neurons): worst switch %lld ms CPU, %lld ms wall", m_demo->size(), kNeurons, demo.cpu,
              demo.wall);
        QVERIFY2(demo.cpu < kMaxRedrawMs, qPrintable(QString::number(demo.cpu)));

        // ImageNet: 1860 concepts, 512 neurons; entity's subtree is every one of them, capped at 40.
        auto graph = ConceptGraph::imagenet(*m_wordNet);
        QVERIFY(graph.ok());
        auto imagenet = std::make_shared<const ConceptGraph>(std::move(graph).value());
        auto units = unitsFor(*imagenet, 512);
        QElapsedTimer clock;
        clock.start();
        const qint64 cpu = threadCpuMs();
        view.setResults(imagenet, std::move(units), QStringLiteral("features.6"));
        const qint64 resultsCpu = threadCpuMs() - cpu;
        const qint64 resultsWall = clock.elapsed();
        const QString entity = QString::fromStdString(imagenet->at(imagenet->root()).wnid);
        const SwitchTime large = worstSwitch(view, {QStringLiteral("n02084071") /* dog */, QStringLiteral("n01503061") /* bird */, entity});
        QCOMPARE(int(view.diagram().concepts.size()), 40);
        QCOMPARE(view.diagram().conceptsLeftOut, imagenet->size() - 40);
        std::set<std::string> shown;  // the 40 shallowest: every concept left out is at least as deep
        for (const auto& c : view.diagram().concepts) shown.insert(c.wnid);
        for (const auto& c : imagenet->concepts())
            if (!shown.count(c.wnid)) QVERIFY(c.maxDepth >= view.diagram().concepts.back().depth);
        qInfo("imagenet (%d concepts, 512 neurons): setResults %lld ms CPU, %lld ms wall (multimodal list of %d); "
              "worst switch %lld ms CPU, %lld ms wall (entity: %d concepts, %d neurons)",
              imagenet->size(), resultsCpu, resultsWall, int(view.multimodal().size()), large.cpu, large.wall,
              int(view.diagram().concepts.size()), int(view.diagram().neurons.size()));
        // GUI.md's 150 ms is for the demo; a 40-concept subtree with ~270 neurons (ten times the links) is
        // held to twice that (it measures 60-110 ms on a busy 2-core machine).
        QVERIFY2(large.cpu < 2 * kMaxRedrawMs, qPrintable(QString::number(large.cpu)));
    }
};

QTEST_MAIN(AssociationsViewTest)
#include "associations_view_test.moc"
