#pragma once

// What the GUI knows about a training run, read from its folder (docs/run-directory.md):
// status.json, checkpoints/index.json, config.json and the metrics.jsonl lines turned into
// columns of numbers. Plain value types plus one stateful line parser; no widgets, no
// threads. RunReader (worker thread) produces MetricsChunk values with these, RunMonitor
// (GUI thread) accumulates them.

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace fieldbench {

// status.json. `state` is empty while the file does not exist yet.
struct RunStatus
{
    QString state;           // "running", "stopped", "finished", "failed" or empty
    QString reason;          // why it stopped or failed, when the trainer said
    qint64 pid = 0;
    QString host;
    qint64 step = 0;
    qint64 maxSteps = 0;
    QDateTime started;       // UTC
    QDateTime updated;       // UTC

    bool operator==(const RunStatus &o) const;
    bool operator!=(const RunStatus &o) const { return !(*this == o); }
};

// Parses status.json; returns false (leaving *status alone) when the bytes do not parse.
bool parseRunStatus(const QByteArray &json, RunStatus *status);

// checkpoints/index.json: only what the runs panel shows.
struct CheckpointIndex
{
    QString latest;
    QString best;
    double bestMetric = std::numeric_limits<double>::quiet_NaN();
    QString bestMetricName; // "per", "cer", "wer", "loss"...
    int count = 0;

    bool operator==(const CheckpointIndex &o) const;
};
bool parseCheckpointIndex(const QByteArray &json, CheckpointIndex *index);

// One decoded dev utterance of the latest evaluation.
struct DecodedExample
{
    QString language;
    QString reference;
    QString hypothesis;
};

struct RunEvent
{
    qint64 step = 0;
    double time = 0;
    QString event;   // "started", "resumed", "checkpoint", "stopped", "finished", "failed", "warning"
    QString message;
};

// New points of one series, in file order. The x columns are what the plots can use as the
// x axis: optimizer step, seconds since the run started, epoch.
struct SeriesData
{
    QVector<double> step;
    QVector<double> time;
    QVector<double> epoch;
    QVector<double> value;

    int size() const { return int(value.size()); }
    void reserve(qsizetype n)
    {
        step.reserve(n);
        time.reserve(n);
        epoch.reserve(n);
        value.reserve(n);
    }
    void append(double s, double t, double e, double v)
    {
        step.push_back(s);
        time.push_back(t);
        epoch.push_back(e);
        value.push_back(v);
    }
};

// The latest train line's numbers the progress bar and the runs panel show.
struct TrainSnapshot
{
    qint64 step = -1;           // -1: no train line yet
    double time = 0;            // seconds since the run first started
    double epoch = 0;
    double audioHoursSeen = 0;
    double lr = 0;
    double loss = std::numeric_limits<double>::quiet_NaN();
    qint64 nonFiniteSteps = 0;
};

// Practitioner warnings, recomputed as lines arrive.
enum class RunWarningKind { CodebookCollapse, DivergingLoss, NonFiniteSteps, DataWait };

struct RunWarning
{
    RunWarningKind kind = RunWarningKind::DivergingLoss;
    qint64 step = 0;  // where it was first seen
    QString message;  // translated, one sentence with the numbers
};

// Thresholds of the warnings (units in the comments; all tunable by tests and settings).
struct RunWarningThresholds
{
    double codePerplexityMin = 10.0;  // code perplexity of any group below this = codebook collapse
    int codePerplexityGraceSteps = 1000; // no collapse warning before this step (the codebook is still spreading)
    double divergeFactor = 2.0;       // smoothed loss this many times above its lowest value = diverging
    int divergeMinLines = 20;         // train lines seen before divergence is judged
    double dataWaitShareMax = 0.20;   // mean data-wait share of recent steps above this = input-bound
    int dataWaitWindow = 20;          // train lines averaged for the data-wait share
};

// Everything new since the previous chunk. Series are identified by an index into `keys`
// (which holds every key seen so far, old ones first, so indices stay valid).
struct MetricsChunk
{
    QStringList keys;                 // series names: "loss", "code_perplexity[0]", "dev/per/deu"...
    std::vector<SeriesData> series;   // same size as keys; new points only
    // When set (not NaN), drop every point at or after this step before appending: the run
    // was resumed from an earlier checkpoint and logs those steps again.
    double rewindToStep = std::numeric_limits<double>::quiet_NaN();
    QVector<RunEvent> events;
    QVector<DecodedExample> examples; // of the latest eval line in this chunk
    qint64 examplesStep = -1;         // its step; -1: no eval line with examples in this chunk
    TrainSnapshot snapshot;           // latest train line (step -1 when none in this chunk)
    QVector<RunWarning> warnings;     // warnings that became active in this chunk
    qint64 lines = 0;                 // lines parsed into this chunk
    qint64 expectedLines = 0;         // estimate of metrics.jsonl's lines (from its size): room to reserve
    qint64 badLines = 0;              // lines that did not parse (a torn last line after a crash)

    bool hasStatus = false;           // status.json changed
    RunStatus status;
    bool hasIndex = false;            // checkpoints/index.json changed
    CheckpointIndex index;
    bool hasConfig = false;           // config.json appeared or changed
    QByteArray config;
    QString logAppend;                // new text of log.txt
    QString stderrAppend;             // new text of stderr.txt (what a launched trainer printed)
    bool reset = false;               // metrics.jsonl was replaced or truncated: start over

    bool isEmpty() const;
};
using MetricsChunkPtr = std::shared_ptr<const MetricsChunk>;

// Turns metrics.jsonl lines into columns. Stateful (key table, last step, running warning
// state); one per reader; not thread-safe (used by one thread at a time).
class MetricsParser
{
public:
    explicit MetricsParser(RunWarningThresholds thresholds = {});

    // Parses one line (without the newline) into `chunk`. Returns false for a line that is
    // not a JSON object (counted in chunk.badLines). A line whose step is below the last
    // train step seen sets chunk.rewindToStep when the chunk has no points yet, and
    // otherwise returns false without consuming it: *needsNewChunk tells the caller to emit
    // the chunk and call again with a fresh one.
    bool parseLine(const char *begin, const char *end, MetricsChunk &chunk, bool *needsNewChunk = nullptr);

    // Starts a chunk: copies the key table so its indices are stable.
    void beginChunk(MetricsChunk &chunk) const;

    qint64 lastTrainStep() const { return m_lastStep; }
    void reset();

private:
    int keyIndex(const std::string &key, MetricsChunk &chunk);
    void checkWarnings(const TrainSnapshot &snap, double loss, const std::vector<double> &codePerplexity,
                       double dataWait, MetricsChunk &chunk);

    RunWarningThresholds m_thresholds;
    std::unordered_map<std::string, int> m_keyIndex;
    QStringList m_keys;
    qint64 m_lastStep = -1;
    double m_lastEpoch = 0;
    // Warning state.
    double m_lossEma = std::numeric_limits<double>::quiet_NaN();
    double m_lossEmaMin = std::numeric_limits<double>::infinity();
    int m_trainLines = 0;
    std::vector<double> m_dataWait; // ring of recent shares
    std::size_t m_dataWaitNext = 0;
    qint64 m_nonFinite = 0;
    bool m_collapseActive = false;
    bool m_divergeActive = false;
    bool m_dataWaitActive = false;
};

// "failed" when a running trainer on this host is gone, or a remote one has not updated
// status.json for `staleMinutes`; otherwise status.state. *reason gets why.
QString effectiveRunState(const RunStatus &status, QString *reason, const QDateTime &nowUtc,
                          int staleMinutes = 15);

// True when process `pid` exists on this machine (signal 0 probe).
bool processAlive(qint64 pid);

// This machine's name as the trainer writes it into status.json.
QString localHostName();

} // namespace fieldbench

Q_DECLARE_METATYPE(fieldbench::MetricsChunkPtr)
