// The project catalog: creation, reopening, schema version, languages, transactions.

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace fieldbench;
using namespace fieldbench::testing;

class TestProject : public QObject
{
    Q_OBJECT

private slots:
    void createAndReopen()
    {
        QTemporaryDir dir;
        const auto path = toPath(dir.filePath("p"));
        {
            Project p = Project::create(path, "Ainu field trip");
            QCOMPARE(QString::fromStdString(p.name()), QStringLiteral("Ainu field trip"));
            QCOMPARE(p.schemaVersion(), Project::kSchemaVersion);
        }
        QVERIFY(Project::isProject(path));
        for (const char *sub : {"audio", "text", "runs", "exports"})
            QVERIFY(std::filesystem::is_directory(path / sub));
        Project again = Project::open(path);
        QCOMPARE(QString::fromStdString(again.name()), QStringLiteral("Ainu field trip"));
        QVERIFY_THROWS_EXCEPTION(Error, Project::create(path));
    }

    void openRejectsNonProjects()
    {
        QTemporaryDir dir;
        try {
            Project::open(toPath(dir.path()));
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY(QString(e.what()).contains("not a Fieldbench project"));
        }
    }

    void newerSchemaIsRefused()
    {
        QTemporaryDir dir;
        const auto path = toPath(dir.filePath("p"));
        Project::create(path);
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open((path / "project.sqlite").c_str(), &db), SQLITE_OK);
        sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        try {
            Project::open(path);
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("newer Fieldbench"), e.what());
        }
    }

    void languagesAreValidated_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("stored");
        QTest::newRow("639-3") << "fin" << "fin";
        QTest::newRow("639-1") << "hu" << "hun";
        QTest::newRow("unknown") << "xx1" << "";
    }

    void languagesAreValidated()
    {
        QFETCH(QString, code);
        QFETCH(QString, stored);
        QTemporaryDir dir;
        Project p = Project::create(toPath(dir.filePath("p")));
        if (stored.isEmpty()) {
            QVERIFY_THROWS_EXCEPTION(Error, p.ensureLanguage(code.toStdString()));
            return;
        }
        const auto id = p.ensureLanguage(code.toStdString());
        QCOMPARE(p.ensureLanguage(stored.toStdString()), id); // same row either way
        QCOMPARE(int(p.languages().size()), 1);
        QCOMPARE(QString::fromStdString(p.languages().front().code), stored);
    }

    void addRecordingIsAtomic()
    {
        QTemporaryDir dir;
        Project p = Project::create(toPath(dir.filePath("p")));
        writeAudio(p.absolute("audio/x.flac"), sine(200, 1.0, 16000), 16000);
        NewRecording entry;
        entry.languageCode = "spa";
        entry.speakerName = "Ana";
        entry.recording.sourcePath = "/src/x.wav";
        entry.recording.contentHash = "h1";
        entry.recording.originalFormat = "WAV";
        entry.recording.originalSampleRate = 44100;
        entry.recording.originalChannels = 2;
        entry.recording.durationSeconds = 1.0;
        entry.recording.audioFile = "audio/x.flac";
        entry.segments.push_back({0, 0, 0.0, 0.5, "test", {{"text", "hola"}, {"ipa", "o l a"}}});
        entry.segments.push_back({0, 0, 0.5, 1.0, "test", {{"text", "adiós"}}});
        const auto id = p.addRecording(entry);
        QVERIFY(p.recordingByHash("h1"));
        const auto segs = p.segments(id);
        QCOMPARE(int(segs.size()), 2);
        QCOMPARE(int(segs[0].transcripts.size()), 2);
        const auto rows = p.segmentRows();
        QCOMPARE(int(rows.size()), 2);
        QCOMPARE(QString::fromStdString(rows[0].speaker), QStringLiteral("Ana"));
        QCOMPARE(QString::fromStdString(rows[0].languageCode), QStringLiteral("spa"));
        QCOMPARE(p.tiers(), (std::vector<std::string>{"ipa", "text"}));

        // A second recording with the same hash violates the unique constraint: nothing
        // of it (speaker, segments) may remain.
        entry.speakerName = "Someone else";
        QVERIFY_THROWS_EXCEPTION(Error, p.addRecording(entry));
        QCOMPARE(int(p.recordings().size()), 1);
        QCOMPARE(int(p.segmentRows().size()), 2);
        QCOMPARE(int(p.speakers().size()), 1);

        // A segment ending before it starts is rejected as a whole.
        entry.recording.contentHash = "h2";
        entry.segments = {{0, 0, 0.8, 0.2, "test", {}}};
        QVERIFY_THROWS_EXCEPTION(Error, p.addRecording(entry));
        QCOMPARE(int(p.recordings().size()), 1);

        const ProjectStats st = p.stats();
        QCOMPARE(int(st.languages.size()), 1);
        QCOMPARE(st.languages[0].segments, std::int64_t(2));
        QCOMPARE(st.languages[0].transcribedSegments, std::int64_t(2));
        QCOMPARE(st.languages[0].speakers, std::int64_t(1));
        QCOMPARE(st.languages[0].audioSeconds, 1.0);
        QCOMPARE(int(st.speakers.size()), 1);
    }

    void readersSeeCommittedStateWhileAnotherConnectionWrites()
    {
        QTemporaryDir dir;
        const auto path = toPath(dir.filePath("p"));
        Project writer = Project::create(path);
        Project reader = Project::open(path);
        writer.ensureLanguage("deu");
        QCOMPARE(int(reader.languages().size()), 1);
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "test_project.moc"
