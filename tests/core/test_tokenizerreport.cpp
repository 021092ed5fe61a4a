// Tokenizer report figures recomputed by hand on a model trained here: fertility,
// continued words, <unk> / byte-fallback rates, uncovered characters, scripts.

#include "fieldbench/corpus/demo.h"
#include "fieldbench/text/tokenizerreport.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fieldbench;
using namespace fieldbench::testing;

class TestTokenizerReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_corpus.lines["deu"] = demoSentences("/usr/share/man/de", 200, 1);
        QVERIFY(m_corpus.lines["deu"].size() > 100);
    }

    void figures_data()
    {
        QTest::addColumn<bool>("byteFallback");
        QTest::newRow("unk") << false;
        QTest::newRow("byte fallback") << true;
    }

    void figures()
    {
        QFETCH(bool, byteFallback);
        SentencePieceTrainingConfig c;
        c.vocabSize = 400;
        c.byteFallback = byteFallback;
        c.characterCoverage = 1.0;
        const SentencePieceTokenizer t(trainSentencePiece(m_corpus, c, toPath(m_tmp.path()) / (byteFallback ? "b" : "u")));
        LanguageCorpus test;
        // two German words, one word in Greek (never seen), one of punctuation only
        test.lines["deu"] = {"Datei Verzeichnis", "\xCE\xB1\xCE\xB2\xCE\xB3 ..."};
        test.lines["ell"] = {"\xCE\xB1\xCE\xB2"};
        const auto reports = tokenizerReport(t, test);
        QCOMPARE(reports.size(), std::size_t(2));
        const TokenizerLanguageReport &de = reports[0];
        QCOMPARE(de.language, std::string("deu"));
        QCOMPARE(de.all.words, std::int64_t(4));
        std::int64_t pieces = 0, continued = 0;
        for (const char *w : {"Datei", "Verzeichnis", "\xCE\xB1\xCE\xB2\xCE\xB3", "..."}) {
            const auto n = std::int64_t(t.encodeIds(w).size());
            pieces += n;
            continued += n > 1;
        }
        QCOMPARE(de.all.pieces, pieces);
        QCOMPARE(de.all.continuedWords, continued);
        QCOMPARE(de.all.fertility(), double(pieces) / 4.0);
        // Greek letters are not covered: 3 occurrences in deu (punctuation the training
        // text lacks may add more)
        QVERIFY(de.uncoveredCharacters >= 3);
        for (const char *g : {"\xCE\xB1", "\xCE\xB2", "\xCE\xB3"})
            QCOMPARE(de.uncovered.count(g), std::size_t(1));
        QCOMPARE(de.characters, std::int64_t(5 + 11 + 3 + 3));
        if (byteFallback) {
            QVERIFY(de.all.bytePieces >= 6); // two UTF-8 bytes per Greek letter
            QCOMPARE(de.all.unkPieces, std::int64_t(0));
        } else {
            QVERIFY(de.all.unkPieces >= 1);
            QCOMPARE(de.all.bytePieces, std::int64_t(0));
            // the Greek word, and "..." when the training text had no such punctuation
            QVERIFY(de.all.wordsWithUnk >= 1 && de.all.wordsWithUnk <= 2);
        }
        QCOMPARE(de.scripts.at("Latin").words, std::int64_t(2));
        QCOMPARE(de.scripts.at("Greek").words, std::int64_t(1));
        QCOMPARE(de.scripts.at("Common").words, std::int64_t(1));
        QCOMPARE(reports[1].scripts.at("Greek").words, std::int64_t(1));

        const std::string table = formatTokenizerReports({"a", "b"}, {reports, reports});
        QVERIFY(table.find("fertility") != std::string::npos);
        QVERIFY(table.find("Greek: fertility") != std::string::npos);
        QVERIFY(toJson(de).at("all").at("words").get<std::int64_t>() == 4);
    }

private:
    QTemporaryDir m_tmp;
    LanguageCorpus m_corpus;
};

QTEST_GUILESS_MAIN(TestTokenizerReport)
#include "test_tokenizerreport.moc"
