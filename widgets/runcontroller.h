#pragma once

#include <QObject>
#include <QString>

namespace fieldbench {

class RunsModel;
class RunMonitor;
struct TrainConfig;

// Starts, stops, resumes and deletes training runs; GUI thread only.
//
// A run is a `fieldbench-cli train` child started detached through QProcess (its own
// session, stdout to nowhere, stderr to <run>/stderr.txt), so it keeps training when the GUI
// closes; the GUI follows the run only through its folder (RunMonitor), which is also how a
// reopened GUI reattaches to it and how a run written by another machine is followed.
// Stopping sends SIGTERM to the trainer's pid (from status.json on this host, or the pid of
// the launch); the trainer saves a checkpoint and exits 0 (docs/run-directory.md).
class RunController : public QObject
{
    Q_OBJECT

public:
    explicit RunController(RunsModel *model, QObject *parent = nullptr);

    RunsModel *model() const { return m_model; }

    // The fieldbench-cli to start; default: next to this executable, or $FIELDBENCH_CLI.
    void setCliPath(const QString &path) { m_cli = path; }
    QString cliPath() const;
    static QString defaultCliPath();

    // The project whose runs/ folder holds new runs; setting it follows every run there.
    void setProjectDir(const QString &dir);
    QString projectDir() const { return m_project; }
    QString runsDir() const;
    // Follows every run folder in <project>/runs (reattaching to running ones). Returns the
    // number of runs found.
    int scanProjectRuns();

    // Follows any folder (a run of this project, of another machine on a shared folder...).
    // Returns its row, or -1 with *error when the folder is not a run folder.
    int openRun(const QString &dir, QString *error = nullptr);

    // Creates <runsDir>/<name>, writes the config and starts the trainer. Returns the row,
    // or -1 with *error (invalid config, existing folder, program not startable).
    int startRun(const TrainConfig &config, const QString &name, QString *error = nullptr);
    bool resumeRun(int row, QString *error = nullptr);
    bool stopRun(int row, QString *error = nullptr);
    // Removes the folder from disk. Refuses an active run.
    bool deleteRun(int row, QString *error = nullptr);

    // A name not used yet in runsDir(), from `base` ("base", "base-2", ...).
    QString uniqueRunName(const QString &base) const;

signals:
    void runStarted(int row);

private:
    bool launch(RunMonitor *run, const QStringList &arguments, QString *error);

    RunsModel *m_model;
    QString m_cli;
    QString m_project;
};

} // namespace fieldbench
