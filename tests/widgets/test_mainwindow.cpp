// MainWindow end to end on the offscreen platform: files dropped on the window go through
// the ImportDialog (answered programmatically) and the ImportController's worker thread
// into the project and end up as rows in the corpus browser; the GUI thread keeps running
// its event loop during an import of 200 files.

#include "corpusbrowser.h"
#include "corpusmodel.h"
#include "importcontroller.h"
#include "importdialog.h"
#include "importreportdialog.h"
#include "languagemodel.h"
#include "mainwindow.h"
#include "segmentdetails.h"
#include "testdata.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/audio/audiooutput.h"
#include "fieldbench/corpus/importer.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/util/error.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QToolButton>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace fieldbench;
using fieldbench::testing::sine;
using fieldbench::testing::toPath;
using fieldbench::testing::writeBytes;

namespace {

// An output whose play() fails the way a machine without a sound card does.
class NoDeviceOutput : public AudioOutput
{
public:
    void play(std::vector<float>, int) override { throw Error("no audio output device found"); }
    void stop() override {}
    bool isPlaying() const override { return false; }
    double position() const override { return 0; }
};

QMimeData *urlsOf(const QStringList &paths)
{
    auto *mime = new QMimeData;
    QList<QUrl> urls;
    for (const QString &p : paths)
        urls << QUrl::fromLocalFile(p);
    mime->setUrls(urls);
    return mime;
}

// Sends a drag-enter and a drop of `paths` to `target` the way the platform's drag manager
// does; QApplication forwards them to the nearest parent that accepts drops.
bool dropOn(QWidget *target, const QStringList &paths)
{
    std::unique_ptr<QMimeData> mime(urlsOf(paths));
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

// Runs a real event loop (no sleeps, unlike QTest::qWait) until `done` or the timeout.
bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start();
    loop.exec();
    return done();
}

// With FIELDBENCH_SCREENSHOTS=DIR set, saves a PNG of `widget` there (to look at dialogs).
void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("FIELDBENCH_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void dropWithoutProjectExplains();
    void dropFilesImportsThroughDialog();
    void dropAgainCountsDuplicates();
    void playWithoutDeviceShowsMessage();
    void importReportListsFailures();
    void dropProjectFolderOpensIt();
    void recentProjects();
    void eventLoopStaysResponsive();
    void cancelStopsImport();

private:
    QString makeFiles(const QString &folder, int count, double seconds);

    QTemporaryDir m_tmp;
    QString m_project;
    QStringList m_files;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
    QCoreApplication::setOrganizationName(QStringLiteral("FieldbenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_mainwindow"));
    QSettings().clear();
    QVERIFY(m_tmp.isValid());
    m_project = m_tmp.filePath(QStringLiteral("project"));

    const QString src = m_tmp.filePath(QStringLiteral("drop"));
    QVERIFY(QDir().mkpath(src));
    writeAudio(toPath(src + "/uno.wav"), sine(220, 1.0, 16000), 16000);
    QVERIFY(writeBytes(src + "/uno.txt", "uno dos tres\n"));
    writeAudio(toPath(src + "/dos.flac"), sine(330, 0.6, 44100), 44100);
    QVERIFY(writeBytes(src + "/dos.txt", "cuatro cinco\n"));
    writeAudio(toPath(src + "/tres.wav"), sine(440, 0.8, 8000), 8000);
    m_files = QStringList{src + "/uno.wav", src + "/uno.txt", src + "/dos.flac", src + "/dos.txt", src + "/tres.wav"};

    // A project holding those files, for the tests that start from an existing project
    // (each test function can run alone).
    Project project = Project::create(toPath(m_project), "test");
    ImportOptions options;
    options.language = "spa";
    options.speaker = "Marta";
    std::vector<std::filesystem::path> inputs;
    for (const QString &file : m_files)
        inputs.push_back(toPath(file));
    const ImportSummary summary = Importer(project, options).run(inputs);
    QCOMPARE(summary.imported, 3);
}

QString TestMainWindow::makeFiles(const QString &folder, int count, double seconds)
{
    // Small files in a few formats and rates, each with different content (no duplicates).
    const QString dir = m_tmp.filePath(folder);
    QDir().mkpath(dir);
    static const char *const extensions[] = {"wav", "flac", "ogg"};
    static const int rates[] = {16000, 22050, 44100, 8000};
    for (int i = 0; i < count; ++i) {
        const QString path = QStringLiteral("%1/tone_%2.%3").arg(dir).arg(i, 3, 10, QLatin1Char('0')).arg(extensions[i % 3]);
        writeAudio(toPath(path), sine(200.0 + 7.0 * i, seconds, rates[i % 4]), rates[i % 4]);
    }
    return dir;
}

void TestMainWindow::dropWithoutProjectExplains()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(dropOn(&window, m_files));
    QTRY_VERIFY(window.findChild<QMessageBox *>(QStringLiteral("errorBox")));
    QVERIFY(!window.importDialog());
    QVERIFY(!window.importController()->isRunning());
}

