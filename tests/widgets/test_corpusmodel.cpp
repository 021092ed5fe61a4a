// CorpusModel, CorpusFilterProxy, CorpusBrowser and LanguageModel over a real project made
// at test time: audio written by libsndfile, same-stem transcripts, a two-tier TextGrid,
// imported with core's Importer. Expected values come from the catalog (Project).

#include "corpusbrowser.h"
#include "corpusfilterproxy.h"
#include "corpusmodel.h"
#include "languagemodel.h"
#include "testdata.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/importer.h"
#include "fieldbench/corpus/project.h"

#include <QComboBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace fieldbench;
using fieldbench::testing::sine;
using fieldbench::testing::toPath;
using fieldbench::testing::writeBytes;

namespace {

QByteArray textGrid(double duration)
{
    // Praat long format: tier "text" (segments) and tier "ipa" over the same spans.
    return QStringLiteral(
               "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\n"
               "xmin = 0\nxmax = %1\ntiers? <exists>\nsize = 2\nitem []:\n"
               "    item [1]:\n        class = \"IntervalTier\"\n        name = \"text\"\n"
               "        xmin = 0\n        xmax = %1\n        intervals: size = 3\n"
               "        intervals [1]:\n            xmin = 0\n            xmax = 0.8\n            text = \"uno\"\n"
               "        intervals [2]:\n            xmin = 0.8\n            xmax = 1.5\n            text = \"dos\"\n"
               "        intervals [3]:\n            xmin = 1.5\n            xmax = %1\n            text = \"\"\n"
               "    item [2]:\n        class = \"IntervalTier\"\n        name = \"ipa\"\n"
               "        xmin = 0\n        xmax = %1\n        intervals: size = 3\n"
               "        intervals [1]:\n            xmin = 0\n            xmax = 0.8\n            text = \"\u02c8uno\"\n"
               "        intervals [2]:\n            xmin = 0.8\n            xmax = 1.5\n            text = \"\u02c8dos\"\n"
               "        intervals [3]:\n            xmin = 1.5\n            xmax = %1\n            text = \"\"\n")
        .arg(duration)
        .toUtf8();
}

} // namespace

class TestCorpusModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rowsAndColumns();
    void rowsMatchCatalog();
    void tierColumns();
    void sorting_data();
    void sorting();
    void filtering_data();
    void filtering();
    void browserLanguageCombo();
    void browserKeepsSelectionOnReload();
    void languageModel();

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<Project> m_project;
};

void TestCorpusModel::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    const QString src = m_tmp.filePath(QStringLiteral("src"));
    const QString spa = src + QStringLiteral("/spa");
    const QString deu = src + QStringLiteral("/deu");
    QVERIFY(QDir().mkpath(spa) && QDir().mkpath(deu));

    writeAudio(toPath(spa + "/spa_a.wav"), sine(220, 1.0, 16000), 16000);
    QVERIFY(writeBytes(spa + "/spa_a.txt", "hola mundo\n"));
    writeAudio(toPath(spa + "/spa_b.flac"), sine(330, 1.5, 22050), 22050);
    QVERIFY(writeBytes(spa + "/spa_b.txt", QStringLiteral("buenos d\u00edas\n").toUtf8()));
    writeAudio(toPath(spa + "/spa_tg.wav"), sine(440, 2.0, 16000), 16000);
    QVERIFY(writeBytes(spa + "/spa_tg.TextGrid", textGrid(2.0)));
    writeAudio(toPath(deu + "/deu_a.wav"), sine(550, 0.5, 8000), 8000);
    QVERIFY(writeBytes(deu + "/deu_a.txt", "guten Tag\n"));
    writeAudio(toPath(deu + "/deu_b.wav"), sine(660, 0.75, 16000), 16000);

    m_project = std::make_unique<Project>(Project::create(toPath(m_tmp.filePath("project")), "test"));
    ImportOptions spanish;
    spanish.language = "es"; // ISO 639-1, mapped to spa
    spanish.speaker = "Ana";
    spanish.tier = "text";
    const ImportSummary s1 = Importer(*m_project, spanish).run({toPath(spa)});
    QCOMPARE(s1.failed, 0);
    QCOMPARE(s1.imported, 3);
    ImportOptions german;
    german.language = "deu";
    const ImportSummary s2 = Importer(*m_project, german).run({toPath(deu)});
    QCOMPARE(s2.failed, 0);
    QCOMPARE(s2.imported, 2);
}

