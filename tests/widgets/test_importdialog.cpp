// ImportDialog's language search over the ISO 639-3 catalog (codes, 639-1 codes, names),
// its options, and the import report's summary line.

#include "importdialog.h"
#include "importreportdialog.h"
#include "languagesearchmodel.h"

#include <QDialogButtonBox>
#include <QListView>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

using namespace fieldbench;

class TestImportDialog : public QObject
{
    Q_OBJECT

private slots:
    void search_data();
    void search();
    void emptyQueryListsProjectLanguages();
    void okNeedsLanguage();
    void optionsRoundTrip();
    void reportSummary_data();
    void reportSummary();
    void reportTable();
};

void TestImportDialog::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("code");

    QTest::newRow("639-3 code") << "spa" << "spa";
    QTest::newRow("639-3 code, upper case") << "SPA" << "spa";
    QTest::newRow("English name") << "Spanish" << "spa";
    QTest::newRow("name, lower case") << "spanish" << "spa";
    QTest::newRow("name prefix") << "Spani" << "spa";
    QTest::newRow("639-1 code") << "es" << "spa";
    QTest::newRow("locale") << "pt-BR" << "por";
    QTest::newRow("German by 639-1") << "de" << "deu";
    QTest::newRow("German by name") << "German" << "deu";
    QTest::newRow("spaces around") << "  ain " << "ain";
    QTest::newRow("no match") << "qqqqqq" << "";
}

void TestImportDialog::search()
{
    QFETCH(QString, query);
    QFETCH(QString, code);

    ImportDialog dialog({QStringLiteral("/tmp/a.wav")});
    dialog.setLanguageQuery(query);
    QCOMPARE(dialog.languageCode(), code);
    QCOMPARE(dialog.options().language, code.toStdString());

    LanguageSearchModel model;
    model.setQuery(query);
    QCOMPARE(model.code(0), code);
    if (!code.isEmpty())
        QVERIFY(model.index(0).data().toString().contains(code));
}

void TestImportDialog::emptyQueryListsProjectLanguages()
{
    ImportDialog dialog({QStringLiteral("/tmp/a.wav")});
    dialog.setProjectLanguages({QStringLiteral("ita"), QStringLiteral("ain")});
    auto *list = dialog.findChild<QListView *>(QStringLiteral("languageList"));
    QVERIFY(list);
    QCOMPARE(list->model()->rowCount(), 2);
    QCOMPARE(dialog.languageCode(), QStringLiteral("ita")); // the first is preselected
}

void TestImportDialog::okNeedsLanguage()
{
    ImportDialog dialog({QStringLiteral("/tmp/a.wav"), QStringLiteral("/tmp")});
    QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    dialog.setLanguageQuery(QStringLiteral("Italian"));
    QVERIFY(ok->isEnabled());
    dialog.setLanguageQuery(QStringLiteral("zzzzzz"));
    QVERIFY(!ok->isEnabled());
}

void TestImportDialog::optionsRoundTrip()
{
    ImportDialog dialog({QStringLiteral("/tmp/a.wav")});
    ImportOptions options;
    options.language = "it"; // 639-1 in, 639-3 out
    options.speaker = "Giulia";
    options.tier = "words";
    dialog.setOptions(options);
    const ImportOptions back = dialog.options();
    QCOMPARE(back.language, std::string("ita"));
    QCOMPARE(back.speaker, std::string("Giulia"));
    QCOMPARE(back.tier, std::string("words"));
    QVERIFY(dialog.selectLanguage(QStringLiteral("fin")));
    QCOMPARE(dialog.languageCode(), QStringLiteral("fin"));
    QVERIFY(!dialog.selectLanguage(QStringLiteral("xx-not-a-language")));
}

void TestImportDialog::reportSummary_data()
{
    QTest::addColumn<int>("imported");
    QTest::addColumn<int>("duplicates");
    QTest::addColumn<int>("skipped");
    QTest::addColumn<int>("failed");
    QTest::addColumn<bool>("cancelled");
    QTest::addColumn<QString>("text");

    QTest::newRow("all good") << 3 << 0 << 0 << 0 << false << "3 imported, 0 duplicates, 0 skipped, 0 failed";
    QTest::newRow("mixed") << 1 << 2 << 3 << 4 << false << "1 imported, 2 duplicates, 3 skipped, 4 failed";
    QTest::newRow("cancelled") << 0 << 0 << 5 << 0 << true << "0 imported, 0 duplicates, 5 skipped, 0 failed; cancelled";
}

void TestImportDialog::reportSummary()
{
    QFETCH(int, imported);
    QFETCH(int, duplicates);
    QFETCH(int, skipped);
    QFETCH(int, failed);
    QFETCH(bool, cancelled);
    QFETCH(QString, text);

    ImportSummary s;
    s.imported = imported;
    s.duplicates = duplicates;
    s.skipped = skipped;
    s.failed = failed;
    s.cancelled = cancelled;
    QCOMPARE(ImportReportDialog::summaryText(s), text);
}

void TestImportDialog::reportTable()
{
    ImportSummary s;
    s.imported = 1;
    s.failed = 1;
    s.issues.push_back({ImportIssue::Severity::Error, "/data/broken.wav", "cannot decode the audio."});
    s.issues.push_back({ImportIssue::Severity::Warning, "/data/notes.lab", "label file without audio; skipped"});
    ImportReportDialog report(s);
    QCOMPARE(report.issueCount(), 2);
    // Sorted by file: one row per issue with severity, file and message.
    QAbstractItemModel *model = report.issueView()->model();
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Error"));
    QCOMPARE(model->index(0, 1).data().toString(), QStringLiteral("/data/broken.wav"));
    QCOMPARE(model->index(0, 2).data().toString(), QStringLiteral("cannot decode the audio."));
    QCOMPARE(model->index(1, 0).data().toString(), QStringLiteral("Warning"));
    QCOMPARE(model->index(1, 1).data().toString(), QStringLiteral("/data/notes.lab"));
}

QTEST_MAIN(TestImportDialog)
#include "test_importdialog.moc"
