#pragma once

#include <QObject>
#include <QStringList>

#include "fieldbench/corpus/importer.h"

#include <atomic>

namespace fieldbench {

// Runs one Importer on the thread it lives in (ImportController's worker thread), with its
// own Project opened on the project folder (one Project per thread: project.h). Reports
// through signals emitted on that thread; never lets an exception out (STYLE.md 4).
class ImportWorker : public QObject
{
    Q_OBJECT

public:
    explicit ImportWorker(QObject *parent = nullptr);

    // Blocks the calling (worker) thread until the import ends. `cancel` must outlive the
    // call; it is read between files and audio blocks.
    void run(const QString &projectDir, const QStringList &paths, const ImportOptions &options,
             const std::atomic<bool> *cancel);

signals:
    // At most every 50 ms, plus the last file. Emitted on the worker thread.
    void progress(int filesDone, int filesTotal, const QString &currentFile);
    // Exactly one of these ends each run(). Emitted on the worker thread.
    void finished(const fieldbench::ImportSummary &summary);
    void failed(const QString &message);
};

} // namespace fieldbench
