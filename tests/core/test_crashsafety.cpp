// Killing `fieldbench-cli import` with SIGKILL at arbitrary moments leaves a project that
// opens, with no half entries; importing again completes the job.

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/project.h"

#include "testdata.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace fieldbench;
using namespace fieldbench::testing;

namespace {

constexpr int kFiles = 40;

// Checks the invariants a crash must never break; returns the number of recordings.
int checkConsistent(const std::filesystem::path &dir)
{
    Project p = Project::open(dir); // must open
    const auto recordings = p.recordings();
    for (const Recording &r : recordings) {
        // Every row's audio is complete: it decodes to the recorded duration.
        const AudioInfo info = probeAudio(p.absolute(r.audioFile));
        if (std::abs(info.durationSeconds() - r.durationSeconds) > 1e-3)
            throw std::runtime_error("audio and catalog disagree for " + r.audioFile);
        // No recording without its segments (all are committed together).
        if (p.segments(r.id).empty())
            throw std::runtime_error("recording without segments: " + r.sourcePath);
    }
    sqlite3 *db = nullptr;
    sqlite3_open_v2((dir / "project.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
    sqlite3_step(st);
    const std::string ok = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM segments s LEFT JOIN recordings r ON r.id = s.recording_id "
                           "WHERE r.id IS NULL", -1, &st, nullptr);
    sqlite3_step(st);
    const int orphans = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (ok != "ok")
        throw std::runtime_error("integrity_check: " + ok);
    if (orphans != 0)
        throw std::runtime_error("segments without recording");
    return int(recordings.size());
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir().mkpath(m_dir.filePath("in")));
        for (int i = 0; i < kFiles; ++i) {
            // 4-8 s at 44.1 kHz so that each file takes a noticeable time to convert.
            const auto tone = sine(100 + 10 * i, 4.0 + (i % 5), 44100, 0.3f);
            writeAudio(toPath(m_dir.filePath(QStringLiteral("in/r%1.flac").arg(i, 3, 10, QChar('0')))), tone, 44100);
            writeBytes(m_dir.filePath(QStringLiteral("in/r%1.txt").arg(i, 3, 10, QChar('0'))),
                       QStringLiteral("lause numero %1").arg(i).toUtf8());
        }
        Project::create(toPath(m_dir.filePath("p")));
    }

    void killAtRandomMoments()
    {
        const QString cli = cliPath();
        QVERIFY2(QFileInfo::exists(cli), qPrintable(cli));
        const QStringList args{"import", m_dir.filePath("in"), "--project", m_dir.filePath("p"),
                               "--language", "fin", "--quiet", "--jobs", "2"};
        int previous = 0;
        int kills = 0;
        // Kill delays spread over the import (ms). Each round resumes the import.
        for (int delay : {30, 90, 150, 250, 400, 700, 1000, 1500}) {
            QProcess child;
            child.start(cli, args);
            QVERIFY(child.waitForStarted());
            QTest::qWait(delay);
            if (child.state() == QProcess::Running) {
                child.kill(); // SIGKILL: no cleanup at all
                ++kills;
            }
            child.waitForFinished();
            int count = 0;
            try {
                count = checkConsistent(toPath(m_dir.filePath("p")));
            } catch (const std::exception &e) {
                QFAIL(e.what());
            }
            QVERIFY(count >= previous);
            previous = count;
        }
        QVERIFY2(kills >= 3, "the import finished before most kills; make the input larger");

        // Running the import to the end completes the project, with nothing twice.
        QProcess child;
        child.start(cli, args);
        QVERIFY(child.waitForFinished(120000));
        QCOMPARE(child.exitCode(), 0);
        QCOMPARE(checkConsistent(toPath(m_dir.filePath("p"))), kFiles);
        qInfo("killed %d imports; project consistent after each", kills);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "test_crashsafety.moc"
