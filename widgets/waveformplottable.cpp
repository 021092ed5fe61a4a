#include "waveformplottable.h"

#include "waveform.h"

#include <algorithm>
#include <cmath>

namespace fieldbench {

WaveformPlottable::WaveformPlottable(QCPAxis *keyAxis, QCPAxis *valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis)
{}

WaveformPlottable::~WaveformPlottable() = default;

void WaveformPlottable::setWaveform(std::shared_ptr<const Waveform> waveform)
{
    m_waveform = std::move(waveform);
}

double WaveformPlottable::selectTest(const QPointF &, bool, QVariant *) const
{
    return -1; // not selectable
}

QCPRange WaveformPlottable::getKeyRange(bool &foundRange, QCP::SignDomain) const
{
    foundRange = m_waveform && !m_waveform->samples.empty();
    if (!foundRange)
        return {};
    return QCPRange(m_waveform->start, m_waveform->start + m_waveform->duration());
}

QCPRange WaveformPlottable::getValueRange(bool &foundRange, QCP::SignDomain, const QCPRange &) const
{
    foundRange = m_waveform && !m_waveform->samples.empty();
    if (!foundRange)
        return {};
    return QCPRange(-double(m_waveform->peak), double(m_waveform->peak));
}

void WaveformPlottable::draw(QCPPainter *painter)
{
    QCPAxis *key = keyAxis();
    QCPAxis *value = valueAxis();
    if (!m_waveform || m_waveform->samples.empty() || !key || !value)
        return;
    const Waveform &w = *m_waveform;
    const double rate = w.sampleRate;
    const double n = double(w.samples.size());
    auto sampleAt = [&](double pixel) { return (key->pixelToCoord(pixel) - w.start) * rate; };

    applyDefaultAntialiasingHint(painter);
    painter->setPen(mPen);
    painter->setBrush(Qt::NoBrush);

    const QRect clip = clipRect();
    const double samplesPerPixel = std::abs(sampleAt(clip.left() + 1) - sampleAt(clip.left()));
    if (samplesPerPixel < 2.0) {
        // Zoomed in: a polyline through the samples in view.
        double a = sampleAt(clip.left());
        double b = sampleAt(clip.right() + 1);
        if (a > b)
            std::swap(a, b);
        const std::size_t first = std::size_t(std::clamp(std::floor(a) - 1, 0.0, n));
        const std::size_t last = std::size_t(std::clamp(std::ceil(b) + 1, 0.0, n));
        QVector<QPointF> points;
        points.reserve(int(last - first));
        for (std::size_t i = first; i < last; ++i)
            points << QPointF(key->coordToPixel(w.start + double(i) / rate), value->coordToPixel(w.samples[i]));
        if (points.size() > 1)
            painter->drawPolyline(points.constData(), int(points.size()));
        return;
    }

    // One vertical line per pixel column from the column's minimum to its maximum.
    QVector<QLineF> lines;
    lines.reserve(clip.width() + 1);
    for (int x = clip.left(); x <= clip.right(); ++x) {
        double a = sampleAt(x);
        double b = sampleAt(x + 1);
        if (a > b)
            std::swap(a, b);
        if (b <= 0 || a >= n)
            continue;
        const std::size_t from = std::size_t(std::max(0.0, std::floor(a)));
        const std::size_t to = std::max(from + 1, std::size_t(std::min(n, std::ceil(b))));
        float lo = 0;
        float hi = 0;
        w.range(from, to, &lo, &hi);
        const double top = value->coordToPixel(hi);
        const double bottom = value->coordToPixel(lo);
        lines << QLineF(x + 0.5, top, x + 0.5, std::max(bottom, top + 1.0));
    }
    painter->drawLines(lines);
}

void WaveformPlottable::drawLegendIcon(QCPPainter *painter, const QRectF &rect) const
{
    painter->setPen(mPen);
    painter->drawLine(QLineF(rect.left(), rect.center().y(), rect.right(), rect.center().y()));
}

} // namespace fieldbench
