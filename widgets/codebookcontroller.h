#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include "fieldbench/analysis/codebookanalysis.h"

#include <atomic>
#include <memory>

namespace fieldbench {

// Runs one codebook analysis (analyseCodebook(): model loading, quantizing, counting) on
// its own worker thread, so the GUI thread never waits for it. One run at a time; start()
// refuses a second. Signals are delivered on the GUI thread.
//
// Owns the worker thread: the destructor cancels a running analysis and waits for it to
// stop (the engine checks the flag between audio chunks of at most a few seconds).
class CodebookController : public QObject
{
    Q_OBJECT

public:
    explicit CodebookController(QObject *parent = nullptr);
    ~CodebookController() override;

    bool isRunning() const { return m_running; }

    // Starts analysing the project with the model. Returns false while a run is going.
    bool start(const QString &projectDir, const QString &modelDir, const CodebookAnalysisConfig &config);

    // The last finished run's report; null before the first.
    std::shared_ptr<const CodebookReport> report() const { return m_report; }

public slots:
    // Asks the running analysis to stop after the current chunk; cancelled() follows.
    void cancel();

signals:
    void started();
    // At most every 50 ms: audio seconds quantized so far out of the total, and the
    // language being read.
    void progress(double secondsDone, double secondsTotal, const QString &language);
    // Exactly one of these ends each run; report() holds the result after finished().
    void finished();
    void failed(const QString &message);
    void cancelled();

private:
    QThread m_thread;
    QObject *m_context = nullptr;        // lives in m_thread; runs the jobs; deleted with it
    std::atomic<bool> m_cancel{false};   // set on the GUI thread, read by the worker thread
    bool m_running = false;              // GUI thread only
    std::shared_ptr<const CodebookReport> m_report; // GUI thread only
};

} // namespace fieldbench
