// Codeword counting and the comparison of usage distributions, on constructed data with
// known answers.

#include "fieldbench/analysis/codebookstats.h"
#include "fieldbench/util/error.h"

#include <QtTest>

#include <cmath>
#include <map>
#include <random>

using namespace fieldbench;

Q_DECLARE_METATYPE(fieldbench::CodeCounts)

class TestCodebookStats : public QObject
{
    Q_OBJECT

private slots:
    void jointCodes_data()
    {
        QTest::addColumn<int>("groups");
        QTest::addColumn<int>("entries");
        QTest::addColumn<QList<qint64>>("indices");
        QTest::addColumn<qulonglong>("code");
        QTest::newRow("G=2 V=320") << 2 << 320 << QList<qint64>{7, 300} << qulonglong(7 * 320 + 300);
        QTest::newRow("G=2 first") << 2 << 320 << QList<qint64>{0, 0} << qulonglong(0);
        QTest::newRow("G=2 last") << 2 << 320 << QList<qint64>{319, 319} << qulonglong(320 * 320 - 1);
        QTest::newRow("G=3 V=16") << 3 << 16 << QList<qint64>{1, 2, 3} << qulonglong(1 * 256 + 2 * 16 + 3);
        QTest::newRow("G=1") << 1 << 5 << QList<qint64>{4} << qulonglong(4);
    }

    void jointCodes()
    {
        QFETCH(int, groups);
        QFETCH(int, entries);
        QFETCH(QList<qint64>, indices);
        QFETCH(qulonglong, code);
        const CodeCounter c(groups, entries);
        std::vector<std::int64_t> idx(indices.begin(), indices.end());
        QCOMPARE(qulonglong(c.jointCode(idx.data())), code);
        const std::vector<int> back = c.split(code);
        QCOMPARE(int(back.size()), groups);
        for (int g = 0; g < groups; ++g)
            QCOMPARE(qint64(back[g]), indices[g]);
    }

    void rejectsBadCodebooks()
    {
        QVERIFY_THROWS_EXCEPTION(Error, CodeCounter(0, 10));
        QVERIFY_THROWS_EXCEPTION(Error, CodeCounter(3, 3000000)); // 2.7e19 > 2^63
        CodeCounter c(2, 4);
        const std::int64_t bad[2] = {1, 4};
        QVERIFY_THROWS_EXCEPTION(Error, c.add(bad, 1));
    }

    void streamingEqualsBatch_data()
    {
        QTest::addColumn<int>("groups");
        QTest::addColumn<int>("entries");
        QTest::addColumn<int>("frames");
        QTest::newRow("G=2 V=20") << 2 << 20 << 5000;
        QTest::newRow("G=3 V=7") << 3 << 7 << 3000;
        QTest::newRow("G=1 V=50") << 1 << 50 << 1000;
    }

    // Counting chunk by chunk (and merging two counters) gives exactly the counts of one
    // pass over all frames at once, and both equal a brute-force tally.
    void streamingEqualsBatch()
    {
        QFETCH(int, groups);
        QFETCH(int, entries);
        QFETCH(int, frames);
        std::mt19937 rng(42);
        std::discrete_distribution<int> skewed({8, 4, 2, 1, 1, 1}); // a few favourite entries
        std::uniform_int_distribution<int> any(0, entries - 1);
        std::vector<std::int64_t> idx(std::size_t(frames) * groups);
        for (auto &v : idx)
            v = (rng() % 2) ? skewed(rng) % entries : any(rng);

        CodeCounter batch(groups, entries);
        batch.add(idx.data(), frames);

        CodeCounter streamA(groups, entries), streamB(groups, entries);
        std::uniform_int_distribution<int> chunk(1, 97);
        int f = 0;
        bool toA = true;
        while (f < frames) {
            const int n = std::min(frames - f, chunk(rng));
            (toA ? streamA : streamB).add(idx.data() + std::size_t(f) * groups, n);
            toA = !toA;
            f += n;
        }
        streamA.merge(streamB);

        std::map<std::vector<std::int64_t>, std::int64_t> brute;
        std::vector<std::vector<std::int64_t>> perGroup(groups, std::vector<std::int64_t>(entries, 0));
        for (int k = 0; k < frames; ++k) {
            std::vector<std::int64_t> row(idx.begin() + std::ptrdiff_t(k) * groups,
                                          idx.begin() + std::ptrdiff_t(k + 1) * groups);
            for (int g = 0; g < groups; ++g)
                ++perGroup[g][row[g]];
            ++brute[row];
        }
        QCOMPARE(batch.frames(), std::int64_t(frames));
        QCOMPARE(streamA.frames(), std::int64_t(frames));
        QVERIFY(streamA.jointCounts() == batch.jointCounts());
        QVERIFY(streamA.groupCounts() == batch.groupCounts());
        QVERIFY(batch.groupCounts() == perGroup);
        QCOMPARE(batch.jointCounts().size(), brute.size());
        for (const auto &[row, n] : brute)
            QCOMPARE(batch.jointCounts().at(batch.jointCode(row.data())), n);
    }

