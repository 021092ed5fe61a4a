#include "rundata.h"

#include <QCoreApplication>
#include <QFile>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace fieldbench {

namespace {

using nlohmann::json;

QString str(const json &o, const char *key)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

double num(const json &o, const char *key, double fallback = std::numeric_limits<double>::quiet_NaN())
{
    const auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<double>() : fallback;
}

QDateTime isoTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (t.isValid() && t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return t;
}

bool sameNumber(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

} // namespace

bool RunStatus::operator==(const RunStatus &o) const
{
    return state == o.state && reason == o.reason && pid == o.pid && host == o.host && step == o.step &&
           maxSteps == o.maxSteps && started == o.started && updated == o.updated;
}

bool parseRunStatus(const QByteArray &bytes, RunStatus *status)
{
    const json j = json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
    if (!j.is_object())
        return false;
    RunStatus s;
    s.state = str(j, "state");
    s.reason = str(j, "reason");
    s.pid = qint64(num(j, "pid", 0));
    s.host = str(j, "host");
    s.step = qint64(num(j, "step", 0));
    s.maxSteps = qint64(num(j, "max_steps", 0));
    s.started = isoTime(str(j, "started"));
    s.updated = isoTime(str(j, "updated"));
    *status = s;
    return true;
}

bool CheckpointIndex::operator==(const CheckpointIndex &o) const
{
    return latest == o.latest && best == o.best && sameNumber(bestMetric, o.bestMetric) &&
           bestMetricName == o.bestMetricName && count == o.count;
}

bool parseCheckpointIndex(const QByteArray &bytes, CheckpointIndex *index)
{
    const json j = json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
    if (!j.is_object())
        return false;
    CheckpointIndex c;
    c.latest = str(j, "latest");
    c.best = str(j, "best");
    c.bestMetric = num(j, "best_metric");
    c.bestMetricName = str(j, "best_metric_name");
    const auto it = j.find("checkpoints");
    c.count = it != j.end() && it->is_array() ? int(it->size()) : 0;
    *index = c;
    return true;
}

bool MetricsChunk::isEmpty() const
{
    if (lines || badLines || !events.isEmpty() || examplesStep >= 0 || !warnings.isEmpty() || hasStatus ||
        hasIndex || hasConfig || !logAppend.isEmpty() || !stderrAppend.isEmpty() || reset ||
        !std::isnan(rewindToStep))
        return false;
    return true;
}

// --- MetricsParser -----------------------------------------------------------------------

MetricsParser::MetricsParser(RunWarningThresholds thresholds)
    : m_thresholds(thresholds)
{
}

void MetricsParser::reset()
{
    *this = MetricsParser(m_thresholds);
}

void MetricsParser::beginChunk(MetricsChunk &chunk) const
{
    chunk.keys = m_keys;
    chunk.series.assign(std::size_t(m_keys.size()), SeriesData());
}

int MetricsParser::keyIndex(const std::string &key, MetricsChunk &chunk)
{
    const auto it = m_keyIndex.find(key);
    if (it != m_keyIndex.end())
        return it->second;
    const int index = int(m_keys.size());
    m_keyIndex.emplace(key, index);
    m_keys.push_back(QString::fromStdString(key));
    chunk.keys.push_back(m_keys.back());
    chunk.series.emplace_back();
    return index;
}

bool MetricsParser::parseLine(const char *begin, const char *end, MetricsChunk &chunk, bool *needsNewChunk)
{
    if (needsNewChunk)
        *needsNewChunk = false;
    // Blank lines (a trailing "\r", spaces) are not errors.
    const char *b = begin;
    while (b < end && (*b == ' ' || *b == '\r' || *b == '\t'))
        ++b;
    if (b == end)
        return true;
    const json j = json::parse(b, end, nullptr, false);
    if (!j.is_object()) {
        ++chunk.badLines;
        return false;
    }
    const std::string type = j.value("type", std::string());
    const double step = num(j, "step", 0);
    const double time = num(j, "time", 0);

    if (type == "train" && m_lastStep >= 0 && step <= double(m_lastStep)) {
        // Resumed from an earlier checkpoint: these steps are logged again.
        bool chunkHasPoints = false;
        for (const SeriesData &s : chunk.series)
            if (s.size()) {
                chunkHasPoints = true;
                break;
            }
        if (chunkHasPoints) {
            if (needsNewChunk)
                *needsNewChunk = true;
            return false;
        }
        chunk.rewindToStep = step;
    }

    auto add = [&](const std::string &key, double x, double value) {
        chunk.series[std::size_t(keyIndex(key, chunk))].append(step, time, x, value);
    };

    if (type == "train") {
        const double epoch = num(j, "epoch", m_lastEpoch);
        m_lastEpoch = epoch;
        m_lastStep = qint64(step);
        std::vector<double> codePerplexity;
        double loss = std::numeric_limits<double>::quiet_NaN();
        double dataWait = std::numeric_limits<double>::quiet_NaN();
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::string &key = it.key();
            if (key == "type" || key == "step" || key == "time" || key == "epoch")
                continue;
            const json &v = it.value();
            if (v.is_number()) {
                add(key, epoch, v.get<double>());
            } else if (v.is_null()) {
                // A non-finite value written as null: plotted as a gap-free NaN.
                add(key, epoch, std::numeric_limits<double>::quiet_NaN());
            } else if (v.is_array()) {
                for (std::size_t g = 0; g < v.size(); ++g)
                    if (v[g].is_number())
                        add(key + "[" + std::to_string(g) + "]", epoch, v[g].get<double>());
                if (key == "code_perplexity")
                    for (const json &x : v)
                        if (x.is_number())
                            codePerplexity.push_back(x.get<double>());
            } else if (v.is_object()) {
                for (auto sub = v.begin(); sub != v.end(); ++sub)
                    if (sub.value().is_number())
                        add(key + "/" + sub.key(), epoch, sub.value().get<double>());
            }
        }
        loss = num(j, "loss");
        dataWait = num(j, "data_wait_share");
        TrainSnapshot &snap = chunk.snapshot;
        snap.step = qint64(step);
        snap.time = time;
        snap.epoch = epoch;
        snap.audioHoursSeen = num(j, "audio_hours_seen", snap.audioHoursSeen);
        snap.lr = num(j, "lr", snap.lr);
        snap.loss = loss;
        snap.nonFiniteSteps = qint64(num(j, "non_finite_steps", double(snap.nonFiniteSteps)));
        checkWarnings(snap, loss, codePerplexity, dataWait, chunk);
    } else if (type == "eval") {
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::string &key = it.key();
            const json &v = it.value();
            if (key == "type" || key == "step" || key == "time")
                continue;
            if (v.is_number()) {
                add("dev/" + key, m_lastEpoch, v.get<double>());
            } else if (key == "per_language" && v.is_object()) {
                for (auto lang = v.begin(); lang != v.end(); ++lang) {
                    if (!lang.value().is_object())
                        continue;
                    for (auto m = lang.value().begin(); m != lang.value().end(); ++m)
                        if (m.value().is_number() && m.key() != "utterances")
                            add("dev/" + m.key() + "/" + lang.key(), m_lastEpoch, m.value().get<double>());
                }
            } else if (key == "examples" && v.is_array()) {
                chunk.examples.clear();
                for (const json &e : v)
                    if (e.is_object())
                        chunk.examples.push_back({str(e, "language"), str(e, "reference"), str(e, "hypothesis")});
                chunk.examplesStep = qint64(step);
            }
        }
    } else if (type == "event") {
        RunEvent e;
        e.step = qint64(step);
        e.time = time;
        e.event = str(j, "event");
        e.message = str(j, "message");
        chunk.events.push_back(e);
    }
    ++chunk.lines;
    return true;
}

