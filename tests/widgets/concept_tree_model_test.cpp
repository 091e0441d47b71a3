// ConceptTreeModel + ConceptFilterModel over a small generated WordNet with a multi-parent concept.
#include "concept_filter_model.h"
#include "concept_status.h"
#include "concept_tree_model.h"
#include "hierarchy/concept_graph.h"
#include "hierarchy/word_net.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <fstream>

using hint::hierarchy::ConceptGraph;
using hint::hierarchy::WordNet;
using hint::widgets::ConceptFilterModel;
using hint::widgets::ConceptTreeModel;

namespace {

// entity -> animal, pet, rock; dog and cat are both animals and pets; golden retriever < dog, tabby < cat.
const char* kDataNoun =
    "00001740 03 n 01 entity 0 000 | that which exists\n"
    "00002000 03 n 01 animal 0 001 @ 00001740 n 0000 | a living organism\n"
    "00002100 03 n 01 pet 0 001 @ 00001740 n 0000 | a domesticated animal kept for companionship\n"
    "00002200 03 n 02 dog 0 domestic_dog 0 002 @ 00002000 n 0000 @ 00002100 n 0000 | a canine\n"
    "00002300 03 n 01 cat 0 002 @ 00002000 n 0000 @ 00002100 n 0000 | a feline\n"
    "00002400 03 n 01 golden_retriever 0 001 @ 00002200 n 0000 | a breed of dog\n"
    "00002500 03 n 01 tabby 0 001 @ 00002300 n 0000 | a striped cat\n"
    "00002600 03 n 01 rock 0 001 @ 00001740 n 0000 | a stone\n";

std::shared_ptr<const ConceptGraph> makeGraph()
{
    auto wordNet = WordNet::parse(kDataNoun, "test data.noun");
    if (!wordNet) qFatal("%s", wordNet.error().message.c_str());
    auto graph = ConceptGraph::build(*wordNet, {"n00002400", "n00002500", "n00002600"}, {10, 20, 5});
    if (!graph) qFatal("%s", graph.error().message.c_str());
    return std::make_shared<const ConceptGraph>(std::move(graph).value());
}

QModelIndex childNamed(const QAbstractItemModel& model, const QModelIndex& parent, const QString& name)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (index.data().toString() == name) return index;
    }
    return {};
}

QStringList childNames(const QAbstractItemModel& model, const QModelIndex& parent)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(parent); ++row) names << model.index(row, 0, parent).data().toString();
    return names;
}

int countRows(const QAbstractItemModel& model, const QModelIndex& parent)
{
    int count = 0;
    for (int row = 0; row < model.rowCount(parent); ++row) count += 1 + countRows(model, model.index(row, 0, parent));
    return count;
}

}  // namespace

class ConceptTreeModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void treeOverDag()
    {
        ConceptTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGraph(makeGraph());
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex entity = model.index(0, 0);
        QCOMPARE(entity.data().toString(), QStringLiteral("entity"));
        QCOMPARE(childNames(model, entity), (QStringList{"animal", "pet", "rock"}));
        // Multi-parent concepts appear under each parent: 1 + 3 + 2 * (dog, retriever, cat, tabby) = 12.
        QCOMPARE(model.itemCount(), 12);
        const QModelIndex dogUnderAnimal = childNamed(model, childNamed(model, entity, "animal"), "dog");
        const QModelIndex dogUnderPet = childNamed(model, childNamed(model, entity, "pet"), "dog");
        QVERIFY(dogUnderAnimal.isValid() && dogUnderPet.isValid() && dogUnderAnimal != dogUnderPet);
        QCOMPARE(dogUnderAnimal.parent().data().toString(), QStringLiteral("animal"));
        QCOMPARE(dogUnderPet.parent().data().toString(), QStringLiteral("pet"));
        QCOMPARE(model.conceptAt(dogUnderAnimal), model.conceptAt(dogUnderPet));
        QCOMPARE(model.indexesOf(model.conceptAt(dogUnderPet)).size(), 2);
        QVERIFY(dogUnderAnimal.data(ConceptTreeModel::MultiParentRole).toBool());
        QVERIFY(!dogUnderAnimal.data(Qt::DecorationRole).isNull());
        const QModelIndex retriever = childNamed(model, dogUnderPet, "golden retriever");
        QVERIFY(retriever.isValid());
        QVERIFY(!retriever.data(ConceptTreeModel::MultiParentRole).toBool());
        QCOMPARE(model.rowCount(retriever), 0);

        // Columns: wnid, leaves, images.
        QCOMPARE(entity.siblingAtColumn(ConceptTreeModel::WnidColumn).data().toString(), QStringLiteral("n00001740"));
        QCOMPARE(entity.siblingAtColumn(ConceptTreeModel::LeavesColumn).data().toInt(), 3);
        QCOMPARE(entity.siblingAtColumn(ConceptTreeModel::ImagesColumn).data().toInt(), 35);
        QCOMPARE(dogUnderPet.siblingAtColumn(ConceptTreeModel::ImagesColumn).data().toInt(), 10);
        QVERIFY(dogUnderPet.data(Qt::ToolTipRole).toString().contains(QStringLiteral("domestic dog")));

        model.setGraph(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void statusBadgesAndBestF1()
    {
        ConceptTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGraph(makeGraph());
        const auto& graph = *model.graph();
        using hint::widgets::ConceptStatus;
        std::vector<ConceptStatus> statuses(size_t(graph.size()));
        const int dog = graph.indexOf("n00002200"), cat = graph.indexOf("n00002300"), rock = graph.indexOf("n00002600");
        statuses[size_t(dog)] = {ConceptStatus::State::Stored, true, true, true, 0.876};
        statuses[size_t(cat)] = {ConceptStatus::State::Partly, true, false, false, std::nullopt};
        statuses[size_t(rock)].state = ConceptStatus::State::None;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setStatuses(statuses);
        QVERIFY(changed.count() >= 1);
        for (const auto& args : changed) {  // only the two status columns
            QCOMPARE(args.at(0).toModelIndex().column(), int(ConceptTreeModel::StatusColumn));
            QCOMPARE(args.at(1).toModelIndex().column(), int(ConceptTreeModel::F1Column));
        }
        // Every item of a multi-parent concept carries its status: dog under animal and under pet.
        const QModelIndexList dogItems = model.indexesOf(dog);
        QCOMPARE(dogItems.size(), 2);
        for (const QModelIndex& item : dogItems) {
            QCOMPARE(item.siblingAtColumn(ConceptTreeModel::F1Column).data().toString(), QStringLiteral("0.88"));
            QCOMPARE(item.siblingAtColumn(ConceptTreeModel::StatusColumn).data(ConceptTreeModel::StatusRole).toInt(),
                     int(ConceptStatus::State::Stored));
            QVERIFY(!item.siblingAtColumn(ConceptTreeModel::StatusColumn).data(Qt::DecorationRole).isNull());
        }
        const QModelIndex catItem = model.indexesOf(cat).front().siblingAtColumn(ConceptTreeModel::StatusColumn);
        QVERIFY(catItem.data(Qt::ToolTipRole).toString().contains(QStringLiteral("feature maps")));
        QVERIFY(!catItem.data(Qt::ToolTipRole).toString().contains(QStringLiteral("classifier")));
        QVERIFY(!catItem.siblingAtColumn(ConceptTreeModel::F1Column).data(ConceptTreeModel::BestF1Role).isValid());
        QVERIFY(!model.indexesOf(rock).front().siblingAtColumn(ConceptTreeModel::StatusColumn).data(Qt::DecorationRole).isNull());
        // A concept outside the project has no badge; a new graph forgets the old statuses.
        const QModelIndex entity = model.indexesOf(graph.indexOf("n00001740")).front();
        QVERIFY(entity.siblingAtColumn(ConceptTreeModel::StatusColumn).data(Qt::DecorationRole).isNull());
        model.setGraph(makeGraph());
        QCOMPARE(model.status(dog).state, ConceptStatus::State::Unstudied);
    }

    void recursiveSearch()
    {
        ConceptTreeModel model;
        model.setGraph(makeGraph());
        ConceptFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);

        filter.setQuery(QStringLiteral("Retriever"));
        QCOMPARE(filter.rowCount(), 1);
        const QModelIndex entity = filter.index(0, 0);
        QCOMPARE(childNames(filter, entity), (QStringList{"animal", "pet"}));  // rock and cat hidden
        const QModelIndex dog = childNamed(filter, childNamed(filter, entity, "pet"), "dog");
        QCOMPARE(childNames(filter, dog), QStringList{"golden retriever"});

        // A synonym, with underscores or spaces; a match keeps its subtree.
        for (const QString& query : {QStringLiteral("domestic dog"), QStringLiteral("DOMESTIC_DOG")}) {
            filter.setQuery(query);
            const QModelIndex root = filter.index(0, 0);
            QCOMPARE(childNames(filter, root), (QStringList{"animal", "pet"}));
            QCOMPARE(childNames(filter, childNamed(filter, root, "animal")), QStringList{"dog"});
            QCOMPARE(childNames(filter, childNamed(filter, childNamed(filter, root, "animal"), "dog")),
                     QStringList{"golden retriever"});
        }

        filter.setQuery(QStringLiteral("n00002600"));
        QCOMPARE(childNames(filter, filter.index(0, 0)), QStringList{"rock"});
        filter.setQuery(QStringLiteral("zebra"));
        QCOMPARE(filter.rowCount(), 0);
        filter.setQuery(QString());
        QCOMPARE(childNames(filter, filter.index(0, 0)), (QStringList{"animal", "pet", "rock"}));
    }

    void imagenetTreeFiltersFast()
    {
        auto wordNet = WordNet::load();
        if (!wordNet) QSKIP("WordNet data.noun not installed (wordnet-base)");
        auto graph = ConceptGraph::imagenet(*wordNet);
        QVERIFY2(graph.ok(), graph.ok() ? "" : graph.error().message.c_str());
        ConceptTreeModel model;
        model.setGraph(std::make_shared<const ConceptGraph>(std::move(graph).value()));
        QVERIFY(model.itemCount() > 1860);  // every synset once, multi-parent subtrees again
        ConceptFilterModel filter;
        filter.setSourceModel(&model);
        QElapsedTimer clock;
        clock.start();
        // The proxy maps lazily: time the query and a walk over every row it keeps, as an expanded view.
        filter.setQuery(QStringLiteral("retriever"));
        const int visible = countRows(filter, QModelIndex());
        const qint64 ms = clock.elapsed();
        // The retrievers (golden, Labrador, ...) with their ancestors: some, not all.
        QVERIFY(visible > 5 && visible < 100);
        qInfo("filter over %d items: %lld ms, %d rows kept", model.itemCount(), ms, visible);
        QVERIFY2(ms < 30 * 4, "filter far slower than GUI.md's 30 ms");  // margin for a loaded test machine
    }
};

QTEST_MAIN(ConceptTreeModelTest)
#include "concept_tree_model_test.moc"
