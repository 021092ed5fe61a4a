#include "runplot.h"

#include "runmonitor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSlider>
#include <QTextStream>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace fieldbench {

namespace {

// Distinct colours (Tableau 10), one per run (or per series when one run is shown).
const QColor kColours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                           QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                           QColor(0x17, 0xbe, 0xcf)};
constexpr int kColourCount = int(sizeof kColours / sizeof kColours[0]);
const Qt::PenStyle kStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};

bool startsWithAny(const QString &key, std::initializer_list<const char *> prefixes)
{
    for (const char *p : prefixes)
        if (key.startsWith(QLatin1String(p)))
            return true;
    return false;
}

} // namespace

QStringList RunPlot::groupIds()
{
    return {QStringLiteral("loss"),       QStringLiteral("perplexity"), QStringLiteral("gumbel"),
            QStringLiteral("lr"),         QStringLiteral("grad_norm"),  QStringLiteral("throughput"),
            QStringLiteral("data_wait"),  QStringLiteral("timing"),     QStringLiteral("dev_error"),
            QStringLiteral("dev"),        QStringLiteral("language_share"), QStringLiteral("memory")};
}

QString RunPlot::groupTitle(const QString &id)
{
    if (id == QLatin1String("loss"))
        return tr("Loss and its parts");
    if (id == QLatin1String("perplexity"))
        return tr("Code and prob perplexity per group");
    if (id == QLatin1String("gumbel"))
        return tr("Gumbel temperature");
    if (id == QLatin1String("lr"))
        return tr("Learning rate");
    if (id == QLatin1String("grad_norm"))
        return tr("Gradient norm");
    if (id == QLatin1String("throughput"))
        return tr("Throughput (audio seconds per second)");
    if (id == QLatin1String("data_wait"))
        return tr("Share of time waiting for data");
    if (id == QLatin1String("timing"))
        return tr("Seconds per step (data, forward, backward, optimizer)");
    if (id == QLatin1String("dev_error"))
        return tr("Dev PER / CER / WER per language");
    if (id == QLatin1String("dev"))
        return tr("Dev loss and accuracy");
    if (id == QLatin1String("language_share"))
        return tr("Share of utterances sampled per language");
    if (id == QLatin1String("memory"))
        return tr("Memory (bytes)");
    return id;
}

bool RunPlot::inGroup(const QString &id, const QString &key)
{
    if (id == QLatin1String("loss"))
        return key == QLatin1String("loss") || key.startsWith(QLatin1String("loss_"));
    if (id == QLatin1String("perplexity"))
        return startsWithAny(key, {"code_perplexity[", "prob_perplexity["});
    if (id == QLatin1String("gumbel"))
        return key == QLatin1String("gumbel_temperature");
    if (id == QLatin1String("lr"))
        return key == QLatin1String("lr");
    if (id == QLatin1String("grad_norm"))
        return key == QLatin1String("grad_norm");
    if (id == QLatin1String("throughput"))
        return key == QLatin1String("audio_seconds_per_second");
    if (id == QLatin1String("data_wait"))
        return key == QLatin1String("data_wait_share");
    if (id == QLatin1String("timing"))
        return startsWithAny(key, {"time_step", "time_data_wait", "time_forward", "time_backward", "time_optimizer"});
    if (id == QLatin1String("dev_error"))
        return startsWithAny(key, {"dev/per", "dev/cer", "dev/wer"});
    if (id == QLatin1String("dev"))
        return key == QLatin1String("dev/loss") || key == QLatin1String("dev/contrastive_accuracy");
    if (id == QLatin1String("language_share"))
        return key.startsWith(QLatin1String("language_share/"));
    if (id == QLatin1String("memory"))
        return startsWithAny(key, {"rss_bytes", "cuda_allocated_bytes", "cuda_reserved_bytes"});
    return false;
}

