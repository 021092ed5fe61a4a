#pragma once

#include "rundata.h"

#include <QObject>
#include <QPointer>
#include <QThread>

namespace fieldbench {

class RunReader;

// Everything the GUI shows of one run folder, kept up to date on the GUI thread from the
// chunks a RunReader sends from its worker thread. Owns that thread: the destructor
// interrupts it, quits it and waits (the reader finishes its current 4 MB read at most).
//
// The series hold every numeric point of metrics.jsonl as columns of doubles (step, time,
// epoch, value: 32 bytes a point), so the plots can switch the x axis without reading again.
class RunMonitor : public QObject
{
    Q_OBJECT

public:
    explicit RunMonitor(const QString &dir, QObject *parent = nullptr,
                        RunWarningThresholds thresholds = {}, int pollMs = 250);
    ~RunMonitor() override;

    QString dir() const { return m_dir; }
    QString name() const;
    QString objective() const { return m_objective; }
    QByteArray configJson() const { return m_config; }

    const RunStatus &status() const { return m_status; }
    const CheckpointIndex &checkpoints() const { return m_index; }
    const TrainSnapshot &snapshot() const { return m_snapshot; }

    // The state shown: status.json's, "failed" for a vanished trainer or a launch that died
    // before writing status.json, "starting" between launch and the first status.json,
    // "stopping" after requestStop() until the trainer says it stopped.
    QString state() const;
    QString reason() const;
    bool isActive() const; // starting, running or stopping
    qint64 maxSteps() const;
    // Seconds of training so far (status/metrics "time"); ETA from the recent step rate, -1
    // when unknown.
    double elapsedSeconds() const { return m_snapshot.time > 0 ? m_snapshot.time : 0; }
    double etaSeconds() const;
    double bestDevMetric(QString *name = nullptr) const;

    // Series (see MetricsChunk::keys); the index of a key, -1 when not (yet) seen.
    const QStringList &seriesKeys() const { return m_keys; }
    int seriesIndex(const QString &key) const { return m_keys.indexOf(key); }
    const SeriesData &series(int index) const { return m_series[std::size_t(index)]; }

    const QVector<DecodedExample> &examples() const { return m_examples; }
    qint64 examplesStep() const { return m_examplesStep; }
    const QVector<RunEvent> &events() const { return m_events; }
    const QVector<RunWarning> &warnings() const { return m_warnings; }
    QString logText() const { return m_log; }
    QString stderrText() const { return m_stderr; }
    qint64 linesRead() const { return m_lines; }
    bool caughtUp() const { return m_caughtUp; }

    // A launch by this GUI: the child's pid (before the trainer writes status.json).
    void setLaunchedPid(qint64 pid);
    qint64 launchedPid() const { return m_launchedPid; }
    // Marks the run as stopping (the caller sent the stop request).
    void setStopping(bool stopping);

    // Re-evaluates liveness (a vanished process); called by a timer and by tests.
    void checkLiveness();

signals:
    // Points were appended: series `i` grew from oldSizes[i] (0 for a new key) to its size.
    void appended(const QVector<int> &oldSizes);
    // Points were dropped (a resume from an earlier checkpoint, a replaced file): redraw.
    void rewound();
    void statusChanged();
    void logAppended(const QString &text);
    void examplesChanged();
    void warningsChanged();
    void eventsAppended();
    void configChanged();
    void caughtUpChanged();

private:
    void onChunk(const MetricsChunkPtr &chunk);
    void updateState();
    void rewind(double step);

    QString m_dir;
    QThread m_thread;
    QPointer<RunReader> m_reader; // lives in m_thread

    QByteArray m_config;
    QString m_objective;
    QString m_configName;
    RunStatus m_status;
    CheckpointIndex m_index;
    TrainSnapshot m_snapshot;
    qint64 m_eventMaxSteps = 0;
    QStringList m_keys;
    std::vector<SeriesData> m_series;
    QVector<DecodedExample> m_examples;
    qint64 m_examplesStep = -1;
    QVector<RunEvent> m_events;
    QVector<RunWarning> m_warnings;
    QString m_log;
    QString m_stderr;
    qint64 m_lines = 0;
    bool m_caughtUp = false;
    qint64 m_launchedPid = 0;
    bool m_stopping = false;
    QString m_state;
    QString m_reason;
    // Step rate for the ETA: (step, time) of recent train lines.
    QVector<QPair<double, double>> m_rate;
};

} // namespace fieldbench