void MetricsParser::checkWarnings(const TrainSnapshot &snap, double loss, const std::vector<double> &codePerplexity,
                                  double dataWait, MetricsChunk &chunk)
{
    ++m_trainLines;
    const RunWarningThresholds &t = m_thresholds;

    // Non-finite steps: the trainer skips them and counts them.
    if (snap.nonFiniteSteps > m_nonFinite) {
        chunk.warnings.push_back({RunWarningKind::NonFiniteSteps, snap.step,
                                  QCoreApplication::translate("RunData", "Steps with a non-finite loss or gradient were skipped "
                                     "(%1 so far). Lower the learning rate or use fp32.")
                                      .arg(snap.nonFiniteSteps)});
        m_nonFinite = snap.nonFiniteSteps;
    }
    // Diverging loss: a smoothed loss far above the lowest smoothed value seen.
    if (std::isfinite(loss)) {
        m_lossEma = std::isnan(m_lossEma) ? loss : 0.9 * m_lossEma + 0.1 * loss;
        if (m_trainLines >= t.divergeMinLines) {
            m_lossEmaMin = std::min(m_lossEmaMin, m_lossEma);
            const bool diverging = m_lossEmaMin > 0 && m_lossEma > t.divergeFactor * m_lossEmaMin;
            if (diverging && !m_divergeActive)
                chunk.warnings.push_back(
                    {RunWarningKind::DivergingLoss, snap.step,
                     QCoreApplication::translate("RunData", "The loss is diverging: %1 (smoothed) against a low of %2. Lower the learning "
                        "rate, lengthen the warm-up or clip gradients harder.")
                         .arg(m_lossEma, 0, 'g', 4)
                         .arg(m_lossEmaMin, 0, 'g', 4)});
            m_divergeActive = diverging;
        }
    }

    // Codebook collapse: few codebook entries in use.
    if (!codePerplexity.empty() && snap.step >= t.codePerplexityGraceSteps) {
        double lowest = codePerplexity.front();
        for (double p : codePerplexity)
            lowest = std::min(lowest, p);
        const bool collapsed = lowest < t.codePerplexityMin;
        if (collapsed && !m_collapseActive)
            chunk.warnings.push_back(
                {RunWarningKind::CodebookCollapse, snap.step,
                 QCoreApplication::translate("RunData", "Codebook collapse: code perplexity %1 is below %2, so only a few codebook entries "
                    "are used. Raise the diversity loss weight or the Gumbel temperature.")
                     .arg(lowest, 0, 'f', 1)
                     .arg(t.codePerplexityMin, 0, 'f', 0)});
        m_collapseActive = collapsed;
    }

    // Data-wait share: the trainer waits for batches (the input pipeline is the bottleneck).
    if (std::isfinite(dataWait) && t.dataWaitWindow > 0) {
        if (m_dataWait.size() < std::size_t(t.dataWaitWindow))
            m_dataWait.push_back(dataWait);
        else
            m_dataWait[m_dataWaitNext] = dataWait;
        m_dataWaitNext = (m_dataWaitNext + 1) % std::size_t(t.dataWaitWindow);
        if (m_dataWait.size() == std::size_t(t.dataWaitWindow)) {
            double mean = 0;
            for (double d : m_dataWait)
                mean += d;
            mean /= double(m_dataWait.size());
            const bool waiting = mean > t.dataWaitShareMax;
            if (waiting && !m_dataWaitActive)
                chunk.warnings.push_back(
                    {RunWarningKind::DataWait, snap.step,
                     QCoreApplication::translate("RunData", "The trainer waits for data %1% of the time (more than %2%). Raise "
                        "data.loader_threads or data.prefetch_batches.")
                         .arg(mean * 100, 0, 'f', 0)
                         .arg(t.dataWaitShareMax * 100, 0, 'f', 0)});
            m_dataWaitActive = waiting;
        }
    }
}

