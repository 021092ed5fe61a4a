#include "fakerun.h"

#include "fieldbench/train/trainconfig.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QSaveFile>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace fieldbench::testing {

namespace {

std::uint64_t splitmix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Numbers as the trainer writes them: shortest text that reads back as the same double is
// not needed here; 7 significant digits are what a test compares after parsing.
std::string num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.7g", v);
    return buf;
}

bool writeAtomically(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.commit();
}

const char *const kIpa[] = {"h a l o | v ɛ l t", "ɡ uː t ə n | t aː k", "b ɔ̃ ʒ u ʁ | m ɔ̃ d", "d a ŋ k ə | v eː l",
                            "ɪ ç | ʃ p ʁ ɛ ç ə", "l ə | ʃ a | n w a ʁ", "h ʏ z | ɪ s | ɣ ʁ oː t"};

} // namespace

FakeRunWriter::FakeRunWriter(const QString &dir, Options options)
    : m_dir(dir)
    , m_options(std::move(options))
{
    QDir().mkpath(dir);
}

double FakeRunWriter::noise(qint64 step, int salt) const
{
    const std::uint64_t r = splitmix(std::uint64_t(step) * 1315423911ULL + std::uint64_t(salt));
    return double(r >> 11) / double(1ULL << 53) * 2.0 - 1.0;
}

double FakeRunWriter::loss(qint64 step) const
{
    const double s = double(step);
    double base = m_options.objective == QLatin1String("ctc") ? 0.35 + 3.2 * std::exp(-s / 1500.0)
                                                              : 1.9 + 2.8 * std::exp(-s / 2500.0) + 0.6 * std::exp(-s / 12000.0);
    if (m_options.diverge && step > 4000)
        base *= 1.0 + (s - 4000) / 300.0;
    return base * (1.0 + 0.06 * noise(step, 1));
}

bool FakeRunWriter::writeConfig() const
{
    TrainConfig c = TrainConfig::fromPreset(m_options.objective == QLatin1String("ctc") ? "phoneme-recogniser" : "pretrain-small");
    c.project = m_options.project.toStdString();
    c.maxSteps = m_options.maxSteps;
    c.checkpoint.logEverySteps = m_options.logEvery;
    c.checkpoint.evalEverySteps = m_options.evalEvery;
    if (c.objective == "ctc")
        c.model = (m_options.project + QStringLiteral("/models/pretrained")).toStdString();
    for (const QString &l : m_options.languages)
        c.data.languages.push_back(l.toStdString());
    return writeAtomically(m_dir + QStringLiteral("/config.json"), QByteArray::fromStdString(c.toJson()));
}

bool FakeRunWriter::writeStatus(const QString &state, qint64 step, const QString &reason, qint64 pid, const QString &host) const
{
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    QString json = QStringLiteral("{\"state\": \"%1\", \"reason\": \"%2\", \"pid\": %3, \"host\": \"%4\", \"step\": %5, "
                                  "\"max_steps\": %6, \"started\": \"%7\", \"updated\": \"%8\"}\n")
                       .arg(state, QString(reason).replace(QLatin1Char('"'), QLatin1Char('\'')))
                       .arg(pid)
                       .arg(host)
                       .arg(step)
                       .arg(m_options.maxSteps)
                       .arg(now, now);
    return writeAtomically(m_dir + QStringLiteral("/status.json"), json.toUtf8());
}

bool FakeRunWriter::writeIndex(qint64 latestStep, double bestMetric, const QString &metricName) const
{
    const QString latest = QStringLiteral("step-%1").arg(latestStep, 8, 10, QLatin1Char('0'));
    const QString json = QStringLiteral("{\"latest\": \"%1\", \"best\": \"%1\", \"best_metric\": %2, "
                                        "\"best_metric_name\": \"%3\", \"checkpoints\": [\"%1\"]}\n")
                             .arg(latest, QString::fromStdString(num(bestMetric)), metricName);
    QDir().mkpath(m_dir + QStringLiteral("/checkpoints/") + latest);
    return writeAtomically(m_dir + QStringLiteral("/checkpoints/index.json"), json.toUtf8());
}

bool FakeRunWriter::appendLog(const QString &line) const
{
    QFile f(m_dir + QStringLiteral("/log.txt"));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        return false;
    return f.write((line + QLatin1Char('\n')).toUtf8()) > 0;
}

bool FakeRunWriter::append(const QByteArray &lines) const
{
    QFile f(m_dir + QStringLiteral("/metrics.jsonl"));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        return false;
    return f.write(lines) == lines.size();
}

