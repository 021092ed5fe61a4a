#pragma once

#include <QWidget>

#include <memory>

class QCPAxisRect;
class QCPColorMap;
class QCPItemRect;
class QCustomPlot;
class QLabel;

namespace fieldbench {

struct Waveform;
class WaveformPlottable;

// The current take: waveform (top) and spectrogram (bottom, QCPColorMap, 0-8 kHz) on one
// time axis, with the parts outside the kept segment (trimmed silence) shaded. GUI thread
// only; the spectrogram is computed here from the take's samples (a few ms for a take of
// some seconds at 16 kHz).
class TakeView : public QWidget
{
    Q_OBJECT

public:
    explicit TakeView(QWidget *parent = nullptr);
    ~TakeView() override;

    void setTake(std::shared_ptr<const Waveform> waveform, double keepStart, double keepEnd);
    // Moves the shading to a new kept range (seconds).
    void setKeptRange(double start, double end);
    void clear();

    bool hasTake() const { return m_waveform != nullptr; }
    double keptStart() const { return m_keepStart; }
    double keptEnd() const { return m_keepEnd; }
    // Frames x bins of the spectrogram drawn (0 x 0 when none).
    QSize spectrogramSize() const { return m_spectrogramSize; }

private:
    QCustomPlot *m_plot;
    QCPAxisRect *m_waveRect = nullptr;    // owned by m_plot
    QCPAxisRect *m_specRect = nullptr;    // owned by m_plot
    WaveformPlottable *m_wave = nullptr;  // owned by m_plot
    QCPColorMap *m_spectrogram = nullptr; // owned by m_plot
    QCPItemRect *m_cutBefore = nullptr;   // owned by m_plot
    QCPItemRect *m_cutAfter = nullptr;    // owned by m_plot
    std::shared_ptr<const Waveform> m_waveform;
    double m_keepStart = 0;
    double m_keepEnd = 0;
    QSize m_spectrogramSize;
};

} // namespace fieldbench
