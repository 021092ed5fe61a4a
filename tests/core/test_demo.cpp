// The demo corpus: espeak-ng speech of real sentences from Debian's manual pages, with
// orthographic and IPA tiers, and the sentences as text documents.

#include "fieldbench/corpus/demo.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fieldbench;
using namespace fieldbench::testing;

class TestDemo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!have("espeak-ng"))
            QSKIP("espeak-ng is not installed (scripts/setup installs it)");
        if (!QFileInfo::exists("/usr/share/man/es") || !QFileInfo::exists("/usr/share/man/fi"))
            QSKIP("manpages-es / manpages-fi are not installed (scripts/setup installs them)");
    }

    void sentencesAreSpeakableProse()
    {
        const auto sentences = demoSentences("/usr/share/man/es", 50, 7);
        QCOMPARE(int(sentences.size()), 50);
        for (const std::string &s : sentences) {
            const QString q = QString::fromStdString(s);
            QVERIFY2(q.at(0).isUpper(), s.c_str());
            QVERIFY2(!q.contains(QRegularExpression("[0-9/\\\\_=<>()\\[\\]]")), s.c_str());
            QVERIFY2(!q.contains(QRegularExpression("\\b(the|is|of)\\b.*\\b(the|is|of|and|to)\\b")), s.c_str());
            const int words = q.split(' ', Qt::SkipEmptyParts).size();
            QVERIFY2(words >= 4 && words <= 14, s.c_str());
        }
        // Same seed, same sentences.
        QCOMPARE(demoSentences("/usr/share/man/es", 50, 7), sentences);
    }

    void buildsSmallProject()
    {
        QTemporaryDir dir;
        DemoOptions options;
        options.languages = {"es", "fi"};
        options.speakersPerLanguage = 2;
        options.sentencesPerSpeaker = 2;
        options.textSentences = 30;
        const DemoSummary s = buildDemoProject(toPath(dir.filePath("demo")), options);
        QCOMPARE(s.import.imported, 8);
        QCOMPARE(s.import.failed, 0);
        QCOMPARE(s.import.textDocuments, 2);

        Project p = Project::open(toPath(dir.filePath("demo")));
        QCOMPARE(int(p.languages().size()), 2);
        QCOMPARE(int(p.speakers().size()), 4);
        QCOMPARE(p.tiers(), (std::vector<std::string>{"ipa", "text"}));
        for (const SegmentRow &row : p.segmentRows()) {
            QCOMPARE(int(row.transcripts.size()), 2);
            const QString ipa = QString::fromStdString(row.transcripts[0].text);
            QVERIFY2(ipa.contains(" | "), qPrintable(ipa)); // word delimiters
            QVERIFY(!ipa.contains("  "));
            QVERIFY(row.end - row.start > 0.5);
        }
        for (const TextDocument &d : p.textDocuments())
            QCOMPARE(d.sentences, std::int64_t(34));
    }

    void missingManualPagesNameThePackage()
    {
        QTemporaryDir dir;
        DemoOptions options;
        options.languages = {"es", "fi"};
        options.manRoot = "/nonexistent";
        try {
            buildDemoProject(toPath(dir.filePath("demo")), options);
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("apt-get install manpages-es manpages-fi"), e.what());
        }
        QVERIFY(!QFileInfo::exists(dir.filePath("demo/project.sqlite")));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "test_demo.moc"
