// SentencePiece training and encoding through the library, errors a user can act on, and
// id equality with the SentencePiece command-line tools (spm_encode) and with Hugging
// Face's XLMRobertaTokenizer (the real transformers, from the project's venv).

#include "fieldbench/corpus/demo.h"
#include "fieldbench/text/languagesampling.h"
#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace fieldbench;
using namespace fieldbench::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> manSentences(const char *lang, std::size_t n)
{
    return demoSentences(fs::path("/usr/share/man") / lang, n, 1);
}

void writeLines(const fs::path &file, const std::vector<std::string> &lines)
{
    std::ofstream out(file);
    for (const auto &l : lines)
        out << l << "\n";
}

QString joinIds(const std::vector<std::int64_t> &ids)
{
    QStringList parts;
    for (auto id : ids)
        parts << QString::number(id);
    return parts.join(' ');
}

} // namespace

class TestSentencePiece : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_de = manSentences("de", 300);
        m_ru = manSentences("ru", 300);
        QVERIFY2(m_de.size() >= 200 && m_ru.size() >= 200, "manpages-de / manpages-ru are needed (scripts/setup)");
        m_corpus.lines["deu"] = m_de;
        m_corpus.lines["rus"] = m_ru;
    }

    void trains_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("vocab");
        QTest::addColumn<bool>("byteFallback");
        QTest::newRow("unigram") << "unigram" << 600 << false;
        QTest::newRow("bpe") << "bpe" << 600 << false;
        QTest::newRow("unigram+bytes") << "unigram" << 800 << true;
    }

    void trains()
    {
        QFETCH(QString, type);
        QFETCH(int, vocab);
        QFETCH(bool, byteFallback);
        SentencePieceTrainingConfig c;
        c.modelType = type.toStdString();
        c.vocabSize = vocab;
        c.byteFallback = byteFallback;
        c.userSymbols = {"<lang:deu>"};
        const fs::path model = trainSentencePiece(m_corpus, c, toPath(m_tmp.path()) / ("m-" + type.toStdString() + std::to_string(vocab)));
        QVERIFY(fs::exists(model));
        QVERIFY(fs::exists(fs::path(model).replace_extension(".vocab")));
        const SentencePieceTokenizer t(model);
        QCOMPARE(t.size(), vocab);
        QVERIFY(t.isUnknown(0));
        QCOMPARE(t.idToPiece(1), std::string("<s>"));
        QCOMPARE(t.idToPiece(2), std::string("</s>"));
        // the user symbol stays one piece
        const auto pieces = t.encodePieces("Hallo <lang:deu> Welt");
        QVERIFY(std::find(pieces.begin(), pieces.end(), "<lang:deu>") != pieces.end());
        // round trip on training text
        QCOMPARE(t.decode(t.encodeIds(m_de[3])), m_de[3]);
        // a character never seen: <unk> without byte fallback, byte pieces with it
        const std::vector<int> ids = t.encodeIds("\xE4\xB8\xAD"); // U+4E2D
        bool anyByte = false, anyUnk = false;
        for (int id : ids) {
            anyByte = anyByte || t.isByte(id);
            anyUnk = anyUnk || t.isUnknown(id);
        }
        QCOMPARE(anyByte, byteFallback);
        QCOMPARE(anyUnk, !byteFallback);
    }

    void idsEqualSpmEncode_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("unigram") << "unigram";
        QTest::newRow("bpe") << "bpe";
    }

    // The library and Debian's spm_encode give the same ids for a model trained here.
    void idsEqualSpmEncode()
    {
        QFETCH(QString, type);
        if (!have("spm_encode"))
            QSKIP("spm_encode (Debian package sentencepiece) is not installed");
        SentencePieceTrainingConfig c;
        c.modelType = type.toStdString();
        c.vocabSize = 700;
        const fs::path model = trainSentencePiece(m_corpus, c, toPath(m_tmp.path()) / ("cli-" + type.toStdString()));
        const SentencePieceTokenizer t(model);
        std::vector<std::string> lines(m_de.begin(), m_de.begin() + 40);
        lines.insert(lines.end(), m_ru.begin(), m_ru.begin() + 40);
        lines.push_back("ein völlig neues Wort: Donaudampfschifffahrt 12345 \xE4\xB8\xAD");
        const fs::path input = toPath(m_tmp.path()) / "spm-input.txt";
        writeLines(input, lines);
        QByteArray out;
        QString error;
        QVERIFY2(run({"spm_encode", "--model", QString::fromStdString(model.string()), "--output_format=id",
                      "--input", QString::fromStdString(input.string())},
                     &error, &out),
                 qPrintable(error));
        const QStringList got = QString::fromUtf8(out).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(got.size(), int(lines.size()));
        for (std::size_t i = 0; i < lines.size(); ++i) {
            QStringList ours;
            for (int id : t.encodeIds(lines[i]))
                ours << QString::number(id);
            QCOMPARE(ours.join(' '), got[int(i)]);
        }
    }

    // Our XLM-R mapping gives the ids of transformers' XLMRobertaTokenizer.
    void xlmrIdsEqualTransformers()
    {
        const QString python = venvPython("transformers, sentencepiece");
        if (python.isEmpty())
            QSKIP("the project's venv with transformers and sentencepiece is not available");
        SentencePieceTrainingConfig c;
        c.vocabSize = 900;
        const fs::path model = trainSentencePiece(m_corpus, c, toPath(m_tmp.path()) / "xlmr");
        const XlmrTokenizer tok(model);
        const fs::path dir = toPath(m_tmp.path()) / "xlmr-tokenizer";
        tok.saveHuggingFace(dir, 128);
        std::vector<std::string> lines(m_de.begin() + 50, m_de.begin() + 90);
        lines.insert(lines.end(), m_ru.begin() + 50, m_ru.begin() + 90);
        lines.push_back("ungesehene Zeichen \xE4\xB8\xAD und Ziffern 0815");
        const fs::path input = toPath(m_tmp.path()) / "hf-input.txt";
        writeLines(input, lines);
        const QString script = QStringLiteral(
            "import sys\n"
            "from transformers import AutoTokenizer, XLMRobertaTokenizer\n"
            "a = AutoTokenizer.from_pretrained(sys.argv[1])\n"
            "b = XLMRobertaTokenizer.from_pretrained(sys.argv[1])\n"
            "print(len(a), a.mask_token_id, a.unk_token_id)\n"
            "for line in open(sys.argv[2], encoding='utf-8'):\n"
            "    x = a(line.rstrip('\\n'))['input_ids']\n"
            "    assert x == b(line.rstrip('\\n'))['input_ids'], 'AutoTokenizer and XLMRobertaTokenizer differ'\n"
            "    print(' '.join(map(str, x)))\n");
        QByteArray out;
        QString error;
        QVERIFY2(run({python, "-c", script, QString::fromStdString(dir.string()), QString::fromStdString(input.string())},
                     &error, &out),
                 qPrintable(error));
        const QStringList got = QString::fromUtf8(out).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(got.size(), int(lines.size()) + 1);
        QCOMPARE(got[0], QString("%1 %2 %3").arg(tok.vocabSize()).arg(tok.maskId()).arg(XlmrTokenizer::kUnk));
        for (std::size_t i = 0; i < lines.size(); ++i)
            QCOMPARE(joinIds(tok.encode(lines[i])), got[int(i) + 1]);
    }

    void xlmrMapping()
    {
        SentencePieceTrainingConfig c;
        c.vocabSize = 500;
        const fs::path model = trainSentencePiece(m_corpus, c, toPath(m_tmp.path()) / "map");
        const XlmrTokenizer tok(model);
        QCOMPARE(tok.vocabSize(), std::int64_t(502));
        QCOMPARE(tok.maskId(), std::int64_t(501));
        QCOMPARE(tok.tokenToId("<s>"), std::int64_t(0));
        QCOMPARE(tok.tokenToId("<pad>"), std::int64_t(1));
        QCOMPARE(tok.tokenToId("</s>"), std::int64_t(2));
        QCOMPARE(tok.tokenToId("<unk>"), std::int64_t(3));
        QCOMPARE(tok.tokenToId("<mask>"), std::int64_t(501));
        const SentencePieceTokenizer &spm = tok.sentencePiece();
        QCOMPARE(tok.tokenToId(spm.idToPiece(10)), std::int64_t(11));
        QCOMPARE(tok.idToToken(11), spm.idToPiece(10));
        QCOMPARE(tok.fromSentencePiece(0), std::int64_t(3));
        const auto ids = tok.encode(m_de[0]);
        QCOMPARE(ids.front(), std::int64_t(0));
        QCOMPARE(ids.back(), std::int64_t(2));
        QCOMPARE(tok.decode(ids), m_de[0]);
    }

    void appendPiecesKeepsIds()
    {
        SentencePieceTrainingConfig c;
        c.vocabSize = 400;
        const SentencePieceTokenizer t(trainSentencePiece(m_corpus, c, toPath(m_tmp.path()) / "base"));
        const std::string extended = appendPieces(t, {"\xE2\x96\x81" "Donaudampfschifffahrt", "qqq"}, {0.0f, -1.0f});
        const auto e = SentencePieceTokenizer::fromSerialized(extended, "extended");
        QCOMPARE(e.size(), t.size() + 2);
        for (int i = 0; i < t.size(); ++i)
            QCOMPARE(e.idToPiece(i), t.idToPiece(i));
        QCOMPARE(e.pieceToId("qqq"), t.size() + 1);
        QCOMPARE(e.pieceToId("\xE2\x96\x81" "Donaudampfschifffahrt"), t.size());
        QCOMPARE(e.score(t.size() + 1), -1.0f);
        QVERIFY_THROWS_EXCEPTION(Error, appendPieces(t, {t.idToPiece(10)}, {0.0f}));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty corpus") << "empty" << "empty corpus";
        QTest::newRow("vocabulary too large") << "toolarge" << "at most";
        QTest::newRow("Latin-1 file") << "latin1" << "Latin-1";
        QTest::newRow("UTF-16 file") << "utf16" << "UTF-16";
        QTest::newRow("bad model type") << "type" << "unigram";
        QTest::newRow("not a model") << "notmodel" << "not a SentencePiece model";
    }

    void errors()
    {
        QFETCH(QString, what);
        QFETCH(QString, expected);
        const fs::path dir = toPath(m_tmp.path());
        SentencePieceTrainingConfig c;
        LanguageCorpus corpus;
        std::string message;
        try {
            if (what == "empty") {
                corpus.lines["deu"] = {};
                trainSentencePiece(corpus, c, dir / "empty");
            } else if (what == "toolarge") {
                corpus.lines["deu"] = {m_de.begin(), m_de.begin() + 20};
                c.vocabSize = 5000;
                trainSentencePiece(corpus, c, dir / "toolarge");
            } else if (what == "latin1") {
                writeFileAtomically(dir / "good.txt", "Grüße aus Köln\n");
                writeFileAtomically(dir / "latin1.txt", "Gr\xFC\xDF" "e aus K\xF6ln\n");
                addTextFile(corpus, "deu", dir / "good.txt");
                addTextFile(corpus, "deu", dir / "latin1.txt");
            } else if (what == "utf16") {
                writeFileAtomically(dir / "utf16.txt", std::string("\xFF\xFEH\0i\0", 6));
                addTextFile(corpus, "deu", dir / "utf16.txt");
            } else if (what == "type") {
                corpus.lines["deu"] = m_de;
                c.modelType = "wordpiece";
                trainSentencePiece(corpus, c, dir / "type");
            } else if (what == "notmodel") {
                writeFileAtomically(dir / "bogus.model", "this is not a protobuf");
                SentencePieceTokenizer t(dir / "bogus.model");
            }
        } catch (const Error &e) {
            message = e.what();
        }
        QVERIFY2(!message.empty(), "no error was raised");
        QVERIFY2(QString::fromStdString(message).contains(expected), message.c_str());
        if (what == "latin1")
            QVERIFY2(QString::fromStdString(message).contains("latin1.txt") && QString::fromStdString(message).contains("line 1"),
                     message.c_str());
    }

    void alphaSampling()
    {
        const auto q = languageSamplingProbabilities({{"a", 900}, {"b", 100}}, 0.3);
        const double pa = std::pow(0.9, 0.3), pb = std::pow(0.1, 0.3);
        QVERIFY(std::abs(q.at("a") - pa / (pa + pb)) < 1e-12);
        QVERIFY(std::abs(q.at("b") - pb / (pa + pb)) < 1e-12);
        const auto natural = languageSamplingProbabilities({{"a", 900}, {"b", 100}}, 1.0);
        QVERIFY(std::abs(natural.at("a") - 0.9) < 1e-12);
        std::map<std::string, std::vector<std::string>> lines;
        lines["a"] = std::vector<std::string>(900, "x");
        lines["b"] = std::vector<std::string>(100, "y");
        const auto r = resampleLanguages(lines, 0.3, 1000, 1);
        QCOMPARE(std::int64_t(r.at("b").size()), std::int64_t(std::llround(q.at("b") * 1000)));
        QVERIFY(r.at("b").size() > 100); // upsampled
        QVERIFY_THROWS_EXCEPTION(Error, languageSamplingProbabilities({{"a", 1}}, 0.0));
    }

    void heldOutSplit()
    {
        LanguageCorpus c;
        c.lines["a"] = {"1", "2", "3", "4"};
        c.lines["b"] = {"x"};
        const auto [train, held] = splitHeldOut(c, 0.25);
        QCOMPARE(train.lines.at("a"), (std::vector<std::string>{"1", "2", "3"}));
        QCOMPARE(held.lines.at("a"), (std::vector<std::string>{"4"}));
        QCOMPARE(train.lines.at("b").size(), std::size_t(1));
        QVERIFY(held.lines.at("b").empty());
    }

private:
    QTemporaryDir m_tmp;
    std::vector<std::string> m_de, m_ru;
    LanguageCorpus m_corpus;
};

QTEST_GUILESS_MAIN(TestSentencePiece)
#include "test_sentencepiece.moc"
