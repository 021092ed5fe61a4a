#include "runreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <cstring>

#include <sys/stat.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace fieldbench {

namespace {

qint64 inodeOf(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return qint64(st.st_ino);
}

} // namespace

RunReader::RunReader(const QString &dir, RunWarningThresholds thresholds, QObject *parent)
    : QObject(parent)
    , m_dir(dir)
    , m_parser(thresholds)
{
}

RunReader::~RunReader() = default;

void RunReader::start(int intervalMs)
{
#ifdef __linux__
    // Parsing a long file must not take CPU time from the GUI thread (on a 2-core machine
    // both compete): this thread runs at a lower priority (Linux nice values are per thread).
    ::setpriority(PRIO_PROCESS, id_t(::syscall(SYS_gettid)), 10);
#endif
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &RunReader::poll);
    }
    m_timer->start(intervalMs);
    poll();
}

void RunReader::emitChunk(std::shared_ptr<MetricsChunk> &chunk)
{
    if (!chunk->isEmpty()) {
        ++m_inFlight;
        emit this->chunk(MetricsChunkPtr(std::move(chunk)));
    }
    chunk = std::make_shared<MetricsChunk>();
    m_parser.beginChunk(*chunk);
}

void RunReader::poll()
{
    m_pendingPoll = false;
    if (m_inFlight >= kMaxInFlight) {
        // The GUI thread has not taken the previous chunks yet: look again soon.
        m_pendingPoll = true;
        QTimer::singleShot(5, this, &RunReader::poll);
        return;
    }
    bool more = false;
    const bool readAll = readMetrics(&more);
    if (more) {
        QTimer::singleShot(0, this, &RunReader::poll);
        return;
    }
    if (readAll)
        emit caughtUp();
}

bool RunReader::readMetrics(bool *more)
{
    *more = false;
    auto chunk = std::make_shared<MetricsChunk>();
    m_parser.beginChunk(*chunk);
    readSmallFiles(*chunk);

    const QString path = m_dir + QStringLiteral("/metrics.jsonl");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        emitChunk(chunk);
        return true;
    }
    const qint64 size = file.size();
    const qint64 inode = inodeOf(path);
    if (m_metrics.seen && (size < m_metrics.offset || (inode && inode != m_metrics.inode))) {
        // Replaced or truncated: start over.
        m_parser.reset();
        m_metrics = Tail();
        m_partial.clear();
        m_linesSeen = 0;
        chunk = std::make_shared<MetricsChunk>();
        m_parser.beginChunk(*chunk);
        chunk->reset = true;
        readSmallFiles(*chunk);
    }
    m_metrics.seen = true;
    m_metrics.inode = inode;
    if (size == m_metrics.offset) {
        emitChunk(chunk);
        return true;
    }
    if (!file.seek(m_metrics.offset)) {
        emitChunk(chunk);
        return true;
    }
    const QByteArray data = file.read(std::min(kReadBytes, size - m_metrics.offset));
    m_metrics.offset += data.size();

    QByteArray buffer;
    const char *begin = data.constData();
    const char *end = begin + data.size();
    if (!m_partial.isEmpty()) {
        buffer = m_partial + data;
        m_partial.clear();
        begin = buffer.constData();
        end = begin + buffer.size();
    }
    // Lines so far scaled to the file's size (bytes up to `next` are read): lets the receiver
    // reserve its columns once.
    const auto expectedLines = [&](const char *next) {
        const qint64 consumed = m_metrics.offset - qint64(end - next);
        return consumed > 0 ? qint64(double(m_linesSeen) * double(size) / double(consumed)) : 0;
    };
    const char *line = begin;
    while (line < end) {
        const char *nl = static_cast<const char *>(memchr(line, '\n', std::size_t(end - line)));
        if (!nl) {
            m_partial = QByteArray(line, int(end - line)); // incomplete: wait for the rest
            break;
        }
        bool needsNewChunk = false;
        m_parser.parseLine(line, nl, *chunk, &needsNewChunk);
        if (needsNewChunk) {
            emitChunk(chunk);
            m_parser.parseLine(line, nl, *chunk, &needsNewChunk);
        }
        line = nl + 1;
        ++m_linesSeen;
        if (chunk->lines >= kMaxLinesPerChunk && m_inFlight + 1 < kMaxInFlight) {
            chunk->expectedLines = expectedLines(line);
            emitChunk(chunk);
        }
    }
    chunk->expectedLines = expectedLines(line);
    emitChunk(chunk);
    *more = m_metrics.offset < size;
    return !*more;
}

bool RunReader::changed(const QString &name, Watched &w, QByteArray *bytes)
{
    const QFileInfo info(m_dir + QLatin1Char('/') + name);
    if (!info.exists())
        return false;
    const qint64 mtime = info.lastModified().toMSecsSinceEpoch();
    if (info.size() == w.size && mtime == w.mtimeMs)
        return false;
    QFile file(info.filePath());
    if (!file.open(QIODevice::ReadOnly))
        return false;
    *bytes = file.readAll();
    w.size = info.size();
    w.mtimeMs = mtime;
    return true;
}

void RunReader::readSmallFiles(MetricsChunk &chunk)
{
    QByteArray bytes;
    if (changed(QStringLiteral("status.json"), m_statusFile, &bytes)) {
        RunStatus status;
        if (parseRunStatus(bytes, &status) && status != m_status) {
            m_status = status;
            chunk.hasStatus = true;
            chunk.status = status;
        } else if (!parseRunStatus(bytes, &status)) {
            m_statusFile = Watched(); // written while we read: look again next time
        }
    }
    if (changed(QStringLiteral("checkpoints/index.json"), m_indexFile, &bytes)) {
        CheckpointIndex index;
        if (parseCheckpointIndex(bytes, &index) && !(index == m_index)) {
            m_index = index;
            chunk.hasIndex = true;
            chunk.index = index;
        }
    }
    if (changed(QStringLiteral("config.json"), m_configFile, &bytes)) {
        chunk.hasConfig = true;
        chunk.config = bytes;
    }
    chunk.logAppend = readTextTail(QStringLiteral("log.txt"), m_log);
    chunk.stderrAppend = readTextTail(QStringLiteral("stderr.txt"), m_stderr);
}

QString RunReader::readTextTail(const QString &name, Tail &tail)
{
    const QString path = m_dir + QLatin1Char('/') + name;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const qint64 size = file.size();
    if (size < tail.offset)
        tail.offset = 0; // truncated
    if (!tail.seen) {
        tail.seen = true;
        tail.offset = std::max<qint64>(0, size - kFirstLogBytes);
    }
    if (size == tail.offset || !file.seek(tail.offset))
        return QString();
    QByteArray data = file.read(std::min<qint64>(size - tail.offset, kFirstLogBytes));
    // Only whole lines (the rest follows next time); keep a UTF-8 sequence whole.
    const int nl = data.lastIndexOf('\n');
    if (nl < 0)
        return QString();
    data.truncate(nl + 1);
    tail.offset += data.size();
    return QString::fromUtf8(data);
}

} // namespace fieldbench
