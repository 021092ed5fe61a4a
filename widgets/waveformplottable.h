#pragma once

#include <qcustomplot.h>

#include <memory>

namespace fieldbench {

struct Waveform;

// Draws a Waveform in a QCustomPlot as one vertical min-to-max line per pixel column (or a
// polyline through the samples when zoomed in far enough), so a redraw costs O(plot width)
// whatever the segment's length or shape. Key axis: seconds in the recording; value axis:
// amplitude. GUI thread only; the Waveform is shared read-only.
class WaveformPlottable : public QCPAbstractPlottable
{
    Q_OBJECT

public:
    WaveformPlottable(QCPAxis *keyAxis, QCPAxis *valueAxis);
    ~WaveformPlottable() override;

    void setWaveform(std::shared_ptr<const Waveform> waveform);
    void clear() { setWaveform(nullptr); }

    double selectTest(const QPointF &pos, bool onlySelectable, QVariant *details = nullptr) const override;
    QCPRange getKeyRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange &inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override;

private:
    std::shared_ptr<const Waveform> m_waveform;
};

} // namespace fieldbench
