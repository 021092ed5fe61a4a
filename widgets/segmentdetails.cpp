#include "segmentdetails.h"

#include "waveformplottable.h"

#include "fieldbench/audio/audiooutput.h"

#include <qcustomplot.h>

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace fieldbench {

SegmentDetails::SegmentDetails(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_info(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_play(new QPushButton(tr("&Play"), this))
    , m_stop(new QPushButton(tr("S&top"), this))
    , m_message(new QLabel(this))
    , m_transcripts(new QWidget(this))
    , m_transcriptLayout(new QFormLayout(m_transcripts))
    , m_playheadTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("segmentDetails"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setTextFormat(Qt::PlainText);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Waveform: one min-to-max line per pixel column (WaveformPlottable).
    m_plot->setObjectName(QStringLiteral("waveform"));
    m_plot->setMinimumSize(240, 120);
    m_wave = new WaveformPlottable(m_plot->xAxis, m_plot->yAxis);
    m_wave->setPen(QPen(QColor(0x2a, 0x6f, 0x97), 0));
    m_plot->xAxis->setLabel(tr("Time in recording (s)"));
    m_plot->yAxis->setRange(-1.0, 1.0);
    m_plot->yAxis->setTicks(false); // amplitude needs no scale; the band shows loudness
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->xAxis->grid()->setPen(QPen(QColor(0, 0, 0, 30), 0, Qt::DotLine));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // Vertical lines on pixel centres need no antialiasing (and draw faster without).
    m_plot->setNotAntialiasedElements(QCP::aePlottables);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_playhead = new QCPItemStraightLine(m_plot);
    m_playhead->setPen(QPen(QColor(0xd0, 0x3a, 0x2f), 1.5));
    m_playhead->setVisible(false);

    m_play->setObjectName(QStringLiteral("play"));
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_stop->setObjectName(QStringLiteral("stop"));
    m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_play);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_message, 1);

    m_transcriptLayout->setContentsMargins(0, 0, 0, 0);
    m_transcriptLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_transcriptLayout->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_transcriptLayout->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    m_transcripts->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    auto *header = new QHBoxLayout;
    header->addWidget(m_title);
    header->addSpacing(16);
    header->addWidget(m_info, 1);

    // Top to bottom: where the segment comes from, its transcripts (short, full width so
    // long sentences stay readable), the waveform taking the remaining height, the buttons.
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_transcripts);
    layout->addWidget(m_plot, 1);
    layout->addLayout(buttons);

    m_playheadTimer->setInterval(30);
    connect(m_playheadTimer, &QTimer::timeout, this, &SegmentDetails::updatePlayhead);
    connect(m_play, &QPushButton::clicked, this, &SegmentDetails::play);
    connect(m_stop, &QPushButton::clicked, this, &SegmentDetails::stop);
    // The watcher lives on the GUI thread; finished() arrives there once the pool thread's
    // loadWaveform() returned.
    connect(&m_watcher, &QFutureWatcher<Waveform>::finished, this, &SegmentDetails::onWaveformReady);

    clear();
}

SegmentDetails::~SegmentDetails()
{
    if (m_output)
        m_output->stop();
    // A load still running on the pool captured only copies; its result is dropped.
}

void SegmentDetails::setAudioOutput(std::unique_ptr<AudioOutput> output)
{
    if (m_output)
        m_output->stop();
    m_output = std::move(output);
}