RunPlot::RunPlot(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_groupBox(new QComboBox(this))
    , m_axisBox(new QComboBox(this))
    , m_smoothSlider(new QSlider(Qt::Horizontal, this))
    , m_smoothLabel(new QLabel(this))
    , m_logBox(new QCheckBox(tr("Log scale"), this))
    , m_fitButton(new QToolButton(this))
    , m_exportButton(new QToolButton(this))
    , m_readout(new QLabel(this))
    , m_replotTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("runPlot"));
    // Curves of a million points: draw the adaptively sampled polyline in one call instead
    // of segment by segment (QCustomPlot's own hint for this case).
    m_plot->setPlottingHint(QCP::phFastPolylines, true);
    for (const QString &id : groupIds())
        m_groupBox->addItem(groupTitle(id), id);
    m_groupBox->setObjectName(QStringLiteral("plotGroup"));
    m_groupBox->setToolTip(tr("Which metrics to plot"));
    m_axisBox->addItem(tr("Step"), int(StepAxis));
    m_axisBox->addItem(tr("Time"), int(TimeAxis));
    m_axisBox->addItem(tr("Epoch"), int(EpochAxis));
    m_axisBox->setObjectName(QStringLiteral("plotXAxis"));
    m_axisBox->setToolTip(tr("Horizontal axis: optimizer steps, training time or epochs"));
    m_smoothSlider->setRange(0, 99);
    m_smoothSlider->setValue(int(m_smoothing * 100));
    m_smoothSlider->setMaximumWidth(140);
    m_smoothSlider->setObjectName(QStringLiteral("plotSmoothing"));
    m_smoothSlider->setToolTip(tr("Exponential moving average weight; the raw values stay visible, faint"));
    m_smoothLabel->setMinimumWidth(m_smoothLabel->fontMetrics().horizontalAdvance(QStringLiteral("0.99")) + 4);
    m_logBox->setObjectName(QStringLiteral("plotLog"));
    m_fitButton->setText(tr("Fit"));
    m_fitButton->setToolTip(tr("Show all points again (or double-click the plot)"));
    m_exportButton->setText(tr("Export"));
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(m_exportButton);
    exportMenu->addAction(tr("Image (PNG)\u2026"), this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Export Plot"), QString(), tr("PNG images (*.png)"));
        if (!f.isEmpty() && !exportPng(f))
            QMessageBox::warning(this, tr("Export Plot"), tr("Cannot write \"%1\".").arg(f));
    });
    exportMenu->addAction(tr("Document (PDF)\u2026"), this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Export Plot"), QString(), tr("PDF documents (*.pdf)"));
        if (!f.isEmpty() && !exportPdf(f))
            QMessageBox::warning(this, tr("Export Plot"), tr("Cannot write \"%1\".").arg(f));
    });
    exportMenu->addAction(tr("Data (CSV)\u2026"), this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Export Data"), QString(), tr("CSV files (*.csv)"));
        QString error;
        if (!f.isEmpty() && !exportCsv(f, &error))
            QMessageBox::warning(this, tr("Export Data"), error);
    });
    m_exportButton->setMenu(exportMenu);
    m_readout->setObjectName(QStringLiteral("plotReadout"));
    m_readout->setTextFormat(Qt::PlainText);
    m_readout->setMinimumHeight(m_readout->fontMetrics().height() * 2);
    m_readout->setWordWrap(true);
    m_readout->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_groupBox, 1);
    controls->addWidget(new QLabel(tr("x:"), this));
    controls->addWidget(m_axisBox);
    controls->addWidget(new QLabel(tr("Smoothing:"), this));
    controls->addWidget(m_smoothSlider);
    controls->addWidget(m_smoothLabel);
    controls->addWidget(m_logBox);
    controls->addWidget(m_fitButton);
    controls->addWidget(m_exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_readout);

    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QColor(255, 255, 255, 210));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->setMinimumHeight(180);
    m_cursor = new QCPItemStraightLine(m_plot);
    m_cursor->setPen(QPen(QColor(0, 0, 0, 90), 1, Qt::DashLine));
    m_cursor->setVisible(false);
    m_cursor->setSelectable(false);

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(100);
    connect(m_replotTimer, &QTimer::timeout, this, [this] {
        applyRanges();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });

    connect(m_groupBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setGroup(m_groupBox->itemData(i).toString()); });
    connect(m_axisBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setXAxis(XAxis(m_axisBox->itemData(i).toInt())); });
    connect(m_smoothSlider, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 100.0); });
    connect(m_logBox, &QCheckBox::toggled, this, &RunPlot::setLogScale);
    connect(m_fitButton, &QToolButton::clicked, this, &RunPlot::fit);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent *) { fit(); });
    connect(m_plot, &QCustomPlot::mouseMove, this, &RunPlot::onMouseMove);
    // A drag or a wheel turn means the user looks somewhere: stop re-fitting to new data.
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userRange = true; });
    connect(m_plot, &QCustomPlot::mousePress, this, [this] { m_userRange = true; });

    m_smoothLabel->setText(QString::number(m_smoothing, 'f', 2));
    setXAxis(StepAxis);
    updateEmptyText();
}

RunPlot::~RunPlot() = default;

QList<RunMonitor *> RunPlot::runs() const
{
    QList<RunMonitor *> out;
    for (const auto &r : m_runs)
        if (r)
            out << r.data();
    return out;
}