// --- liveness --------------------------------------------------------------------------------

bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (::kill(pid_t(pid), 0) != 0)
        return errno == EPERM; // exists, owned by someone else
    // A zombie (ended, not yet reaped: a container's init may never reap a detached
    // trainer) is not alive. Linux: the state letter follows the ")" in /proc/<pid>/stat.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray text = stat.readAll();
        const int close = text.lastIndexOf(')');
        if (close >= 0 && close + 2 < text.size() && (text[close + 2] == 'Z' || text[close + 2] == 'X'))
            return false;
    }
    return true;
}

QString localHostName()
{
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0)
        return QString();
    return QString::fromLocal8Bit(name);
}

QString effectiveRunState(const RunStatus &status, QString *reason, const QDateTime &nowUtc, int staleMinutes)
{
    if (reason)
        *reason = status.reason;
    if (status.state != QLatin1String("running"))
        return status.state;
    const bool local = status.host.isEmpty() || status.host == localHostName();
    if (local && status.pid > 0 && !processAlive(status.pid)) {
        if (reason)
            *reason = QCoreApplication::translate("RunData", "the trainer (process %1) ended without saying why; see the log").arg(status.pid);
        return QStringLiteral("failed");
    }
    if (!local && status.updated.isValid() && status.updated.secsTo(nowUtc) > qint64(staleMinutes) * 60) {
        if (reason)
            *reason = QCoreApplication::translate("RunData", "no update from %1 for %2 minutes")
                          .arg(status.host)
                          .arg(status.updated.secsTo(nowUtc) / 60);
        return QStringLiteral("failed");
    }
    return status.state;
}

} // namespace fieldbench
