#pragma once

#include "rundata.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QTimer;

namespace fieldbench {

// Follows one run folder on a worker thread: reads what was appended to metrics.jsonl
// since the last poll (never the whole file again), status.json, checkpoints/index.json,
// config.json, and the new text of log.txt and stderr.txt, and sends it to the GUI thread as
// MetricsChunk values (chunk() is emitted on the reader's thread and delivered queued).
//
// Polls (default every 250 ms) instead of watching, so folders on network shares written
// by another machine work too. Backpressure: at most two chunks are in flight; the receiver
// calls consumed() for each, and the reader stops reading until one is consumed, so a
// 1,000,000-line file never floods the GUI thread's event queue.
//
// Lives in the thread RunMonitor owns; created there, deleted by deleteLater when the thread
// finishes.
class RunReader : public QObject
{
    Q_OBJECT

public:
    explicit RunReader(const QString &dir, RunWarningThresholds thresholds = {}, QObject *parent = nullptr);
    ~RunReader() override;

    // Thread-safe: called by the receiver for every chunk it has processed.
    void consumed() { --m_inFlight; }

    static constexpr int kMaxInFlight = 2;
    // Small chunks keep each step of the GUI thread short (about 10 ms for 10,000 lines).
    static constexpr qint64 kMaxLinesPerChunk = 10000;
    static constexpr qint64 kReadBytes = 1 << 20;
    static constexpr qint64 kFirstLogBytes = 256 << 10; // log text read on first sight

public slots:
    void start(int intervalMs);
    void poll();

signals:
    void chunk(const fieldbench::MetricsChunkPtr &chunk);
    // Everything in the folder has been read (metrics.jsonl up to its last full line).
    void caughtUp();

private:
    struct Tail
    {
        qint64 offset = 0;
        qint64 inode = 0;
        bool seen = false;
    };
    struct Watched
    {
        qint64 size = -1;
        qint64 mtimeMs = -1;
    };

    bool readMetrics(bool *more);
    void readSmallFiles(MetricsChunk &chunk);
    QString readTextTail(const QString &file, Tail &tail);
    bool changed(const QString &file, Watched &w, QByteArray *bytes);
    void emitChunk(std::shared_ptr<MetricsChunk> &chunk);

    QString m_dir;
    QTimer *m_timer = nullptr;
    MetricsParser m_parser;
    Tail m_metrics;
    QByteArray m_partial; // bytes after the last newline of metrics.jsonl (a line being written)
    qint64 m_linesSeen = 0; // complete lines of metrics.jsonl so far (for expectedLines)
    Tail m_log;
    Tail m_stderr;
    Watched m_statusFile;
    Watched m_indexFile;
    Watched m_configFile;
    RunStatus m_status;
    CheckpointIndex m_index;
    std::atomic<int> m_inFlight{0};
    bool m_pendingPoll = false;
};

} // namespace fieldbench