    void distances_data()
    {
        QTest::addColumn<CodeCounts>("a");
        QTest::addColumn<CodeCounts>("b");
        QTest::addColumn<double>("cosine");
        QTest::addColumn<double>("js");
        QTest::addColumn<double>("sharedAB");
        const double ln2 = std::log(2.0);
        QTest::newRow("identical") << CodeCounts{{1, 10}, {2, 30}, {7, 60}} << CodeCounts{{1, 10}, {2, 30}, {7, 60}}
                                   << 1.0 << 0.0 << 1.0;
        QTest::newRow("proportional") << CodeCounts{{1, 1}, {2, 3}} << CodeCounts{{1, 100}, {2, 300}} << 1.0 << 0.0
                                      << 1.0;
        QTest::newRow("disjoint") << CodeCounts{{1, 5}, {2, 5}} << CodeCounts{{3, 1}, {4, 9}} << 0.0 << ln2 << 0.0;
        // p = (1/2, 1/2, 0), q = (0, 1/2, 1/2): cos = 1/2, JS = ln2 / 2, half of a's frames shared.
        QTest::newRow("half overlap") << CodeCounts{{1, 4}, {2, 4}} << CodeCounts{{2, 7}, {3, 7}} << 0.5 << ln2 / 2
                                      << 0.5;
        QTest::newRow("empty") << CodeCounts{} << CodeCounts{{1, 1}} << 0.0 << ln2 << 0.0;
    }

    void distances()
    {
        QFETCH(CodeCounts, a);
        QFETCH(CodeCounts, b);
        QFETCH(double, cosine);
        QFETCH(double, js);
        QFETCH(double, sharedAB);
        QVERIFY(std::fabs(cosineSimilarity(a, b) - cosine) < 1e-12);
        QVERIFY(std::fabs(cosineSimilarity(b, a) - cosine) < 1e-12);
        QVERIFY2(std::fabs(jensenShannon(a, b) - js) < 1e-12, QByteArray::number(jensenShannon(a, b)));
        QVERIFY(std::fabs(jensenShannon(b, a) - js) < 1e-12);
        QVERIFY(std::fabs(sharedFrameShare(a, b, 0.0) - sharedAB) < 1e-12);
    }

    void sharedShareHonoursThreshold()
    {
        // b uses codeword 2 in 1% of its frames, codeword 1 in 99%.
        const CodeCounts a{{1, 50}, {2, 50}}, b{{1, 99}, {2, 1}};
        QCOMPARE(sharedFrameShare(a, b, 0.0), 1.0);
        QCOMPARE(sharedFrameShare(a, b, 0.01), 1.0);
        QCOMPARE(sharedFrameShare(a, b, 0.02), 0.5);
        QCOMPARE(sharedFrameShare(b, a, 0.02), 1.0); // not symmetric
    }

    void usage()
    {
        const UsageStats u = usageStats(CodeCounts{{0, 5}, {9, 5}, {17, 5}, {40, 5}});
        QCOMPARE(u.frames, std::int64_t(20));
        QCOMPARE(u.distinct, std::int64_t(4));
        QVERIFY(std::fabs(u.entropy - std::log(4.0)) < 1e-12);
        QVERIFY(std::fabs(u.perplexity - 4.0) < 1e-9);
        const UsageStats one = usageStats(std::vector<std::int64_t>{0, 12, 0});
        QCOMPARE(one.distinct, std::int64_t(1));
        QCOMPARE(one.entropy, 0.0);
        QCOMPARE(one.perplexity, 1.0);
    }

