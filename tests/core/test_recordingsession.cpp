// RecordingSession with the fake source: takes land in the catalog with the right
// duration, speaker and prompt (transcript tier "prompt"); prompts are stepped through,
// skipped, and the state survives reopening; a take cut short by a crash (a child process
// killed with SIGKILL mid-take, or a writer abandoned) is recovered on resume up to the
// last second; a schema-1 catalog migrates.

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/audio/audiosource.h"
#include "fieldbench/audio/recorder.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/corpus/recordingsession.h"
#include "fieldbench/util/error.h"

#include "../../core/src/corpus/schema.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <csignal>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace fieldbench;
using fieldbench::testing::toPath;

namespace {

SessionSetup setupWith(std::vector<std::string> prompts)
{
    SessionSetup s;
    s.languageCode = "fin";
    s.speaker.name = "Speaker A";
    s.speaker.pseudonym = true;
    s.speaker.ageRange = "40-49";
    s.speaker.dialect = "Savo";
    s.speaker.place = "Kuopio";
    s.speaker.consent = "Oral consent recorded 2026-12-01; archive and research use.";
    s.prompts = std::move(prompts);
    return s;
}

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

QString tierText(const Segment &s, const std::string &tier)
{
    for (const Transcript &t : s.transcripts)
        if (t.tier == tier)
            return QString::fromStdString(t.text);
    return {};
}

} // namespace

