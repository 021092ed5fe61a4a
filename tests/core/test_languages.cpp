// ISO 639-3 lookups against Debian's iso-codes table.

#include "fieldbench/corpus/languages.h"
#include "fieldbench/util/error.h"

#include <QtTest>

using namespace fieldbench;

class TestLanguages : public QObject
{
    Q_OBJECT

private slots:
    void find_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("name");
        QTest::newRow("639-3") << "spa" << "spa" << "Spanish";
        QTest::newRow("639-1 mapped") << "es" << "spa" << "Spanish";
        QTest::newRow("upper case") << "FIN" << "fin" << "Finnish";
        QTest::newRow("locale with region") << "pt-BR" << "por" << "Portuguese";
        QTest::newRow("locale underscore") << "sv_SE" << "swe" << "Swedish";
        QTest::newRow("no 639-1 code") << "ain" << "ain" << "Ainu (Japan)";
        QTest::newRow("unknown") << "xqz" << "" << "";
        QTest::newRow("empty") << "" << "" << "";
    }

    void find()
    {
        QFETCH(QString, input);
        QFETCH(QString, code);
        QFETCH(QString, name);
        const auto found = LanguageCatalog::system().find(input.toStdString());
        if (code.isEmpty()) {
            QVERIFY(!found);
            return;
        }
        QVERIFY(found);
        QCOMPARE(QString::fromStdString(found->code), code);
        QCOMPARE(QString::fromStdString(found->name), name);
    }

    void searchRanksExactCodeThenNamePrefix()
    {
        const auto hits = LanguageCatalog::system().search("spa", 10);
        QVERIFY(!hits.empty());
        QCOMPARE(QString::fromStdString(hits.front().code), QStringLiteral("spa"));
        const auto byName = LanguageCatalog::system().search("finn", 10);
        QVERIFY(!byName.empty());
        QCOMPARE(QString::fromStdString(byName.front().name), QStringLiteral("Finnish"));
        QVERIFY(LanguageCatalog::system().search("zzzzqqq").empty());
        QVERIFY(LanguageCatalog::system().size() > 7000);
    }

    void missingTableNamesThePackage()
    {
        try {
            LanguageCatalog catalog("/nonexistent/iso_639-3.json");
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY(QString(e.what()).contains("iso-codes"));
        }
    }
};

QTEST_GUILESS_MAIN(TestLanguages)
#include "test_languages.moc"
