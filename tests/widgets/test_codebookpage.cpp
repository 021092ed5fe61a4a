// The codebook-sharing page: views of a report built from constructed counts, hover
// values, shared units and examples, the main window's menu action, and runs of the
// analysis off the GUI thread (finish, cancel, failure).

#include "codebookcontroller.h"
#include "codebookpage.h"
#include "mainwindow.h"
#include "sharedunitsmodel.h"
#include "unitexamplesmodel.h"

#include "fieldbench/corpus/demo.h"

#include "testdata.h"

#include <QAction>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

using namespace fieldbench;
using namespace fieldbench::testing;

namespace {

LanguageUsage usage(const std::string &code, const CodeCounts &counts)
{
    const int G = 2, V = 8;
    LanguageUsage u;
    u.code = code;
    u.name = code;
    u.jointCounts = counts;
    const CodeCounter splitter(G, V);
    u.groupCounts.assign(G, std::vector<std::int64_t>(V, 0));
    for (const auto &[c, n] : counts) {
        const auto idx = splitter.split(c);
        for (int g = 0; g < G; ++g)
            u.groupCounts[g][idx[g]] += n;
        u.examples[c].push_back({7, "audio/missing.flac", 1.0, 1.06});
    }
    return u;
}

std::shared_ptr<const CodebookReport> constructedReport()
{
    CodebookAnalysisConfig config;
    config.minUseFrequency = 0;
    return std::make_shared<const CodebookReport>(
        buildCodebookReport({usage("spa", {{1, 10}, {9, 30}, {18, 60}}), usage("fin", {{40, 50}, {63, 50}}),
                             usage("ita", {{1, 20}, {9, 60}, {18, 110}, {40, 10}})},
                            2, 8, config));
}

} // namespace

class TestCodebookPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project;
    QString m_model;

    bool makeProjectAndModel()
    {
        if (!m_project.isEmpty())
            return true;
        if (!have("espeak-ng") || !QFileInfo::exists("/usr/share/man/es") || !QFileInfo::exists("/usr/share/man/fi"))
            return false;
        DemoOptions options;
        options.languages = {"es", "fi"};
        options.speakersPerLanguage = 1;
        options.sentencesPerSpeaker = 2;
        options.textSentences = 5;
        buildDemoProject(toPath(m_dir.filePath("demo")), options);
        // The model through the CLI: no torch header in the widget tests.
        QString error;
        if (!run({cliPath(), "model", "init", "--preset", "tiny", "--seed", "1", "--out", m_dir.filePath("tiny")}, &error))
            qFatal("model init failed: %s", qPrintable(error));
        m_project = m_dir.filePath("demo");
        m_model = m_dir.filePath("tiny");
        return true;
    }

