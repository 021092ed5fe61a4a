#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QString>

#include "transcriptionmodel.h"
#include "waveform.h"

#include <atomic>
#include <memory>
#include <vector>

class QCustomPlot;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace fieldbench {

class WaveformPlottable;

// Transcribe selected segments of the project with a CTC model folder, review the result
// next to the waveform (tokens drawn at their CTC times), correct it in the table, and save
// it into the project as a transcript tier (Project::setTranscripts: one transaction).
//
// The transcription runs on a pool thread (QtConcurrent) with its own Transcriber; progress
// and results come back queued to this dialog. Cancel sets an atomic flag checked between
// batches; the destructor cancels and waits, so no job outlives the dialog. Opened with
// show()/open(), never exec(). GUI thread only.
class TranscribeDialog : public QDialog
{
    Q_OBJECT

public:
    TranscribeDialog(const QString &projectDir, std::vector<TranscriptionModel::Row> rows, QWidget *parent = nullptr);
    ~TranscribeDialog() override;

    void setModelDir(const QString &dir);
    QString modelDir() const;
    void setBeamSize(int beam); // 0: greedy
    void setTier(const QString &tier);
    QString tier() const;

    // Starts transcribing every row; false (and message()) when the model folder is missing
    // or a job is running.
    bool start();
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }
    // Stores the corrected transcripts of transcribed rows on tier(); false (and message())
    // on failure, when nothing was stored.
    bool save();

    TranscriptionModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString message() const;
    bool hasWaveform() const { return m_waveform != nullptr; }

signals:
    void transcriptionFinished(); // done, failed or cancelled: see message()
    void saved(int segments);
    void waveformShown();

private:
    struct JobResult
    {
        QString error;
        bool cancelled = false;
    };

    void onCurrentChanged();
    void onJobFinished();
    void onWaveformReady();
    void setMessage(const QString &text, bool error);
    void updateButtons();
    void drawTokens();

    QString m_projectDir;
    TranscriptionModel *m_model;
    std::atomic<bool> m_cancel{false}; // read by the job between batches
    QFutureWatcher<JobResult> m_watcher;
    QFutureWatcher<Waveform> m_waveWatcher;
    std::shared_ptr<const Waveform> m_waveform;
    int m_waveRow = -1;

    QLineEdit *m_modelDir;
    QSpinBox *m_beam;
    QLineEdit *m_tier;
    QPushButton *m_start;
    QPushButton *m_cancelButton;
    QPushButton *m_save;
    QProgressBar *m_progress;
    QLabel *m_message;
    QTableView *m_view;
    QCustomPlot *m_plot;
    WaveformPlottable *m_wave = nullptr; // owned by m_plot
};

} // namespace fieldbench
