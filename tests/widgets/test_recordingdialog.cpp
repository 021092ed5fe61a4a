// RecordingDialog with the fake source: keyboard shortcuts record and stop a take that lands
// in the catalog with its prompt; the waveform and spectrogram show it; trimming moves the
// segment; skip/next; resume; and without any input device a clear message while the rest
// still works.

#include "levelmeter.h"
#include "mainwindow.h"
#include "promptlistmodel.h"
#include "recordingdialog.h"
#include "takeview.h"

#include "fieldbench/audio/audiooutput.h"
#include "fieldbench/audio/audiosource.h"
#include "fieldbench/audio/recorder.h"
#include "fieldbench/corpus/project.h"

#include "testdata.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QtTest>

using namespace fieldbench;
using fieldbench::testing::toPath;

namespace {

class FakeOutput : public AudioOutput
{
public:
    int plays = 0;
    std::size_t lastSamples = 0;
    void play(std::vector<float> samples, int) override
    {
        ++plays;
        lastSamples = samples.size();
    }
    void stop() override {}
    bool isPlaying() const override { return false; }
    double position() const override { return 0; }
};

SessionSetup setup(std::vector<std::string> prompts)
{
    SessionSetup s;
    s.languageCode = "fin";
    s.speaker.name = "Speaker B";
    s.speaker.consent = "recorded";
    s.prompts = std::move(prompts);
    return s;
}

QAction *action(QWidget *w, const char *name)
{
    return w->findChild<QAction *>(QString::fromLatin1(name));
}

} // namespace

class TestRecordingDialog : public QObject
{
    Q_OBJECT

private slots:
    void shortcutsRecordATakeIntoTheCatalog()
    {
        QTemporaryDir dir;
        Project::create(toPath(dir.path()));
        auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
        FakeAudioSource *src = fake.get();
        RecordingDialog dialog(dir.path(), std::move(fake));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.hasInputDevice());
        QVERIFY(dialog.recorder()->isOpen()); // monitoring: the meter is live
        QVERIFY(!action(&dialog, "recordAction")->isEnabled()); // no session yet

        QVERIFY(dialog.startSession(setup({"vesi", "tuli", "kivi"})));
        QCOMPARE(dialog.promptText(), QStringLiteral("vesi"));
        QCOMPARE(dialog.promptModel()->rowCount(), 3);
        QVERIFY(action(&dialog, "recordAction")->isEnabled());

        dialog.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QTest::keyClick(&dialog, Qt::Key_R);
        QVERIFY(dialog.isRecording());
        const int rate = dialog.recorder()->config().capture.sampleRate;
        src->produce(std::size_t(rate * 3 / 2)); // 1.5 s, with the voiced part from 0.3 s
        QTRY_VERIFY(dialog.recorder()->takeSeconds() >= 1.4);
        QTRY_VERIFY(dialog.levelMeter()->peakDb() > -12.0f); // the meter saw the signal
        QTest::keyClick(&dialog, Qt::Key_Space);
        QVERIFY(!dialog.isRecording());

        Project project = Project::open(toPath(dir.path()));
        const auto rows = project.segmentRows();
        QCOMPARE(int(rows.size()), 1);
        const auto rec = project.recording(rows[0].recordingId);
        QVERIFY(std::abs(rec->durationSeconds - 1.5) <= 1.0 / 16000);
        QCOMPARE(QString::fromStdString(rows[0].transcripts.at(0).tier), QStringLiteral("prompt"));
        QCOMPARE(QString::fromStdString(rows[0].transcripts.at(0).text), QStringLiteral("vesi"));
        QCOMPARE(QString::fromStdString(rows[0].speaker), QStringLiteral("Speaker B"));
        QCOMPARE(dialog.promptText(), QStringLiteral("tuli")); // moved on

        // The take is drawn: waveform and spectrogram, with trimmed silence shaded.
        QVERIFY(dialog.takeView()->hasTake());
        QVERIFY(dialog.takeView()->spectrogramSize().width() > 100);
        QVERIFY(dialog.takeView()->keptStart() > 0.05);
        QVERIFY(dialog.takeView()->keptEnd() <= 1.5);