QByteArray FakeRunWriter::trainLine(qint64 step) const
{
    const Options &o = m_options;
    const double s = double(step);
    // Seconds since the start: a slowly varying step time, never going backwards.
    const double time = s * o.secondsPerStep * (1.0 + 0.01 * std::sin(s / 5000.0));
    const double stepsPerEpoch = 850;
    const double warm = 500;
    const double peak = o.objective == QLatin1String("ctc") ? 1e-4 : 5e-4;
    const double lr = s < warm ? peak * s / warm : peak * std::max(0.0, (double(o.maxSteps) - s) / (double(o.maxSteps) - warm));
    std::string line = "{\"type\": \"train\", \"step\": " + std::to_string(step) + ", \"time\": " + num(time) +
                       ", \"epoch\": " + num(s / stepsPerEpoch) + ", \"lr\": " + num(lr) + ", \"loss\": " + num(loss(step));
    if (o.objective == QLatin1String("ctc")) {
        line += ", \"loss_ctc\": " + num(loss(step));
    } else {
        const double l = loss(step);
        line += ", \"loss_contrastive\": " + num(l * 0.93) + ", \"loss_diversity\": " + num(0.05 + 0.02 * std::exp(-s / 4000)) +
                ", \"loss_feature_penalty\": " + num(0.012 * (1 + 0.1 * noise(step, 3)));
        line += ", \"code_perplexity\": [";
        for (int g = 0; g < o.groups; ++g) {
            double p = 40 + 220 * (1 - std::exp(-s / (3000.0 + 800 * g)));
            if (o.codePerplexityFloor > 0 && step > 3000)
                p = o.codePerplexityFloor + (p - o.codePerplexityFloor) * std::exp(-(s - 3000) / 400.0);
            line += (g ? ", " : "") + num(p * (1 + 0.03 * noise(step, 10 + g)));
        }
        line += "], \"prob_perplexity\": [";
        for (int g = 0; g < o.groups; ++g)
            line += (g ? ", " : "") + num((120 + 170 * (1 - std::exp(-s / 3500.0))) * (1 + 0.02 * noise(step, 20 + g)));
        line += "], \"gumbel_temperature\": " + num(std::max(0.5, 2.0 * std::pow(0.999995, s)));
    }
    const double stepTime = o.secondsPerStep * (1 + 0.1 * noise(step, 4));
    const double wait = stepTime * o.dataWaitShare * (1 + 0.5 * noise(step, 5));
    line += ", \"grad_norm\": " + num(2.5 * std::exp(-s / 5000) + 0.6 + 0.3 * std::abs(noise(step, 6)));
    line += ", \"audio_seconds\": " + num(58 + 2 * noise(step, 7));
    line += ", \"audio_hours_seen\": " + num(s * 58 / 3600.0);
    line += ", \"audio_seconds_per_second\": " + num(58 / stepTime);
    line += ", \"time_step\": " + num(stepTime) + ", \"time_data_wait\": " + num(wait) +
            ", \"time_forward\": " + num(stepTime * 0.35) + ", \"time_backward\": " + num(stepTime * 0.5) +
            ", \"time_optimizer\": " + num(stepTime * 0.1) + ", \"data_wait_share\": " + num(wait / stepTime);
    line += ", \"rss_bytes\": " + std::to_string(qint64(2.1e9 + 1e8 * std::min(1.0, s / 2000)));
    line += ", \"cuda_allocated_bytes\": 0, \"cuda_reserved_bytes\": 0, \"non_finite_steps\": 0";
    line += ", \"language_share\": {";
    const int n = int(o.languages.size());
    for (int i = 0; i < n; ++i)
        line += (i ? ", \"" : "\"") + o.languages[i].toStdString() + "\": " + num(1.0 / n * (1 + 0.1 * (i - (n - 1) / 2.0) / n));
    line += "}}\n";
    return QByteArray::fromStdString(line);
}

