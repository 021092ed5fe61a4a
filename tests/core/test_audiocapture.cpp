// The real capture path: runs only where PortAudio finds an input device (QSKIP elsewhere,
// e.g. on servers and CI). Records one second from the default input and checks that about
// a second of audio arrived through the ring buffer into the take.

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/audio/audiosource.h"
#include "fieldbench/audio/recorder.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fieldbench;

class TestAudioCapture : public QObject
{
    Q_OBJECT

private slots:
    void listsDevicesOrSaysWhyNot()
    {
        auto source = createAudioSource();
        const auto devices = source->inputDevices();
        if (devices.empty())
            QVERIFY(!source->unavailableReason().empty());
        for (const AudioDeviceInfo &d : devices) {
            QVERIFY(d.maxInputChannels > 0);
            QVERIFY(!d.name.empty());
        }
    }

    void recordsOneSecondFromTheDefaultInput()
    {
        auto source = createAudioSource();
        const auto devices = source->inputDevices();
        if (devices.empty())
            QSKIP(qPrintable(QStringLiteral("no input device: ") + QString::fromStdString(source->unavailableReason())));
        AudioDeviceInfo device = devices.front();
        for (const auto &d : devices)
            if (d.isDefault)
                device = d;
        Recorder rec(std::move(source));
        RecorderConfig c;
        c.capture.device = device.index;
        c.capture.sampleRate = int(device.defaultSampleRate);
        rec.open(c);
        QTemporaryDir dir;
        rec.startTake(fieldbench::testing::toPath(dir.filePath("real.wav")));
        QThread::msleep(1000);
        const TakeInfo info = rec.stopTake();
        rec.close();
        QVERIFY2(info.seconds() > 0.7 && info.seconds() < 1.5, qPrintable(QString::number(info.seconds())));
        QCOMPARE(probeAudio(info.file).frames, info.frames);
    }
};

QTEST_GUILESS_MAIN(TestAudioCapture)
#include "test_audiocapture.moc"
