// The codebook analysis: the report from constructed counts (known answers), its files,
// and an end-to-end run of a tiny random model over a small generated demo project.

#include "fieldbench/analysis/codebookanalysis.h"
#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/demo.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace fieldbench;
using namespace fieldbench::testing;

namespace {

LanguageUsage usage(const std::string &code, const CodeCounts &counts, int groups, int entries)
{
    LanguageUsage u;
    u.code = code;
    u.name = code;
    u.jointCounts = counts;
    CodeCounter splitter(groups, entries);
    u.groupCounts.assign(groups, std::vector<std::int64_t>(entries, 0));
    for (const auto &[code, n] : counts) {
        const auto idx = splitter.split(code);
        for (int g = 0; g < groups; ++g)
            u.groupCounts[g][idx[g]] += n;
        u.examples[code].push_back({1, "audio/x.flac", 0.5, 0.54});
    }
    return u;
}

class CountingObserver : public CodebookObserver
{
public:
    void progress(const CodebookProgress &p) override
    {
        ++calls;
        last = p;
        if (cancelAfter > 0 && calls >= cancelAfter && cancel)
            cancel->store(true);
    }
    int calls = 0;
    int cancelAfter = 0;
    std::atomic<bool> *cancel = nullptr;
    CodebookProgress last;
};

} // namespace

class TestCodebookAnalysis : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project;
    QString m_model;
    QString m_demoWarnings;

