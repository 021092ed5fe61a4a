#pragma once

// A fake training run for tests and development: writes a run folder the way
// `fieldbench-cli train` does (docs/run-directory.md): config.json, status.json,
// metrics.jsonl lines with realistic curves (a loss that falls and flattens, codebook
// perplexity that rises, Gumbel temperature decay, warm-up then linear decay of the learning
// rate, dev PER per language...), checkpoints/index.json and log.txt. Every value is a pure
// function of the step (deterministic noise), so a resumed fake continues the same curves.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace fieldbench::testing {

class FakeRunWriter
{
public:
    struct Options
    {
        QString objective = QStringLiteral("pretrain"); // "pretrain" or "ctc"
        QString project;                                // written into config.json
        QStringList languages = {QStringLiteral("deu"), QStringLiteral("fra"), QStringLiteral("nld")};
        int groups = 2;                                 // codebook groups (pretrain)
        qint64 maxSteps = 20000;
        int logEvery = 10;                              // steps per train line
        int evalEvery = 500;                            // steps per eval line; 0: none
        double secondsPerStep = 0.8;
        double codePerplexityFloor = 0;                 // > 0: the code perplexity collapses towards it after step 3000
        double dataWaitShare = 0.04;                    // share of each step spent waiting for data
        bool diverge = false;                           // the loss blows up after step 4000
    };

    FakeRunWriter(const QString &dir, Options options);

    const QString &dir() const { return m_dir; }
    const Options &options() const { return m_options; }

    bool writeConfig() const;
    bool writeStatus(const QString &state, qint64 step, const QString &reason = {}, qint64 pid = 0,
                     const QString &host = {}) const;
    bool writeIndex(qint64 latestStep, double bestMetric, const QString &metricName) const;
    bool appendLog(const QString &line) const;
    bool append(const QByteArray &lines) const;

    QByteArray trainLine(qint64 step) const;
    QByteArray evalLine(qint64 step) const;
    QByteArray eventLine(qint64 step, const QString &event, const QString &message = {}) const;

    // Train lines for steps (from, to] every logEvery steps, with eval lines every evalEvery,
    // appended in one write. Returns the bytes written (0 on failure).
    qint64 appendSteps(qint64 from, qint64 to) const;

    // The loss the fake writes at `step` (what a test expects to see plotted).
    double loss(qint64 step) const;

    // Writes `lines` short train lines ({"type":"train","step":..,"time":..,"epoch":..,
    // "lr":..,"loss":..,"grad_norm":..}) to `path` as fast as it can: the 1,000,000-line file.
    static bool writeBulk(const QString &path, qint64 lines, qint64 firstStep = 1);

private:
    double noise(qint64 step, int salt) const; // deterministic in [-1, 1]

    QString m_dir;
    Options m_options;
};

} // namespace fieldbench::testing
