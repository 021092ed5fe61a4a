// Following a run folder: a fake writer appends to metrics.jsonl while a RunMonitor and a
// RunPlot follow it, and the plotted points equal the file's; the GUI thread's longest stall
// while following a 1,000,000-line file (measured by a QTimer heartbeat); failed runs show
// their reason; warnings; decoded examples; overlays, axes, smoothing, exports.

#include "fakerun.h"
#include "rundata.h"
#include "runmonitor.h"
#include "runplot.h"
#include "runsmodel.h"
#include "runview.h"
#include "textdiff.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <qcustomplot.h>

#include <atomic>
#include <cmath>
#include <thread>

using namespace fieldbench;
using fieldbench::testing::FakeRunWriter;

namespace {

// (x, value) of every train line's `key` in the file, x by `xKey` ("step", "time", "epoch").
QVector<QPointF> fileSeries(const QString &metrics, const QString &key, const QString &xKey = QStringLiteral("step"))
{
    QVector<QPointF> out;
    QFile f(metrics);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    while (!f.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        if (o.value(QStringLiteral("type")).toString() != QLatin1String("train") || !o.contains(key))
            continue;
        out.push_back({o.value(xKey).toDouble(), o.value(key).toDouble()});
    }
    return out;
}

bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QTest::qWait(10);
    }
    return true;
}

// Longest gap between ticks of a 5 ms timer on the GUI thread while it is alive.
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0)
                m_longestNs = std::max(m_longestNs, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    double longestMs() const { return double(m_longestNs) / 1e6; }
    void reset()
    {
        m_longestNs = 0;
        m_last = -1;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_longestNs = 0;
};

} // namespace

class TestRunMonitor : public QObject
{
    Q_OBJECT

private slots:
    void parserColumns();
    void parserRewindsOnResume();
    void parserSkipsTornLines();
    void warnings_data();
    void warnings();
    void followWhileWriting();
    void xAxisAndSmoothing();
    void millionLines();
    void failedRunShowsReason_data();
    void failedRunShowsReason();
    void remoteRunGoesStale();
    void examplesHighlightDifferences();
    void overlayAndExport();
};

void TestRunMonitor::parserColumns()
{
    MetricsParser parser;
    MetricsChunk chunk;
    parser.beginChunk(chunk);
    const QByteArray line = R"({"type": "train", "step": 10, "time": 4.5, "epoch": 0.01, "loss": 3.5, "code_perplexity": [12, 13.5], "language_share": {"deu": 0.6, "fra": 0.4}, "audio_hours_seen": 0.2})";
    QVERIFY(parser.parseLine(line.constBegin(), line.constEnd(), chunk));
    const QByteArray eval = R"({"type": "eval", "step": 10, "time": 5, "per": 0.4, "per_language": {"deu": {"per": 0.3, "wer": 0.6, "utterances": 3}}, "examples": [{"language": "deu", "reference": "a b", "hypothesis": "a c"}]})";
    QVERIFY(parser.parseLine(eval.constBegin(), eval.constEnd(), chunk));
    QCOMPARE(chunk.lines, 2);
    auto value = [&](const char *key) {
        const int i = int(chunk.keys.indexOf(QString::fromLatin1(key)));
        return i < 0 || chunk.series[std::size_t(i)].value.isEmpty() ? qQNaN() : chunk.series[std::size_t(i)].value.last();
    };
    QCOMPARE(value("loss"), 3.5);
    QCOMPARE(value("code_perplexity[1]"), 13.5);
    QCOMPARE(value("language_share/fra"), 0.4);
    QCOMPARE(value("dev/per"), 0.4);
    QCOMPARE(value("dev/per/deu"), 0.3);
    QCOMPARE(value("dev/wer/deu"), 0.6);
    QVERIFY(chunk.keys.indexOf(QStringLiteral("dev/utterances/deu")) < 0);
    QCOMPARE(chunk.snapshot.step, 10);
    QCOMPARE(chunk.snapshot.audioHoursSeen, 0.2);
    QCOMPARE(chunk.examples.size(), 1);
    QCOMPARE(chunk.examples.first().hypothesis, QStringLiteral("a c"));
    const int loss = int(chunk.keys.indexOf(QStringLiteral("loss")));
    QCOMPARE(chunk.series[std::size_t(loss)].epoch.last(), 0.01);
    QCOMPARE(chunk.series[std::size_t(loss)].time.last(), 4.5);
}