void SegmentDetails::showSegment(const CorpusModel::Row &row, const QStringList &tiers)
{
    stop();
    m_segmentId = row.segmentId;
    m_waveform.reset();

    m_title->setText(tr("%1  \u00b7  %2 \u2013 %3 s")
                         .arg(row.recording)
                         .arg(row.start, 0, 'f', 2)
                         .arg(row.end, 0, 'f', 2));
    m_info->setText(tr("%1 (%2)  \u00b7  speaker: %3  \u00b7  %4 s")
                        .arg(row.languageName, row.languageCode,
                             row.speaker.isEmpty() ? tr("unknown") : row.speaker)
                        .arg(row.end - row.start, 0, 'f', 2));

    while (m_transcriptLayout->rowCount() > 0)
        m_transcriptLayout->removeRow(0);
    for (int i = 0; i < tiers.size(); ++i) {
        const QString text = row.texts.value(i);
        auto *label = new QLabel(text.isEmpty() ? tr("(no transcript)") : text, m_transcripts);
        label->setObjectName(QStringLiteral("tier:") + tiers[i]);
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setEnabled(!text.isEmpty());
        QFont f = label->font();
        f.setPointSizeF(f.pointSizeF() * 1.15);
        label->setFont(f);
        m_transcriptLayout->addRow(tr("%1:").arg(tiers[i]), label);
    }
    if (tiers.isEmpty())
        m_transcriptLayout->addRow(new QLabel(tr("This project has no transcripts yet."), m_transcripts));

    m_wave->clear();
    m_plot->xAxis->setRange(row.start, row.end > row.start ? row.end : row.start + 1.0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    setMessage(tr("Loading audio\u2026"), false);
    updateButtons();

    // loadWaveform() runs on the global thread pool with copies of its arguments; the result
    // comes back through m_watcher on the GUI thread. A newer request replaces the watched
    // future, so a stale result never reaches onWaveformReady().
    m_watcher.setFuture(QtConcurrent::run(loadWaveform, row.audioFile, row.start, row.end, 600.0));
}

void SegmentDetails::clear()
{
    stop();
    m_segmentId = 0;
    m_waveform.reset();
    m_title->setText(tr("No segment selected"));
    m_info->setText(tr("Select a row in the corpus to see its waveform and transcripts."));
    while (m_transcriptLayout->rowCount() > 0)
        m_transcriptLayout->removeRow(0);
    m_wave->clear();
    m_plot->xAxis->setRange(0, 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    setMessage(QString(), false);
    updateButtons();
}

QString SegmentDetails::message() const
{
    return m_message->text();
}

QString SegmentDetails::transcriptText(const QString &tier) const
{
    if (auto *label = m_transcripts->findChild<QLabel *>(QStringLiteral("tier:") + tier))
        return label->isEnabled() ? label->text() : QString(QLatin1String(""));
    return {};
}

void SegmentDetails::onWaveformReady()
{
    if (m_watcher.isCanceled())
        return;
    auto waveform = std::make_shared<const Waveform>(m_watcher.result());
    if (!waveform->error.isEmpty()) {
        setMessage(waveform->error, true);
        emit statusMessage(waveform->error);
    } else {
        m_waveform = waveform;
        m_wave->setWaveform(m_waveform);
        const double peak = std::max(0.05, double(m_waveform->peak));
        m_plot->xAxis->setRange(m_waveform->start, m_waveform->start + m_waveform->duration());
        m_plot->yAxis->setRange(-peak * 1.1, peak * 1.1);
        setMessage(m_waveform->truncated ? tr("Long segment: showing the first 10 minutes.") : QString(), false);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    updateButtons();
    emit waveformLoaded();
}

void SegmentDetails::play()
{
    if (!hasWaveform())
        return;
    try {
        if (!m_output)
            m_output = createAudioOutput();
        m_output->play(m_waveform->samples, m_waveform->sampleRate);
        setMessage(QString(), false);
        m_playhead->setVisible(true);
        m_playheadTimer->start();
        updatePlayhead();
    } catch (const std::exception &e) {
        const QString text = tr("Cannot play: %1").arg(QString::fromUtf8(e.what()));
        setMessage(text, true);
        emit statusMessage(text);
    } catch (...) {
        const QString text = tr("Cannot play: the audio output failed.");
        setMessage(text, true);
        emit statusMessage(text);
    }
    updateButtons();
}

void SegmentDetails::stop()
{
    if (m_output) {
        try {
            m_output->stop();
        } catch (...) {
            // Stopping a broken output has nothing left to do.
        }
    }
    m_playheadTimer->stop();
    if (m_playhead && m_playhead->visible()) {
        m_playhead->setVisible(false);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    updateButtons();
}

void SegmentDetails::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
}

void SegmentDetails::updatePlayhead()
{
    if (!m_output || !m_output->isPlaying()) {
        stop();
        return;
    }
    const double t = (m_waveform ? m_waveform->start : 0.0) + m_output->position();
    m_playhead->point1->setCoords(t, 0);
    m_playhead->point2->setCoords(t, 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void SegmentDetails::updateButtons()
{
    const bool playing = m_output && m_playheadTimer->isActive();
    m_play->setEnabled(hasWaveform() && !playing);
    m_stop->setEnabled(playing);
}

} // namespace fieldbench
