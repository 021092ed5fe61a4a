// The importer on a real mixed batch: every supported format, plus corrupt files that must
// be reported without stopping the rest.

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/importer.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace fieldbench;
using namespace fieldbench::testing;

namespace {

QByteArray textGridLong(double xmax, const QList<std::tuple<double, double, QString>> &words,
                        const QList<std::tuple<double, double, QString>> &phones)
{
    auto tier = [](const QString &name, double xmax, const QList<std::tuple<double, double, QString>> &ivs, int n) {
        QString s = QStringLiteral("    item [%1]:\n        class = \"IntervalTier\"\n        name = \"%2\"\n"
                                   "        xmin = 0\n        xmax = %3\n        intervals: size = %4\n")
                        .arg(n).arg(name).arg(xmax).arg(ivs.size());
        int i = 1;
        for (const auto &[a, b, t] : ivs)
            s += QStringLiteral("        intervals [%1]:\n            xmin = %2\n            xmax = %3\n"
                                "            text = \"%4\"\n").arg(i++).arg(a).arg(b).arg(t);
        return s;
    };
    QString s = QStringLiteral("File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\nxmin = 0\nxmax = %1\n"
                               "tiers? <exists>\nsize = 2\nitem []:\n").arg(xmax);
    s += tier("words", xmax, words, 1);
    s += tier("phones", xmax, phones, 2);
    return s.toUtf8();
}

QByteArray eaf(const QString &media, const QList<std::tuple<int, int, QString>> &annotations)
{
    QString timeSlots, anns;
    int slot = 1, id = 1;
    for (const auto &[a, b, t] : annotations) {
        timeSlots += QStringLiteral("<TIME_SLOT TIME_SLOT_ID=\"ts%1\" TIME_VALUE=\"%2\"/>\n").arg(slot).arg(a);
        timeSlots += QStringLiteral("<TIME_SLOT TIME_SLOT_ID=\"ts%1\" TIME_VALUE=\"%2\"/>\n").arg(slot + 1).arg(b);
        anns += QStringLiteral("<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a%1\" TIME_SLOT_REF1=\"ts%2\" "
                               "TIME_SLOT_REF2=\"ts%3\"><ANNOTATION_VALUE>%4</ANNOTATION_VALUE>"
                               "</ALIGNABLE_ANNOTATION></ANNOTATION>\n").arg(id++).arg(slot).arg(slot + 1).arg(t);
        slot += 2;
    }
    return QStringLiteral(
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
               "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"2024-01-01T00:00:00+00:00\" FORMAT=\"3.0\" VERSION=\"3.0\">\r\n"
               "<HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\r\n"
               "<MEDIA_DESCRIPTOR MEDIA_URL=\"file:///elsewhere/%1\" MIME_TYPE=\"audio/x-wav\" RELATIVE_MEDIA_URL=\"./%1\"/>\r\n"
               "<PROPERTY NAME=\"lastUsedAnnotationId\">9</PROPERTY>\r\n</HEADER>\r\n"
               "<TIME_ORDER>\r\n%2</TIME_ORDER>\r\n"
               "<TIER LINGUISTIC_TYPE_REF=\"utterance\" PARTICIPANT=\"Maria\" TIER_ID=\"Transcription\">\r\n%3</TIER>\r\n"
               "<LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"utterance\" TIME_ALIGNABLE=\"true\"/>\r\n"
               "<LANGUAGE LANG_DEF=\"http://cdb.iso.org/lg/CDB-00138502-001\" LANG_ID=\"fin\" LANG_LABEL=\"Finnish (fin)\"/>\r\n"
               "</ANNOTATION_DOCUMENT>")
        .arg(media, timeSlots, anns)
        .toUtf8();
}

const ImportIssue *issueFor(const ImportSummary &s, const QString &fileEnd)
{
    for (const ImportIssue &i : s.issues)
        if (QString::fromStdString(i.file).endsWith(fileEnd))
            return &i;
    return nullptr;
}

} // namespace