        // Trim silence again (T) after moving the segment by hand: back to the sound.
        dialog.session()->setTakeBounds(*dialog.lastTake(), 0.0, 1.5);
        QTest::keyClick(&dialog, Qt::Key_T);
        const auto seg = project.segments(rows[0].recordingId).front();
        QVERIFY2(seg.start > 0.05 && seg.start < 0.3, qPrintable(QString::number(seg.start)));
        QCOMPARE(dialog.takeView()->keptStart(), seg.start);

        // Play back (P) plays the kept segment.
        auto output = std::make_unique<FakeOutput>();
        FakeOutput *out = output.get();
        dialog.setAudioOutput(std::move(output));
        QTest::keyClick(&dialog, Qt::Key_P);
        QCOMPARE(out->plays, 1);
        QVERIFY(std::abs(double(out->lastSamples) / 16000 - (seg.end - seg.start)) < 0.01);

        // Skip (K) and next.
        QTest::keyClick(&dialog, Qt::Key_K);
        QCOMPARE(dialog.promptText(), QStringLiteral("kivi"));
        QCOMPARE(dialog.session()->prompts()[1].status, PromptStatus::Skipped);

        // Re-record (Shift+R) goes back to the last take's prompt.
        QTest::keyClick(&dialog, Qt::Key_R, Qt::ShiftModifier);
        QVERIFY(dialog.isRecording());
        QCOMPARE(dialog.promptText(), QStringLiteral("vesi"));
        src->produce(std::size_t(rate));
        QTRY_VERIFY(dialog.recorder()->takeSeconds() >= 0.9);
        dialog.stop();
        QCOMPARE(dialog.session()->prompts()[0].takes, 2);
        QCOMPARE(int(project.recordings().size()), 2);
    }

    void resumeShowsWhereTheSessionWas()
    {
        QTemporaryDir dir;
        Project::create(toPath(dir.path()));
        qint64 id = 0;
        {
            auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
            FakeAudioSource *src = fake.get();
            RecordingDialog dialog(dir.path(), std::move(fake));
            QVERIFY(dialog.startSession(setup({"a", "b"})));
            id = dialog.session()->id();
            dialog.record();
            src->produce(24000);
            QTRY_VERIFY(dialog.recorder()->takeSeconds() >= 0.5);
            dialog.stop();
        }
        RecordingDialog dialog(dir.path(), std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual));
        auto *sessions = dialog.findChild<QComboBox *>(QStringLiteral("sessions"));
        QCOMPARE(sessions->count(), 1);
        QVERIFY(dialog.resumeSession(id));
        QCOMPARE(dialog.promptText(), QStringLiteral("b"));
        QVERIFY(dialog.takeView()->hasTake()); // the last take is shown again
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("speaker"))->text(), QStringLiteral("Speaker B"));
    }

    void withoutAnInputDeviceEverythingElseWorks()
    {
        QTemporaryDir dir;
        Project::create(toPath(dir.path()));
        RecordingDialog dialog(dir.path(), std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual, false));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.hasInputDevice());
        auto *msg = dialog.findChild<QLabel *>(QStringLiteral("deviceMessage"));
        QVERIFY(msg->isVisible());
        QVERIFY2(msg->text().contains(QStringLiteral("No audio input device")), qPrintable(msg->text()));
        QVERIFY(dialog.startSession(setup({"a", "b"})));
        QVERIFY(!action(&dialog, "recordAction")->isEnabled());
        dialog.record(); // refused with a message, no exception
        QVERIFY(!dialog.isRecording());
        QVERIFY(dialog.message().contains(QStringLiteral("Cannot record")));
        dialog.skip();
        QCOMPARE(dialog.promptText(), QStringLiteral("b"));
    }

    void mainWindowOpensTheSession()
    {
        QTemporaryDir dir;
        Project::create(toPath(dir.path()));
        RecordingDialog::setFakeAudio(true);
        MainWindow window;
        QVERIFY(window.openProject(dir.path()));
        auto *act = window.findChild<QAction *>(QStringLiteral("recordSessionAction"));
        QVERIFY(act && act->isEnabled());
        act->trigger();
        RecordingDialog *dialog = window.recordingDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->hasInputDevice()); // the fake source
        window.closeProject();
        QVERIFY(!window.recordingDialog());
        QVERIFY(!act->isEnabled());
        RecordingDialog::setFakeAudio(false);
    }
};

QTEST_MAIN(TestRecordingDialog)
#include "test_recordingdialog.moc"
