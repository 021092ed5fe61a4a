// fieldbench: the desktop application. Command line:
//   fieldbench [PROJECT_DIR] [--screenshot FILE [--screenshot-delay MS]]
//              [--training] [--open-run RUN_DIR]...
// --screenshot grabs the main window once the project and the first segment's waveform
// are shown, writes FILE (PNG) and quits; for documentation and for looking at the GUI
// on a headless machine (xvfb-run). --training shows the Training window (runs, live plots),
// --open-run follows a run folder there; with --screenshot, that window is grabbed.

#include "mainwindow.h"
#include "segmentdetails.h"
#include "trainingwindow.h"

#include "fieldbench/util/runtime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

namespace {

// Qt's own strings and Fieldbench's (embedded under :/i18n by fieldbench-widgets).
void installTranslations(QApplication &app)
{
    const QLocale locale;
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("fieldbench"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
}

} // namespace

int main(int argc, char *argv[])
{
    fieldbench::initialiseRuntime();

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Fieldbench"));
    QApplication::setApplicationName(QStringLiteral("Fieldbench"));
    QApplication::setApplicationVersion(QStringLiteral(FIELDBENCH_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/fieldbench-256.png")));
    installTranslations(app);

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
    parser.addOption(screenshot);
    parser.addOption(screenshotDelay);
    parser.addOption(size);
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

    if (parser.isSet(screenshot)) {
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