QByteArray FakeRunWriter::evalLine(qint64 step) const
{
    const Options &o = m_options;
    const double s = double(step);
    const double time = s * o.secondsPerStep;
    std::string line = "{\"type\": \"eval\", \"step\": " + std::to_string(step) + ", \"time\": " + num(time);
    if (o.objective == QLatin1String("ctc")) {
        const double per = 0.12 + 0.8 * std::exp(-s / 2000);
        line += ", \"loss\": " + num(loss(step) * 1.1) + ", \"per\": " + num(per) + ", \"wer\": " + num(std::min(1.0, per * 2.4));
        line += ", \"per_language\": {";
        for (int i = 0; i < o.languages.size(); ++i) {
            const double p = per * (0.8 + 0.2 * i) * (1 + 0.05 * noise(step, 30 + i));
            line += (i ? ", \"" : "\"") + o.languages[i].toStdString() + "\": {\"per\": " + num(p) +
                    ", \"wer\": " + num(std::min(1.0, p * 2.4)) + ", \"utterances\": 40}";
        }
        line += "}, \"examples\": [";
        const int count = 4;
        for (int i = 0; i < count; ++i) {
            const std::string ref = kIpa[(step / 250 + i) % 7];
            std::vector<std::string> tokens;
            for (std::size_t start = 0; start <= ref.size();) {
                const std::size_t sp = std::min(ref.find(' ', start), ref.size());
                tokens.push_back(ref.substr(start, sp - start));
                start = sp + 1;
            }
            // Damage the hypothesis less as training goes on: drop, replace and insert phones.
            const int damage = int(std::lround(6 * std::exp(-s / 2500))) + (i % 2);
            for (int d = 0; d < damage && tokens.size() > 2; ++d) {
                const std::size_t at = std::size_t(splitmix(std::uint64_t(step * 7 + i * 13 + d)) % tokens.size());
                if (tokens[at] == "|")
                    continue;
                if (d % 3 == 0)
                    tokens.erase(tokens.begin() + std::ptrdiff_t(at));
                else if (d % 3 == 1)
                    tokens[at] = "ə";
                else
                    tokens.insert(tokens.begin() + std::ptrdiff_t(at), "e");
            }
            std::string hyp;
            for (const std::string &t : tokens)
                hyp += (hyp.empty() ? "" : " ") + t;
            const std::string lang = o.languages.isEmpty() ? "und" : o.languages[i % o.languages.size()].toStdString();
            line += std::string(i ? ", " : "") + "{\"language\": \"" + lang + "\", \"reference\": \"" + ref +
                    "\", \"hypothesis\": \"" + hyp + "\"}";
        }
        line += "]";
    } else {
        line += ", \"loss\": " + num(loss(step) * 1.05) + ", \"contrastive_accuracy\": " +
                num(0.2 + 0.55 * (1 - std::exp(-s / 4000)));
    }
    line += "}\n";
    return QByteArray::fromStdString(line);
}

QByteArray FakeRunWriter::eventLine(qint64 step, const QString &event, const QString &message) const
{
    return QStringLiteral("{\"type\": \"event\", \"step\": %1, \"time\": %2, \"event\": \"%3\", \"message\": \"%4\", "
                          "\"max_steps\": %5}\n")
        .arg(step)
        .arg(QString::fromStdString(num(double(step) * m_options.secondsPerStep)))
        .arg(event, QString(message).replace(QLatin1Char('"'), QLatin1Char('\'')))
        .arg(m_options.maxSteps)
        .toUtf8();
}

qint64 FakeRunWriter::appendSteps(qint64 from, qint64 to) const
{
    QByteArray bytes;
    const qint64 every = std::max(1, m_options.logEvery);
    for (qint64 step = (from / every + 1) * every; step <= to; step += every) {
        bytes += trainLine(step);
        if (m_options.evalEvery > 0 && step % m_options.evalEvery == 0)
            bytes += evalLine(step);
    }
    return append(bytes) ? bytes.size() : 0;
}

bool FakeRunWriter::writeBulk(const QString &path, qint64 lines, qint64 firstStep)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        return false;
    std::string buffer;
    buffer.reserve(8 << 20);
    char line[256];
    for (qint64 i = 0; i < lines; ++i) {
        const qint64 step = firstStep + i;
        const double s = double(step);
        const double loss = 2.0 + 3.0 * std::exp(-s / 200000.0) + 0.05 * std::sin(s * 0.37);
        const int n = std::snprintf(line, sizeof line,
                                    "{\"type\": \"train\", \"step\": %lld, \"time\": %.7g, \"epoch\": %.7g, \"lr\": %.7g, "
                                    "\"loss\": %.7g, \"grad_norm\": %.7g}\n",
                                    static_cast<long long>(step), s * 0.5, s / 1000.0, 5e-4 * std::min(1.0, s / 1000.0),
                                    loss, 1.0 + 0.2 * std::cos(s * 0.11));
        buffer.append(line, std::size_t(n));
        if (buffer.size() > (7u << 20)) {
            if (f.write(buffer.data(), qint64(buffer.size())) != qint64(buffer.size()))
                return false;
            buffer.clear();
        }
    }
    return f.write(buffer.data(), qint64(buffer.size())) == qint64(buffer.size());
}

} // namespace fieldbench::testing
