#pragma once

#include <QObject>
#include <QStringList>
#include <QThread>

#include "fieldbench/corpus/importer.h"

#include <atomic>

namespace fieldbench {

class ImportWorker;

// Runs imports on its own worker thread so that the GUI thread never waits for one. One
// import at a time; start() refuses a second. Signals are delivered on the GUI thread.
//
// Owns the worker thread: the destructor cancels a running import and waits for it to
// stop (the importer checks the flag between files and audio blocks).
class ImportController : public QObject
{
    Q_OBJECT

public:
    explicit ImportController(QObject *parent = nullptr);
    ~ImportController() override;

    bool isRunning() const { return m_running; }

    // Starts importing `paths` into the project at `projectDir` (the worker opens its own
    // Project there). Returns false when an import is already running.
    bool start(const QString &projectDir, const QStringList &paths, const ImportOptions &options);

public slots:
    // Asks the running import to stop after the current audio block; finished() follows
    // with summary.cancelled set.
    void cancel();

signals:
    void started(const QStringList &paths);
    void progress(int filesDone, int filesTotal, const QString &currentFile);
    void finished(const fieldbench::ImportSummary &summary);
    void failed(const QString &message);
    // After finished() or failed(): the controller accepts a new start().
    void idle();

private:
    void onFinished(const fieldbench::ImportSummary &summary);
    void onFailed(const QString &message);

    QThread m_thread;
    ImportWorker *m_worker = nullptr; // lives in m_thread; deleted when m_thread finishes
    std::atomic<bool> m_cancel{false}; // read by the worker thread
    bool m_running = false;            // GUI thread only
};

} // namespace fieldbench