void RunPlot::setRuns(const QList<RunMonitor *> &runs)
{
    for (const auto &r : m_runs)
        if (r)
            disconnect(r, nullptr, this, nullptr);
    m_runs.clear();
    for (RunMonitor *r : runs) {
        m_runs << r;
        connect(r, &RunMonitor::appended, this, [this, r] { onAppended(r); });
        connect(r, &RunMonitor::rewound, this, &RunPlot::rebuild);
        connect(r, &QObject::destroyed, this, [this] { QTimer::singleShot(0, this, &RunPlot::rebuild); });
    }
    m_userRange = false;
    rebuild();
}

void RunPlot::setGroup(const QString &id)
{
    if (id == m_group && m_groupBox->currentData().toString() == id)
        return;
    m_group = id;
    const int i = m_groupBox->findData(id);
    if (i >= 0 && i != m_groupBox->currentIndex()) {
        const QSignalBlocker block(m_groupBox);
        m_groupBox->setCurrentIndex(i);
    }
    // Rates and perplexities span decades: log scale by default there.
    m_userRange = false;
    rebuild();
    emit groupChanged(id);
}

void RunPlot::setSmoothing(double weight)
{
    weight = std::clamp(weight, 0.0, 0.999);
    m_smoothing = weight;
    m_smoothLabel->setText(QString::number(weight, 'f', 2));
    if (m_smoothSlider->value() != int(std::lround(weight * 100))) {
        const QSignalBlocker block(m_smoothSlider);
        m_smoothSlider->setValue(int(std::lround(weight * 100)));
    }
    rebuild();
}

void RunPlot::setLogScale(bool on)
{
    m_log = on;
    if (m_logBox->isChecked() != on) {
        const QSignalBlocker block(m_logBox);
        m_logBox->setChecked(on);
    }
    m_plot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on)
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_userRange = false;
    applyRanges();
    m_plot->replot();
}

void RunPlot::setXAxis(XAxis axis)
{
    m_xAxis = axis;
    const int i = m_axisBox->findData(int(axis));
    if (i != m_axisBox->currentIndex()) {
        const QSignalBlocker block(m_axisBox);
        m_axisBox->setCurrentIndex(i);
    }
    if (axis == TimeAxis) {
        auto ticker = QSharedPointer<QCPAxisTickerTime>(new QCPAxisTickerTime);
        ticker->setTimeFormat(QStringLiteral("%h:%m:%s"));
        m_plot->xAxis->setTicker(ticker);
        m_plot->xAxis->setLabel(tr("training time (h:mm:ss)"));
    } else {
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        m_plot->xAxis->setLabel(axis == StepAxis ? tr("step") : tr("epoch"));
    }
    m_userRange = false;
    rebuild();
}

const QVector<double> &RunPlot::xColumn(const RunMonitor *run, int series) const
{
    const SeriesData &s = run->series(series);
    switch (m_xAxis) {
    case TimeAxis:
        return s.time;
    case EpochAxis:
        return s.epoch;
    case StepAxis:
        break;
    }
    return s.step;
}