void TestCorpusModel::rowsAndColumns()
{
    CorpusModel model;
    QCOMPARE(model.rowCount(), 0);
    model.reload(*m_project);
    QCOMPARE(model.rowCount(), int(m_project->segmentRows().size()));
    QCOMPARE(model.rowCount(), 6); // 1 + 1 + 2 (TextGrid) + 1 + 1
    QCOMPARE(model.columnCount(), CorpusModel::FirstTierColumn + 2);
    QCOMPARE(model.tiers(), (QStringList{"text", "ipa"})); // "text" first
    QCOMPARE(model.headerData(CorpusModel::RecordingColumn, Qt::Horizontal).toString(), QStringLiteral("Recording"));
    QCOMPARE(model.headerData(CorpusModel::FirstTierColumn, Qt::Horizontal).toString(), QStringLiteral("text"));
    QCOMPARE(model.headerData(CorpusModel::FirstTierColumn + 1, Qt::Horizontal).toString(), QStringLiteral("ipa"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(CorpusModel::FirstTierColumn));
}

void TestCorpusModel::rowsMatchCatalog()
{
    CorpusModel model;
    model.reload(*m_project);
    const std::vector<SegmentRow> rows = m_project->segmentRows();
    for (int i = 0; i < model.rowCount(); ++i) {
        const SegmentRow &r = rows[std::size_t(i)];
        auto cell = [&](int column, int role = Qt::DisplayRole) { return model.index(i, column).data(role); };
        QCOMPARE(cell(0, CorpusModel::SegmentIdRole).toLongLong(), qint64(r.segmentId));
        QCOMPARE(cell(CorpusModel::RecordingColumn).toString(), QString::fromStdString(r.recordingName));
        QCOMPARE(cell(CorpusModel::LanguageColumn).toString(), QString::fromStdString(r.languageName));
        QCOMPARE(cell(0, CorpusModel::LanguageCodeRole).toString(), QString::fromStdString(r.languageCode));
        QCOMPARE(cell(CorpusModel::SpeakerColumn).toString(), QString::fromStdString(r.speaker));
        QCOMPARE(cell(CorpusModel::StartColumn, CorpusModel::SortRole).toDouble(), r.start);
        QCOMPARE(cell(CorpusModel::DurationColumn, CorpusModel::SortRole).toDouble(), r.end - r.start);
        QCOMPARE(cell(CorpusModel::DurationColumn).toString(), QString::number(r.end - r.start, 'f', 2));
        QVERIFY(QFileInfo::exists(cell(0, CorpusModel::AudioFileRole).toString()));
    }
    // Languages and speakers as imported: "es" became spa; German files have no speaker.
    auto rowOf = [&model](const QString &recording) {
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.index(row, CorpusModel::RecordingColumn).data().toString() == recording)
                return row;
        return -1;
    };
    const int spanish = rowOf(QStringLiteral("spa_a.wav"));
    QVERIFY(spanish >= 0);
    QCOMPARE(model.index(spanish, CorpusModel::LanguageColumn).data().toString(), QStringLiteral("Spanish"));
    QCOMPARE(model.index(spanish, 0).data(CorpusModel::LanguageCodeRole).toString(), QStringLiteral("spa"));
    QCOMPARE(model.index(spanish, CorpusModel::SpeakerColumn).data().toString(), QStringLiteral("Ana"));
    const int german = rowOf(QStringLiteral("deu_b.wav"));
    QVERIFY(german >= 0);
    QCOMPARE(model.index(german, 0).data(CorpusModel::LanguageCodeRole).toString(), QStringLiteral("deu"));
    QCOMPARE(model.index(german, CorpusModel::LanguageColumn).data().toString(), QStringLiteral("German"));
    QCOMPARE(model.index(german, CorpusModel::SpeakerColumn).data().toString(), QString());
}

