// Recorder + TakeWriter with the fake source: a take holds exactly the samples delivered
// between startTake() and stopTake(), as a valid WAV; levels and clipping reach the meter;
// a take abandoned mid-way (as by a crash) is a valid WAV up to the last flush, and
// repairTake() recovers every complete frame on disk.

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/audio/audiosource.h"
#include "fieldbench/audio/recorder.h"
#include "fieldbench/audio/takewriter.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace fieldbench;
using fieldbench::testing::toPath;

namespace {

// Waits (bounded) until the writer has drained the ring.
bool waitUntil(const std::function<bool()> &cond, int ms = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!cond()) {
        if (t.elapsed() > ms)
            return false;
        QThread::msleep(2);
    }
    return true;
}

RecorderConfig config(int rate)
{
    RecorderConfig c;
    c.capture.sampleRate = rate;
    return c;
}

constexpr float kQuantum = 1.0f / 8388607.0f; // 24-bit step

} // namespace

class TestRecorder : public QObject
{
    Q_OBJECT

private slots:
    void takeHoldsExactlyTheDeliveredSamples_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("before");
        QTest::addColumn<int>("frames");
        QTest::newRow("16k, 1 s") << 16000 << 0 << 16000;
        QTest::newRow("44.1k, 2.5 s after monitoring") << 44100 << 5000 << 110250;
        QTest::newRow("48k, odd length") << 48000 << 123 << 96123;
        QTest::newRow("48k, shorter than a block") << 48000 << 0 << 100;
    }
    void takeHoldsExactlyTheDeliveredSamples()
    {
        QFETCH(int, rate);
        QFETCH(int, before);
        QFETCH(int, frames);
        QTemporaryDir dir;
        auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
        FakeAudioSource *src = fake.get();
        Recorder rec(std::move(fake));
        rec.open(config(rate));
        src->produce(std::size_t(before)); // monitoring only: not part of the take
        const auto file = toPath(dir.filePath("take.wav"));
        rec.startTake(file);
        QVERIFY(rec.isRecording());
        // In pieces, as an audio callback delivers them.
        for (int done = 0; done < frames;) {
            const int n = std::min(frames - done, 480);
            QCOMPARE(int(src->produce(std::size_t(n))), n);
            done += n;
            if (done % 48000 < 480)
                QVERIFY(waitUntil([&] { return rec.takeSeconds() > 0; }));
        }
        const TakeInfo info = rec.stopTake();
        QVERIFY(!rec.isRecording());
        src->produce(1000); // after the take: not in it
        QCOMPARE(info.frames, std::int64_t(frames));
        QCOMPARE(info.sampleRate, rate);
        QCOMPARE(info.seconds(), double(frames) / rate);

        const AudioInfo probed = probeAudio(file);
        QCOMPARE(probed.sampleRate, rate);
        QCOMPARE(probed.channels, 1);
        QCOMPARE(probed.frames, std::int64_t(frames));
        QCOMPARE(probed.bitsPerSample, 24);
        int fileRate = 0;
        const auto samples = readMono(file, 0, -1, &fileRate);
        QCOMPARE(int(samples.size()), frames);
        float worst = 0;
        for (int i = 0; i < frames; ++i)
            worst = std::max(worst, std::abs(samples[std::size_t(i)] - fakeSignalSample(before + i, rate)));
        QVERIFY2(worst <= 1.5f * kQuantum, qPrintable(QString::number(worst)));
        QCOMPARE(rec.droppedSamples(), std::uint64_t(0));
        rec.close();
    }

    void levelsAndClipping()
    {
        auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
        FakeAudioSource *src = fake.get();
        Recorder rec(std::move(fake));
        rec.open(config(16000));
        src->produce(16000 * 3 / 10); // the signal's first 0.3 s: near-silence
        QVERIFY(waitUntil([&] { return rec.source().isRunning() && src->position() == 4800; }));
        QThread::msleep(50);
        InputLevels quiet = rec.takeLevels();
        QVERIFY2(quiet.peak < 0.002f, qPrintable(QString::number(quiet.peak)));
        QVERIFY(!quiet.clipped);
        src->produce(16000); // the voiced second
        QVERIFY(waitUntil([&] { return rec.takeLevels().peak > 0.3f; }));
        src->setGain(4.0f);
        src->produce(24000);
        bool clipped = false;
        QVERIFY(waitUntil([&] { return (clipped = clipped || rec.takeLevels().clipped); }));
        QVERIFY(!rec.takeLevels().clipped); // reset by reading
    }

    void noDeviceIsAClearError()
    {
        Recorder rec(std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual, false));
        QVERIFY(rec.source().inputDevices().empty());
        QVERIFY(!rec.source().unavailableReason().empty());
        try {
            rec.open(config(48000));
            QFAIL("open() without a device must throw");
        } catch (const Error &e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("no audio input device")), e.what());
        }
        QVERIFY(!rec.isOpen());
        QVERIFY_THROWS_EXCEPTION(Error, rec.startTake("/nonexistent/x.wav"));
    }

    void invalidConfigIsRejected_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("channel");
        QTest::newRow("rate too low") << 100 << 1 << 0;
        QTest::newRow("channel missing") << 48000 << 2 << 2;
        QTest::newRow("no channels") << 48000 << 0 << 0;
    }
    void invalidConfigIsRejected()
    {
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(int, channel);
        RecorderConfig c = config(rate);
        c.capture.channels = channels;
        c.capture.channel = channel;
        QVERIFY(!c.validate().empty());
        Recorder rec(std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual));
        QVERIFY_THROWS_EXCEPTION(Error, rec.open(c));
    }

    void abandonedTakeKeepsTheLastFlush_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::newRow("2.5 s") << 2.5;
        QTest::newRow("0.6 s: nothing flushed yet") << 0.6;
        QTest::newRow("4.2 s") << 4.2;
    }
    void abandonedTakeKeepsTheLastFlush()
    {
        QFETCH(double, seconds);
        const int rate = 16000;
        QTemporaryDir dir;
        auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
        FakeAudioSource *src = fake.get();
        Recorder rec(std::move(fake));
        rec.open(config(rate));
        const auto file = toPath(dir.filePath(".tmp-take.wav"));
        rec.startTake(file);
        const std::int64_t total = std::int64_t(seconds * rate);
        src->produce(std::size_t(total));
        QVERIFY(waitUntil([&] { return rec.takeSeconds() >= double(total) / rate; }));
        rec.abandonTakeForTesting(); // as a crash: pending samples and header update lost

        // Flushes happen once a second (at the first writer block past each second).
        const std::int64_t wholeSeconds = std::int64_t(seconds);
        const std::int64_t size = std::int64_t(std::filesystem::file_size(file));
        const std::int64_t onDisk = (size - 44) / 3;
        QVERIFY2(onDisk >= wholeSeconds * rate && onDisk <= total,
                 qPrintable(QStringLiteral("%1 frames on disk of %2").arg(onDisk).arg(total)));
        if (wholeSeconds > 0) {
            QCOMPARE(probeAudio(file).frames, onDisk); // header valid without any repair
        }
        const std::int64_t repaired = repairTake(file);
        QCOMPARE(repaired, onDisk);
        if (repaired > 0) {
            const auto samples = readMono(file);
            QCOMPARE(std::int64_t(samples.size()), repaired);
            QVERIFY(std::abs(samples.back() - fakeSignalSample(repaired - 1, rate)) <= 1.5f * kQuantum);
        }
    }

    void repairCutsAPartialFrameAndFixesAStaleHeader()
    {
        QTemporaryDir dir;
        const auto file = toPath(dir.filePath("t.wav"));
        std::vector<float> x(16000, 0.25f);
        {
            TakeWriter w(file, 16000, 100.0); // no automatic flush
            w.write(x.data(), x.size());
            w.flush();                        // header: 16000 frames
        }
        // Bytes that reached the disk after the last header update: 1000 frames + 2 bytes.
        {
            std::ofstream out(file, std::ios::binary | std::ios::app);
            const std::string more(1000 * 3 + 2, '\0');
            out.write(more.data(), std::streamsize(more.size()));
        }
        QCOMPARE(probeAudio(file).frames, std::int64_t(16000)); // stale header
        int rate = 0;
        QCOMPARE(repairTake(file, &rate), std::int64_t(17000));
        QCOMPARE(rate, 16000);
        QCOMPARE(probeAudio(file).frames, std::int64_t(17000));
        QCOMPARE(std::int64_t(std::filesystem::file_size(file)), std::int64_t(44 + 17000 * 3));
    }

    void repairRefusesForeignFiles()
    {
        QTemporaryDir dir;
        const auto file = toPath(dir.filePath("x.wav"));
        writeAudio(file, std::vector<float>(100, 0.1f), 16000); // libsndfile's 16-bit WAV
        QVERIFY_THROWS_EXCEPTION(Error, repairTake(file));
    }

    void realtimeFakeDeliversInRealTime()
    {
        auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Realtime);
        FakeAudioSource *src = fake.get();
        Recorder rec(std::move(fake));
        rec.open(config(16000));
        QThread::msleep(300);
        const double delivered = double(src->position()) / 16000;
        rec.close();
        QVERIFY2(delivered > 0.2 && delivered < 0.6, qPrintable(QString::number(delivered)));
    }
};

QTEST_GUILESS_MAIN(TestRecorder)
#include "test_recorder.moc"
