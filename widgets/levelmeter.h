#pragma once

#include <QWidget>

namespace fieldbench {

// A horizontal input level meter: RMS bar and peak-hold line on a dBFS scale (-60..0 dB,
// green / amber above -12 dB / red above -3 dB), and a clip indicator that stays lit until
// it is clicked or resetClip() is called. GUI thread only; fed by setLevels().
class LevelMeter : public QWidget
{
    Q_OBJECT

public:
    explicit LevelMeter(QWidget *parent = nullptr);

    // Linear levels (0..1) of the latest interval.
    void setLevels(float peak, float rms, bool clipped);
    bool isClipped() const { return m_clipped; }
    float peakDb() const { return m_peakDb; }
    static float toDb(float linear);

    QSize sizeHint() const override { return {260, 26}; }
    QSize minimumSizeHint() const override { return {120, 22}; }

public slots:
    void resetClip();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    float m_rmsDb = -100;
    float m_peakDb = -100;
    float m_holdDb = -100; // decays slowly
    bool m_clipped = false;
};

} // namespace fieldbench
