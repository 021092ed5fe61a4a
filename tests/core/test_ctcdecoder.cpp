// CTC decoding: greedy and prefix beam search (known answers, beam 1 vs greedy, LM and
// lexicon effects, token times), and the token n-gram LM.

#include "fieldbench/models/ctcdecoder.h"
#include "fieldbench/util/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace fieldbench;

namespace {

// Frames given as probabilities (each row normalised), stored as log-probabilities.
std::vector<float> logOf(const std::vector<std::vector<double>> &probs)
{
    std::vector<float> out;
    for (const auto &row : probs) {
        double s = 0;
        for (const double p : row)
            s += p;
        for (const double p : row)
            out.push_back(float(std::log(std::max(p / s, 1e-30))));
    }
    return out;
}

// One-hot-ish frames: `ids` per frame with probability `peak`, the rest spread evenly.
std::vector<float> peaked(const std::vector<int> &ids, int vocab, double peak = 0.9)
{
    std::vector<std::vector<double>> rows;
    for (const int id : ids) {
        std::vector<double> row(std::size_t(vocab), (1.0 - peak) / (vocab - 1));
        row[std::size_t(id)] = peak;
        rows.push_back(row);
    }
    return logOf(rows);
}

QVector<int> qv(const std::vector<int> &v) { return QVector<int>(v.begin(), v.end()); }

std::vector<int> idsOf(const CtcHypothesis &h)
{
    std::vector<int> out;
    for (const auto &t : h.tokens)
        out.push_back(t.id);
    return out;
}

// A fixed LM for tests: log P(token | previous token) from a table; other pairs -10.
class TableLm : public TokenLanguageModel
{
public:
    std::map<std::pair<int, int>, double> table; // (previous or -1, token) -> log p
    int start() const override { return 0; }
    double score(int state, int token, int *next) const override
    {
        *next = token + 1;
        const auto it = table.find({state - 1, token});
        return it == table.end() ? -10.0 : it->second;
    }
    double finish(int) const override { return 0.0; }
};

} // namespace

class TestCtcDecoder : public QObject
{
    Q_OBJECT

private slots:
    void greedyKnownAnswers_data()
    {
        QTest::addColumn<QVector<int>>("frames");
        QTest::addColumn<QVector<int>>("expected");
        // vocab: 0 blank, 1 a, 2 b, 3 |
        QTest::newRow("collapse repeats") << QVector<int>{1, 1, 0, 2, 2, 2} << QVector<int>{1, 2};
        QTest::newRow("blank separates doubles") << QVector<int>{1, 0, 1} << QVector<int>{1, 1};
        QTest::newRow("no blank, no double") << QVector<int>{1, 1, 1} << QVector<int>{1};
        QTest::newRow("all blank") << QVector<int>{0, 0, 0} << QVector<int>{};
        QTest::newRow("delimiter") << QVector<int>{1, 3, 3, 2, 0} << QVector<int>{1, 3, 2};
        QTest::newRow("leading and trailing blanks") << QVector<int>{0, 0, 2, 0, 0} << QVector<int>{2};
    }

    void greedyKnownAnswers()
    {
        QFETCH(QVector<int>, frames);
        QFETCH(QVector<int>, expected);
        const auto lp = peaked(std::vector<int>(frames.begin(), frames.end()), 4);
        const CtcHypothesis g = ctcGreedyDecode(lp.data(), frames.size(), 4, 0);
        QCOMPARE(qv(idsOf(g)), expected);
        // Beam search agrees on one-hot-like input, for every beam width.
        for (const int beam : {1, 2, 8}) {
            CtcBeamOptions o;
            o.beamSize = beam;
            const auto b = ctcPrefixBeamSearch(lp.data(), frames.size(), 4, 0, o);
            QVERIFY(!b.empty());
            QCOMPARE(qv(idsOf(b.front())), expected);
        }
    }

