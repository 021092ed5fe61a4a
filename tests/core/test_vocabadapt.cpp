// Vocabulary replacement / extension with the six embedding initialisations: shared pieces
// copied exactly (embedding and output bias), shapes, the output layer stays tied, each
// method's new rows have the property that defines it and differ from random.

#include "fieldbench/corpus/demo.h"
#include "fieldbench/models/vocabadapt.h"
#include "fieldbench/text/textcorpus.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fieldbench;
using namespace fieldbench::testing;
namespace fs = std::filesystem;

namespace {

std::string pieceScript(const std::string &piece)
{
    const auto c = scriptCounts(piece);
    if (c.empty())
        return "Common";
    return std::max_element(c.begin(), c.end(), [](auto &a, auto &b) { return a.second < b.second; })->first;
}

} // namespace

class TestVocabAdapt : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        LanguageCorpus src;
        src.lines["deu"] = demoSentences("/usr/share/man/de", 250, 1);
        src.lines["rus"] = demoSentences("/usr/share/man/ru", 250, 1);
        LanguageCorpus tgt;
        tgt.lines["ukr"] = demoSentences("/usr/share/man/uk", 250, 1);
        tgt.lines["nld"] = demoSentences("/usr/share/man/nl", 100, 1);
        QVERIFY(src.lineCount() > 400 && tgt.lineCount() > 250);
        for (const auto &[c, l] : tgt.lines)
            m_targetText.insert(m_targetText.end(), l.begin(), l.end());
        SentencePieceTrainingConfig c;
        c.vocabSize = 600;
        m_source = std::make_shared<XlmrTokenizer>(trainSentencePiece(src, c, toPath(m_tmp.path()) / "src"));
        c.vocabSize = 500;
        m_target = std::make_shared<SentencePieceTokenizer>(trainSentencePiece(tgt, c, toPath(m_tmp.path()) / "tgt"));

        m_config = XlmrConfig::preset("tiny");
        m_config.vocabSize = int(m_source->vocabSize());
        torch::manual_seed(2);
        m_model = XlmrForMaskedLM(m_config);
        initialiseXlmrWeights(*m_model, m_config);
        // Give the source embeddings a script structure (dimension 0: +1 Cyrillic, -1 Latin)
        // and non-zero biases, so copies and script-aware draws can be told apart.
        torch::NoGradGuard g;
        auto &E = m_model->roberta->wordEmbeddings()->weight;
        for (std::int64_t id = 4; id < m_source->maskId(); ++id) {
            const std::string s = pieceScript(m_source->idToToken(id));
            E[id][0] = s == "Cyrillic" ? 1.0 : s == "Latin" ? -1.0 : 0.0;
        }
        m_model->lm_head->bias.normal_(0, 1);
    }

    void sparsemaxValues()
    {
        const torch::Tensor p = sparsemax(torch::tensor({1.0, 0.5, -1.0}));
        QVERIFY(torch::allclose(p, torch::tensor({0.75, 0.25, 0.0})));
        const torch::Tensor q = sparsemax(torch::randn({50}));
        QVERIFY(std::abs(q.sum().item<double>() - 1.0) < 1e-6);
        QVERIFY(q.ge(0).all().item<bool>());
    }

    void methods_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("extend");
        for (const auto &m : embeddingInitNames()) {
            QTest::newRow((m + " replace").c_str()) << QString::fromStdString(m) << false;
            QTest::newRow((m + " extend").c_str()) << QString::fromStdString(m) << true;
        }
    }

    void methods()
    {
        QFETCH(QString, method);
        QFETCH(bool, extend);
        VocabAdaptConfig cfg;
        cfg.method = embeddingInitFromString(method.toStdString());
        cfg.extend = extend;
        cfg.fasttextDim = 16;
        cfg.fasttextEpochs = 3;
        cfg.ofaRank = 4;
        VocabAdaptResult r = adaptVocabulary(*m_model, *m_source, *m_target, m_targetText, cfg);
        const XlmrTokenizer newTok(r.spm);
        const torch::Tensor E = m_model->roberta->wordEmbeddings()->weight.detach();
        const torch::Tensor b = m_model->lm_head->bias.detach();
        const torch::Tensor NE = r.model->roberta->wordEmbeddings()->weight.detach();
        const torch::Tensor NB = r.model->lm_head->bias.detach();

        // shapes
        QCOMPARE(NE.size(0), newTok.vocabSize());
        QCOMPARE(NB.size(0), newTok.vocabSize());
        QCOMPARE(std::int64_t(r.config.vocabSize), newTok.vocabSize());
        QCOMPARE(r.copied + std::int64_t(r.newIds.size()), newTok.vocabSize());
        QVERIFY(r.copied > 5 + 50); // the specials and many shared pieces
        QVERIFY(!r.newIds.empty());
        if (extend) {
            // the source ids keep their rows; <mask> moves to the end
            QCOMPARE(newTok.vocabSize(), m_source->vocabSize() + std::int64_t(r.newIds.size()));
            QVERIFY(NE.slice(0, 0, m_source->maskId()).equal(E.slice(0, 0, m_source->maskId())));
        } else {
            QCOMPARE(newTok.vocabSize(), std::int64_t(m_target->size()) + 2);
        }
        // shared pieces and special tokens copied exactly, bias included
        for (const auto &[to, from] : r.copiedFrom) {
            QVERIFY(NE[to].equal(E[from]));
            QVERIFY(NB[to].equal(b[from]));
            if (!newTok.isSpecial(to))
                QCOMPARE(newTok.idToToken(to), m_source->idToToken(from));
        }
        QVERIFY(NE[newTok.maskId()].equal(E[m_source->maskId()]));
        QVERIFY(torch::isfinite(NE).all().item<bool>());
        // every other parameter is the source's
        auto src = m_model->named_parameters(true);
        for (const auto &p : r.model->named_parameters(true))
            if (p.key() != "roberta.embeddings.word_embeddings.weight" && p.key() != "lm_head.bias")
                QVERIFY2(p.value().equal(src[p.key()]), p.key().c_str());

        const torch::Tensor newIdx = torch::tensor(r.newIds, torch::kLong);
        const torch::Tensor rows = NE.index_select(0, newIdx);
        const torch::Tensor regular = E.slice(0, 4, m_source->maskId());
        if (method != "random") {
            VocabAdaptConfig rc = cfg;
            rc.method = EmbeddingInit::Random;
            VocabAdaptResult random = adaptVocabulary(*m_model, *m_source, *m_target, m_targetText, rc);
            QVERIFY(!torch::allclose(rows, random.model->roberta->wordEmbeddings()->weight.detach().index_select(0, newIdx)));
        } else {
            const double std = rows.std().item<double>();
            QVERIFY2(std::abs(std - m_config.initializerRange) < 0.01, qPrintable(QString::number(std)));
        }
        if (method == "mean") {
            QVERIFY(torch::allclose(rows, regular.mean(0).expand_as(rows)));
        } else if (method == "decomposition") {
            // checked for one new piece that starts a word, against its old-tokenizer split
            for (std::int64_t id : r.newIds) {
                const std::string piece = newTok.idToToken(id);
                if (piece.rfind(kSpmSpace, 0) != 0)
                    continue;
                std::vector<std::int64_t> parts = m_source->encodePieces(piece.substr(3));
                parts.erase(std::remove(parts.begin(), parts.end(), XlmrTokenizer::kUnk), parts.end());
                if (parts.empty())
                    continue;
                QVERIFY(torch::allclose(NE[id], E.index_select(0, torch::tensor(parts, torch::kLong)).mean(0), 1e-5, 1e-6));
                break;
            }
        } else if (method == "focus") {
            // convex combinations of source rows: inside their bounding box
            QVERIFY(rows.max().item<double>() <= regular.max().item<double>() + 1e-5);
            QVERIFY(rows.min().item<double>() >= regular.min().item<double>() - 1e-5);
        } else if (method == "script") {
            // new Cyrillic pieces are drawn around the Cyrillic source rows (dimension 0 ~ +1)
            double sum = 0;
            int n = 0;
            for (std::int64_t id : r.newIds)
                if (pieceScript(newTok.idToToken(id)) == "Cyrillic") {
                    sum += NE[id][0].item<double>();
                    ++n;
                }
            QVERIFY(n > 10);
            QVERIFY2(sum / n > 0.9, qPrintable(QString::number(sum / n)));
        } else if (method == "ofa") {
            // rows built in the rank-4 space of the factorisation
            const auto sv = torch::linalg_svdvals(rows);
            QVERIFY2(sv[4].item<double>() < 1e-4 * sv[0].item<double>(), "new rows are not of rank <= 4");
        }

        // the output layer is tied: changing an embedding row changes its logit
        XlmrForMaskedLM m = r.model;
        m->eval();
        torch::NoGradGuard g;
        const torch::Tensor ids = torch::tensor(newTok.encode(m_targetText[0]), torch::kLong).unsqueeze(0);
        const torch::Tensor before = m->forward(ids).logits;
        const std::int64_t probe = r.newIds.front();
        torch::manual_seed(5);
        // a random direction: a constant shift would mostly vanish in the layer norm
        m->roberta->wordEmbeddings()->weight[probe].add_(torch::randn_like(m->roberta->wordEmbeddings()->weight[probe]));
        const torch::Tensor hidden = m->roberta->forward(ids).lastHiddenState;
        const torch::Tensor after = m->forward(ids).logits;
        const torch::Tensor expected =
            torch::nn::functional::linear(m->lm_head->layer_norm(torch::gelu(m->lm_head->dense(hidden))),
                                          m->roberta->wordEmbeddings()->weight, m->lm_head->bias);
        QVERIFY(torch::allclose(after, expected, 1e-5, 1e-5));
        QVERIFY(!torch::allclose(before.select(2, probe), after.select(2, probe)));
        for (const auto &p : m->named_parameters(true))
            QVERIFY2(p.key().find("decoder") == std::string::npos, p.key().c_str());
    }

    void mismatchedTokenizerIsAnError()
    {
        VocabAdaptConfig cfg;
        cfg.method = EmbeddingInit::Mean;
        const XlmrTokenizer other(std::make_shared<SentencePieceTokenizer>(
            SentencePieceTokenizer::fromSerialized(m_target->serialized(), "other")));
        QVERIFY_THROWS_EXCEPTION(Error, adaptVocabulary(*m_model, other, *m_target, m_targetText, cfg));
    }

private:
    QTemporaryDir m_tmp;
    std::shared_ptr<XlmrTokenizer> m_source;
    std::shared_ptr<SentencePieceTokenizer> m_target;
    std::vector<std::string> m_targetText;
    XlmrConfig m_config;
    XlmrForMaskedLM m_model{nullptr};
};

QTEST_GUILESS_MAIN(TestVocabAdapt)
#include "test_vocabadapt.moc"