void TestRunMonitor::parserRewindsOnResume()
{
    MetricsParser parser;
    MetricsChunk chunk;
    parser.beginChunk(chunk);
    for (int step : {10, 20, 30}) {
        const QByteArray l = QStringLiteral(R"({"type": "train", "step": %1, "loss": 1})").arg(step).toUtf8();
        QVERIFY(parser.parseLine(l.constBegin(), l.constEnd(), chunk));
    }
    // Resumed from the checkpoint at step 20: step 30 comes again.
    const QByteArray again = R"({"type": "train", "step": 30, "loss": 2})";
    bool split = false;
    QVERIFY(!parser.parseLine(again.constBegin(), again.constEnd(), chunk, &split));
    QVERIFY(split);
    MetricsChunk next;
    parser.beginChunk(next);
    QVERIFY(parser.parseLine(again.constBegin(), again.constEnd(), next, &split));
    QCOMPARE(next.rewindToStep, 30.0);
}

void TestRunMonitor::parserSkipsTornLines()
{
    QTemporaryDir dir;
    FakeRunWriter w(dir.path(), {});
    w.writeConfig();
    w.appendSteps(0, 100);
    w.append("{\"type\": \"train\", \"step\": 1\n"); // torn by a crash, then a newline of the next run
    w.appendSteps(100, 200);
    RunMonitor run(dir.path(), nullptr, {}, 20);
    QVERIFY(waitFor([&] { return run.caughtUp() && run.linesRead() >= 20; }, 10000));
    const int loss = run.seriesIndex(QStringLiteral("loss"));
    QVERIFY(loss >= 0);
    QCOMPARE(run.series(loss).size(), 20);
}

void TestRunMonitor::warnings_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("words");
    QTest::newRow("codebook collapse") << int(RunWarningKind::CodebookCollapse) << QStringLiteral("Codebook collapse");
    QTest::newRow("diverging loss") << int(RunWarningKind::DivergingLoss) << QStringLiteral("diverging");
    QTest::newRow("data wait") << int(RunWarningKind::DataWait) << QStringLiteral("waits for data");
    QTest::newRow("non-finite steps") << int(RunWarningKind::NonFiniteSteps) << QStringLiteral("non-finite");
}

void TestRunMonitor::warnings()
{
    QFETCH(int, kind);
    QFETCH(QString, words);
    QTemporaryDir dir;
    FakeRunWriter::Options o;
    o.codePerplexityFloor = kind == int(RunWarningKind::CodebookCollapse) ? 3 : 0;
    o.diverge = kind == int(RunWarningKind::DivergingLoss);
    o.dataWaitShare = kind == int(RunWarningKind::DataWait) ? 0.35 : 0.04;
    FakeRunWriter w(dir.path(), o);
    w.writeConfig();
    w.appendSteps(0, 8000);
    if (kind == int(RunWarningKind::NonFiniteSteps))
        w.append(R"({"type": "train", "step": 8010, "loss": 2.0, "non_finite_steps": 3})"
                 "\n");
    RunMonitor run(dir.path(), nullptr, {}, 20);
    RunView view;
    view.setRun(&run);
    QVERIFY(waitFor([&] { return run.caughtUp() && run.linesRead() >= 800; }, 20000));
    QStringList kinds;
    bool found = false;
    for (const RunWarning &warning : run.warnings()) {
        kinds << warning.message;
        if (int(warning.kind) == kind)
            found = warning.message.contains(words, Qt::CaseInsensitive);
    }
    QVERIFY2(found, qPrintable(kinds.join(QStringLiteral(" | "))));
    QVERIFY(view.warningTexts().join(QLatin1Char(' ')).contains(words, Qt::CaseInsensitive));
    // A healthy run of the same length warns of nothing of the kind.
    QTemporaryDir healthyDir;
    FakeRunWriter healthy(healthyDir.path(), {});
    healthy.writeConfig();
    healthy.appendSteps(0, 8000);
    RunMonitor good(healthyDir.path(), nullptr, {}, 20);
    QVERIFY(waitFor([&] { return good.caughtUp() && good.linesRead() >= 800; }, 20000));
    QVERIFY(good.warnings().isEmpty());
}

