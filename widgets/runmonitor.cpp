#include "runmonitor.h"

#include "runreader.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fieldbench {

RunMonitor::RunMonitor(const QString &dir, QObject *parent, RunWarningThresholds thresholds, int pollMs)
    : QObject(parent)
    , m_dir(QDir::cleanPath(QFileInfo(dir).absoluteFilePath()))
{
    qRegisterMetaType<fieldbench::MetricsChunkPtr>();
    m_thread.setObjectName(QStringLiteral("run reader"));
    auto *reader = new RunReader(m_dir, thresholds);
    reader->moveToThread(&m_thread);
    m_reader = reader;
    connect(&m_thread, &QThread::finished, reader, &QObject::deleteLater);
    // Queued: chunks are made on the reader's thread and applied on the GUI thread.
    connect(reader, &RunReader::chunk, this, &RunMonitor::onChunk, Qt::QueuedConnection);
    connect(reader, &RunReader::caughtUp, this, [this] {
        if (!m_caughtUp) {
            m_caughtUp = true;
            emit caughtUpChanged();
        }
    }, Qt::QueuedConnection);
    m_thread.start();
    // Runs start() on the reader's thread.
    QMetaObject::invokeMethod(reader, [reader, pollMs] { reader->start(pollMs); }, Qt::QueuedConnection);

    auto *liveness = new QTimer(this);
    connect(liveness, &QTimer::timeout, this, &RunMonitor::checkLiveness);
    liveness->start(2000);
    updateState();
}

RunMonitor::~RunMonitor()
{
    m_thread.requestInterruption();
    m_thread.quit();
    m_thread.wait();
}

QString RunMonitor::name() const
{
    return QFileInfo(m_dir).fileName();
}

void RunMonitor::onChunk(const MetricsChunkPtr &chunkPtr)
{
    const MetricsChunk &c = *chunkPtr;
    if (m_reader)
        m_reader->consumed();
    if (c.reset) {
        m_keys.clear();
        m_series.clear();
        m_snapshot = TrainSnapshot();
        m_rate.clear();
        m_events.clear();
        m_warnings.clear();
        m_examples.clear();
        m_examplesStep = -1;
        m_lines = 0;
        emit rewound();
    }
    if (c.hasConfig) {
        m_config = c.config;
        const nlohmann::json j = nlohmann::json::parse(c.config.constBegin(), c.config.constEnd(), nullptr, false);
        if (j.is_object()) {
            m_objective = QString::fromStdString(j.value("objective", std::string()));
        }
        emit configChanged();
    }
    bool statusChangedNow = false;
    if (c.hasStatus) {
        m_status = c.status;
        if (m_stopping && m_status.state != QLatin1String("running"))
            m_stopping = false;
        statusChangedNow = true;
    }
    if (c.hasIndex) {
        m_index = c.index;
        statusChangedNow = true;
    }

    if (!std::isnan(c.rewindToStep))
        rewind(c.rewindToStep);

    // Append the new points; keys only grow.
    QVector<int> oldSizes(c.keys.size(), 0);
    bool any = false;
    if (m_keys.size() < c.keys.size()) {
        for (int i = int(m_keys.size()); i < c.keys.size(); ++i)
            m_keys.push_back(c.keys[i]);
        m_series.resize(std::size_t(m_keys.size()));
    }
    // Reserve for the whole file (its size is known) in proportion to each series' share of
    // the lines: a million-line file then never copies every column at the same moment while
    // it is being followed. Past the estimate the columns grow by half again.
    const double linesAfter = double(m_lines + c.lines);
    const double expected = std::max<double>(double(c.expectedLines), linesAfter);
    for (std::size_t i = 0; i < c.series.size(); ++i) {
        SeriesData &to = m_series[i];
        const qsizetype n = to.size() + c.series[i].size();
        if (n > to.step.capacity()) {
            const double share = linesAfter > 0 ? double(n) / linesAfter : 1.0;
            to.reserve(std::max<qsizetype>(qsizetype(share * expected * 1.25), n + n / 2));
        }
    }
    for (std::size_t i = 0; i < c.series.size(); ++i) {
        SeriesData &to = m_series[i];
        oldSizes[int(i)] = to.size();
        const SeriesData &from = c.series[i];
        if (!from.size())
            continue;
        any = true;
        to.step += from.step;
        to.time += from.time;
        to.epoch += from.epoch;
        to.value += from.value;
    }
    m_lines += c.lines;
    if (c.snapshot.step >= 0) {
        m_snapshot = c.snapshot;
        m_rate.push_back({double(c.snapshot.step), c.snapshot.time});
        while (m_rate.size() > 50)
            m_rate.removeFirst();
        statusChangedNow = true;
    }
    for (const RunEvent &e : c.events)
        if (e.event == QLatin1String("started") || e.event == QLatin1String("resumed"))
            m_rate.clear(); // the rate of a previous session does not say much about this one
    if (!c.events.isEmpty()) {
        m_events += c.events;
        emit eventsAppended();
    }
    if (any)
        emit appended(oldSizes);
    if (c.examplesStep >= 0) {
        m_examples = c.examples;
        m_examplesStep = c.examplesStep;
        emit examplesChanged();
    }
    if (!c.warnings.isEmpty()) {
        for (const RunWarning &w : c.warnings) {
            // One entry per kind: the newest replaces an older one.
            auto it = std::find_if(m_warnings.begin(), m_warnings.end(),
                                   [&](const RunWarning &o) { return o.kind == w.kind; });
            if (it != m_warnings.end())
                *it = w;
            else
                m_warnings.push_back(w);
        }
        emit warningsChanged();
    }
    if (!c.logAppend.isEmpty()) {
        m_log += c.logAppend;
        emit logAppended(c.logAppend);
    }
    if (!c.stderrAppend.isEmpty()) {
        m_stderr += c.stderrAppend;
        if (c.logAppend.isEmpty() && m_log.isEmpty())
            emit logAppended(c.stderrAppend);
        statusChangedNow = true; // a failed launch's reason is in there
    }
    const QString before = m_state + m_reason;
    updateState();
    if (statusChangedNow || before != m_state + m_reason)
        emit statusChanged();
}