void TestMainWindow::dropFilesImportsThroughDialog()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.createProject(m_tmp.filePath(QStringLiteral("drop-project"))));
    QCOMPARE(window.corpusBrowser()->model()->rowCount(), 0);

    QSettings().remove(QStringLiteral("import/language"));
    // Dropped on the table's viewport: the main window handles drops anywhere on it.
    QVERIFY(dropOn(window.corpusBrowser()->view()->viewport(), m_files));
    QTRY_VERIFY(window.importDialog());
    ImportDialog *dialog = window.importDialog();
    QCOMPARE(dialog->paths(), m_files);
    QVERIFY(dialog->languageCode().isEmpty()); // nothing remembered: the user must choose
    dialog->setLanguageQuery(QStringLiteral("Spanish"));
    QCOMPARE(dialog->languageCode(), QStringLiteral("spa"));
    dialog->setSpeaker(QStringLiteral("Marta"));
    screenshot(dialog, QStringLiteral("importdialog"));

    QSignalSpy finished(&window, &MainWindow::importFinished);
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const ImportSummary summary = window.lastImportSummary();
    QCOMPARE(summary.imported, 3);
    QCOMPARE(summary.failed, 0);
    QVERIFY(!window.importController()->isRunning());

    // The rows are in the browser, with transcripts, language and speaker.
    CorpusModel *model = window.corpusBrowser()->model();
    QCOMPARE(model->rowCount(), 3);
    QStringList texts;
    for (int row = 0; row < model->rowCount(); ++row) {
        QCOMPARE(model->index(row, CorpusModel::LanguageColumn).data().toString(), QStringLiteral("Spanish"));
        QCOMPARE(model->index(row, CorpusModel::SpeakerColumn).data().toString(), QStringLiteral("Marta"));
        texts << model->index(row, model->tierColumn(QStringLiteral("text"))).data().toString();
    }
    QVERIFY(texts.contains(QStringLiteral("uno dos tres")));
    QVERIFY(texts.contains(QStringLiteral("cuatro cinco")));
    QCOMPARE(window.languageModel()->rowCount(), 1);
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("3 imported")));

    // The first row is selected and its waveform loads.
    QVERIFY(window.segmentDetails()->segmentId() != 0);
    QTRY_VERIFY(window.segmentDetails()->hasWaveform());
}

void TestMainWindow::dropAgainCountsDuplicates()
{
    MainWindow window;
    window.show();
    QVERIFY(window.openProject(m_project));
    QCOMPARE(window.corpusBrowser()->model()->rowCount(), 3);

    QSettings().setValue(QStringLiteral("import/language"), QStringLiteral("spa"));
    QVERIFY(dropOn(&window, m_files));
    QTRY_VERIFY(window.importDialog());
    // The last language is remembered.
    QCOMPARE(window.importDialog()->languageCode(), QStringLiteral("spa"));
    QSignalSpy finished(&window, &MainWindow::importFinished);
    window.importDialog()->accept();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(window.lastImportSummary().imported, 0);
    QCOMPARE(window.lastImportSummary().duplicates, 3);
    QCOMPARE(window.corpusBrowser()->model()->rowCount(), 3);
}