void RunPlot::rebuild()
{
    m_plot->clearGraphs();
    m_curves.clear();
    m_runs.removeAll(QPointer<RunMonitor>());
    for (const auto &r : m_runs)
        addCurvesFor(r);
    updateEmptyText();
    applyRanges();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunPlot::styleCurve(Curve &c, int runIndex, int keyIndex, int keysInGroup)
{
    const bool byRun = m_runs.size() > 1;
    const QColor colour = kColours[(byRun ? runIndex : keyIndex) % kColourCount];
    const Qt::PenStyle style = byRun && keysInGroup > 1 ? kStyles[keyIndex % 5] : Qt::SolidLine;
    QColor faint = colour;
    faint.setAlpha(m_smoothing > 0 ? 60 : 255);
    c.raw->setPen(QPen(faint, 1));
    c.smooth->setPen(QPen(colour, 2, style));
    c.smooth->setVisible(m_smoothing > 0);
    const QString name = byRun ? QStringLiteral("%1 \u00b7 %2").arg(c.run->name(), c.key) : c.key;
    c.smooth->setName(name);
    c.raw->setName(name);
    if (m_smoothing > 0)
        c.raw->removeFromLegend();
    else
        c.smooth->removeFromLegend();
}

void RunPlot::addCurvesFor(RunMonitor *run)
{
    const int runIndex = int(m_runs.indexOf(run));
    QStringList keys;
    for (const QString &key : run->seriesKeys())
        if (inGroup(m_group, key))
            keys << key;
    int keyIndex = 0;
    for (const QString &key : keys) {
        bool present = false;
        for (const Curve &c : m_curves)
            if (c.run == run && c.key == key)
                present = true;
        if (!present) {
            Curve c;
            c.run = run;
            c.key = key;
            c.series = run->seriesIndex(key);
            c.raw = m_plot->addGraph();
            c.smooth = m_plot->addGraph();
            c.raw->setAdaptiveSampling(true);
            c.smooth->setAdaptiveSampling(true);
            styleCurve(c, runIndex, keyIndex, int(keys.size()));
            m_curves.push_back(c);
        }
        ++keyIndex;
    }
    for (Curve &c : m_curves)
        if (c.run == run)
            appendPoints(c);
}

void RunPlot::appendPoints(Curve &c)
{
    const SeriesData &s = c.run->series(c.series);
    const int n = s.size();
    if (n <= c.plotted)
        return;
    const QVector<double> &xs = xColumn(c.run, c.series);
    const int from = c.plotted;
    const int count = n - from;
    QVector<double> x = xs.mid(from, count);
    QVector<double> y = s.value.mid(from, count);
    QVector<double> smooth(count);
    const double w = m_smoothing;
    for (int i = 0; i < count; ++i) {
        const double v = y[i];
        if (std::isfinite(v)) {
            c.ema = w * c.ema + (1 - w) * v;
            ++c.emaCount;
        }
        // Debiased: the first points are not pulled towards 0.
        smooth[i] = c.emaCount ? c.ema / (1 - std::pow(w, c.emaCount)) : qQNaN();
        if (!std::isfinite(v))
            continue;
        const double xv = x[i];
        if (!c.hasRange) {
            c.xMin = c.xMax = xv;
            c.yMin = c.yMax = v;
            c.yMinPositive = v > 0 ? v : std::numeric_limits<double>::infinity();
            c.hasRange = true;
        } else {
            c.xMin = std::min(c.xMin, xv);
            c.xMax = std::max(c.xMax, xv);
            c.yMin = std::min(c.yMin, v);
            c.yMax = std::max(c.yMax, v);
        }
        if (v > 0)
            c.yMinPositive = std::min(c.yMinPositive, v);
    }
    c.raw->addData(x, y, true);
    c.smooth->addData(x, smooth, true);
    c.plotted = n;
}

void RunPlot::onAppended(RunMonitor *run)
{
    const int before = int(m_curves.size());
    addCurvesFor(run); // new keys of the group, then every curve of this run
    if (int(m_curves.size()) != before)
        updateEmptyText();
    scheduleReplot();
}

void RunPlot::scheduleReplot()
{
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void RunPlot::replotNow()
{
    m_replotTimer->stop();
    applyRanges();
    m_plot->replot();
}

void RunPlot::fit()
{
    m_userRange = false;
    applyRanges();
    m_plot->replot();
}

void RunPlot::applyRanges()
{
    if (m_userRange)
        return;
    bool any = false;
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    for (const Curve &c : m_curves) {
        if (!c.hasRange)
            continue;
        const double lo = m_log ? c.yMinPositive : c.yMin;
        if (!std::isfinite(lo))
            continue;
        if (!any) {
            x0 = c.xMin;
            x1 = c.xMax;
            y0 = lo;
            y1 = c.yMax;
            any = true;
        } else {
            x0 = std::min(x0, c.xMin);
            x1 = std::max(x1, c.xMax);
            y0 = std::min(y0, lo);
            y1 = std::max(y1, c.yMax);
        }
    }
    if (!any) {
        m_plot->xAxis->setRange(0, 1);
        m_plot->yAxis->setRange(m_log ? 0.1 : 0, 1);
        return;
    }
    if (x1 <= x0)
        x1 = x0 + 1;
    if (m_log) {
        y0 = std::max(y0, 1e-300);
        if (y1 <= y0)
            y1 = y0 * 10;
        const double pad = std::pow(y1 / y0, 0.05);
        m_plot->yAxis->setRange(y0 / pad, y1 * pad);
    } else {
        if (y1 <= y0) {
            const double half = std::max(std::abs(y0) * 0.05, 1e-12);
            y0 -= half;
            y1 += half;
        }
        const double pad = (y1 - y0) * 0.05;
        m_plot->yAxis->setRange(y0 - pad, y1 + pad);
    }
    m_plot->xAxis->setRange(x0, x1);
}

void RunPlot::updateEmptyText()
{
    if (m_runs.isEmpty())
        m_readout->setText(tr("Select one or more runs to plot them."));
    else if (m_curves.empty())
        m_readout->setText(tr("No %1 in the selected runs yet.").arg(groupTitle(m_group).toLower()));
    else if (std::isnan(m_hoverX))
        m_readout->setText(tr("Hover over the plot for values; wheel zooms, drag pans, double-click fits."));
}

QVector<QPointF> RunPlot::plottedPoints(const RunMonitor *run, const QString &key) const
{
    QVector<QPointF> out;
    for (const Curve &c : m_curves)
        if (c.run == run && c.key == key)
            for (auto it = c.raw->data()->constBegin(); it != c.raw->data()->constEnd(); ++it)
                out.push_back({it->key, it->value});
    return out;
}

QVector<QPointF> RunPlot::smoothedPoints(const RunMonitor *run, const QString &key) const
{
    QVector<QPointF> out;
    for (const Curve &c : m_curves)
        if (c.run == run && c.key == key)
            for (auto it = c.smooth->data()->constBegin(); it != c.smooth->data()->constEnd(); ++it)
                out.push_back({it->key, it->value});
    return out;
}

QString RunPlot::readoutAt(double x) const
{
    QStringList lines;
    QString xText;
    for (const Curve &c : m_curves) {
        if (!c.run || c.raw->data()->isEmpty())
            continue;
        auto data = c.raw->data();
        auto it = data->findBegin(x, false);
        if (it == data->constEnd())
            --it;
        if (it != data->constBegin()) {
            auto prev = it - 1;
            if (std::abs(prev->key - x) < std::abs(it->key - x))
                it = prev;
        }
        const int i = int(it - data->constBegin());
        const double raw = it->value;
        const double smooth = c.smooth->data()->at(i)->value;
        if (xText.isEmpty()) {
            const SeriesData &s = c.run->series(c.series);
            if (i < s.size())
                xText = tr("step %1 \u00b7 %2 \u00b7 epoch %3")
                            .arg(qint64(s.step[i]))
                            .arg(formatSeconds(s.time[i]))
                            .arg(s.epoch[i], 0, 'f', 2);
        }
        const QString name = m_runs.size() > 1 ? QStringLiteral("%1 \u00b7 %2").arg(c.run->name(), c.key) : c.key;
        if (m_smoothing > 0)
            lines << tr("%1 = %2 (raw %3)").arg(name).arg(smooth, 0, 'g', 5).arg(raw, 0, 'g', 5);
        else
            lines << tr("%1 = %2").arg(name).arg(raw, 0, 'g', 5);
    }
    if (lines.isEmpty())
        return QString();
    return xText + QStringLiteral(": ") + lines.join(QStringLiteral("; "));
}

QString RunPlot::formatSeconds(double seconds)
{
    const qint64 t = qint64(seconds + 0.5);
    return QStringLiteral("%1:%2:%3").arg(t / 3600).arg((t / 60) % 60, 2, 10, QLatin1Char('0')).arg(t % 60, 2, 10, QLatin1Char('0'));
}

QString RunPlot::readoutText() const
{
    return m_readout->text();
}

void RunPlot::onMouseMove(QMouseEvent *event)
{
    if (m_curves.empty())
        return;
    const double x = m_plot->xAxis->pixelToCoord(event->position().x());
    m_hoverX = x;
    m_cursor->point1->setCoords(x, 0);
    m_cursor->point2->setCoords(x, 1);
    m_cursor->setVisible(true);
    m_readout->setText(readoutAt(x));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool RunPlot::exportPng(const QString &file) const
{
    return m_plot->savePng(file, 0, 0, 2.0);
}

bool RunPlot::exportPdf(const QString &file) const
{
    return m_plot->savePdf(file);
}

bool RunPlot::exportCsv(const QString &file, QString *error) const
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error)
            *error = tr("Cannot write \"%1\": %2").arg(file, out.errorString());
        return false;
    }
    QTextStream s(&out);
    s << "run,series,step,time,epoch,value,smoothed\n";
    for (const Curve &c : m_curves) {
        if (!c.run)
            continue;
        const SeriesData &d = c.run->series(c.series);
        const int n = std::min(d.size(), c.plotted);
        auto smooth = c.smooth->data();
        for (int i = 0; i < n; ++i)
            s << c.run->name() << ',' << c.key << ',' << qint64(d.step[i]) << ',' << QString::number(d.time[i], 'g', 10)
              << ',' << QString::number(d.epoch[i], 'g', 10) << ',' << QString::number(d.value[i], 'g', 10) << ','
              << QString::number(i < smooth->size() ? smooth->at(i)->value : qQNaN(), 'g', 10) << '\n';
    }
    s.flush();
    if (!out.commit()) {
        if (error)
            *error = tr("Cannot write \"%1\": %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

} // namespace fieldbench