    // An ultrametric tree ((a:1 b) (c:2 d)):4 — average linkage recovers it exactly, and the
    // cophenetic matrix equals the input.
    void clusteringRecoversKnownTree()
    {
        const int n = 4;
        const std::vector<double> d{0, 1, 4, 4, //
                                    1, 0, 4, 4, //
                                    4, 4, 0, 2, //
                                    4, 4, 2, 0};
        const Dendrogram t = averageLinkage(d, n);
        QCOMPARE(int(t.merges.size()), 3);
        QCOMPARE(t.merges[0].left, 0);
        QCOMPARE(t.merges[0].right, 1);
        QCOMPARE(t.merges[0].height, 1.0);
        QCOMPARE(t.merges[1].left, 2);
        QCOMPARE(t.merges[1].right, 3);
        QCOMPARE(t.merges[1].height, 2.0);
        QCOMPARE(t.merges[2].height, 4.0);
        QCOMPARE(t.merges[2].size, 4);
        QCOMPARE(t.cophenetic(), d);
        QVERIFY(std::fabs(upperTriangleCorrelation(t.cophenetic(), d, n) - 1.0) < 1e-12);
        QCOMPARE(int(t.order.size()), 4);
    }

    // The UPGMA worked example (Wikipedia "UPGMA", 5S rRNA of five bacteria): joins at
    // 17 (a,b), 22 ((a,b),e), 28 (c,d) and 33.
    void clusteringMatchesWorkedExample()
    {
        const int n = 5;
        const std::vector<double> d{0,  17, 21, 31, 23, //
                                    17, 0,  30, 34, 21, //
                                    21, 30, 0,  28, 39, //
                                    31, 34, 28, 0,  43, //
                                    23, 21, 39, 43, 0};
        const Dendrogram t = averageLinkage(d, n);
        QCOMPARE(t.merges[0].height, 17.0);
        QCOMPARE(t.merges[1].height, 22.0);
        QCOMPARE(std::min(t.merges[1].left, t.merges[1].right), 4); // e joins (a,b), node 5
        QCOMPARE(std::max(t.merges[1].left, t.merges[1].right), 5);
        QCOMPARE(t.merges[2].height, 28.0);
        QCOMPARE(t.merges[3].height, 33.0);
        const auto c = t.cophenetic();
        QCOMPARE(c[0 * n + 4], 22.0);
        QCOMPARE(c[2 * n + 3], 28.0);
        QCOMPARE(c[1 * n + 3], 33.0);
    }

    void projection()
    {
        // Collinear points: PC1 holds all the variance, distances along the line are kept.
        const std::vector<std::vector<double>> rows{{0, 0, 0}, {1, 1, 0}, {3, 3, 0}};
        std::array<double, 2> explained{};
        const auto p = principalComponents2(rows, &explained);
        QVERIFY(std::fabs(explained[0] - 1.0) < 1e-9);
        QVERIFY(std::fabs(explained[1]) < 1e-9);
        const double s = std::sqrt(2.0);
        QVERIFY(std::fabs(p[0][0] - (-4.0 / 3) * s) < 1e-9);
        QVERIFY(std::fabs(p[1][0] - (-1.0 / 3) * s) < 1e-9);
        QVERIFY(std::fabs(p[2][0] - (5.0 / 3) * s) < 1e-9);
        // Two clusters in 5-D: PC1 separates them.
        const std::vector<std::vector<double>> two{
            {1, 0, 0, 0.1, 0}, {1, 0.1, 0, 0, 0}, {0, 0, 1, 0, 0.1}, {0, 0.1, 1, 0, 0}};
        const auto q = principalComponents2(two);
        QVERIFY(q[0][0] * q[2][0] < 0);
        QVERIFY(q[0][0] * q[1][0] > 0);
        QVERIFY(q[2][0] * q[3][0] > 0);
    }
};

QTEST_GUILESS_MAIN(TestCodebookStats)
#include "test_codebookstats.moc"
