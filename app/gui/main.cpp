// fieldbench: the desktop application. Command line:
//   fieldbench [PROJECT_DIR] [--screenshot FILE [--screenshot-delay MS]] [--fake-audio]
//              [--record-demo] [--language LANG]
//              [--analysis-report REPORT_JSON [--analysis-tab N]] [--training] [--open-run RUN_DIR]...
// --analysis-report opens the codebook-sharing page on a report `fieldbench-cli analyze
// codebook` wrote (tab N: 0 overview, 1 shared units, 2 genealogy); --screenshot then grabs
// that page.
// --screenshot grabs the main window once the project and the first segment's waveform
// are shown, writes FILE (PNG) and quits; for documentation and for looking at the GUI
// on a headless machine (xvfb-run). The interface language is the one chosen in Settings
// (QSettings "ui/language"), else the system locale's; --language overrides both.
// --training shows the Training window (runs, live plots), --open-run follows a run folder
// there; with --screenshot, that window is grabbed.

#include "codebookpage.h"
#include "mainwindow.h"
#include "recordingdialog.h"
#include "segmentdetails.h"
#include "uilanguage.h"
#include "trainingwindow.h"

#include "fieldbench/util/runtime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

#include <cstdio>

namespace {

// The value of --language LANG / --language=LANG, looked up before QCommandLineParser runs
// because the parser's own help text is translated.
QString languageArgument(const QStringList &arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments[i];
        if (a == QLatin1String("--language") && i + 1 < arguments.size())
            return arguments[i + 1];
        if (a.startsWith(QLatin1String("--language=")))
            return a.mid(int(qstrlen("--language=")));
    }
    return QString();
}

} // namespace

int main(int argc, char *argv[])
{
    fieldbench::initialiseRuntime();

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Fieldbench"));
    QApplication::setApplicationName(QStringLiteral("Fieldbench"));
    QApplication::setApplicationVersion(QStringLiteral(FIELDBENCH_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.fieldbench.Fieldbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/fieldbench-256.png")));
    const QString language = languageArgument(QApplication::arguments());
    fieldbench::UiLanguage::install(&app, language.isEmpty() ? fieldbench::UiLanguage::setting() : language);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Workbench for speech and text models of low-resource languages."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QApplication::translate("main", "Project folder to open."),
                                 QStringLiteral("[PROJECT_DIR]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save a PNG of the window once it is loaded, then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshotDelay(
        QStringLiteral("screenshot-delay"),
        QApplication::translate("main", "Extra milliseconds to wait before the screenshot (default 300)."),
        QStringLiteral("MS"), QStringLiteral("300"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QApplication::translate("main", "Window size, e.g. 1500x900."),
                                  QStringLiteral("WxH"));
    const QCommandLineOption fakeAudio(
        QStringLiteral("fake-audio"),
        QApplication::translate("main", "Record a deterministic test signal instead of a sound card (demos, tests)."));
    const QCommandLineOption recordDemo(
        QStringLiteral("record-demo"),
        QApplication::translate("main", "Open a recording session on the project and record a demo take; with "
                                        "--screenshot, the session window is saved."));
    parser.addOption(fakeAudio);
    parser.addOption(recordDemo);
    const QCommandLineOption languageOption(
        QStringLiteral("language"),
        QApplication::translate("main", "Interface language for this run, e.g. es or pt_BR (en: English)."),
        QStringLiteral("LANG"));
    parser.addOption(screenshot);
    parser.addOption(screenshotDelay);
    parser.addOption(size);
    parser.addOption(languageOption);
    const QCommandLineOption analysisReport(
        QStringLiteral("analysis-report"),
        QApplication::translate("main", "Open the codebook-sharing page on this report.json."), QStringLiteral("FILE"));
    const QCommandLineOption analysisTab(QStringLiteral("analysis-tab"),
                                         QApplication::translate("main", "Tab of the codebook page to show."),
                                         QStringLiteral("N"), QStringLiteral("0"));
    parser.addOption(analysisReport);
    parser.addOption(analysisTab);
    const QCommandLineOption training(QStringLiteral("training"),
                                      QApplication::translate("main", "Show the Training window (runs and live plots)."));
    const QCommandLineOption openRun(QStringLiteral("open-run"),
                                     QApplication::translate("main", "Follow a training run folder (repeatable)."),
                                     QStringLiteral("RUN_DIR"));
    parser.addOption(training);
    parser.addOption(openRun);
    parser.process(app);

    fieldbench::MainWindow window;
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty())
        window.openProject(QDir(positional.first()).absolutePath());

    QWidget *shown = &window;
    if (parser.isSet(analysisReport)) {
        fieldbench::CodebookPage *page = window.openCodebookPage();
        page->openReport(parser.value(analysisReport));
        page->setCurrentTab(parser.value(analysisTab).toInt());
        shown = page;
    }

    if (parser.isSet(training) || parser.isSet(openRun)) {
        fieldbench::TrainingWindow *runs = window.trainingWindow();
        if (parser.isSet(size))
            runs->resize(window.size());
        runs->show();
        QList<int> rows;
        for (const QString &dir : parser.values(openRun))
            rows << runs->openRunFolder(QDir(dir).absolutePath());
        rows.removeAll(-1);
        if (!rows.isEmpty())
            runs->selectRuns(rows);
        shown = runs;
    }

    if (parser.isSet(fakeAudio))
        fieldbench::RecordingDialog::setFakeAudio(true);
    if (parser.isSet(recordDemo)) {
        fieldbench::RecordingDialog *dialog = window.openRecordingSession();
        if (!dialog)
            return 1;
        if (parser.isSet(screenshot)) {
            const QString file = parser.value(screenshot);
            QObject::connect(dialog, &fieldbench::RecordingDialog::demoReady, dialog, [dialog, file] {
                const bool ok = dialog->grab().save(file, "PNG");
                std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "wrote" : "cannot write", qPrintable(file));
                QApplication::exit(ok ? 0 : 1);
            });
        }
        dialog->runDemo(2.5);
    } else if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        const int delay = parser.value(screenshotDelay).toInt();
        auto grab = [shown, file] {
            const bool ok = shown->grab().save(file, "PNG");
            std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "wrote" : "cannot write", qPrintable(file));
            QApplication::exit(ok ? 0 : 1);
        };
        fieldbench::SegmentDetails *details = window.segmentDetails();
        if (shown == &window && details->segmentId() != 0 && !details->hasWaveform()) {
            QObject::connect(details, &fieldbench::SegmentDetails::waveformLoaded, &window,
                             [grab, delay] { QTimer::singleShot(delay, grab); });
            QTimer::singleShot(20000, grab); // in case the waveform never loads
        } else {
            QTimer::singleShot(delay + 500, grab);
        }
    }
    return app.exec();
}
