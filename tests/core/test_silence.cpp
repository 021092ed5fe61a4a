// findSoundRange() on constructed signals: silence, a tone, silence; where the kept range
// starts and ends is known to within one analysis window plus the padding.

#include "fieldbench/audio/silence.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace fieldbench;

namespace {

std::vector<float> construct(int rate, double leadSilence, double tone, double tailSilence, float noise)
{
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-noise, noise);
    std::vector<float> x;
    const auto add = [&](double seconds, bool withTone) {
        const std::size_t n = std::size_t(seconds * rate);
        for (std::size_t i = 0; i < n; ++i)
            x.push_back(u(rng) + (withTone ? 0.4f * float(std::sin(2 * M_PI * 200.0 * double(i) / rate)) : 0.0f));
    };
    add(leadSilence, false);
    add(tone, true);
    add(tailSilence, false);
    return x;
}

} // namespace

class TestSilence : public QObject
{
    Q_OBJECT

private slots:
    void trimsBothEnds_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<double>("lead");
        QTest::addColumn<double>("tone");
        QTest::addColumn<double>("tail");
        QTest::addColumn<float>("noise");
        QTest::addColumn<double>("padding");
        QTest::newRow("16k digital silence") << 16000 << 0.5 << 1.0 << 0.7 << 0.0f << 0.15;
        QTest::newRow("48k noisy room") << 48000 << 1.2 << 0.8 << 0.4 << 0.003f << 0.1;
        QTest::newRow("no padding") << 16000 << 0.3 << 2.0 << 1.0 << 0.001f << 0.0;
        QTest::newRow("padding beyond the start") << 16000 << 0.05 << 1.0 << 0.05 << 0.001f << 0.2;
    }
    void trimsBothEnds()
    {
        QFETCH(int, rate);
        QFETCH(double, lead);
        QFETCH(double, tone);
        QFETCH(double, tail);
        QFETCH(float, noise);
        QFETCH(double, padding);
        const auto x = construct(rate, lead, tone, tail, noise);
        TrimConfig cfg;
        cfg.paddingSeconds = padding;
        QVERIFY(cfg.validate().empty());
        const TrimRange r = findSoundRange(x, rate, cfg);
        const double begin = double(r.begin) / rate, end = double(r.end) / rate;
        const double expectBegin = std::max(0.0, lead - padding);
        const double expectEnd = std::min(lead + tone + tail, lead + tone + padding);
        const double slack = cfg.windowSeconds + 1.0 / rate;
        QVERIFY2(std::abs(begin - expectBegin) <= slack,
                 qPrintable(QStringLiteral("begin %1 s, expected %2 s").arg(begin).arg(expectBegin)));
        QVERIFY2(std::abs(end - expectEnd) <= slack,
                 qPrintable(QStringLiteral("end %1 s, expected %2 s").arg(end).arg(expectEnd)));
        QVERIFY(r.end <= x.size());
    }

    void silenceOnlyKeepsEverything()
    {
        const std::vector<float> x(16000, 0.0f);
        const TrimRange r = findSoundRange(x, 16000);
        QCOMPARE(r.begin, std::size_t(0));
        QCOMPARE(r.end, x.size());
        const TrimRange e = findSoundRange({}, 16000);
        QCOMPARE(e.end, std::size_t(0));
    }

    void quietSpeechUsesRelativeThreshold()
    {
        // A tone at -40 dBFS in digital silence is above the -50 dBFS floor: kept.
        auto x = construct(16000, 0.5, 0.5, 0.5, 0.0f);
        for (float &v : x)
            v *= 0.025f;
        const TrimRange r = findSoundRange(x, 16000);
        QVERIFY(std::abs(double(r.begin) / 16000 - 0.35) <= 0.03);
    }

    void measuresLevels()
    {
        const std::vector<float> x = {0.5f, -0.5f, 0.5f, -0.5f};
        const BlockLevel l = measureLevel(x.data(), x.size());
        QCOMPARE(l.peak, 0.5f);
        QCOMPARE(l.rms, 0.5f);
        QCOMPARE(measureLevel(x.data(), 0).rms, 0.0f);
    }

    void invalidConfigsAreReported()
    {
        TrimConfig c;
        c.windowSeconds = 0;
        c.relativeDb = 3;
        QCOMPARE(int(c.validate().size()), 2);
    }
};

QTEST_GUILESS_MAIN(TestSilence)
#include "test_silence.moc"
