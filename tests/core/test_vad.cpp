// Voice-activity detection on constructed signals with known speech spans.

#include "fieldbench/audio/vad.h"
#include "fieldbench/util/error.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace fieldbench;

namespace {

constexpr int kRate = 16000;

// Background noise at `noiseDb` dBFS RMS with louder "voiced" bursts (a 150 Hz buzz with
// harmonics) over `spans` (seconds), `burstDb` dBFS RMS.
std::vector<float> signal(double seconds, const std::vector<std::pair<double, double>> &spans, double noiseDb = -60,
                          double burstDb = -20, unsigned seed = 1)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> n(0.0, 1.0);
    std::vector<float> x(std::size_t(seconds * kRate));
    const double noise = std::pow(10.0, noiseDb / 20.0);
    const double burst = std::pow(10.0, burstDb / 20.0) * std::sqrt(2.0 / 3.0); // 3 equal harmonics
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double t = double(i) / kRate;
        double v = noise * n(rng);
        for (const auto &s : spans)
            if (t >= s.first && t < s.second)
                for (int h = 1; h <= 3; ++h)
                    v += burst * std::sin(2 * M_PI * 150.0 * h * t) / std::sqrt(1.0);
        x[i] = float(v);
    }
    return x;
}

} // namespace

class TestVad : public QObject
{
    Q_OBJECT

private slots:
    void findsBursts_data()
    {
        QTest::addColumn<double>("noiseDb");
        QTest::newRow("quiet background") << -70.0;
        QTest::newRow("noisy background") << -40.0;
    }

    void findsBursts()
    {
        QFETCH(double, noiseDb);
        const std::vector<std::pair<double, double>> spans{{0.5, 1.7}, {2.6, 3.1}, {4.0, 5.6}};
        VadConfig c;
        c.paddingSeconds = 0;
        const auto segs = detectSpeech(signal(6.5, spans, noiseDb, -20), kRate, c);
        QCOMPARE(int(segs.size()), 3);
        for (std::size_t i = 0; i < spans.size(); ++i) {
            QVERIFY2(std::abs(segs[i].start - spans[i].first) <= 0.021, qPrintable(QString::number(segs[i].start)));
            QVERIFY2(std::abs(segs[i].end - spans[i].second) <= 0.021, qPrintable(QString::number(segs[i].end)));
        }
    }

    void paddingIsClippedAndNeverOverlaps()
    {
        VadConfig c;
        c.paddingSeconds = 0.3;
        c.minSilenceSeconds = 0.1;
        // Bursts 0.4 s apart: padded they would overlap.
        const auto segs = detectSpeech(signal(3.0, {{0.1, 1.0}, {1.4, 2.9}}), kRate, c);
        QCOMPARE(int(segs.size()), 2);
        QCOMPARE(segs[0].start, 0.0);
        QVERIFY(segs[0].end <= segs[1].start);
        QVERIFY(segs[1].end <= 3.0);
        QVERIFY(std::abs(segs[0].end - 1.2) < 0.03); // met in the middle of the pause
    }

    void shortPausesMergeShortBurstsDrop_data()
    {
        QTest::addColumn<double>("minSilence");
        QTest::addColumn<int>("expected");
        QTest::newRow("pause 0.2 s kept apart") << 0.1 << 2;
        QTest::newRow("pause 0.2 s merged") << 0.3 << 1;
    }

    void shortPausesMergeShortBurstsDrop()
    {
        QFETCH(double, minSilence);
        QFETCH(int, expected);
        VadConfig c;
        c.paddingSeconds = 0;
        c.minSilenceSeconds = minSilence;
        c.minSpeechSeconds = 0.15;
        // Two bursts 0.2 s apart, and a 60 ms click far away that is dropped.
        const auto segs = detectSpeech(signal(4.0, {{0.5, 1.0}, {1.2, 1.8}, {3.0, 3.06}}), kRate, c);
        QCOMPARE(int(segs.size()), expected);
    }

    void longSegmentsAreSplitAtQuietFrames()
    {
        VadConfig c;
        c.paddingSeconds = 0;
        c.minSilenceSeconds = 0.5; // the 0.1 s dips below do not split by themselves
        c.maxSegmentSeconds = 4.0;
        std::vector<std::pair<double, double>> spans;
        for (double t = 0.2; t < 11.5; t += 1.1)
            spans.emplace_back(t, t + 1.0);
        const auto segs = detectSpeech(signal(12.0, spans), kRate, c);
        QVERIFY(segs.size() >= 3);
        for (std::size_t i = 0; i < segs.size(); ++i) {
            QVERIFY2(segs[i].end - segs[i].start <= 4.0 + 1e-9, qPrintable(QString::number(segs[i].end - segs[i].start)));
            if (i > 0) {
                QVERIFY(segs[i].start >= segs[i - 1].end);
                // Cuts land in the dips between bursts (t mod 1.1 in [1.0, 1.1) after 0.2 s).
                const double phase = std::fmod(segs[i].start - 0.2, 1.1);
                QVERIFY2(phase >= 0.98 || phase <= 0.02, qPrintable(QString::number(segs[i].start)));
            }
        }
    }

    void quietFricativesCountByZeroCrossings()
    {
        // A voiced burst, then 0.4 s of quiet white noise (like /s/) at -42 dBFS over a
        // -60 dBFS floor: by energy alone it is under the 20 dB margin; its zero-crossing
        // rate (~0.5 per sample) keeps it.
        std::vector<float> x = signal(3.0, {{0.5, 1.0}}, -60, -20);
        std::mt19937 rng(3);
        std::normal_distribution<double> n(0.0, std::pow(10.0, -42.0 / 20.0));
        for (std::size_t i = std::size_t(1.0 * kRate); i < std::size_t(1.4 * kRate); ++i)
            x[i] += float(n(rng));
        VadConfig c;
        c.paddingSeconds = 0;
        c.marginDb = 20;
        c.minSilenceSeconds = 0.05;
        c.zcrThreshold = 0.3;
        auto segs = detectSpeech(x, kRate, c);
        QCOMPARE(int(segs.size()), 1);
        QVERIFY(segs[0].end > 1.35);
        c.zcrThreshold = 0; // disabled: the fricative is cut off
        segs = detectSpeech(x, kRate, c);
        QCOMPARE(int(segs.size()), 1);
        QVERIFY(segs[0].end < 1.05);
    }

    void silenceGivesNothing()
    {
        QVERIFY(detectSpeech(std::vector<float>(kRate * 2, 0.0f), kRate).empty());
        QVERIFY(detectSpeech(signal(2.0, {}, -70), kRate).empty());
        QVERIFY(detectSpeech({}, kRate).empty());
    }

    void invalidConfig()
    {
        VadConfig c;
        c.frameSeconds = 1.0;
        QVERIFY(!c.validate().empty());
        QVERIFY_THROWS_EXCEPTION(Error, detectSpeech(signal(1.0, {}), kRate, c));
        c = VadConfig();
        c.maxSegmentSeconds = 0.5;
        QVERIFY(!c.validate().empty());
    }
};

QTEST_GUILESS_MAIN(TestVad)
#include "test_vad.moc"