void TestRunMonitor::followWhileWriting()
{
    QTemporaryDir dir;
    FakeRunWriter w(dir.path(), {});
    QVERIFY(w.writeConfig());
    QVERIFY(w.writeStatus(QStringLiteral("running"), 0, {}, QCoreApplication::applicationPid(), localHostName()));
    RunMonitor run(dir.path(), nullptr, {}, 20);
    RunPlot plot;
    plot.resize(900, 500);
    plot.show();
    plot.setRuns({&run});
    plot.setGroup(QStringLiteral("loss"));

    // The writer appends 200 lines in 40 bursts while the monitor follows.
    qint64 step = 0;
    QTimer writer;
    int bursts = 0;
    QObject::connect(&writer, &QTimer::timeout, [&] {
        w.appendSteps(step, step + 50);
        step += 50;
        w.writeStatus(QStringLiteral("running"), step, {}, QCoreApplication::applicationPid(), localHostName());
        if (++bursts == 40)
            writer.stop();
    });
    writer.start(15);
    QVERIFY(waitFor([&] { return !writer.isActive(); }, 20000));
    // status.json is written after the metrics lines: the poll that catches up on the lines
    // may still see the previous status, so wait for both.
    QVERIFY(waitFor([&] { return run.snapshot().step == 2000 && run.caughtUp() && run.status().step == 2000; }, 20000));
    plot.replotNow();

    const QString metrics = dir.path() + QStringLiteral("/metrics.jsonl");
    for (const QString &key : {QStringLiteral("loss"), QStringLiteral("loss_contrastive")}) {
        const QVector<QPointF> expected = fileSeries(metrics, key);
        const QVector<QPointF> plotted = plot.plottedPoints(&run, key);
        QCOMPARE(expected.size(), 200);
        QCOMPARE(plotted.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            QCOMPARE(plotted[i].x(), expected[i].x());
            QCOMPARE(plotted[i].y(), expected[i].y());
        }
    }
    QCOMPARE(run.state(), QStringLiteral("running"));
    QCOMPARE(run.status().step, 2000);
    // Progress: step of max, audio hours.
    RunView view;
    view.setRun(&run);
    QVERIFY(view.progressText().contains(QStringLiteral("2000")));
    QVERIFY(view.progressText().contains(QStringLiteral("h of audio")));
    QCOMPARE(view.progressValue(), 2000);
}

