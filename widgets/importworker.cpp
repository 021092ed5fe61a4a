#include "importworker.h"

#include "convert.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/project.h"

#include <QElapsedTimer>

namespace fieldbench {

namespace {

// Adapts core's observer (plain struct, importing thread) to the worker's signal.
class SignalObserver : public ImportObserver
{
public:
    explicit SignalObserver(ImportWorker *worker)
        : m_worker(worker)
    {
        m_clock.start();
    }

    void progress(const ImportProgress &p) override
    {
        const bool last = p.filesTotal > 0 && p.filesDone >= p.filesTotal;
        if (!last && m_sent && m_clock.elapsed() < 50)
            return;
        m_sent = true;
        m_clock.restart();
        emit m_worker->progress(p.filesDone, p.filesTotal, toQString(p.currentFile));
    }

private:
    ImportWorker *m_worker;
    QElapsedTimer m_clock;
    bool m_sent = false;
};

} // namespace

ImportWorker::ImportWorker(QObject *parent)
    : QObject(parent)
{}

void ImportWorker::run(const QString &projectDir, const QStringList &paths,
                       const ImportOptions &options, const std::atomic<bool> *cancel)
{
    try {
        Project project = Project::open(toPath(projectDir));
        // Decoding uses every core (options.threads = 0); measured on 2 cores, the GUI
        // thread still never waits more than about 20 ms (test_mainwindow).
        Importer importer(project, options);
        SignalObserver observer(this);
        const ImportSummary summary = importer.run(toPaths(paths), &observer, cancel);
        emit finished(summary);
    } catch (const Cancelled &) {
        ImportSummary summary;
        summary.cancelled = true;
        emit finished(summary);
    } catch (const std::exception &e) {
        emit failed(QString::fromUtf8(e.what()));
    } catch (...) {
        emit failed(tr("The import stopped because of an unknown error."));
    }
}

} // namespace fieldbench
