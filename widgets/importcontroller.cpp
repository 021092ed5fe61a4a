#include "importcontroller.h"

#include "importworker.h"

namespace fieldbench {

ImportController::ImportController(QObject *parent)
    : QObject(parent)
    , m_worker(new ImportWorker)
{
    qRegisterMetaType<fieldbench::ImportSummary>();

    m_thread.setObjectName(QStringLiteral("fieldbench-import"));
    m_worker->moveToThread(&m_thread);
    // finished() is emitted by m_thread itself; deleteLater runs there before it exits.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    // Cross-thread (queued): m_worker emits on the worker thread, `this` lives on the GUI
    // thread, so these run on the GUI thread with copies of the arguments.
    connect(m_worker, &ImportWorker::progress, this, &ImportController::progress, Qt::QueuedConnection);
    connect(m_worker, &ImportWorker::finished, this, &ImportController::onFinished, Qt::QueuedConnection);
    connect(m_worker, &ImportWorker::failed, this, &ImportController::onFailed, Qt::QueuedConnection);

    m_thread.start(QThread::LowPriority);
}

ImportController::~ImportController()
{
    m_cancel = true;
    m_thread.requestInterruption();
    m_thread.quit(); // the queued quit runs once the current run() returns
    m_thread.wait();
}

bool ImportController::start(const QString &projectDir, const QStringList &paths, const ImportOptions &options)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancel = false;
    emit started(paths);
    // Cross-thread (queued): the lambda runs on the worker thread, where m_worker lives.
    // It captures copies; m_cancel outlives it because the destructor waits for the thread.
    ImportWorker *worker = m_worker;
    const std::atomic<bool> *cancel = &m_cancel;
    QMetaObject::invokeMethod(
        m_worker, [worker, projectDir, paths, options, cancel] { worker->run(projectDir, paths, options, cancel); },
        Qt::QueuedConnection);
    return true;
}

void ImportController::cancel()
{
    if (m_running)
        m_cancel = true;
}

void ImportController::onFinished(const ImportSummary &summary)
{
    m_running = false;
    emit finished(summary);
    if (!m_running)
        emit idle();
}

void ImportController::onFailed(const QString &message)
{
    m_running = false;
    emit failed(message);
    if (!m_running)
        emit idle();
}

} // namespace fieldbench
