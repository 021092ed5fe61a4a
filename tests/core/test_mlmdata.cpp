// MLM batches: masking rates (15%, 80/10/10), whole-word masking, packing, alpha language
// sampling, deterministic evaluation batches; and the small training loop lowers the loss.

#include "fieldbench/models/mlmtraining.h"
#include "fieldbench/text/mlmdata.h"
#include "fieldbench/util/error.h"

#include <QtTest>

using namespace fieldbench;

namespace {

// A synthetic vocabulary: ids 4..99 regular, 100 = <mask>; even ids start words.
MlmVocabulary vocab()
{
    MlmVocabulary v;
    v.size = 101;
    v.mask = 100;
    v.startsWord.resize(101);
    for (int i = 0; i < 101; ++i)
        v.startsWord[std::size_t(i)] = i % 2 == 0;
    return v;
}

std::vector<std::vector<std::int64_t>> sentences(int n, int length, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::int64_t> d(4, 99);
    std::vector<std::vector<std::int64_t>> out;
    for (int i = 0; i < n; ++i) {
        std::vector<std::int64_t> s;
        for (int j = 0; j < length; ++j)
            s.push_back(d(rng));
        out.push_back(s);
    }
    return out;
}

} // namespace

class TestMlmData : public QObject
{
    Q_OBJECT

private slots:
    void maskingRates()
    {
        const MlmVocabulary v = vocab();
        MlmDataConfig c;
        std::mt19937_64 rng(5);
        torch::Tensor ids = torch::randint(4, 100, {64, 128}, torch::kLong);
        ids.select(1, 0).fill_(0);   // <s>
        ids.select(1, 127).fill_(2); // </s>
        ids.slice(1, 120, 127).fill_(1); // padding must never be chosen
        auto [masked, labels] = maskTokens(ids, v, c, rng);
        const torch::Tensor chosen = labels.ge(0);
        const double eligible = 64.0 * 119.0;
        const double rate = chosen.sum().item<double>() / eligible;
        QVERIFY2(std::abs(rate - 0.15) < 0.01, qPrintable(QString::number(rate)));
        QVERIFY(!chosen.select(1, 0).any().item<bool>());
        QVERIFY(!chosen.select(1, 127).any().item<bool>());
        QVERIFY(!chosen.slice(1, 120, 127).any().item<bool>());
        QVERIFY(labels.index({chosen}).equal(ids.index({chosen})));
        const double n = chosen.sum().item<double>();
        const double toMask = masked.index({chosen}).eq(100).sum().item<double>() / n;
        const double same = masked.index({chosen}).eq(ids.index({chosen})).sum().item<double>() / n;
        QVERIFY2(std::abs(toMask - 0.8) < 0.03, qPrintable(QString::number(toMask)));
        QVERIFY2(std::abs(same - 0.1) < 0.03, qPrintable(QString::number(same))); // 10% kept (+ random hits)
        QVERIFY(masked.index({chosen.logical_not()}).equal(ids.index({chosen.logical_not()})));
        // dynamic: a second call draws other masks
        auto [masked2, labels2] = maskTokens(ids, v, c, rng);
        QVERIFY(!labels2.equal(labels));
    }

    void wholeWordMasking()
    {
        const MlmVocabulary v = vocab();
        MlmDataConfig c;
        c.wholeWordMasking = true;
        std::mt19937_64 rng(9);
        const torch::Tensor ids = torch::randint(4, 100, {32, 64}, torch::kLong);
        auto [masked, labels] = maskTokens(ids, v, c, rng);
        const auto chosen = labels.ge(0);
        // every word is chosen completely or not at all
        for (std::int64_t r = 0; r < 32; ++r) {
            bool wordChosen = false;
            for (std::int64_t t = 0; t < 64; ++t) {
                const std::int64_t id = ids[r][t].item<std::int64_t>();
                const bool ch = chosen[r][t].item<bool>();
                if (t == 0 || id % 2 == 0)
                    wordChosen = ch;
                else
                    QCOMPARE(ch, wordChosen);
            }
        }
        const double rate = chosen.to(torch::kDouble).mean().item<double>();
        QVERIFY2(rate > 0.10 && rate < 0.20, qPrintable(QString::number(rate)));
    }

    void packing_data()
    {
        QTest::addColumn<bool>("pack");
        QTest::newRow("packed") << true;
        QTest::newRow("one sentence a row") << false;
    }

    void packing()
    {
        QFETCH(bool, pack);
        MlmDataConfig c;
        c.maxLength = 64;
        c.packSequences = pack;
        std::map<std::string, std::vector<std::vector<std::int64_t>>> s;
        s["a"] = sentences(50, 10, 1);
        MlmBatcher b(vocab(), s, c);
        const MlmBatch batch = b.next(8);
        QCOMPARE(batch.inputIds.size(0), std::int64_t(8));
        QVERIFY(batch.inputIds.size(1) <= 64);
        const auto realTokens = batch.attentionMask.sum(1);
        if (pack) {
            // 10-token sentences + </s>: five fit after <s> in 64
            QCOMPARE(realTokens.min().item<std::int64_t>(), std::int64_t(1 + 5 * 11));
        } else {
            QCOMPARE(realTokens.max().item<std::int64_t>(), std::int64_t(12));
        }
        QCOMPARE(batch.tokens, realTokens.sum().item<std::int64_t>());
        // padded positions carry the pad id and no label
        const auto pad = batch.attentionMask.eq(0);
        QVERIFY(batch.labels.index({pad}).eq(-100).all().item<bool>());
    }