private slots:
    void configValidation()
    {
        CodebookAnalysisConfig c;
        QVERIFY(c.validate().empty());
        c.clusterMetric = "euclid";
        c.secondsPerLanguage = -1;
        c.device = "tpu";
        QCOMPARE(int(c.validate().size()), 3);
    }

    // Three languages: A and B use the same codewords in the same proportions, C none of
    // theirs. Known answers: cos(A,B) = 1, JS = 0; cos(A,C) = 0, JS = ln 2; A and B cluster
    // first; the shared units are A's and B's codewords.
    void reportFromConstructedCounts()
    {
        const int G = 2, V = 8;
        std::vector<LanguageUsage> langs{usage("spa", {{1, 10}, {9, 30}, {18, 60}}, G, V),
                                         usage("ita", {{1, 20}, {9, 60}, {18, 120}}, G, V),
                                         usage("fin", {{40, 50}, {63, 50}}, G, V)};
        CodebookAnalysisConfig config;
        config.minUseFrequency = 0;
        const CodebookReport r = buildCodebookReport(langs, G, V, config);
        QCOMPARE(int(r.languages.size()), 3);
        const int n = 3;
        auto at = [&](const std::vector<double> &m, int i, int j) { return m[std::size_t(i) * n + j]; };
        QVERIFY(std::fabs(at(r.cosine, 0, 1) - 1.0) < 1e-12);
        QVERIFY(std::fabs(at(r.jensenShannon, 0, 1)) < 1e-12);
        QVERIFY(std::fabs(at(r.cosine, 0, 2)) < 1e-12);
        QVERIFY(std::fabs(at(r.jensenShannon, 0, 2) - std::log(2.0)) < 1e-12);
        QCOMPARE(at(r.shared, 0, 1), 1.0);
        QCOMPARE(at(r.shared, 2, 0), 0.0);
        QCOMPARE(r.dendrogram.merges[0].left, 0);
        QCOMPARE(r.dendrogram.merges[0].right, 1);
        QCOMPARE(r.languages[0].joint.distinct, std::int64_t(3));
        QCOMPARE(r.languages[2].joint.perplexity, 2.0);
        QCOMPARE(r.languages[0].groups.size(), std::size_t(2));
        QCOMPARE(r.codewordsUsed, std::int64_t(5));
        QCOMPARE(r.codewordsByLanguageCount, (std::vector<std::int64_t>{0, 2, 3, 0}));
        QCOMPARE(int(r.sharedUnits.size()), 3);
        QCOMPARE(r.sharedUnits[0].code, std::uint64_t(18)); // most frequent first
        QCOMPARE(r.sharedUnits[0].indices, (std::vector<int>{2, 2}));
        QCOMPARE(int(r.sharedUnits[0].examples.size()), 2);
        // The projection puts spa and ita together, fin away.
        const double dAB = std::hypot(r.projection[0][0] - r.projection[1][0], r.projection[0][1] - r.projection[1][1]);
        const double dAC = std::hypot(r.projection[0][0] - r.projection[2][0], r.projection[0][1] - r.projection[2][1]);
        QVERIFY(dAB < 1e-9);
        QVERIFY(dAC > 0.5);
        // Genealogy: spa/ita Romance, fin Uralic (when CLDR is installed).
        if (QFileInfo::exists(LanguageGroups::kDefaultPath)) {
            QCOMPARE(int(r.genealogy.included.size()), 3);
            QCOMPARE(r.genealogy.nearestSameBranch, 2); // spa<->ita; fin's nearest is not Uralic
        }

        // Files: written, and report.json reads back to the same numbers.
        QTemporaryDir out;
        const auto files = writeCodebookReport(r, toPath(out.path()));
        for (const char *name : {"report.json", "languages.csv", "cosine.csv", "jensen_shannon.csv", "shared_frames.csv",
                                 "clusters.csv", "projection.csv", "shared_units.csv", "genealogy.csv",
                                 "usage_per_group.csv", "heatmap_cosine.svg", "heatmap_js.svg", "dendrogram.svg",
                                 "projection.svg", "usage.svg"})
            QVERIFY2(QFileInfo(out.filePath(name)).size() > 0, name);
        QCOMPARE(int(files.size()), 15);
        QFile svg(out.filePath("dendrogram.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray svgText = svg.readAll();
        QVERIFY(svgText.startsWith("<svg"));
        QVERIFY(svgText.trimmed().endsWith("</svg>"));
        QVERIFY(svgText.contains(">spa  spa</text>"));
        QFile cos(out.filePath("cosine.csv"));
        QVERIFY(cos.open(QIODevice::ReadOnly));
        QCOMPARE(cos.readLine().trimmed(), QByteArray("language,spa,ita,fin"));
        QCOMPARE(cos.readLine().trimmed(), QByteArray("spa,1,1,0"));

        const CodebookReport back = readCodebookReport(toPath(out.filePath("report.json")));
        QCOMPARE(back.cosine, r.cosine);
        QCOMPARE(back.jensenShannon, r.jensenShannon);
        QCOMPARE(back.languages[1].jointCounts, r.languages[1].jointCounts);
        QCOMPARE(back.languages[1].groupCounts, r.languages[1].groupCounts);
        QCOMPARE(back.dendrogram.order, r.dendrogram.order);
        QCOMPARE(back.sharedUnits.size(), r.sharedUnits.size());
        QCOMPARE(back.sharedUnits[0].examples.at("spa")[0].audioFile, std::string("audio/x.flac"));
        QCOMPARE(back.genealogy.nearestSameBranch, r.genealogy.nearestSameBranch);
        QVERIFY_THROWS_EXCEPTION(Error, readCodebookReport(toPath(out.filePath("cosine.csv"))));
    }

    // End to end: a small generated demo project, a tiny random pre-training model.
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!have("espeak-ng") || !QFileInfo::exists("/usr/share/man/es") || !QFileInfo::exists("/usr/share/man/de"))
            return; // the end-to-end tests skip themselves
        DemoOptions options;
        options.languages = {"es", "it", "de"};
        options.speakersPerLanguage = 1;
        options.sentencesPerSpeaker = 4;
        options.textSentences = 5;
        m_project = m_dir.filePath("demo");
        // Kept for the failure messages: an utterance espeak-ng could not speak leaves its
        // language short of audio.
        for (const std::string &w : buildDemoProject(toPath(m_project), options).warnings)
            m_demoWarnings += QString::fromStdString(w) + "; ";
        torch::manual_seed(3);
        const LoadedWav2Vec2 m = createWav2Vec2(Wav2Vec2Config::preset("tiny"), Wav2Vec2Architecture::PreTraining);
        m_model = m_dir.filePath("tiny");
        saveModelFolder(*m.module, m.config, toPath(m_model));
    }

    void endToEnd()
    {
        if (m_project.isEmpty())
            QSKIP("espeak-ng or manpages-es/-de missing (scripts/setup installs them)");
        CodebookAnalysisConfig config;
        config.secondsPerLanguage = 4;
        config.seed = 7;
        config.chunkSeconds = 1.5;
        CountingObserver observer;
        const CodebookReport r = analyseCodebook(toPath(m_project), toPath(m_model), config, &observer);
        QCOMPARE(int(r.languages.size()), 3);
        QCOMPARE(r.groups, 2);
        QCOMPARE(r.entries, 16);
        QCOMPARE(r.frameSeconds, 0.02);
        QVERIFY(observer.calls > 3);
        QVERIFY(std::fabs(observer.last.secondsDone - observer.last.secondsTotal) < 0.05);
        Project project = Project::open(toPath(m_project));
        const auto rows = project.segmentRows();
        for (const LanguageUsage &l : r.languages) {
            // Balanced by seconds: 4 s a language, or all of a language that has less. How much
            // audio a language has depends on which sentences the demo drew from the installed
            // manual pages, which need not be the same on every machine.
            double available = 0;
            for (const SegmentRow &row : rows)
                if (row.languageCode == l.code && row.end > row.start && !row.audioFile.empty())
                    available += row.end - row.start;
            QVERIFY2(available > 1.0, qPrintable(QString::fromStdString(l.code) + ": too little demo audio; demo warnings: " + m_demoWarnings));
            const double expected = std::min(4.0, available);
            QVERIFY2(std::fabs(l.seconds - expected) < 0.05,
                     qPrintable(QString("%1: %2 s analysed, expected %3 (%4 s available); demo warnings: %5")
                                    .arg(QString::fromStdString(l.code)).arg(l.seconds).arg(expected).arg(available)
                                    .arg(m_demoWarnings)));
            // About 50 frames a second.
            QVERIFY2(std::fabs(double(l.frames) - 50 * l.seconds) < 15, l.code.c_str());
            std::int64_t sum = 0;
            for (const auto &kv : l.jointCounts)
                sum += kv.second;
            QCOMPARE(sum, l.frames);
            for (const auto &h : l.groupCounts) {
                QCOMPARE(int(h.size()), 16);
                QCOMPARE(std::accumulate(h.begin(), h.end(), std::int64_t(0)), l.frames);
            }
            QVERIFY(l.joint.distinct >= 1);
            QVERIFY(l.joint.perplexity >= 1.0 && l.joint.perplexity <= double(l.joint.distinct) + 1e-9);
        }
        // Matrices are well-formed.
        const int n = 3;
        for (int i = 0; i < n; ++i) {
            QCOMPARE(r.cosine[std::size_t(i) * n + i], 1.0);
            QCOMPARE(r.jensenShannon[std::size_t(i) * n + i], 0.0);
            for (int j = 0; j < n; ++j) {
                QCOMPARE(r.cosine[std::size_t(i) * n + j], r.cosine[std::size_t(j) * n + i]);
                QVERIFY(r.jensenShannon[std::size_t(i) * n + j] <= std::log(2.0) + 1e-12);
            }
        }
        // Example stretches lie inside their segments.
        for (const SharedUnit &u : r.sharedUnits)
            for (const auto &[code, list] : u.examples)
                for (const UnitExample &e : list) {
                    const auto row = std::find_if(rows.begin(), rows.end(),
                                                  [&](const SegmentRow &s) { return s.segmentId == e.segmentId; });
                    QVERIFY(row != rows.end());
                    QCOMPARE(row->languageCode, code);
                    QCOMPARE(row->audioFile, e.audioFile);
                    QVERIFY(e.start >= row->start - 1e-9 && e.end <= row->end + 1e-9 && e.end > e.start);
                }
        // The same seed gives the same report; another seed another sample.
        const CodebookReport again = analyseCodebook(toPath(m_project), toPath(m_model), config);
        QCOMPARE(again.languages[0].jointCounts, r.languages[0].jointCounts);
        QCOMPARE(again.cosine, r.cosine);
    }

    void cancelAndErrors()
    {
        if (m_project.isEmpty())
            QSKIP("espeak-ng or manpages-es/-de missing (scripts/setup installs them)");
        CodebookAnalysisConfig config;
        config.secondsPerLanguage = 4;
        config.chunkSeconds = 1;
        std::atomic<bool> cancel{false};
        CountingObserver observer;
        observer.cancel = &cancel;
        observer.cancelAfter = 3;
        QVERIFY_THROWS_EXCEPTION(Cancelled, analyseCodebook(toPath(m_project), toPath(m_model), config, &observer, &cancel));

        config.languages = {"fin"};
        QVERIFY_THROWS_EXCEPTION(Error, analyseCodebook(toPath(m_project), toPath(m_model), config));
        config.languages = {"es", "de"}; // ISO 639-1 codes are accepted
        const CodebookReport two = analyseCodebook(toPath(m_project), toPath(m_model), config);
        QCOMPARE(two.languages[0].code, std::string("spa"));
        QCOMPARE(two.languages[1].code, std::string("deu"));

        // A CTC model has no quantizer.
        const LoadedWav2Vec2 ctc = createWav2Vec2(Wav2Vec2Config::preset("tiny"), Wav2Vec2Architecture::CTC);
        const QString ctcDir = m_dir.filePath("ctc");
        saveModelFolder(*ctc.module, ctc.config, toPath(ctcDir));
        try {
            analyseCodebook(toPath(m_project), toPath(ctcDir), config);
            QFAIL("a CTC model must be refused");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("quantizer"), e.what());
        }
    }

    // The CLI writes the files and prints the summary.
    void commandLine()
    {
        if (m_project.isEmpty())
            QSKIP("espeak-ng or manpages-es/-de missing (scripts/setup installs them)");
        const QString out = m_dir.filePath("cli-report");
        QString error;
        QByteArray stdoutData;
        QVERIFY2(run({cliPath(), "analyze", "codebook", "--project", m_project, "--model", m_model, "--out", out,
                      "--languages", "spa,ita,deu", "--seconds-per-language", "3", "--seed", "1", "--quiet"},
                     &error, &stdoutData),
                 qPrintable(error));
        QVERIFY2(stdoutData.contains("cophenetic correlation"), stdoutData.constData());
        QVERIFY(QFileInfo::exists(out + "/report.json"));
        QVERIFY(QFileInfo::exists(out + "/heatmap_js.svg"));
        const CodebookReport r = readCodebookReport(toPath(out + "/report.json"));
        QCOMPARE(int(r.languages.size()), 3);
        QCOMPARE(r.config.seed, std::uint64_t(1));
    }
};

QTEST_GUILESS_MAIN(TestCodebookAnalysis)
#include "test_codebookanalysis.moc"