class TestRecordingSession : public QObject
{
    Q_OBJECT

private slots:
    void takesLandInTheCatalog_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<double>("seconds");
        QTest::newRow("48 kHz, 1.5 s") << 48000 << 1.5;
        QTest::newRow("44.1 kHz, 2.3 s") << 44100 << 2.3;
        QTest::newRow("16 kHz, 3 s") << 16000 << 3.0;
    }
    void takesLandInTheCatalog()
    {
        QFETCH(int, rate);
        QFETCH(double, seconds);
        QTemporaryDir dir;
        Project project = Project::create(toPath(dir.path()));
        const std::vector<std::string> prompts = {"yksi", "kaksi kolme", "  neljä  ", ""};
        RecordingSession session = RecordingSession::create(project, setupWith(prompts));
        QCOMPARE(int(session.prompts().size()), 3); // empty prompt dropped, spaces trimmed
        QCOMPARE(QString::fromStdString(session.prompts()[2].text), QStringLiteral("neljä"));
        QCOMPARE(session.current(), 0);

        auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
        FakeAudioSource *src = fake.get();
        Recorder rec(std::move(fake));
        RecorderConfig c;
        c.capture.sampleRate = rate;
        rec.open(c);
        const std::int64_t frames = std::int64_t(seconds * rate);
        for (int k = 0; k < 3; ++k) {
            const int position = session.current();
            QCOMPARE(position, k);
            rec.startTake(session.newTakeFile(position));
            src->produce(std::size_t(frames));
            const TakeInfo info = rec.stopTake();
            QCOMPARE(info.frames, frames);
            const SavedTake t = session.saveTake(info.file, position);
            QVERIFY(!std::filesystem::exists(info.file)); // renamed out of .tmp-
            QVERIFY(std::filesystem::exists(t.file));
            QVERIFY(t.file.filename().string().rfind(".tmp-", 0) != 0);

            const auto r = project.recording(t.recordingId);
            QVERIFY(r);
            QVERIFY2(std::abs(r->durationSeconds - seconds) <= 1.0 / 16000 + 1e-9,
                     qPrintable(QStringLiteral("%1 s stored for %2 s").arg(r->durationSeconds).arg(seconds)));
            QCOMPARE(r->originalSampleRate, rate);
            const auto segs = project.segments(t.recordingId);
            QCOMPARE(int(segs.size()), 1);
            QCOMPARE(tierText(segs[0], "prompt"), QString::fromStdString(session.prompts()[std::size_t(k)].text));
            // Trimmed to the sound: the fake signal is silent for its first 0.3 s (later takes
            // continue the signal, so they may start inside a voiced part).
            if (k == 0)
                QVERIFY2(segs[0].start > 0.05 && segs[0].start < 0.3, qPrintable(QString::number(segs[0].start)));
            QVERIFY(segs[0].start >= 0 && segs[0].start < segs[0].end);
            QVERIFY(segs[0].end <= r->durationSeconds + 1e-9);
            QCOMPARE(session.prompts()[std::size_t(k)].status, PromptStatus::Done);
        }
        QCOMPARE(session.current(), -1); // all done
        QCOMPARE(session.doneCount(), 3);
        QCOMPARE(int(project.recordings().size()), 3);
        const auto stats = project.stats();
        QCOMPARE(int(stats.speakers.size()), 1);
        QCOMPARE(QString::fromStdString(stats.speakers[0].speaker), QStringLiteral("Speaker A"));

        // Speaker metadata is in the catalog.
        const Speaker sp = project.speakers().front();
        const SpeakerProfile p = SpeakerProfile::fromJson(sp.name, project.speakerMetadata(sp.id));
        QVERIFY(p.pseudonym);
        QCOMPARE(QString::fromStdString(p.ageRange), QStringLiteral("40-49"));
        QCOMPARE(QString::fromStdString(p.dialect), QStringLiteral("Savo"));
        QCOMPARE(QString::fromStdString(p.place), QStringLiteral("Kuopio"));
        QVERIFY(QString::fromStdString(p.consent).startsWith(QStringLiteral("Oral consent")));
    }

    void freeRecordingHasNoPrompt()
    {
        QTemporaryDir dir;
        Project project = Project::create(toPath(dir.path()));
        RecordingSession session = RecordingSession::create(project, setupWith({}));
        QVERIFY(session.isFree());
        QCOMPARE(session.current(), -1);
        auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
        FakeAudioSource *src = fake.get();
        Recorder rec(std::move(fake));
        rec.open(RecorderConfig());
        for (int i = 0; i < 2; ++i) {
            rec.startTake(session.newTakeFile(-1));
            src->produce(48000 * 2);
            const SavedTake t = session.saveTake(rec.stopTake().file, -1);
            QCOMPARE(t.position, -1);
            QVERIFY(project.segments(t.recordingId).front().transcripts.empty());
        }
        // Consecutive takes of the continuing signal differ: two recordings, not a duplicate.
        QCOMPARE(int(session.takes().size()), 2);
        QCOMPARE(int(project.recordings().size()), 2);
    }

    void stepSkipAndResume()
    {
        QTemporaryDir dir;
        std::int64_t id = 0;
        {
            Project project = Project::create(toPath(dir.path()));
            RecordingSession s = RecordingSession::create(project, setupWith({"a", "b", "c", "d"}));
            id = s.id();
            QCOMPARE(s.skip(), 1); // a skipped
            auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
            FakeAudioSource *src = fake.get();
            Recorder rec(std::move(fake));
            rec.open(RecorderConfig());
            rec.startTake(s.newTakeFile(1));
            src->produce(24000);
            s.saveTake(rec.stopTake().file, 1); // b done, moves on
            QCOMPARE(s.current(), 2);
            QCOMPARE(s.next(), 3); // c left pending
        }
        Project project = Project::open(toPath(dir.path()));
        const auto list = RecordingSession::list(project);
        QCOMPARE(int(list.size()), 1);
        QCOMPARE(list[0].prompts, 4);
        QCOMPARE(list[0].done, 1);
        QCOMPARE(list[0].skipped, 1);
        QCOMPARE(list[0].takes, 1);
        RecordingSession s = RecordingSession::resume(project, id);
        QCOMPARE(s.prompts()[0].status, PromptStatus::Skipped);
        QCOMPARE(s.prompts()[1].status, PromptStatus::Done);
        QCOMPARE(s.prompts()[1].takes, 1);
        QCOMPARE(s.prompts()[2].status, PromptStatus::Pending);
        QCOMPARE(s.current(), 2); // first pending
        QCOMPARE(s.next(), 3);
        QCOMPARE(s.next(), 2); // pending ones before the skipped one
        QCOMPARE(QString::fromStdString(s.setup().speaker.dialect), QStringLiteral("Savo"));
        QVERIFY(s.recoveredTakes().empty());
        QVERIFY_THROWS_EXCEPTION(Error, RecordingSession::resume(project, id + 100));
    }

    void rerecordKeepsEveryTake()
    {
        QTemporaryDir dir;
        Project project = Project::create(toPath(dir.path()));
        RecordingSession s = RecordingSession::create(project, setupWith({"a", "b"}));
        auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
        FakeAudioSource *src = fake.get();
        Recorder rec(std::move(fake));
        rec.open(RecorderConfig());
        for (int i = 0; i < 2; ++i) {
            rec.startTake(s.newTakeFile(0));
            src->produce(30000);
            s.saveTake(rec.stopTake().file, 0, false);
        }
        QCOMPARE(s.current(), 0); // advance = false: stays for another take
        QCOMPARE(s.prompts()[0].takes, 2);
        const auto takes = s.takes();
        QCOMPARE(int(takes.size()), 2);
        QCOMPARE(s.prompts()[0].recordingId, takes.back().recordingId);
        s.setTakeBounds(takes.back(), 0.1, 0.5);
        const auto seg = project.segments(takes.back().recordingId).front();
        QCOMPARE(seg.start, 0.1);
        QCOMPARE(seg.end, 0.5);
    }

    void promptFiles()
    {
        QTemporaryDir dir;
        const auto file = toPath(dir.filePath("prompts.txt"));
        {
            std::ofstream out(file, std::ios::binary);
            out << "\xEF\xBB\xBF# word list, day 1\nvesi\n\n  tuli \r\nkivi\n";
        }
        const auto prompts = RecordingSession::loadPromptFile(file);
        QCOMPARE(int(prompts.size()), 3);
        QCOMPARE(QString::fromStdString(prompts[1]), QStringLiteral("tuli"));
        {
            std::ofstream out(file, std::ios::binary);
            out << "bad \xFF byte\n";
        }
        QVERIFY_THROWS_EXCEPTION(Error, RecordingSession::loadPromptFile(file));
        QVERIFY_THROWS_EXCEPTION(Error, RecordingSession::loadPromptFile(toPath(dir.filePath("missing.txt"))));
    }

    void invalidSetups()
    {
        QTemporaryDir dir;
        Project project = Project::create(toPath(dir.path()));
        SessionSetup s = setupWith({"a"});
        s.languageCode = "zzq";
        QVERIFY(!s.validate().empty());
        QVERIFY_THROWS_EXCEPTION(Error, RecordingSession::create(project, s));
        s = setupWith({"a"});
        s.speaker.name = "  ";
        QVERIFY_THROWS_EXCEPTION(Error, RecordingSession::create(project, s));
    }

    void killedMidTakeRecoversOnResume()
    {
        // A child process records into the session's .tmp-take file in real time and is
        // killed with SIGKILL once the file's header says two seconds are on disk.
        const int rate = 16000;
        QTemporaryDir dir;
        std::int64_t id = 0;
        std::filesystem::path takeFile;
        {
            Project project = Project::create(toPath(dir.path()));
            RecordingSession s = RecordingSession::create(project, setupWith({"yksi", "kaksi", "kolme"}));
            id = s.id();
            takeFile = s.newTakeFile(1);
        } // no SQLite connection is open across fork()
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
            FakeAudioSource *src = fake.get();
            Recorder rec(std::move(fake));
            RecorderConfig c;
            c.capture.sampleRate = rate;
            rec.open(c);
            rec.startTake(takeFile);
            for (int i = 0; i < 3000; ++i) { // at most 30 s
                src->produce(rate / 100);
                ::usleep(10000);
            }
            ::_exit(3); // only reached if the parent never killed us
        }
        // Header bytes 40..43: data size. Wait for at least 2 s (one flush a second).
        std::int64_t headerFrames = 0;
        const bool reached = waitUntil([&] {
            std::ifstream in(takeFile, std::ios::binary);
            unsigned char h[44] = {};
            if (!in.read(reinterpret_cast<char *>(h), 44))
                return false;
            headerFrames = std::int64_t(h[40] | h[41] << 8 | h[42] << 16 | std::uint32_t(h[43]) << 24) / 3;
            return headerFrames >= 2 * rate;
        }, 20000);
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        QVERIFY2(reached, "the child never flushed two seconds");
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        const std::int64_t sizeFrames = (std::int64_t(std::filesystem::file_size(takeFile)) - 44) / 3;

        Project project = Project::open(toPath(dir.path()));
        RecordingSession s = RecordingSession::resume(project, id);
        QCOMPARE(int(s.recoveredTakes().size()), 1);
        const SavedTake t = s.recoveredTakes().front();
        QVERIFY(t.recovered);
        QCOMPARE(t.position, 1);
        QVERIFY(!std::filesystem::exists(takeFile));
        // Everything flushed before the kill: at least 2 s, at most what the file held.
        QVERIFY2(t.seconds >= 2.0 - 1e-9 && t.seconds <= double(sizeFrames) / rate + 1.0 / 16000,
                 qPrintable(QStringLiteral("recovered %1 s, file held %2 s").arg(t.seconds).arg(double(sizeFrames) / rate)));
        qInfo("killed with %.2f s in the header, %.2f s in the file; recovered %.2f s",
              double(headerFrames) / rate, double(sizeFrames) / rate, t.seconds);
        const auto samples = readMono(t.file);
        QCOMPARE(std::int64_t(samples.size()), sizeFrames);
        float worst = 0;
        for (std::size_t i = 0; i < samples.size(); ++i)
            worst = std::max(worst, std::abs(samples[i] - fakeSignalSample(std::int64_t(i), rate)));
        QVERIFY2(worst < 2e-7f, qPrintable(QString::number(worst)));
        const auto segs = project.segments(t.recordingId);
        QCOMPARE(tierText(segs.front(), "prompt"), QStringLiteral("kaksi"));
        QCOMPARE(QString::fromStdString(segs.front().source), QStringLiteral("recording-recovered"));
        QCOMPARE(s.prompts()[1].status, PromptStatus::Done);
        QCOMPARE(s.current(), 0);
        // A second resume finds nothing more to recover.
        RecordingSession again = RecordingSession::resume(project, id);
        QVERIFY(again.recoveredTakes().empty());
        QCOMPARE(int(again.takes().size()), 1);
    }

    void abandonedWriterRecoversOnResume()
    {
        QTemporaryDir dir;
        Project project = Project::create(toPath(dir.path()));
        RecordingSession s = RecordingSession::create(project, setupWith({"a"}));
        auto fake = std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Manual);
        FakeAudioSource *src = fake.get();
        Recorder rec(std::move(fake));
        RecorderConfig c;
        c.capture.sampleRate = 48000;
        rec.open(c);
        rec.startTake(s.newTakeFile(0));
        src->produce(48000 * 3 + 20000);
        QVERIFY(waitUntil([&] { return rec.takeSeconds() >= 3.4; }));
        rec.abandonTakeForTesting();
        RecordingSession r = RecordingSession::resume(project, s.id());
        QCOMPARE(int(r.recoveredTakes().size()), 1);
        const double got = r.recoveredTakes().front().seconds;
        QVERIFY2(got >= 3.0 && got <= 3.5, qPrintable(QString::number(got)));
        QCOMPARE(r.current(), -1);
    }

    void schemaOneCatalogMigrates()
    {
        QTemporaryDir dir;
        const auto root = toPath(dir.path());
        for (const char *sub : {"audio", "text", "runs", "exports"})
            std::filesystem::create_directories(root / sub);
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open((root / "project.sqlite").c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, schema::migrations()[0].c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "PRAGMA user_version=1; INSERT INTO meta VALUES ('name', 'old');"
                                  "INSERT INTO speakers(name) VALUES ('Old Speaker');",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        Project project = Project::open(root);
        QCOMPARE(project.schemaVersion(), 2);
        const Speaker old = project.speakers().front();
        QCOMPARE(QString::fromStdString(project.speakerMetadata(old.id)), QStringLiteral("{}"));
        SessionSetup setup = setupWith({"x"});
        setup.speaker.name = "Old Speaker";
        RecordingSession s = RecordingSession::create(project, setup);
        QCOMPARE(int(project.speakers().size()), 1);
        QVERIFY(SpeakerProfile::fromJson("Old Speaker", project.speakerMetadata(old.id)).pseudonym);
    }
};

QTEST_GUILESS_MAIN(TestRecordingSession)
#include "test_recordingsession.moc"