private slots:
    void showsReport()
    {
        CodebookPage page;
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const auto report = constructedReport();
        QSignalSpy shown(&page, &CodebookPage::reportShown);
        page.setReport(report);
        QCOMPARE(shown.count(), 1);

        // Heatmap: n x n cells; spa and ita sit next to each other in dendrogram order.
        QVERIFY(page.colorMap());
        QCOMPARE(page.colorMap()->data()->keySize(), 3);
        QCOMPARE(page.colorMap()->data()->valueSize(), 3);
        page.setMetric(CodebookPage::CosineMetric);
        QVERIFY(page.cellText(0, 0).endsWith(": 1.0000"));
        page.setMetric(CodebookPage::JensenShannonMetric);
        QVERIFY(page.cellText(1, 1).endsWith(": 0.0000"));
        const int spa = report->languageIndex("spa"), fin = report->languageIndex("fin");
        const double js = report->jensenShannon[std::size_t(spa) * 3 + fin];
        // spa and fin use disjoint codewords: the divergence is its maximum, ln 2.
        QVERIFY2(std::abs(js - std::log(2.0)) < 1e-9, qPrintable(QString::number(js, 'g', 17)));
        const int ita = report->languageIndex("ita");
        const double close = report->jensenShannon[std::size_t(spa) * 3 + ita];
        QVERIFY(close > 0 && close < 0.1); // same codewords, similar shares

        // Hover over the cell in display row 0, column 2: the label shows its value.
        QCustomPlot *plot = page.heatmap();
        plot->replot();
        const QPointF pos(page.colorMap()->keyAxis()->coordToPixel(2), page.colorMap()->valueAxis()->coordToPixel(0));
        QMouseEvent move(QEvent::MouseMove, pos, plot->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(plot, &move);
        QCOMPARE(page.hoverText(), page.cellText(0, 2));
        QVERIFY(!page.hoverText().isEmpty());

        // Dendrogram: one curve per merge; projection: one label per language; usage: one
        // bar series per group.
        QCOMPARE(page.dendrogram()->plottableCount(), 2);
        QCOMPARE(page.projection()->itemCount(), 3);
        QCOMPARE(page.usagePlot()->plottableCount(), 2);

        // Shared units: codewords of spa and ita (and 40, used by fin and ita).
        QCOMPARE(page.sharedUnitsModel()->rowCount(), int(report->sharedUnits.size()));
        QCOMPARE(page.sharedUnitsModel()->rowCount(), 4);
        page.setCurrentTab(1);
        page.selectSharedUnit(0);
        QCOMPARE(page.examplesModel()->rowCount(), 2);
        // The audio file does not exist: playing says why instead of failing silently.
        page.playExample(0);
        QVERIFY2(page.statusText().startsWith("Cannot play"), qPrintable(page.statusText()));

        QVERIFY(page.genealogySummary().contains("Cophenetic correlation"));
    }

    void opensReportFiles()
    {
        QTemporaryDir out;
        writeCodebookReport(*constructedReport(), toPath(out.path()));
        CodebookPage page;
        QVERIFY(page.openReport(out.filePath("report.json")));
        QCOMPARE(page.report()->languages.size(), std::size_t(3));
        QVERIFY(!page.openReport(out.filePath("cosine.csv")));
        QVERIFY(page.statusText().startsWith("Cannot open the report"));
    }

    void menuActionOpensPage()
    {
        MainWindow window;
        auto *action = window.findChild<QAction *>(QStringLiteral("codebookAction"));
        QVERIFY(action);
        QVERIFY(!window.codebookPage());
        action->trigger();
        QVERIFY(window.codebookPage());
        QVERIFY(window.codebookPage()->isVisible());
    }

    void failureComesBackAsSignal()
    {
        CodebookController controller;
        QSignalSpy failed(&controller, &CodebookController::failed);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(controller.start(m_dir.filePath("no-project"), m_dir.filePath("no-model"), CodebookAnalysisConfig()));
        QVERIFY(clock.elapsed() < 200); // the GUI thread does not wait for the job
        QVERIFY(!controller.start(m_dir.filePath("no-project"), m_dir.filePath("no-model"), CodebookAnalysisConfig()));
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.first().first().toString().contains("no-model"));
        QVERIFY(!controller.isRunning());
    }

    void runsAndCancelsOffTheGuiThread()
    {
        if (!makeProjectAndModel())
            QSKIP("espeak-ng or manpages-es/-fi missing (scripts/setup installs them)");
        CodebookPage page;
        page.setProjectDir(m_project);
        QCOMPARE(page.languageModel()->rowCount(), 2);
        page.setModelDir(m_model);

        // Cancel right away: the run stops at its first chunk.
        QSignalSpy cancelled(page.controller(), &CodebookController::cancelled);
        QVERIFY(page.run());
        page.cancel();
        QVERIFY(cancelled.wait(30000));
        QVERIFY(page.statusText().contains("Cancelled"));

        // A full run: progress arrives, the report is shown.
        QSignalSpy progress(page.controller(), &CodebookController::progress);
        QSignalSpy shown(&page, &CodebookPage::reportShown);
        QVERIFY(page.run());
        QVERIFY(shown.wait(60000));
        QVERIFY(progress.count() >= 1);
        QCOMPARE(page.report()->languages.size(), std::size_t(2));
        QVERIFY(page.report()->languages[0].frames > 0);
        QVERIFY(page.colorMap());
    }
};

QTEST_MAIN(TestCodebookPage)
#include "test_codebookpage.moc"