    void greedyTimesAndConfidence()
    {
        const auto lp = peaked({0, 1, 1, 1, 0, 0, 2, 0}, 3, 0.8);
        const CtcHypothesis g = ctcGreedyDecode(lp.data(), 8, 3, 0);
        QCOMPARE(int(g.tokens.size()), 2);
        QCOMPARE(g.tokens[0].firstFrame, 1);
        QCOMPARE(g.tokens[0].lastFrame, 3);
        QCOMPARE(g.tokens[1].firstFrame, 6);
        QCOMPARE(g.tokens[1].lastFrame, 6);
        QVERIFY(std::abs(g.tokens[0].confidence - 0.8f) < 1e-5);
        QVERIFY(std::abs(g.acousticLogProb - 8 * std::log(0.8)) < 1e-4);
        // The beam search aligns its result to the same frames.
        CtcBeamOptions o;
        o.beamSize = 4;
        const auto b = ctcPrefixBeamSearch(lp.data(), 8, 3, 0, o);
        QCOMPARE(b.front().tokens[0].firstFrame, 1);
        QCOMPARE(b.front().tokens[0].lastFrame, 3);
        QCOMPARE(b.front().tokens[1].firstFrame, 6);
    }

    void beamOneEqualsGreedyOnPeakedPosteriors_data()
    {
        QTest::addColumn<int>("seed");
        for (int s = 1; s <= 20; ++s)
            QTest::newRow(qPrintable(QString("seed %1").arg(s))) << s;
    }

    void beamOneEqualsGreedyOnPeakedPosteriors()
    {
        // When each frame's best class has at least 85 % of the mass, the single prefix beam 1
        // keeps is the best path's (its other paths weigh at most 2 x 15 % against 72 %):
        // beam 1 must give greedy's answer exactly.
        QFETCH(int, seed);
        std::mt19937 rng{unsigned(seed)};
        const int vocab = 6, frames = 60;
        std::vector<std::vector<double>> rows;
        std::uniform_int_distribution<int> cls(0, vocab - 1);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        int previous = 0;
        for (int t = 0; t < frames; ++t) {
            const int best = u(rng) < 0.5 ? 0 : (u(rng) < 0.5 ? previous : cls(rng));
            previous = best;
            std::vector<double> row(static_cast<std::size_t>(vocab));
            double rest = 0;
            for (auto &p : row)
                rest += (p = u(rng));
            for (auto &p : row)
                p = p / rest * 0.15; // 15 % spread over all classes
            row[std::size_t(best)] += 0.85;
            rows.push_back(row);
        }
        const auto lp = logOf(rows);
        const CtcHypothesis g = ctcGreedyDecode(lp.data(), frames, vocab, 0);
        CtcBeamOptions o;
        o.beamSize = 1;
        o.tokenPruneLogProb = -1e9;
        const auto b = ctcPrefixBeamSearch(lp.data(), frames, vocab, 0, o);
        QCOMPARE(qv(idsOf(b.front())), qv(idsOf(g)));
    }

    void beamSumsPathsGreedyDoesNot()
    {
        // Two frames over {blank, a}: P(blank)=0.6 each. Best path: "" (0.36), but "a" has
        // 0.4*0.4 + 0.4*0.6 + 0.6*0.4 = 0.64 in total: the beam search finds "a".
        const auto lp = logOf({{0.6, 0.4}, {0.6, 0.4}});
        QVERIFY(ctcGreedyDecode(lp.data(), 2, 2, 0).tokens.empty());
        CtcBeamOptions o;
        o.beamSize = 4;
        const auto b = ctcPrefixBeamSearch(lp.data(), 2, 2, 0, o);
        QCOMPARE(int(b.front().tokens.size()), 1);
        QCOMPARE(b.front().tokens[0].id, 1);
        QVERIFY(std::abs(std::exp(b.front().acousticLogProb) - 0.64) < 1e-6);
        QVERIFY(std::abs(std::exp(b[1].acousticLogProb) - 0.36) < 1e-6);
    }