void TestRunMonitor::xAxisAndSmoothing()
{
    QTemporaryDir dir;
    FakeRunWriter w(dir.path(), {});
    w.writeConfig();
    w.appendSteps(0, 3000);
    RunMonitor run(dir.path(), nullptr, {}, 20);
    QVERIFY(waitFor([&] { return run.caughtUp() && run.linesRead() >= 300; }, 10000));
    RunPlot plot;
    plot.setRuns({&run});
    plot.setGroup(QStringLiteral("loss"));
    const QString metrics = dir.path() + QStringLiteral("/metrics.jsonl");

    plot.setXAxis(RunPlot::EpochAxis);
    const QVector<QPointF> byEpoch = fileSeries(metrics, QStringLiteral("loss"), QStringLiteral("epoch"));
    const QVector<QPointF> plottedEpoch = plot.plottedPoints(&run, QStringLiteral("loss"));
    QCOMPARE(plottedEpoch.size(), byEpoch.size());
    QCOMPARE(plottedEpoch.last().x(), byEpoch.last().x());
    plot.setXAxis(RunPlot::TimeAxis);
    QCOMPARE(plot.plottedPoints(&run, QStringLiteral("loss")).last().x(),
             fileSeries(metrics, QStringLiteral("loss"), QStringLiteral("time")).last().x());

    // Debiased EMA, computed here independently.
    plot.setSmoothing(0.9);
    const QVector<QPointF> raw = fileSeries(metrics, QStringLiteral("loss"));
    const QVector<QPointF> smooth = plot.smoothedPoints(&run, QStringLiteral("loss"));
    QCOMPARE(smooth.size(), raw.size());
    double ema = 0;
    for (int i = 0; i < raw.size(); ++i) {
        ema = 0.9 * ema + 0.1 * raw[i].y();
        QVERIFY(std::abs(smooth[i].y() - ema / (1 - std::pow(0.9, i + 1))) < 1e-9);
    }
    // Smoothing takes the noise out: the smoothed curve varies less from point to point.
    double rawJitter = 0;
    double smoothJitter = 0;
    for (int i = 1; i < raw.size(); ++i) {
        rawJitter += std::abs(raw[i].y() - raw[i - 1].y());
        smoothJitter += std::abs(smooth[i].y() - smooth[i - 1].y());
    }
    QVERIFY(smoothJitter < rawJitter / 3);

    plot.setLogScale(true);
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    // The hover read-out names the series and its value at the nearest point.
    plot.setXAxis(RunPlot::StepAxis);
    const QString readout = plot.readoutAt(1500);
    QVERIFY2(readout.contains(QStringLiteral("step 1500")), qPrintable(readout));
    QVERIFY(readout.contains(QStringLiteral("loss = ")));
}

void TestRunMonitor::millionLines()
{
    QTemporaryDir dir;
    const QString metrics = dir.path() + QStringLiteral("/metrics.jsonl");
    constexpr qint64 kTotal = 1000000;
    constexpr qint64 kFirst = 900000;
    QVERIFY(FakeRunWriter::writeBulk(metrics, kFirst, 1));

    RunsModel model;
    model.setPollInterval(50);
    RunPlot plot;
    plot.resize(1200, 700);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    Heartbeat heartbeat;
    QElapsedTimer clock;
    clock.start();
    const int row = model.addRun(dir.path());
    RunMonitor *run = model.monitor(row);
    plot.setRuns({run});
    plot.setGroup(QStringLiteral("loss"));
    // The rest is appended while the monitor follows.
    std::atomic<bool> written{false};
    std::thread writer([&] {
        for (qint64 done = kFirst; done < kTotal; done += 20000) {
            FakeRunWriter::writeBulk(metrics, 20000, done + 1);
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
        written = true;
    });
    const bool followed = waitFor([&] { return written && run->caughtUp() && run->linesRead() == kTotal; }, 120000);
    writer.join();
    QVERIFY2(followed, qPrintable(QStringLiteral("read %1 lines").arg(run->linesRead())));
    const double followSeconds = clock.elapsed() / 1000.0;
    QTest::qWait(300); // the coalesced replot of the last points
    const double stallFollowing = heartbeat.longestMs();

    // Redraws and interactions on the full curve.
    heartbeat.reset();
    QElapsedTimer replot;
    replot.start();
    for (int i = 0; i < 5; ++i)
        plot.replotNow();
    const double replotMs = replot.elapsed() / 5.0;
    plot.plot()->xAxis->setRange(400000, 420000);
    plot.plot()->replot();
    const double stallReplot = heartbeat.longestMs();

    const QVector<QPointF> plotted = plot.plottedPoints(run, QStringLiteral("loss"));
    QCOMPARE(qint64(plotted.size()), kTotal);
    QCOMPARE(plotted.last().x(), double(kTotal));
    const QVector<QPointF> file = fileSeries(metrics, QStringLiteral("loss"));
    QCOMPARE(file.size(), plotted.size());
    for (int i = 0; i < file.size(); i += 997)
        QCOMPARE(plotted[i].y(), file[i].y());
    QCOMPARE(plotted.last().y(), file.last().y());

    qInfo("1,000,000 lines followed in %.1f s; longest GUI-thread stall while following: %.1f ms; "
          "full replot of 2 x 1,000,000 points: %.1f ms (longest stall %.1f ms)",
          followSeconds, stallFollowing, replotMs, stallReplot);
    QVERIFY2(stallFollowing < 50, qPrintable(QStringLiteral("longest stall %1 ms").arg(stallFollowing)));
}

void TestRunMonitor::failedRunShowsReason_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<QString>("reason");
    QTest::newRow("trainer says why") << QStringLiteral("status")
                                      << QStringLiteral("the loss was not finite for 10 steps in a row at step 4200");
    QTest::newRow("trainer vanished") << QStringLiteral("vanished") << QStringLiteral("ended without saying why");
}

