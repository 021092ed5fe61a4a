// Text documents: UTF-8 validation, NFC, deduplication, counts and scripts.

#include "fieldbench/text/textcorpus.h"
#include "fieldbench/util/error.h"

#include <QtTest>

using namespace fieldbench;

class TestTextCorpus : public QObject
{
    Q_OBJECT

private slots:
    void normalises_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<int>("duplicates");
        QTest::newRow("nfd to nfc") << QByteArray("Cafe\xCC\x81 noir\n") << QStringList{QString::fromUtf8("Caf\xC3\xA9 noir")} << 0;
        QTest::newRow("bom, crlf, blank lines, no final newline")
            << QByteArray("\xEF\xBB\xBFuno dos\r\n\r\n  tres \r\ncuatro") << QStringList{"uno dos", "tres", "cuatro"} << 0;
        QTest::newRow("duplicates after normalisation")
            << QByteArray("e\xCC\x81t\xC3\xA9\n\xC3\xA9t\xC3\xA9\nautre\n") << QStringList{QString::fromUtf8("\xC3\xA9t\xC3\xA9"), "autre"} << 1;
    }

    void normalises()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, lines);
        QFETCH(int, duplicates);
        const NormalisedText t = normaliseText(input.toStdString(), "in.txt");
        QStringList got;
        for (const auto &l : t.lines)
            got << QString::fromStdString(l);
        QCOMPARE(got, lines);
        QCOMPARE(int(t.duplicatesRemoved), duplicates);
    }

    void invalidUtf8NamesFileAndLine()
    {
        try {
            normaliseText("good line\nbad \xE9t\xE9 latin-1\n", "corpus.txt");
            QFAIL("no error");
        } catch (const Error &e) {
            const QString msg = e.what();
            QVERIFY2(msg.startsWith("corpus.txt:2:"), qPrintable(msg));
            QVERIFY2(msg.contains("invalid UTF-8"), qPrintable(msg));
        }
    }

    void countsAndScripts()
    {
        const TextStats s = textStats({"Привет мир", "hello world again", "Γειά σου"});
        QCOMPARE(s.sentences, std::int64_t(3));
        QCOMPARE(s.words, std::int64_t(7));
        QCOMPARE(s.characters, std::int64_t(10 + 17 + 8));
        QCOMPARE(s.scripts.at("Cyrillic"), std::int64_t(9));
        QCOMPARE(s.scripts.at("Latin"), std::int64_t(15));
        QCOMPARE(s.scripts.at("Greek"), std::int64_t(7));
    }
};

QTEST_GUILESS_MAIN(TestTextCorpus)
#include "test_textcorpus.moc"