class TestImporter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!have("sox"))
            QSKIP("sox is not installed (scripts/setup installs it)");
        QVERIFY(m_dir.isValid());
        const QString in = m_dir.filePath("in");
        // Plain audio + same-stem transcript (44.1 kHz stereo).
        QVERIFY(makeToneWithSox(in + "/pairs/a.wav", 2.0, 44100, 2, {"-b", "16"}));
        QVERIFY(writeBytes(in + "/pairs/a.txt", "hyvää huomenta\n"));
        // A copy of the same file: detected as a duplicate.
        QVERIFY(QDir().mkpath(in + "/pairs/copy") && QFile::copy(in + "/pairs/a.wav", in + "/pairs/copy/a-again.wav"));
        // FLAC + TextGrid with two tiers over the same spans; one interval past the audio.
        QVERIFY(makeToneWithSox(in + "/tg/b.flac", 3.0, 22050, 1));
        QVERIFY(writeBytes(in + "/tg/b.TextGrid",
                           textGridLong(3.5, {{0, 1, "kissa"}, {1, 1.2, ""}, {1.2, 2.5, "koira"}, {2.5, 3.5, "talo"}},
                                        {{0, 1, "k i s s a"}, {1, 1.2, ""}, {1.2, 2.5, "k o i r a"}, {2.5, 3.5, "t a l o"}})));
        // ELAN file linking its media by relative URL.
        QVERIFY(makeToneWithSox(in + "/elan/c.wav", 4.0, 48000, 1, {"-b", "24"}));
        QVERIFY(writeBytes(in + "/elan/c.eaf", eaf("c.wav", {{0, 1500, "yksi"}, {1500, 3000, "kaksi"}})));
        // Common Voice layout.
        QVERIFY(makeToneWithSox(in + "/cv/clips/common_voice_fi_1.mp3", 1.5, 48000, 1));
        QVERIFY(makeToneWithSox(in + "/cv/clips/common_voice_fi_2.mp3", 1.7, 48000, 1, {}, 300));
        QVERIFY(writeBytes(in + "/cv/validated.tsv",
                           "client_id\tpath\tsentence\tup_votes\tdown_votes\tage\tgender\taccents\tlocale\tsegment\n"
                           "spk1\tcommon_voice_fi_1.mp3\tEnsimmäinen lause.\t2\t0\t\t\t\tfi\t\n"
                           "spk2\tcommon_voice_fi_2.mp3\tToinen lause.\t2\t0\t\t\t\tfi\t\n"));
        // Kaldi data dir: one long recording, two segments.
        QVERIFY(makeToneWithSox(in + "/kaldi/audio/long.wav", 6.0, 16000, 1, {"-b", "16"}, 500));
        QVERIFY(writeBytes(in + "/kaldi/data/wav.scp", ("rec1 " + in + "/kaldi/audio/long.wav\n").toUtf8()));
        QVERIFY(writeBytes(in + "/kaldi/data/segments", "u1 rec1 0.5 2.0\nu2 rec1 2.5 5.0\n"));
        QVERIFY(writeBytes(in + "/kaldi/data/text", "u1 ensimmäinen\nu2 toinen"));
        QVERIFY(writeBytes(in + "/kaldi/data/utt2spk", "u1 kalle\nu2 kalle\n"));
        // NeMo manifest.
        QVERIFY(makeToneWithSox(in + "/nemo/n1.wav", 1.0, 16000, 1, {"-b", "16"}, 700));
        QVERIFY(writeBytes(in + "/nemo/manifest.jsonl",
                           "{\"audio_filepath\": \"n1.wav\", \"duration\": 1.0, \"text\": \"nemo teksti\"}\n"));
        // Text document.
        QVERIFY(writeBytes(in + "/text/corpus.txt", "Tämä on lause.\nToinen lause.\nTämä on lause.\n"));
        // Bad inputs.
        QVERIFY(writeBytes(in + "/bad/corrupt.wav", QByteArray(3000, '\x13')));
        QVERIFY(writeBytes(in + "/bad/empty.flac", QByteArray()));
        QVERIFY(writeBytes(in + "/bad/broken.eaf", "<ANNOTATION_DOCUMENT><TIER>\n<unclosed>\n"));
        QVERIFY(writeBytes(in + "/bad/latin1.txt", "ol\xE9 \xE9t\xE9\n"));
        QVERIFY(writeBytes(in + "/bad/notes.pdf", "%PDF-1.4 not audio"));
    }

    void mixedBatch()
    {
        Project project = Project::create(toPath(m_dir.filePath("p")));
        ImportOptions options;
        options.language = "fin";
        options.speaker = "default speaker";
        options.threads = 2;
        Importer importer(project, options);
        const ImportSummary s = importer.run({toPath(m_dir.filePath("in"))});
        for (const ImportIssue &i : s.issues)
            qInfo("%s: %s: %s", i.severity == ImportIssue::Severity::Error ? "error" : "warning", i.file.c_str(),
                  i.message.c_str());

        QCOMPARE(s.imported, 7);    // a, b, c, 2 CV clips, long, n1
        QCOMPARE(s.duplicates, 1);  // a-again.wav
        QCOMPARE(s.textDocuments, 1);
        QCOMPARE(s.failed, 4);      // corrupt.wav, empty.flac, broken.eaf, latin1.txt
        QCOMPARE(s.skipped, 1);     // notes.pdf
        QVERIFY(!s.cancelled);

        // Each problem names its file and says what is wrong.
        QVERIFY(issueFor(s, "corrupt.wav") && QString::fromStdString(issueFor(s, "corrupt.wav")->message).contains("not readable as audio"));
        QVERIFY(issueFor(s, "empty.flac") && QString::fromStdString(issueFor(s, "empty.flac")->message).contains("empty"));
        QVERIFY(issueFor(s, "broken.eaf") && QString::fromStdString(issueFor(s, "broken.eaf")->message).contains("line"));
        QVERIFY(issueFor(s, "latin1.txt") && QString::fromStdString(issueFor(s, "latin1.txt")->message).contains("UTF-8"));
        QVERIFY(issueFor(s, "notes.pdf"));
        const ImportIssue *beyond = issueFor(s, "b.TextGrid");
        QVERIFY(beyond && QString::fromStdString(beyond->message).contains("after the end of the audio"));

        // Catalog content.
        std::map<std::string, std::vector<Segment>> byName;
        for (const Recording &r : project.recordings()) {
            byName[std::filesystem::path(r.sourcePath).filename().string()] = project.segments(r.id);
            QVERIFY(std::filesystem::exists(project.absolute(r.audioFile)));
            const AudioInfo stored = probeAudio(project.absolute(r.audioFile));
            QCOMPARE(stored.sampleRate, 16000);
            QCOMPARE(stored.channels, 1);
        }
        QCOMPARE(int(byName.size()), 7);
        QCOMPARE(int(byName["a.wav"].size()), 1);
        QCOMPARE(QString::fromStdString(byName["a.wav"][0].transcripts.at(0).text), QStringLiteral("hyvää huomenta"));
        QCOMPARE(byName["a.wav"][0].end, 2.0);

        const auto &b = byName["b.flac"];
        QCOMPARE(int(b.size()), 3); // the empty interval is not a segment
        QCOMPARE(b[1].start, 1.2);
        QCOMPARE(b[2].end, 3.0);    // cut at the end of the audio
        QCOMPARE(int(b[1].transcripts.size()), 2);
        QCOMPARE(QString::fromStdString(b[1].transcripts[0].tier), QStringLiteral("phones"));
        QCOMPARE(QString::fromStdString(b[1].transcripts[0].text), QStringLiteral("k o i r a"));

        QCOMPARE(int(byName["c.wav"].size()), 2);
        QCOMPARE(byName["c.wav"][1].start, 1.5);
        QCOMPARE(QString::fromStdString(byName["c.wav"][1].transcripts[0].text), QStringLiteral("kaksi"));

        QCOMPARE(int(byName["long.wav"].size()), 2);
        QCOMPARE(byName["long.wav"][1].start, 2.5);
        QCOMPARE(byName["long.wav"][1].end, 5.0);
        QCOMPARE(QString::fromStdString(byName["common_voice_fi_2.mp3"][0].transcripts[0].text), QStringLiteral("Toinen lause."));

        // Speakers come from the files where they say (ELAN participant, CV client_id,
        // Kaldi utt2spk), else from the option.
        QStringList speakers;
        for (const Speaker &sp : project.speakers())
            speakers << QString::fromStdString(sp.name);
        QCOMPARE(speakers, (QStringList{"Maria", "default speaker", "kalle", "spk1", "spk2"}));

        const auto docs = project.textDocuments();
        QCOMPARE(int(docs.size()), 1);
        QCOMPARE(docs[0].sentences, std::int64_t(2)); // deduplicated

        // Importing the same folder again adds nothing.
        const ImportSummary again = importer.run({toPath(m_dir.filePath("in"))});
        QCOMPARE(again.imported, 0);
        QCOMPARE(again.duplicates, 8 + 1); // 8 audio files + the text document
        QCOMPARE(int(project.recordings().size()), 7);
    }

    void duplicateWithTranscriptWins()
    {
        // The bare copy sorts first and both are decoded in parallel; the copy that comes
        // with a transcript must be the one imported, every time.
        for (int round = 0; round < 5; ++round) {
            QTemporaryDir dir;
            QVERIFY(makeToneWithSox(dir.filePath("in/aaa-bare.wav"), 1.0, 16000, 1, {"-b", "16"}));
            QVERIFY(QFile::copy(dir.filePath("in/aaa-bare.wav"), dir.filePath("in/zzz.wav")));
            QVERIFY(writeBytes(dir.filePath("in/zzz.txt"), "with transcript"));
            for (int i = 0; i < 6; ++i) // other work to interleave with
                QVERIFY(makeToneWithSox(dir.filePath(QStringLiteral("in/other%1.wav").arg(i)), 0.5, 8000, 1, {}, 200 + 50 * i));
            Project project = Project::create(toPath(dir.filePath("p")));
            ImportOptions options;
            options.language = "fin";
            options.threads = 2;
            const ImportSummary s = Importer(project, options).run({toPath(dir.filePath("in"))});
            QCOMPARE(s.imported, 7);
            QCOMPARE(s.duplicates, 1);
            bool found = false;
            for (const SegmentRow &row : project.segmentRows())
                if (row.recordingName == "zzz.wav") {
                    found = true;
                    QCOMPARE(QString::fromStdString(row.transcripts.at(0).text), QStringLiteral("with transcript"));
                }
            QVERIFY(found);
        }
    }

    void missingLanguageIsReportedPerFile()
    {
        QTemporaryDir dir;
        Project project = Project::create(toPath(dir.filePath("p")));
        writeAudio(toPath(dir.filePath("x.wav")), sine(300, 0.5, 16000), 16000);
        Importer importer(project, {});
        const ImportSummary s = importer.run({toPath(dir.filePath("x.wav"))});
        QCOMPARE(s.failed, 1);
        QCOMPARE(s.imported, 0);
        QVERIFY(QString::fromStdString(s.issues.at(0).message).contains("--language"));
    }

    void cancelStopsBetweenFiles()
    {
        QTemporaryDir dir;
        Project project = Project::create(toPath(dir.filePath("p")));
        for (int i = 0; i < 20; ++i)
            writeAudio(toPath(dir.filePath(QStringLiteral("f%1.wav").arg(i))), sine(100 + i, 0.3, 16000), 16000);
        std::atomic<bool> cancel{true};
        ImportOptions options;
        options.language = "deu";
        Importer importer(project, options);
        const ImportSummary s = importer.run({toPath(dir.path())}, nullptr, &cancel);
        QVERIFY(s.cancelled);
        QCOMPARE(s.imported, 0);
        QVERIFY(project.recordings().empty());
        // No temporary files are left in audio/.
        QCOMPARE(QDir(dir.filePath("p/audio")).entryList(QDir::Files | QDir::Hidden).size(), 0);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestImporter)
#include "test_importer.moc"
