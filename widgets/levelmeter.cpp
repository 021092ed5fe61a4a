#include "levelmeter.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace fieldbench {
namespace {
constexpr float kMinDb = -60.0f;
constexpr int kClipWidth = 44;
} // namespace

LevelMeter::LevelMeter(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("levelMeter"));
    setToolTip(tr("Input level (dBFS). The CLIP light stays on after clipping until you click it."));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

float LevelMeter::toDb(float linear)
{
    return linear > 1e-6f ? 20.0f * std::log10(linear) : -120.0f;
}

void LevelMeter::setLevels(float peak, float rms, bool clipped)
{
    m_rmsDb = toDb(rms);
    m_peakDb = toDb(peak);
    m_holdDb = std::max(m_peakDb, m_holdDb - 0.8f); // about 25 dB/s at 30 updates a second
    if (clipped)
        m_clipped = true;
    update();
}

void LevelMeter::resetClip()
{
    m_clipped = false;
    update();
}

void LevelMeter::mousePressEvent(QMouseEvent *event)
{
    resetClip();
    QWidget::mousePressEvent(event);
}

void LevelMeter::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QRect all = rect().adjusted(0, 0, -1, -1);
    const QRect bar = all.adjusted(0, 0, -(kClipWidth + 4), 0);
    const QRect clip(bar.right() + 4, all.top(), kClipWidth, all.height());
    p.fillRect(bar, QColor(0x26, 0x2a, 0x2e));
    const auto xOf = [&](float db) {
        const float f = std::clamp((db - kMinDb) / -kMinDb, 0.0f, 1.0f);
        return bar.left() + int(f * float(bar.width()));
    };
    // RMS bar in three zones.
    const int x = xOf(m_rmsDb);
    const int amber = xOf(-12.0f), red = xOf(-3.0f);
    const int top = bar.top() + 3, h = bar.height() - 6;
    p.fillRect(QRect(QPoint(bar.left(), top), QPoint(std::min(x, amber), top + h)), QColor(0x3c, 0xb3, 0x71));
    if (x > amber)
        p.fillRect(QRect(QPoint(amber, top), QPoint(std::min(x, red), top + h)), QColor(0xe6, 0xa8, 0x17));
    if (x > red)
        p.fillRect(QRect(QPoint(red, top), QPoint(x, top + h)), QColor(0xd6, 0x32, 0x2f));
    // Peak hold.
    if (m_holdDb > kMinDb) {
        p.setPen(QPen(Qt::white, 2));
        const int hx = xOf(m_holdDb);
        p.drawLine(hx, bar.top() + 1, hx, bar.bottom() - 1);
    }
    // Scale ticks every 10 dB.
    p.setPen(QColor(255, 255, 255, 90));
    for (int db = -50; db < 0; db += 10) {
        const int tx = xOf(float(db));
        p.drawLine(tx, bar.bottom() - 4, tx, bar.bottom());
    }
    // Clip indicator.
    p.fillRect(clip, m_clipped ? QColor(0xd6, 0x32, 0x2f) : QColor(0x4a, 0x20, 0x20));
    p.setPen(m_clipped ? Qt::white : QColor(0x90, 0x60, 0x60));
    QFont f = font();
    f.setBold(true);
    p.setFont(f);
    p.drawText(clip, Qt::AlignCenter, tr("CLIP"));
}

} // namespace fieldbench
