// Decoding, resampling and FLAC storage of every format libsndfile reads, on files made at
// test time by sox and libsndfile; corrupt inputs give errors naming the file.

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace fieldbench;
using namespace fieldbench::testing;

namespace {

// Dominant frequency by counting upward zero crossings (enough for a clean sine).
double zeroCrossingFrequency(const std::vector<float> &s, int rate)
{
    int crossings = 0;
    for (std::size_t i = 1; i < s.size(); ++i)
        if (s[i - 1] < 0 && s[i] >= 0)
            ++crossings;
    return crossings / (double(s.size()) / rate);
}

double rms(const std::vector<float> &s)
{
    double acc = 0;
    for (float v : s)
        acc += double(v) * v;
    return std::sqrt(acc / std::max<std::size_t>(1, s.size()));
}

} // namespace

class TestAudioFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!have("sox"))
            QSKIP("sox is not installed (scripts/setup installs it)");
    }

    void convertsAnyFormat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<QStringList>("soxOptions");
        QTest::addColumn<int>("expectedBits");
        QTest::newRow("wav 44.1k stereo 16-bit") << "a.wav" << 44100 << 2 << QStringList{"-b", "16"} << 16;
        QTest::newRow("wav 48k 24-bit 6ch") << "b.wav" << 48000 << 6 << QStringList{"-b", "24"} << 24;
        QTest::newRow("wav 8k mono") << "c.wav" << 8000 << 1 << QStringList{"-b", "16"} << 16;
        QTest::newRow("wav 16k mono (no resampling)") << "d.wav" << 16000 << 1 << QStringList{"-b", "16"} << 16;
        QTest::newRow("flac 22.05k") << "e.flac" << 22050 << 1 << QStringList{"-b", "16"} << 16;
        QTest::newRow("ogg vorbis 32k stereo") << "f.ogg" << 32000 << 2 << QStringList{} << 0;
        QTest::newRow("mp3 44.1k") << "g.mp3" << 44100 << 2 << QStringList{} << 0;
        QTest::newRow("nist sphere mu-law 8k") << "h.sph" << 8000 << 1 << QStringList{"-e", "mu-law"} << 8;
        QTest::newRow("nist sphere 16-bit 16k") << "i.sph" << 16000 << 1 << QStringList{"-b", "16"} << 16;
        QTest::newRow("aiff 11.025k") << "j.aiff" << 11025 << 1 << QStringList{"-b", "16"} << 16;
        QTest::newRow("flac 24-bit 48k") << "l.flac" << 48000 << 1 << QStringList{"-b", "24"} << 24;
        QTest::newRow("float wav 96k") << "k.wav" << 96000 << 1 << QStringList{"-e", "floating-point", "-b", "32"} << 32;
    }

    void convertsAnyFormat()
    {
        QFETCH(QString, file);
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(QStringList, soxOptions);
        QFETCH(int, expectedBits);
        const QString src = m_dir.filePath(file);
        const double seconds = 1.5;
        QVERIFY2(makeToneWithSox(src, seconds, rate, channels, soxOptions, 440.0), qPrintable(src));

        const AudioInfo info = probeAudio(toPath(src));
        QCOMPARE(info.sampleRate, rate);
        QCOMPARE(info.channels, channels);
        QCOMPARE(info.bitsPerSample, expectedBits);
        QVERIFY(std::fabs(info.durationSeconds() - seconds) < 0.1);

        const QString dst = m_dir.filePath(file + ".out.flac");
        std::int64_t frames = 0;
        const AudioInfo decoded = convertToProjectFlac(toPath(src), toPath(dst), &frames);
        QCOMPARE(decoded.sampleRate, rate);
        // Length preserved to within a few milliseconds (lossy codecs pad a little).
        QVERIFY2(std::fabs(double(frames) / kProjectSampleRate - seconds) < 0.06,
                 qPrintable(QString::number(double(frames) / kProjectSampleRate)));

        const AudioInfo stored = probeAudio(toPath(dst));
        QCOMPARE(stored.sampleRate, kProjectSampleRate);
        QCOMPARE(stored.channels, 1);
        QCOMPARE(stored.bitsPerSample, expectedBits > 16 ? 24 : 16);
        QVERIFY(stored.format.find("FLAC") != std::string::npos);

        int outRate = 0;
        const std::vector<float> mono = readMono(toPath(dst), 0.2, 1.2, &outRate);
        QCOMPARE(outRate, kProjectSampleRate);
        QCOMPARE(int(mono.size()), kProjectSampleRate);
        // The tone survives decoding, down-mixing and resampling: same pitch, same level.
        QVERIFY2(std::fabs(zeroCrossingFrequency(mono, outRate) - 440.0) < 3.0,
                 qPrintable(QString::number(zeroCrossingFrequency(mono, outRate))));
        QVERIFY2(std::fabs(rms(mono) - 0.5 / std::sqrt(2.0)) < 0.03, qPrintable(QString::number(rms(mono))));
    }

    void resamplingRemovesAliases()
    {
        // A 7 kHz tone at 44.1 kHz is above the 8 kHz Nyquist limit's passband edge only
        // slightly; a 10 kHz tone must vanish (no aliasing into the band) after resampling.
        const QString src = m_dir.filePath("hi.wav");
        QVERIFY(makeToneWithSox(src, 1.0, 44100, 1, {}, 10000.0));
        const QString dst = m_dir.filePath("hi.flac");
        convertToProjectFlac(toPath(src), toPath(dst));
        const auto mono = readMono(toPath(dst));
        QVERIFY2(rms(mono) < 0.01, qPrintable(QString::number(rms(mono))));
    }

    void longFileStreamsInBoundedMemory()
    {
        // 10 minutes at 48 kHz stereo: decoded in blocks; just check length and that it works.
        const QString src = m_dir.filePath("long.flac");
        QVERIFY(makeToneWithSox(src, 600, 48000, 2, {}, 220.0));
        std::int64_t frames = 0;
        convertToProjectFlac(toPath(src), toPath(m_dir.filePath("long.out.flac")), &frames);
        QCOMPARE(frames, std::int64_t(600 * kProjectSampleRate));
    }

    void badInputs_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty file") << QByteArray() << "empty file";
        QTest::newRow("text file") << QByteArray("hello, this is not audio\n") << "not readable as audio";
        QTest::newRow("random bytes") << QByteArray(4096, '\x5a') << "not readable as audio";
        QTest::newRow("RIFF header only") << QByteArray("RIFF\x24\x00\x00\x00WAVEfmt ", 16) << "not readable as audio";
    }

    void badInputs()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = m_dir.filePath(QStringLiteral("bad-%1.wav").arg(QTest::currentDataTag()).replace(' ', '_'));
        QVERIFY(writeBytes(path, bytes));
        try {
            convertToProjectFlac(toPath(path), toPath(path + ".flac"));
            QFAIL("no error for a bad file");
        } catch (const Error &e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.contains(path), qPrintable(msg));
            QVERIFY2(msg.contains(expected), qPrintable(msg));
        }
    }

    void truncatedWavIsReported()
    {
        const QString good = m_dir.filePath("whole.wav");
        QVERIFY(makeToneWithSox(good, 2.0, 16000, 1));
        QFile f(good);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray half = f.readAll().left(int(f.size() / 2));
        const QString cut = m_dir.filePath("truncated.wav");
        QVERIFY(writeBytes(cut, half));
        try {
            convertToProjectFlac(toPath(cut), toPath(cut + ".flac"));
            QFAIL("no error for a truncated file");
        } catch (const Error &e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.contains("truncated"), qPrintable(msg));
            QVERIFY2(msg.contains("truncated.wav"), qPrintable(msg));
        }
    }

    void writeAudioRoundTrip()
    {
        const auto tone = sine(300, 0.5, 16000);
        for (const char *ext : {"wav", "flac", "ogg"}) {
            const QString path = m_dir.filePath(QStringLiteral("rt.%1").arg(ext));
            writeAudio(toPath(path), tone, 16000);
            const AudioInfo info = probeAudio(toPath(path));
            QCOMPARE(info.sampleRate, 16000);
            QVERIFY(std::fabs(info.durationSeconds() - 0.5) < 0.02);
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestAudioFile)
#include "test_audiofile.moc"
