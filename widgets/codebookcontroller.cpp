#include "codebookcontroller.h"

#include "convert.h"

#include "fieldbench/audio/audiofile.h"

#include <QElapsedTimer>
#include <QPointer>

namespace fieldbench {

namespace {

// Adapts core's observer (plain struct, worker thread) to the controller's signal: each
// call posts a queued call to the controller, which runs it on the GUI thread.
class ProgressRelay : public CodebookObserver
{
public:
    explicit ProgressRelay(CodebookController *controller)
        : m_controller(controller)
    {
        m_clock.start();
    }

    void progress(const CodebookProgress &p) override
    {
        const bool last = p.secondsTotal > 0 && p.secondsDone >= p.secondsTotal;
        if (!last && m_sent && m_clock.elapsed() < 50)
            return;
        m_sent = true;
        m_clock.restart();
        const double done = p.secondsDone, total = p.secondsTotal;
        const QString language = toQString(p.language);
        // Cross-thread (queued): runs on the GUI thread, where the controller lives.
        QMetaObject::invokeMethod(
            m_controller, [c = m_controller, done, total, language] { emit c->progress(done, total, language); },
            Qt::QueuedConnection);
    }

private:
    CodebookController *m_controller;
    QElapsedTimer m_clock;
    bool m_sent = false;
};

} // namespace

CodebookController::CodebookController(QObject *parent)
    : QObject(parent)
    , m_context(new QObject)
{
    m_thread.setObjectName(QStringLiteral("fieldbench-codebook"));
    m_context->moveToThread(&m_thread);
    // finished() is emitted by m_thread itself; deleteLater runs there before it exits.
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

CodebookController::~CodebookController()
{
    m_cancel = true;
    m_thread.requestInterruption();
    m_thread.quit(); // the queued quit runs once the current job returns
    m_thread.wait();
}

bool CodebookController::start(const QString &projectDir, const QString &modelDir, const CodebookAnalysisConfig &config)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancel = false;
    emit started();
    CodebookController *self = this;
    const std::atomic<bool> *cancel = &m_cancel;
    // Cross-thread (queued): the job runs on the worker thread. It captures copies; `self`
    // and m_cancel outlive it because the destructor waits for the thread. Results go back
    // to the GUI thread as queued calls on `self`. No exception leaves the job (STYLE.md 4).
    QMetaObject::invokeMethod(
        m_context,
        [self, cancel, projectDir, modelDir, config] {
            enum class End { Finished, Failed, Cancelled } end = End::Failed;
            std::shared_ptr<const CodebookReport> report;
            QString message;
            try {
                ProgressRelay relay(self);
                report = std::make_shared<const CodebookReport>(
                    analyseCodebook(toPath(projectDir), toPath(modelDir), config, &relay, cancel));
                end = End::Finished;
            } catch (const Cancelled &) {
                end = End::Cancelled;
            } catch (const std::exception &e) {
                message = QString::fromUtf8(e.what());
            } catch (...) {
                message = CodebookController::tr("The analysis stopped because of an unknown error.");
            }
            // Cross-thread (queued): back on the GUI thread.
            QMetaObject::invokeMethod(
                self,
                [self, end, report, message] {
                    self->m_running = false;
                    switch (end) {
                    case End::Finished:
                        self->m_report = report;
                        emit self->finished();
                        break;
                    case End::Cancelled:
                        emit self->cancelled();
                        break;
                    case End::Failed:
                        emit self->failed(message);
                        break;
                    }
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return true;
}

void CodebookController::cancel()
{
    if (m_running)
        m_cancel = true;
}

} // namespace fieldbench