void TestCorpusModel::tierColumns()
{
    CorpusModel model;
    model.reload(*m_project);
    const int text = model.tierColumn(QStringLiteral("text"));
    const int ipa = model.tierColumn(QStringLiteral("ipa"));
    QCOMPARE(text, int(CorpusModel::FirstTierColumn));
    QCOMPARE(ipa, CorpusModel::FirstTierColumn + 1);
    QCOMPARE(model.tierColumn(QStringLiteral("nope")), -1);

    QStringList textCells, ipaCells;
    for (int row = 0; row < model.rowCount(); ++row) {
        textCells << model.index(row, text).data().toString();
        ipaCells << model.index(row, ipa).data().toString();
    }
    QVERIFY(textCells.contains(QStringLiteral("hola mundo")));
    QVERIFY(textCells.contains(QStringLiteral("buenos d\u00edas")));
    QVERIFY(textCells.contains(QStringLiteral("uno")));
    QVERIFY(textCells.contains(QStringLiteral("dos")));
    QVERIFY(textCells.contains(QStringLiteral("guten Tag")));
    QVERIFY(textCells.contains(QString())); // deu_b: no transcript
    const int uno = int(textCells.indexOf(QStringLiteral("uno")));
    QCOMPARE(ipaCells[uno], QStringLiteral("\u02c8uno"));
    QCOMPARE(model.index(uno, CorpusModel::StartColumn, {}).data(CorpusModel::SortRole).toDouble(), 0.0);
    QCOMPARE(model.index(uno, CorpusModel::DurationColumn).data().toString(), QStringLiteral("0.80"));
    const int dos = int(textCells.indexOf(QStringLiteral("dos")));
    QCOMPARE(ipaCells[dos], QStringLiteral("\u02c8dos"));
    QCOMPARE(model.index(dos, CorpusModel::StartColumn).data().toString(), QStringLiteral("0:00.80"));
    QCOMPARE(ipaCells[int(textCells.indexOf(QStringLiteral("hola mundo")))], QString());
}

void TestCorpusModel::sorting_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("first"); // what the sorted column shows in the first row

    QTest::newRow("recording ascending") << int(CorpusModel::RecordingColumn) << int(Qt::AscendingOrder) << "deu_a.wav";
    QTest::newRow("recording descending") << int(CorpusModel::RecordingColumn) << int(Qt::DescendingOrder) << "spa_tg.wav";
    QTest::newRow("language ascending") << int(CorpusModel::LanguageColumn) << int(Qt::AscendingOrder) << "German";
    QTest::newRow("language descending") << int(CorpusModel::LanguageColumn) << int(Qt::DescendingOrder) << "Spanish";
    QTest::newRow("speaker ascending, unknown last") << int(CorpusModel::SpeakerColumn) << int(Qt::AscendingOrder) << "Ana";
    QTest::newRow("speaker descending, unknown last") << int(CorpusModel::SpeakerColumn) << int(Qt::DescendingOrder) << "Ana";
    QTest::newRow("start descending") << int(CorpusModel::StartColumn) << int(Qt::DescendingOrder) << "0:00.80";
    QTest::newRow("duration ascending") << int(CorpusModel::DurationColumn) << int(Qt::AscendingOrder) << "0.50";
    QTest::newRow("duration descending") << int(CorpusModel::DurationColumn) << int(Qt::DescendingOrder) << "1.50";
    QTest::newRow("text ascending, empty last") << int(CorpusModel::FirstTierColumn) << int(Qt::AscendingOrder) << "buenos d\u00edas";
    QTest::newRow("text descending, empty last") << int(CorpusModel::FirstTierColumn) << int(Qt::DescendingOrder) << "uno";
}

