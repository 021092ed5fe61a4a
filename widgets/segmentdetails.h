#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include "corpusmodel.h"
#include "waveform.h"

#include <memory>

class QCPItemStraightLine;
class QCustomPlot;
class QFormLayout;
class QLabel;
class QPushButton;
class QTimer;

namespace fieldbench {

class AudioOutput;
class WaveformPlottable;

// The selected segment: where it comes from, its waveform (QCustomPlot, loaded on a pool
// thread), its transcript on every tier, and Play/Stop. Playback failures (no output device,
// a build without PortAudio) are shown in the pane and sent to statusMessage(); nothing
// here throws. GUI thread only.
class SegmentDetails : public QWidget
{
    Q_OBJECT

public:
    explicit SegmentDetails(QWidget *parent = nullptr);
    ~SegmentDetails() override;

    void showSegment(const CorpusModel::Row &row, const QStringList &tiers);
    void clear();

    qint64 segmentId() const { return m_segmentId; }
    bool isLoading() const { return m_watcher.isRunning(); }
    bool hasWaveform() const { return m_waveform && !m_waveform->samples.empty(); }
    // What the pane says below the waveform (errors of loading or playing), or empty.
    QString message() const;
    // The text shown for a tier, or a null string when the tier has no row.
    QString transcriptText(const QString &tier) const;

    // Replaces the audio output (tests pass a fake). Takes ownership.
    void setAudioOutput(std::unique_ptr<AudioOutput> output);

public slots:
    void play();
    void stop();

signals:
    // A message for the status bar (e.g. why playback failed).
    void statusMessage(const QString &message);
    // The waveform of the current segment is drawn (or failed: see message()).
    void waveformLoaded();

private:
    void onWaveformReady();
    void setMessage(const QString &text, bool error);
    void updatePlayhead();
    void updateButtons();

    qint64 m_segmentId = 0;
    QFutureWatcher<Waveform> m_watcher;
    std::shared_ptr<const Waveform> m_waveform; // of the current segment once loaded
    std::unique_ptr<AudioOutput> m_output; // created on first play()

    QLabel *m_title;
    QLabel *m_info;
    QCustomPlot *m_plot;
    WaveformPlottable *m_wave = nullptr;        // owned by m_plot
    QCPItemStraightLine *m_playhead = nullptr; // owned by m_plot
    QPushButton *m_play;
    QPushButton *m_stop;
    QLabel *m_message;
    QWidget *m_transcripts;
    QFormLayout *m_transcriptLayout;
    QTimer *m_playheadTimer;
};

} // namespace fieldbench
