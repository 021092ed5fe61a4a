// TranscribeDialog end to end (offscreen): segments selected in the main window's corpus
// browser are transcribed on a pool thread with a CTC model folder (made by fieldbench-cli),
// the table fills, the waveform shows, a correction is typed, and saving stores the tier in
// the project in one transaction; the event loop keeps running meanwhile.

#include "corpusbrowser.h"
#include "corpusmodel.h"
#include "mainwindow.h"
#include "transcribedialog.h"
#include "transcriptionmodel.h"
#include "testdata.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/importer.h"
#include "fieldbench/corpus/project.h"

#include <QDir>
#include <QItemSelectionModel>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace fieldbench;
using namespace fieldbench::testing;

class TestTranscribeDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project, m_model;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FieldbenchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_transcribedialog"));
        QSettings().clear();
        QVERIFY(m_tmp.isValid());
        const QString src = m_tmp.filePath("src");
        QDir().mkpath(src);
        for (int i = 0; i < 3; ++i) {
            writeAudio(toPath(QStringLiteral("%1/r%2.wav").arg(src).arg(i)), sine(180.0 + 40 * i, 1.5, 16000), 16000);
            QVERIFY(writeBytes(QStringLiteral("%1/r%2.txt").arg(src).arg(i), "kaka"));
        }
        m_project = m_tmp.filePath("project");
        Project project = Project::create(toPath(m_project), "t");
        ImportOptions options;
        options.language = "ain";
        QCOMPARE(Importer(project, options).run({toPath(src)}).imported, 3);
        // A random-init CTC model with a 32-token vocabulary.
        m_model = m_tmp.filePath("model");
        QString error;
        QVERIFY2(run({cliPath(), "model", "init", "--preset", "tiny", "--architecture", "ctc", "--out", m_model}, &error),
                 qPrintable(error));
        QByteArray vocab = "{\"<pad>\": 0, \"<unk>\": 1, \"|\": 2";
        for (int i = 3; i < 32; ++i)
            vocab += QStringLiteral(", \"%1\": %2").arg(QStringLiteral("abcdefghijklmnopqrstuvwxyzABC").at(i - 3)).arg(i).toUtf8(); // no "|" twice
        QVERIFY(writeBytes(m_model + "/vocab.json", vocab + "}"));
    }

    void transcribeReviewCorrectSave()
    {
        MainWindow window;
        QVERIFY(window.openProject(m_project));
        window.show();
        // Select every segment in the browser.
        QTableView *view = window.corpusBrowser()->view();
        view->selectAll();
        TranscribeDialog *dialog = window.openTranscribeDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->model()->rowCount(), 3);
        QVERIFY(!dialog->start()); // no model chosen yet
        QVERIFY(dialog->message().contains("model folder"));
        dialog->setModelDir(m_model);
        QSignalSpy finished(dialog, &TranscribeDialog::transcriptionFinished);
        // The GUI thread keeps serving events while the job runs.
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, [&] { ++ticks; });
        timer.start(5);
        QVERIFY(dialog->start());
        QVERIFY(dialog->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QVERIFY2(ticks > 0, "event loop blocked");
        QVERIFY2(dialog->message().startsWith("Done"), qPrintable(dialog->message()));
        QTRY_VERIFY(dialog->model()->rows()[2].done); // queued results delivered
        for (const auto &r : dialog->model()->rows())
            QVERIFY(r.done);
        QTRY_VERIFY(dialog->hasWaveform());

        // Correct the first row in the table and save.
        const QModelIndex cell = dialog->model()->index(0, TranscriptionModel::TranscriptColumn);
        QVERIFY(dialog->model()->flags(cell) & Qt::ItemIsEditable);
        QVERIFY(dialog->model()->setData(cell, QStringLiteral("  kaka   kiki ")));
        QCOMPARE(dialog->model()->row(0).corrected, QStringLiteral("kaka kiki"));
        dialog->setTier(QStringLiteral("asr"));
        QSignalSpy saved(dialog, &TranscribeDialog::saved);
        QVERIFY2(dialog->save(), qPrintable(dialog->message()));
        QCOMPARE(saved.count(), 1);

        // The project has the tier; the browser shows it after the reload.
        const Project project = Project::open(toPath(m_project));
        int found = 0;
        for (const SegmentRow &row : project.segmentRows())
            for (const Transcript &t : row.transcripts)
                if (t.tier == "asr") {
                    ++found;
                    if (row.segmentId == dialog->model()->row(0).segmentId)
                        QCOMPARE(QString::fromStdString(t.text), QStringLiteral("kaka kiki"));
                    else
                        QCOMPARE(QString::fromStdString(t.text), dialog->model()->row(dialog->model()->rowOfSegment(row.segmentId)).hypothesis);
                }
        // Empty hypotheses (a random model may say nothing) store no row: count the rest.
        int expected = 0;
        for (const auto &r : dialog->model()->rows())
            expected += !r.corrected.isEmpty();
        QCOMPARE(found, expected);
        QVERIFY(window.corpusBrowser()->model()->tierColumn("asr") >= 0);
        const QString dir = qEnvironmentVariable("FIELDBENCH_SCREENSHOTS");
        if (!dir.isEmpty())
            dialog->grab().save(dir + "/transcribe-dialog.png");
    }

    void closingDuringAJobCancelsIt()
    {
        std::vector<TranscriptionModel::Row> rows;
        const Project project = Project::open(toPath(m_project));
        for (const SegmentRow &r : project.segmentRows()) {
            TranscriptionModel::Row row;
            row.segmentId = r.segmentId;
            row.audioFile = QString::fromStdString(project.absolute(r.audioFile).string());
            row.start = r.start;
            row.end = r.end;
            rows.push_back(row);
        }
        auto *dialog = new TranscribeDialog(m_project, rows);
        dialog->setModelDir(m_model);
        QVERIFY(dialog->start());
        delete dialog; // cancels and waits; must neither crash nor hang
        // A model folder that is not a CTC model fails with a message, not a crash.
        TranscribeDialog bad(m_project, rows);
        bad.setModelDir(m_tmp.filePath("src"));
        QVERIFY(!bad.start());
        QString error;
        QVERIFY(run({cliPath(), "model", "init", "--preset", "tiny", "--out", m_tmp.filePath("pt")}, &error));
        bad.setModelDir(m_tmp.filePath("pt"));
        QSignalSpy finished(&bad, &TranscribeDialog::transcriptionFinished);
        QVERIFY(bad.start());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QVERIFY2(bad.message().contains("CTC"), qPrintable(bad.message()));
    }
};

QTEST_MAIN(TestTranscribeDialog)
#include "test_transcribedialog.moc"