void TestCorpusModel::sorting()
{
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(QString, first);

    CorpusModel model;
    model.reload(*m_project);
    CorpusFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(column, Qt::SortOrder(order));

    QCOMPARE(proxy.rowCount(), model.rowCount());
    QCOMPARE(proxy.index(0, column).data().toString(), first);
    // Every neighbouring pair is in order by the raw value (numbers as numbers).
    for (int row = 1; row < proxy.rowCount(); ++row) {
        const QVariant a = proxy.index(row - 1, column).data(CorpusModel::SortRole);
        const QVariant b = proxy.index(row, column).data(CorpusModel::SortRole);
        if (a.typeId() == QMetaType::Double) {
            if (order == Qt::AscendingOrder)
                QVERIFY2(a.toDouble() <= b.toDouble(), qPrintable(QStringLiteral("row %1").arg(row)));
            else
                QVERIFY2(a.toDouble() >= b.toDouble(), qPrintable(QStringLiteral("row %1").arg(row)));
        } else if (!a.toString().isEmpty() && !b.toString().isEmpty()) {
            const int c = QString::localeAwareCompare(a.toString().toLower(), b.toString().toLower());
            QVERIFY2(order == Qt::AscendingOrder ? c <= 0 : c >= 0, qPrintable(QStringLiteral("row %1").arg(row)));
        } else {
            QVERIFY2(!(a.toString().isEmpty() && !b.toString().isEmpty()), "empty cells sort last");
        }
    }
}

void TestCorpusModel::filtering_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("recordings");

    const QStringList all{"spa_a.wav", "spa_b.flac", "spa_tg.wav", "spa_tg.wav", "deu_a.wav", "deu_b.wav"};
    QTest::newRow("nothing") << "" << "" << all;
    QTest::newRow("spa") << "spa" << "" << all.mid(0, 4);
    QTest::newRow("deu") << "deu" << "" << all.mid(4);
    QTest::newRow("unknown language") << "fra" << "" << QStringList();
    QTest::newRow("transcript word") << "" << "hola" << QStringList{"spa_a.wav"};
    QTest::newRow("case-insensitive") << "" << "HOLA" << QStringList{"spa_a.wav"};
    QTest::newRow("accented, two words") << "" << "buenos D\u00cdAS" << QStringList{"spa_b.flac"};
    QTest::newRow("words in different columns") << "" << "ana uno" << QStringList{"spa_tg.wav"};
    QTest::newRow("ipa tier") << "" << "\u02c8dos" << QStringList{"spa_tg.wav"};
    QTest::newRow("speaker") << "" << "ana" << all.mid(0, 4);
    QTest::newRow("recording name") << "" << "spa_tg" << all.mid(2, 2);
    QTest::newRow("language name") << "" << "german" << all.mid(4);
    QTest::newRow("language code") << "" << "deu" << all.mid(4);
    QTest::newRow("language and text") << "deu" << "hola" << QStringList();
    QTest::newRow("language and text match") << "deu" << "tag" << QStringList{"deu_a.wav"};
}

void TestCorpusModel::filtering()
{
    QFETCH(QString, language);
    QFETCH(QString, text);
    QFETCH(QStringList, recordings);

    CorpusModel model;
    model.reload(*m_project);
    CorpusFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setLanguage(language);
    proxy.setText(text);

    QStringList shown;
    for (int row = 0; row < proxy.rowCount(); ++row)
        shown << proxy.index(row, CorpusModel::RecordingColumn).data().toString();
    shown.sort();
    recordings.sort();
    QCOMPARE(shown, recordings);

    // Clearing the filters shows everything again.
    proxy.setLanguage(QString());
    proxy.setText(QString());
    QCOMPARE(proxy.rowCount(), model.rowCount());
}