void TestRunMonitor::failedRunShowsReason()
{
    QFETCH(QString, how);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    FakeRunWriter w(dir.path(), {});
    w.writeConfig();
    w.appendSteps(0, 4200);
    if (how == QLatin1String("status")) {
        w.append(w.eventLine(4200, QStringLiteral("failed"), reason));
        w.writeStatus(QStringLiteral("failed"), 4200, reason, 0, localHostName());
    } else {
        // "running" with the pid of a process that has ended, on this host.
        QProcess gone;
        gone.start(QStringLiteral("true"), {});
        QVERIFY(gone.waitForStarted());
        const qint64 pid = gone.processId();
        QVERIFY(gone.waitForFinished());
        QVERIFY(!processAlive(pid));
        w.writeStatus(QStringLiteral("running"), 4200, {}, pid, localHostName());
    }
    RunsModel model;
    model.setPollInterval(20);
    const int row = model.addRun(dir.path());
    QVERIFY(waitFor([&] { return model.monitor(row)->caughtUp() && model.monitor(row)->linesRead() > 400; }, 10000));
    model.monitor(row)->checkLiveness();
    const QString status = model.index(row, RunsModel::StatusColumn).data().toString();
    QVERIFY2(status.startsWith(QStringLiteral("failed")), qPrintable(status));
    QVERIFY2(status.contains(reason), qPrintable(status));
    QCOMPARE(model.index(row, 0).data(RunsModel::StateRole).toString(), QStringLiteral("failed"));
    RunView view;
    view.setRun(model.monitor(row));
    QVERIFY(view.statusText().contains(reason));
    QCOMPARE(model.index(row, RunsModel::StepColumn).data().toString(), QStringLiteral("4200 / 20000"));
}

void TestRunMonitor::remoteRunGoesStale()
{
    RunStatus s;
    s.state = QStringLiteral("running");
    s.host = QStringLiteral("gpu-node-17.example");
    s.pid = 1; // exists here, but it is the other machine's pid
    const QDateTime now = QDateTime::currentDateTimeUtc();
    s.updated = now.addSecs(-60);
    QString reason;
    QCOMPARE(effectiveRunState(s, &reason, now), QStringLiteral("running"));
    s.updated = now.addSecs(-40 * 60);
    QCOMPARE(effectiveRunState(s, &reason, now), QStringLiteral("failed"));
    QVERIFY(reason.contains(QStringLiteral("gpu-node-17.example")));
    QVERIFY(reason.contains(QStringLiteral("40 minutes")));
}