    void languageModelDecidesAmbiguousFrames()
    {
        // vocab 0 blank, 1 a, 2 b. Frame 1: a (0.9); frame 2: a 0.45 / b 0.55 after a blank.
        const auto lp = logOf({{0.05, 0.9, 0.05}, {0.98, 0.01, 0.01}, {0.0, 0.45, 0.55}});
        CtcBeamOptions o;
        o.beamSize = 8;
        QCOMPARE(qv(idsOf(ctcPrefixBeamSearch(lp.data(), 3, 3, 0, o).front())), (QVector<int>{1, 2}));
        TableLm lm;
        lm.table[{-1, 1}] = std::log(0.9);
        lm.table[{1, 1}] = std::log(0.9); // "aa" is likely, "ab" is not
        lm.table[{1, 2}] = std::log(0.01);
        o.lmWeight = 1.0;
        QCOMPARE(qv(idsOf(ctcPrefixBeamSearch(lp.data(), 3, 3, 0, o, &lm).front())), (QVector<int>{1, 1}));
        o.lmWeight = 0.0; // weight 0 disables it
        QCOMPARE(qv(idsOf(ctcPrefixBeamSearch(lp.data(), 3, 3, 0, o, &lm).front())), (QVector<int>{1, 2}));
    }

    void lexiconPrefersKnownWords()
    {
        // vocab 0 blank, 1 a, 2 b, 3 |. Acoustics slightly prefer "ab"; the lexicon has "aa".
        const auto lp = logOf({{0.05, 0.9, 0.05, 0.0}, {0.98, 0.01, 0.01, 0.0}, {0.0, 0.45, 0.55, 0.0}});
        CtcBeamOptions o;
        o.beamSize = 8;
        o.wordDelimiter = 3;
        o.lexicon = {{1, 1}};
        o.oovPenalty = -2.0;
        QCOMPARE(qv(idsOf(ctcPrefixBeamSearch(lp.data(), 3, 4, 0, o).front())), (QVector<int>{1, 1}));
        o.lexicon = {{1, 2}};
        QCOMPARE(qv(idsOf(ctcPrefixBeamSearch(lp.data(), 3, 4, 0, o).front())), (QVector<int>{1, 2}));
    }

    void ngramIsADistribution()
    {
        CharNgramLm lm(3, 4);
        lm.add({1, 2, 3});
        lm.add({1, 2, 2, 3});
        lm.add({2, 1});
        lm.finalise();
        for (const std::vector<int> &context : {std::vector<int>{}, {1}, {1, 2}, {3, 3}}) {
            int state = lm.start();
            for (const int id : context)
                lm.score(state, id, &state);
            double sum = std::exp(lm.finish(state));
            for (int id = 0; id < 4; ++id) {
                int next = 0;
                sum += std::exp(lm.score(state, id, &next));
            }
            QVERIFY2(std::abs(sum - 1.0) < 1e-9, qPrintable(QString::number(sum, 'g', 12)));
        }
        // Seen continuations beat unseen ones; training text has lower perplexity than noise.
        int s = lm.start();
        lm.score(s, 1, &s);
        int unused = 0;
        QVERIFY(lm.score(s, 2, &unused) > lm.score(s, 3, &unused));
        QVERIFY(lm.perplexity({{1, 2, 3}}) < lm.perplexity({{3, 3, 0, 0}}));
    }

    void ngramSavesAndLoads()
    {
        CharNgramLm lm(4, 5);
        lm.add({1, 2, 3, 4});
        lm.add({4, 3, 2});
        lm.finalise();
        QTemporaryDir tmp;
        const std::filesystem::path file = tmp.filePath("lm.txt").toStdString();
        lm.save(file);
        const CharNgramLm back = CharNgramLm::load(file);
        QCOMPARE(back.order(), 4);
        QCOMPARE(back.perplexity({{1, 2, 3}, {0, 4}}), lm.perplexity({{1, 2, 3}, {0, 4}}));
        QVERIFY_THROWS_EXCEPTION(Error, CharNgramLm::load(tmp.filePath("missing").toStdString()));
    }

    void invalidArguments()
    {
        const auto lp = peaked({0}, 2);
        CtcBeamOptions o;
        o.beamSize = 0;
        QVERIFY_THROWS_EXCEPTION(Error, ctcPrefixBeamSearch(lp.data(), 1, 2, 0, o));
        o.beamSize = 2;
        QVERIFY_THROWS_EXCEPTION(Error, ctcPrefixBeamSearch(lp.data(), 1, 2, 5, o));
        QVERIFY_THROWS_EXCEPTION(Error, CharNgramLm(0, 3));
        CharNgramLm lm(2, 3);
        QVERIFY_THROWS_EXCEPTION(Error, lm.add({7}));
    }
};

QTEST_GUILESS_MAIN(TestCtcDecoder)
#include "test_ctcdecoder.moc"