void TestCorpusModel::browserLanguageCombo()
{
    CorpusBrowser browser;
    browser.reload(*m_project);
    auto *combo = browser.findChild<QComboBox *>(QStringLiteral("languageFilter"));
    QVERIFY(combo);
    QCOMPARE(combo->count(), 1 + int(m_project->languages().size()));
    QVERIFY(combo->findData(QStringLiteral("spa")) > 0);
    QVERIFY(combo->findData(QStringLiteral("deu")) > 0);

    combo->setCurrentIndex(combo->findData(QStringLiteral("deu")));
    QCOMPARE(browser.proxy()->rowCount(), 2);
    browser.setTextFilter(QStringLiteral("guten"));
    QCOMPARE(browser.proxy()->rowCount(), 1);
    browser.setLanguageFilter(QString());
    QCOMPARE(browser.languageFilter(), QString());
    QCOMPARE(browser.proxy()->rowCount(), 1);
    browser.setTextFilter(QString());
    QCOMPARE(browser.proxy()->rowCount(), 6);
}

void TestCorpusModel::browserKeepsSelectionOnReload()
{
    CorpusBrowser browser;
    QSignalSpy current(&browser, &CorpusBrowser::currentRowChanged);
    browser.reload(*m_project);
    // The first row (sorted by recording) is selected after the first load.
    QCOMPARE(browser.view()->currentIndex().row(), 0);
    QCOMPARE(browser.view()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("deu_a.wav"));
    QCOMPARE(browser.currentSegmentId(), browser.proxy()->index(0, 0).data(CorpusModel::SegmentIdRole).toLongLong());
    QVERIFY(!current.isEmpty());

    const qint64 last = m_project->segmentRows().back().segmentId;
    QVERIFY(browser.selectSegment(last));
    browser.setLanguageFilter(QStringLiteral("deu"));
    browser.reload(*m_project);
    QCOMPARE(browser.currentSegmentId(), last);
    QCOMPARE(browser.languageFilter(), QStringLiteral("deu")); // filters survive a reload
}

void TestCorpusModel::languageModel()
{
    LanguageModel model;
    model.reload(*m_project);
    const ProjectStats stats = m_project->stats();
    QCOMPARE(model.rowCount(), int(stats.languages.size()));
    QCOMPARE(model.rowCount(), 2);
    for (int row = 0; row < model.rowCount(); ++row) {
        const LanguageStats &s = stats.languages[std::size_t(row)];
        QCOMPARE(model.index(row, LanguageModel::CodeColumn).data().toString(), QString::fromStdString(s.language.code));
        QCOMPARE(model.index(row, LanguageModel::NameColumn).data().toString(), QString::fromStdString(s.language.name));
        QCOMPARE(model.index(row, LanguageModel::SegmentsColumn).data().toString(), QString::number(s.segments));
        QCOMPARE(model.index(row, LanguageModel::SpeakersColumn).data().toString(), QString::number(s.speakers));
        QCOMPARE(model.index(row, LanguageModel::AudioColumn).data(LanguageModel::SortRole).toDouble(), s.audioSeconds);
    }
    const int spa = model.rowOfCode(QStringLiteral("spa"));
    const int deu = model.rowOfCode(QStringLiteral("deu"));
    QVERIFY(spa >= 0 && deu >= 0);
    QCOMPARE(model.index(spa, LanguageModel::SegmentsColumn).data().toString(), QStringLiteral("4"));
    QCOMPARE(model.index(spa, LanguageModel::SpeakersColumn).data().toString(), QStringLiteral("1"));
    QCOMPARE(model.index(deu, LanguageModel::SegmentsColumn).data().toString(), QStringLiteral("2"));
    // 1.0 + 1.5 + 2.0 s of Spanish audio.
    QVERIFY(qAbs(model.index(spa, LanguageModel::AudioColumn).data(LanguageModel::SortRole).toDouble() - 4.5) < 0.01);
    QCOMPARE(model.index(spa, LanguageModel::AudioColumn).data().toString(), QStringLiteral("0:00:05"));
}

QTEST_MAIN(TestCorpusModel)
#include "test_corpusmodel.moc"
