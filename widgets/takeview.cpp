#include "takeview.h"

#include "waveform.h"
#include "waveformplottable.h"

#include "fieldbench/audio/spectrogram.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

namespace fieldbench {

namespace {

QCPItemRect *makeShade(QCustomPlot *plot, QCPAxisRect *rect)
{
    auto *r = new QCPItemRect(plot);
    r->setClipAxisRect(rect);
    r->topLeft->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    r->bottomRight->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    r->setPen(Qt::NoPen);
    r->setBrush(QColor(120, 120, 120, 90));
    r->setVisible(false);
    return r;
}

} // namespace

TakeView::TakeView(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    setObjectName(QStringLiteral("takeView"));
    m_plot->setObjectName(QStringLiteral("takePlot"));
    m_plot->setMinimumSize(300, 260);
    m_plot->plotLayout()->clear();

    m_waveRect = new QCPAxisRect(m_plot);
    m_specRect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(0, 0, m_waveRect);
    m_plot->plotLayout()->addElement(1, 0, m_specRect);
    m_plot->plotLayout()->setRowStretchFactor(0, 1);
    m_plot->plotLayout()->setRowStretchFactor(1, 1.4);
    // Same left margin for both, so the time axes line up.
    auto *margins = new QCPMarginGroup(m_plot);
    m_waveRect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_specRect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);

    QCPAxis *wx = m_waveRect->axis(QCPAxis::atBottom);
    QCPAxis *wy = m_waveRect->axis(QCPAxis::atLeft);
    wy->setRange(-1.0, 1.0);
    wy->setTicks(false);
    wy->setLabel(tr("Wave"));
    wy->grid()->setVisible(false);
    wx->setTickLabels(false);
    m_wave = new WaveformPlottable(wx, wy);
    m_wave->setPen(QPen(QColor(0x2a, 0x6f, 0x97), 0));

    QCPAxis *sx = m_specRect->axis(QCPAxis::atBottom);
    QCPAxis *sy = m_specRect->axis(QCPAxis::atLeft);
    sx->setLabel(tr("Time in take (s)"));
    sy->setLabel(tr("Hz"));
    m_spectrogram = new QCPColorMap(sx, sy);
    QCPColorGradient gradient(QCPColorGradient::gpThermal);
    m_spectrogram->setGradient(gradient);
    m_spectrogram->setInterpolate(true);
    m_spectrogram->setDataRange(QCPRange(-90, -10));

    // One time axis: panning/zooming either plot moves both.
    connect(wx, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), sx, qOverload<const QCPRange &>(&QCPAxis::setRange));
    connect(sx, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), wx, qOverload<const QCPRange &>(&QCPAxis::setRange));
    m_waveRect->setRangeDrag(Qt::Horizontal);
    m_waveRect->setRangeZoom(Qt::Horizontal);
    m_specRect->setRangeDrag(Qt::Horizontal);
    m_specRect->setRangeZoom(Qt::Horizontal);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setNotAntialiasedElements(QCP::aePlottables);

    m_cutBefore = makeShade(m_plot, m_waveRect);
    m_cutAfter = makeShade(m_plot, m_waveRect);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

TakeView::~TakeView() = default;

void TakeView::clear()
{
    m_waveform.reset();
    m_wave->clear();
    m_spectrogram->data()->clear();
    m_spectrogramSize = {};
    m_cutBefore->setVisible(false);
    m_cutAfter->setVisible(false);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TakeView::setTake(std::shared_ptr<const Waveform> waveform, double keepStart, double keepEnd)
{
    m_waveform = std::move(waveform);
    if (!m_waveform || m_waveform->samples.empty()) {
        clear();
        return;
    }
    m_wave->setWaveform(m_waveform);
    const double duration = m_waveform->duration();
    m_waveRect->axis(QCPAxis::atBottom)->setRange(0, duration);
    const float peak = std::max(0.05f, m_waveform->peak * 1.1f);
    m_waveRect->axis(QCPAxis::atLeft)->setRange(-peak, peak);

    const Spectrogram s = computeSpectrogram(m_waveform->samples, m_waveform->sampleRate);
    m_spectrogramSize = QSize(s.frames, s.bins);
    const int maxBin = std::min(s.bins, int(8000.0 / s.binHz) + 1);
    m_spectrogram->data()->setSize(s.frames, maxBin);
    m_spectrogram->data()->setRange(QCPRange(s.windowSeconds / 2, s.windowSeconds / 2 + s.hopSeconds * (s.frames - 1)),
                                    QCPRange(0, s.binHz * (maxBin - 1)));
    for (int f = 0; f < s.frames; ++f)
        for (int b = 0; b < maxBin; ++b)
            m_spectrogram->data()->setCell(f, b, double(s.at(f, b)));
    m_specRect->axis(QCPAxis::atLeft)->setRange(0, s.binHz * (maxBin - 1));
    m_specRect->axis(QCPAxis::atBottom)->setRange(0, duration);
    setKeptRange(keepStart, keepEnd);
}

void TakeView::setKeptRange(double start, double end)
{
    m_keepStart = start;
    m_keepEnd = end;
    if (!m_waveform) {
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const double duration = m_waveform->duration();
    m_cutBefore->topLeft->setCoords(0, 10);
    m_cutBefore->bottomRight->setCoords(start, -10);
    m_cutBefore->setVisible(start > 0.0005);
    m_cutAfter->topLeft->setCoords(end, 10);
    m_cutAfter->bottomRight->setCoords(duration, -10);
    m_cutAfter->setVisible(end < duration - 0.0005);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace fieldbench