    void longSentencesAreCut()
    {
        MlmDataConfig c;
        c.maxLength = 16;
        std::map<std::string, std::vector<std::vector<std::int64_t>>> s;
        s["a"] = sentences(3, 100, 2);
        MlmBatcher b(vocab(), s, c);
        QCOMPARE(b.next(4).inputIds.size(1), std::int64_t(16));
        QCOMPARE(b.tokenCount(), std::int64_t(300));
    }

    void alphaLanguageSampling()
    {
        MlmDataConfig c;
        c.alpha = 0.3;
        c.maxLength = 8;
        c.packSequences = false;
        std::map<std::string, std::vector<std::vector<std::int64_t>>> s;
        s["big"] = sentences(900, 4, 3);
        s["small"] = sentences(100, 4, 4);
        MlmBatcher b(vocab(), s, c);
        const double q = b.languageProbabilities().at("small");
        QVERIFY(q > 0.3 && q < 0.4); // 0.1^0.3 / (0.1^0.3 + 0.9^0.3) = 0.3425
        int small = 0;
        const int n = 4000;
        const MlmBatch batch = b.next(n);
        for (const auto &l : batch.languages)
            small += l == "small";
        QVERIFY2(std::abs(double(small) / n - q) < 0.03, qPrintable(QString::number(double(small) / n)));
    }

    void evaluationBatchesAreFixed()
    {
        MlmDataConfig c;
        c.maxLength = 32;
        std::map<std::string, std::vector<std::vector<std::int64_t>>> s;
        s["a"] = sentences(40, 7, 5);
        s["b"] = sentences(10, 7, 6);
        const MlmBatcher b(vocab(), s, c);
        const auto e1 = b.evaluationBatches(4, 11);
        const auto e2 = b.evaluationBatches(4, 11);
        QCOMPARE(e1.size(), e2.size());
        std::int64_t tokens = 0;
        for (std::size_t i = 0; i < e1.size(); ++i) {
            QVERIFY(e1[i].inputIds.equal(e2[i].inputIds));
            QVERIFY(e1[i].labels.equal(e2[i].labels));
            tokens += e1[i].tokens;
        }
        // every sentence exactly once: 50 x (7 + </s>) plus one <s> per row
        std::int64_t rows = 0;
        for (const auto &x : e1)
            rows += x.inputIds.size(0);
        QCOMPARE(tokens, 50 * 8 + rows);
    }

    // A restored batcher continues where the saved one stood (sentence order, position,
    // masks, language draws), over reshuffles; another text is refused.
    void savedPositionContinuesExactly()
    {
        MlmDataConfig c;
        c.maxLength = 16;
        c.alpha = 0.5;
        std::map<std::string, std::vector<std::vector<std::int64_t>>> s;
        s["a"] = sentences(30, 5, 7);
        s["b"] = sentences(8, 5, 8);
        MlmBatcher first(vocab(), s, c);
        for (int i = 0; i < 5; ++i)
            first.next(4);
        const std::string state = first.saveState();
        MlmBatcher second(vocab(), s, c);
        second.restoreState(state);
        for (int i = 0; i < 12; ++i) { // several passes over "b": reshuffled after each
            const MlmBatch x = first.next(4), y = second.next(4);
            QVERIFY(x.inputIds.equal(y.inputIds));
            QVERIFY(x.labels.equal(y.labels));
            QCOMPARE(x.languages, y.languages);
        }
        auto other = s;
        other["b"].pop_back();
        MlmBatcher third(vocab(), other, c);
        try {
            third.restoreState(state);
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("the text of language 'b' changed"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, third.restoreState("{not json"));
    }

    void invalidSettings()
    {
        MlmDataConfig c;
        c.maskProbability = 0;
        QVERIFY(!c.validate().empty());
        std::map<std::string, std::vector<std::vector<std::int64_t>>> empty;
        empty["a"] = {};
        QVERIFY_THROWS_EXCEPTION(Error, MlmBatcher(vocab(), empty, MlmDataConfig{}));
    }

    // The small loop learns: on a repetitive toy language the held-out loss falls well
    // below the uniform log(V).
    void trainingLowersLoss()
    {
        torch::manual_seed(1);
        XlmrConfig cfg = XlmrConfig::preset("tiny");
        cfg.vocabSize = 101;
        cfg.hiddenDropoutProb = 0;
        cfg.attentionProbsDropoutProb = 0;
        XlmrForMaskedLM model(cfg);
        initialiseXlmrWeights(*model, cfg);
        // sentences of a deterministic pattern: t, t+1, t+2, ...
        std::map<std::string, std::vector<std::vector<std::int64_t>>> s;
        for (int i = 0; i < 200; ++i) {
            std::vector<std::int64_t> x;
            for (int j = 0; j < 12; ++j)
                x.push_back(4 + (i + j) % 96);
            s["a"].push_back(x);
        }
        MlmDataConfig dc;
        dc.maxLength = 32;
        MlmBatcher data(vocab(), s, dc);
        const auto eval = data.evaluationBatches(16, 3);
        const double before = evaluateMaskedLM(*model, eval).loss;
        MlmTrainingConfig tc;
        tc.steps = 150;
        tc.batchSize = 16;
        tc.learningRate = 3e-3;
        const auto steps = trainMaskedLM(*model, data, tc);
        QCOMPARE(int(steps.size()), 150);
        const double after = evaluateMaskedLM(*model, eval).loss;
        qInfo("held-out MLM loss %.3f -> %.3f (uniform %.3f)", before, after, std::log(101.0));
        QVERIFY(before > 4.0);
        QVERIFY2(after < before - 0.15, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
    }
};

QTEST_GUILESS_MAIN(TestMlmData)
#include "test_mlmdata.moc"