void RunMonitor::rewind(double step)
{
    for (SeriesData &s : m_series) {
        const auto it = std::lower_bound(s.step.begin(), s.step.end(), step);
        const int keep = int(it - s.step.begin());
        s.step.resize(keep);
        s.time.resize(keep);
        s.epoch.resize(keep);
        s.value.resize(keep);
    }
    m_rate.clear();
    emit rewound();
}

void RunMonitor::setLaunchedPid(qint64 pid)
{
    m_launchedPid = pid;
    updateState();
    emit statusChanged();
}

void RunMonitor::setStopping(bool stopping)
{
    m_stopping = stopping;
    updateState();
    emit statusChanged();
}

void RunMonitor::checkLiveness()
{
    const QString before = m_state + m_reason;
    updateState();
    if (before != m_state + m_reason)
        emit statusChanged();
}

void RunMonitor::updateState()
{
    QString reason;
    QString state = effectiveRunState(m_status, &reason, QDateTime::currentDateTimeUtc());
    if (m_launchedPid > 0) {
        // Launched by this GUI: status.json may not exist yet, or may still describe the
        // previous session (a resume).
        const bool alive = processAlive(m_launchedPid);
        const bool statusIsOurs = m_status.pid == m_launchedPid;
        if (alive && !statusIsOurs) {
            state = QStringLiteral("starting");
            reason.clear();
        } else if (!alive && !statusIsOurs) {
            state = QStringLiteral("failed");
            // The trainer died before writing status.json: its last words are on stderr.
            const QStringList lines = m_stderr.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            reason = lines.isEmpty() ? tr("the trainer exited before it started (no output)") : lines.last().trimmed();
        }
    }
    if (m_stopping && (state == QLatin1String("running") || state == QLatin1String("starting")))
        state = QStringLiteral("stopping");
    if (state.isEmpty())
        state = m_lines > 0 ? QStringLiteral("unknown") : QString();
    m_state = state;
    m_reason = reason;
}

QString RunMonitor::state() const
{
    return m_state;
}

QString RunMonitor::reason() const
{
    return m_reason;
}

bool RunMonitor::isActive() const
{
    return m_state == QLatin1String("running") || m_state == QLatin1String("starting") ||
           m_state == QLatin1String("stopping");
}

qint64 RunMonitor::maxSteps() const
{
    if (m_status.maxSteps > 0)
        return m_status.maxSteps;
    const nlohmann::json j = nlohmann::json::parse(m_config.constBegin(), m_config.constEnd(), nullptr, false);
    if (j.is_object() && j.contains("max_steps") && j["max_steps"].is_number())
        return j["max_steps"].get<qint64>();
    return 0;
}

double RunMonitor::etaSeconds() const
{
    const qint64 total = maxSteps();
    if (total <= 0 || m_rate.size() < 2 || !isActive())
        return -1;
    const double steps = m_rate.last().first - m_rate.first().first;
    const double seconds = m_rate.last().second - m_rate.first().second;
    if (steps <= 0 || seconds <= 0)
        return -1;
    return double(total - m_snapshot.step) * seconds / steps;
}

double RunMonitor::bestDevMetric(QString *name) const
{
    if (!std::isnan(m_index.bestMetric)) {
        if (name)
            *name = m_index.bestMetricName;
        return m_index.bestMetric;
    }
    // No checkpoint index yet: the lowest error rate of the evaluations so far.
    for (const char *key : {"dev/per", "dev/cer", "dev/wer", "dev/loss"}) {
        const int i = seriesIndex(QString::fromLatin1(key));
        if (i < 0 || !m_series[std::size_t(i)].size())
            continue;
        double best = std::numeric_limits<double>::infinity();
        for (double v : m_series[std::size_t(i)].value)
            if (std::isfinite(v))
                best = std::min(best, v);
        if (std::isfinite(best)) {
            if (name)
                *name = QString::fromLatin1(key).mid(4);
            return best;
        }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace fieldbench