void TestRunMonitor::examplesHighlightDifferences()
{
    QTemporaryDir dir;
    FakeRunWriter::Options o;
    o.objective = QStringLiteral("ctc");
    FakeRunWriter w(dir.path(), o);
    w.writeConfig();
    w.appendSteps(0, 1000);
    w.append(R"({"type": "eval", "step": 1000, "time": 800, "per": 0.5, "examples": [{"language": "deu", "reference": "h a l o", "hypothesis": "h e l o x"}]})"
             "\n");
    RunMonitor run(dir.path(), nullptr, {}, 20);
    RunView view;
    view.setRun(&run);
    QVERIFY(waitFor([&] { return run.caughtUp() && run.examplesStep() == 1000; }, 10000));
    QCOMPARE(run.examples().size(), 1);
    QString ref;
    QString hyp;
    int errors = 0;
    diffHtml(QStringLiteral("h a l o"), QStringLiteral("h e l o x"), false, &ref, &hyp, &errors);
    QCOMPARE(errors, 2); // a -> e, x inserted
    const QString html = view.examplesHtml();
    QVERIFY(html.contains(QStringLiteral("background-color:#ffd8a8")));
    QVERIFY(html.contains(QStringLiteral("background-color:#c3fac8")));
    QVERIFY(html.contains(QStringLiteral("2/4")));
    // Dev error rates per language reach the plot group.
    RunPlot plot;
    plot.setRuns({&run});
    plot.setGroup(QStringLiteral("dev_error"));
    QVERIFY(plot.curveCount() >= 4); // dev/per, dev/wer, dev/per/<lang>, dev/wer/<lang>...
}

void TestRunMonitor::overlayAndExport()
{
    QTemporaryDir dir;
    FakeRunWriter a(dir.path() + QStringLiteral("/a"), {});
    FakeRunWriter::Options slower;
    slower.secondsPerStep = 1.3;
    FakeRunWriter b(dir.path() + QStringLiteral("/b"), slower);
    for (FakeRunWriter *w : {&a, &b}) {
        w->writeConfig();
        w->appendSteps(0, 2000);
    }
    RunMonitor ra(a.dir(), nullptr, {}, 20);
    RunMonitor rb(b.dir(), nullptr, {}, 20);
    QVERIFY(waitFor([&] { return ra.caughtUp() && rb.caughtUp() && ra.linesRead() > 200 && rb.linesRead() > 200; }, 10000));
    RunPlot plot;
    plot.resize(800, 500);
    plot.setRuns({&ra, &rb});
    plot.setGroup(QStringLiteral("perplexity"));
    QCOMPARE(plot.curveCount(), 2 * 4); // 2 runs x (code + prob) x 2 groups
    // Distinct colours per run.
    QCustomPlot *p = plot.plot();
    QSet<QRgb> colours;
    for (int i = 0; i < p->graphCount(); ++i)
        colours.insert(p->graph(i)->pen().color().rgb());
    QVERIFY(colours.size() >= 2);

    const QString png = dir.path() + QStringLiteral("/plot.png");
    const QString pdf = dir.path() + QStringLiteral("/plot.pdf");
    const QString csv = dir.path() + QStringLiteral("/plot.csv");
    QVERIFY(plot.exportPng(png));
    QVERIFY(plot.exportPdf(pdf));
    QString error;
    QVERIFY2(plot.exportCsv(csv, &error), qPrintable(error));
    QVERIFY(QFileInfo(png).size() > 1000);
    QVERIFY(QFileInfo(pdf).size() > 1000);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    QCOMPARE(lines.first(), QByteArray("run,series,step,time,epoch,value,smoothed"));
    QCOMPARE(lines.size() - 2, 2 * 4 * 200); // header, trailing newline
    QVERIFY(lines[1].startsWith("a,code_perplexity[0],10,"));
}

QTEST_MAIN(TestRunMonitor)
#include "test_runmonitor.moc"
