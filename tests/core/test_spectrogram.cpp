// computeSpectrogram(): a sine shows up in the right bin at about its level in dB; frame
// count and timing follow window and hop; the frame limit raises the hop.

#include "fieldbench/audio/spectrogram.h"

#include "testdata.h"

#include <QtTest>

#include <cmath>

using namespace fieldbench;

class TestSpectrogram : public QObject
{
    Q_OBJECT

private slots:
    void sineLandsInItsBin_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<double>("frequency");
        QTest::addColumn<double>("amplitude");
        QTest::newRow("16k 1 kHz full scale") << 16000 << 1000.0 << 1.0;
        QTest::newRow("48k 440 Hz -6 dB") << 48000 << 440.0 << 0.5;
        QTest::newRow("16k 3.1 kHz -20 dB") << 16000 << 3100.0 << 0.1;
    }
    void sineLandsInItsBin()
    {
        QFETCH(int, rate);
        QFETCH(double, frequency);
        QFETCH(double, amplitude);
        const auto x = fieldbench::testing::sine(frequency, 1.0, rate, float(amplitude));
        const Spectrogram s = computeSpectrogram(x, rate);
        QVERIFY(s.frames > 90 && s.frames <= 100);
        const int mid = s.frames / 2;
        int best = 0;
        for (int b = 1; b < s.bins; ++b)
            if (s.at(mid, b) > s.at(mid, best))
                best = b;
        QVERIFY2(std::abs(best * s.binHz - frequency) <= s.binHz,
                 qPrintable(QStringLiteral("peak at %1 Hz").arg(best * s.binHz)));
        const double expectDb = 20 * std::log10(amplitude);
        // Between-bin frequencies lose up to ~1.5 dB to the Hann window's scalloping.
        QVERIFY2(s.at(mid, best) <= expectDb + 0.5 && s.at(mid, best) >= expectDb - 2.0,
                 qPrintable(QStringLiteral("%1 dB, expected %2 dB").arg(s.at(mid, best)).arg(expectDb)));
        // Far from the tone: far below it.
        const int far = best > s.bins / 2 ? 2 : s.bins - 3;
        QVERIFY(s.at(mid, far) < s.at(mid, best) - 40);
    }

    void frameLimitRaisesTheHop()
    {
        const std::vector<float> x(16000 * 60, 0.0f);
        SpectrogramConfig c;
        c.maxFrames = 1000;
        const Spectrogram s = computeSpectrogram(x, 16000, c);
        QVERIFY(s.frames <= 1000);
        QVERIFY(s.hopSeconds >= 0.06 - 1e-9);
        QCOMPARE(s.at(0, 0), float(c.floorDb));
    }

    void emptyInput()
    {
        QCOMPARE(computeSpectrogram({}, 16000).frames, 0);
        SpectrogramConfig bad;
        bad.hopSeconds = 0;
        QVERIFY(!bad.validate().empty());
    }
};

QTEST_GUILESS_MAIN(TestSpectrogram)
#include "test_spectrogram.moc"