void TestMainWindow::playWithoutDeviceShowsMessage()
{
    MainWindow window;
    window.show();
    QVERIFY(window.openProject(m_project));
    SegmentDetails *details = window.segmentDetails();
    QTRY_VERIFY(details->hasWaveform());

    details->setAudioOutput(std::make_unique<NoDeviceOutput>());
    details->play(); // must not throw
    QVERIFY2(details->message().contains(QStringLiteral("no audio output device found")),
             qPrintable(details->message()));
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("no audio output device found")));

    // The real output: either it plays (a machine with a sound card) or it says why not.
    details->setAudioOutput(createAudioOutput());
    details->play();
    details->stop();
}

void TestMainWindow::importReportListsFailures()
{
    const QString dir = m_tmp.filePath(QStringLiteral("bad"));
    QVERIFY(writeBytes(dir + "/broken.wav", QByteArray("RIFF\x10\0\0\0WAVEjunk", 16) + QByteArray(64, 'x')));
    writeAudio(toPath(dir + "/fine.wav"), sine(523, 0.4, 16000), 16000);

    MainWindow window;
    window.show();
    QVERIFY(window.createProject(m_tmp.filePath(QStringLiteral("report-project"))));
    QSignalSpy finished(&window, &MainWindow::importFinished);
    ImportOptions options;
    options.language = "spa";
    QVERIFY(window.startImport({dir}, options));
    QVERIFY(!window.startImport({dir}, options)); // one import at a time
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);

    const ImportSummary summary = window.lastImportSummary();
    QCOMPARE(summary.imported, 1);
    QCOMPARE(summary.failed, 1);
    QTRY_VERIFY(window.importReport());
    ImportReportDialog *report = window.importReport();
    QVERIFY(report->isVisible());
    screenshot(report, QStringLiteral("importreport"));
    QVERIFY(report->issueCount() >= 1);
    bool namesFile = false;
    for (int row = 0; row < report->issueCount(); ++row)
        namesFile = namesFile || report->issueView()->model()->index(row, 1).data().toString().endsWith(QStringLiteral("broken.wav"));
    QVERIFY(namesFile);
    QCOMPARE(ImportReportDialog::summaryText(summary).left(40),
             QStringLiteral("1 imported, 0 duplicates, 0 skipped, 1 failed").left(40));
    QCOMPARE(window.corpusBrowser()->model()->rowCount(), 1);
}

void TestMainWindow::dropProjectFolderOpensIt()
{
    MainWindow window;
    window.show();
    QVERIFY(!window.hasProject());
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    QVERIFY(dropOn(&window, {m_project}));
    QTRY_COMPARE(opened.count(), 1);
    QVERIFY(window.hasProject());
    QVERIFY(!window.importDialog());
    QCOMPARE(window.corpusBrowser()->model()->rowCount(), 3);
}

void TestMainWindow::recentProjects()
{
    MainWindow window;
    QVERIFY(window.openProject(m_project));
    const QStringList recent = QSettings().value(QStringLiteral("recentProjects")).toStringList();
    QVERIFY(!recent.isEmpty());
    QCOMPARE(recent.first(), QFileInfo(m_project).canonicalFilePath());
}

void TestMainWindow::eventLoopStaysResponsive()
{
    constexpr int kFiles = 200;
    QElapsedTimer made;
    made.start();
    const QString dir = makeFiles(QStringLiteral("many"), kFiles, 2.0);
    qInfo("made %d files in %lld ms", kFiles, made.elapsed());

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.createProject(m_tmp.filePath(QStringLiteral("many-project"))));

    // A 5 ms timer on the GUI thread; the longest gap between its ticks is how long the
    // event loop was blocked. FIELDBENCH_STALL_DEBUG=1 prints every gap over 12 ms and the
    // phases of the import.
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 maxGap = 0;
    int ticks = 0;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(5);
    connect(&timer, &QTimer::timeout, this, [&] {
        const qint64 now = clock.nsecsElapsed();
        maxGap = std::max(maxGap, now - last);
        if (now - last > 12000000 && qEnvironmentVariableIsSet("FIELDBENCH_STALL_DEBUG"))
            qInfo("gap %.1f ms ending at %.1f ms", (now - last) / 1e6, now / 1e6);
        last = now;
        ++ticks;
    });
    QSignalSpy finished(&window, &MainWindow::importFinished);
    clock.start();
    timer.start();

    // The whole user path: drop, dialog, import, reload; the test waits in a real event
    // loop so that only the application can delay the timer.
    const bool debug = qEnvironmentVariableIsSet("FIELDBENCH_STALL_DEBUG");
    QVERIFY(dropOn(&window, {dir}));
    QVERIFY(spinUntil([&] { return window.importDialog() != nullptr; }, 10000));
    if (debug)
        qInfo("dialog shown at %.1f ms", double(clock.nsecsElapsed()) / 1e6);
    window.importDialog()->setLanguageQuery(QStringLiteral("es"));
    QCOMPARE(window.importDialog()->languageCode(), QStringLiteral("spa"));
    window.importDialog()->accept();
    if (debug)
        qInfo("accepted at %.1f ms", double(clock.nsecsElapsed()) / 1e6);
    QVERIFY(spinUntil([&] { return finished.count() > 0; }, 240000));
    if (debug)
        qInfo("finished at %.1f ms", double(clock.nsecsElapsed()) / 1e6);
    // Include the reload, the repaint and the first waveform load.
    QVERIFY(spinUntil([&] { return window.segmentDetails()->hasWaveform(); }, 10000));
    spinUntil([] { return false; }, 50);
    timer.stop();

    const double maxGapMs = double(maxGap) / 1e6;
    qInfo("import of %d files: %.0f ms, %d timer ticks, longest GUI event-loop stall %.1f ms",
          kFiles, double(clock.nsecsElapsed()) / 1e6, ticks, maxGapMs);
    QCOMPARE(window.lastImportSummary().imported, kFiles);
    QCOMPARE(window.corpusBrowser()->model()->rowCount(), kFiles);
    QVERIFY2(maxGapMs < 100.0, qPrintable(QStringLiteral("GUI thread stalled for %1 ms").arg(maxGapMs)));
}

void TestMainWindow::cancelStopsImport()
{
    const QString dir = makeFiles(QStringLiteral("cancel"), 60, 2.0);
    auto window = std::make_unique<MainWindow>();
    QVERIFY(window->createProject(m_tmp.filePath(QStringLiteral("cancel-project"))));
    QSignalSpy finished(window.get(), &MainWindow::importFinished);
    ImportOptions options;
    options.language = "ita";
    QVERIFY(window->startImport({dir}, options));
    // Cancel at once, before the worker can have decoded 60 files of 2 s.
    window->findChild<QToolButton *>(QStringLiteral("cancelImport"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const ImportSummary summary = window->lastImportSummary();
    qInfo("cancelled after %d of 60 files", summary.imported);
    QVERIFY(summary.cancelled);
    QVERIFY(summary.imported < 60);
    QCOMPARE(window->corpusBrowser()->model()->rowCount(), summary.imported);

    // Destroying the window while an import runs cancels it and joins the thread.
    QVERIFY(window->startImport({dir}, options));
    QTest::qWait(20);
    QElapsedTimer closing;
    closing.start();
    window.reset();
    qInfo("window destroyed during an import in %lld ms", closing.elapsed());
    QVERIFY(closing.elapsed() < 5000);
}

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
