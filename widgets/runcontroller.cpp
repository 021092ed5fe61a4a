#include "runcontroller.h"

#include "convert.h"
#include "runmonitor.h"
#include "runsmodel.h"

#include "fieldbench/train/trainconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace fieldbench {

RunController::RunController(RunsModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{
}

QString RunController::defaultCliPath()
{
    const QByteArray env = qgetenv("FIELDBENCH_CLI");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/fieldbench-cli");
    if (QFileInfo(beside).isExecutable())
        return beside;
    return QStringLiteral("fieldbench-cli"); // on PATH
}

QString RunController::cliPath() const
{
    return m_cli.isEmpty() ? defaultCliPath() : m_cli;
}

void RunController::setProjectDir(const QString &dir)
{
    m_project = dir;
}

QString RunController::runsDir() const
{
    return m_project.isEmpty() ? QString() : m_project + QStringLiteral("/runs");
}

int RunController::scanProjectRuns()
{
    if (m_project.isEmpty())
        return 0;
    const QDir runs(runsDir());
    int found = 0;
    for (const QFileInfo &info : runs.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (openRun(info.filePath()) >= 0)
            ++found;
    }
    return found;
}

int RunController::openRun(const QString &dir, QString *error)
{
    const QDir d(dir);
    const bool isRun = d.exists(QStringLiteral("config.json")) || d.exists(QStringLiteral("status.json")) ||
                       d.exists(QStringLiteral("metrics.jsonl"));
    if (!isRun) {
        if (error)
            *error = tr("\"%1\" is not a training run folder (it has no config.json, status.json or metrics.jsonl).")
                         .arg(QDir::toNativeSeparators(dir));
        return -1;
    }
    return m_model->addRun(dir);
}

QString RunController::uniqueRunName(const QString &base) const
{
    const QString clean = base.trimmed().isEmpty() ? QStringLiteral("run") : base.trimmed();
    const QDir runs(runsDir());
    QString name = clean;
    for (int i = 2; runs.exists(name) || m_model->rowOf(runs.filePath(name)) >= 0; ++i)
        name = QStringLiteral("%1-%2").arg(clean).arg(i);
    return name;
}

int RunController::startRun(const TrainConfig &config, const QString &name, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return -1;
    };
    if (m_project.isEmpty())
        return fail(tr("Open a project first: a run trains on a project's recordings."));
    const std::vector<std::string> problems = config.validate();
    if (!problems.empty()) {
        QStringList list;
        for (const std::string &p : problems)
            list << toQString(p);
        return fail(tr("The settings have problems:\n%1").arg(list.join(QLatin1Char('\n'))));
    }
    static const QRegularExpression badName(QStringLiteral("[/\\\\:*?\"<>|]|^\\.|^$"));
    if (name.contains(badName))
        return fail(tr("\"%1\" cannot be a folder name; use letters, digits, - and _.").arg(name));
    const QString dir = QDir(runsDir()).filePath(name);
    if (QFileInfo::exists(dir))
        return fail(tr("A run named \"%1\" exists already.").arg(name));
    if (!QDir().mkpath(dir))
        return fail(tr("Cannot create the run folder \"%1\".").arg(QDir::toNativeSeparators(dir)));

    // The trainer copies the config into the run folder; the launch copy stays beside it.
    const QString configFile = QDir(runsDir()).filePath(QStringLiteral(".%1.launch.json").arg(name));
    QSaveFile file(configFile);
    const std::string json = config.toJson();
    if (!file.open(QIODevice::WriteOnly) || file.write(json.data(), qint64(json.size())) != qint64(json.size()) ||
        !file.commit()) {
        QDir(dir).removeRecursively();
        return fail(tr("Cannot write \"%1\".").arg(QDir::toNativeSeparators(configFile)));
    }
    const int row = m_model->addRun(dir);
    RunMonitor *run = m_model->monitor(row);
    QString launchError;
    if (!launch(run, {QStringLiteral("train"), QStringLiteral("--project"), toQString(config.project),
                      QStringLiteral("--config"), configFile, QStringLiteral("--run"), dir},
                &launchError)) {
        m_model->removeRun(row);
        QDir(dir).removeRecursively();
        QFile::remove(configFile);
        return fail(launchError);
    }
    emit runStarted(row);
    return row;
}

bool RunController::launch(RunMonitor *run, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProgram(cliPath());
    process.setArguments(arguments);
    process.setWorkingDirectory(run->dir());
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(QProcess::nullDevice()); // metrics.jsonl has the same lines
    process.setStandardErrorFile(run->dir() + QStringLiteral("/stderr.txt"), QIODevice::Append);
    qint64 pid = 0;
    // Detached: its own session, re-parented to init, so closing the GUI (or its terminal)
    // does not end the training.
    if (!process.startDetached(&pid)) {
        if (error)
            *error = tr("Cannot start \"%1\": %2").arg(cliPath(), process.errorString());
        return false;
    }
    run->setLaunchedPid(pid);
    return true;
}

bool RunController::resumeRun(int row, QString *error)
{
    RunMonitor *run = m_model->monitor(row);
    if (!run)
        return false;
    if (run->isActive()) {
        if (error)
            *error = tr("The run \"%1\" is still running.").arg(run->name());
        return false;
    }
    run->setStopping(false);
    return launch(run, {QStringLiteral("train"), QStringLiteral("--run"), run->dir(), QStringLiteral("--resume")}, error);
}

bool RunController::stopRun(int row, QString *error)
{
    RunMonitor *run = m_model->monitor(row);
    if (!run)
        return false;
    if (!run->isActive()) {
        if (error)
            *error = tr("The run \"%1\" is not running.").arg(run->name());
        return false;
    }
    const RunStatus &status = run->status();
    qint64 pid = 0;
    if (status.state == QLatin1String("running") && status.pid > 0 &&
        (status.host.isEmpty() || status.host == localHostName()))
        pid = status.pid;
    else if (run->launchedPid() > 0)
        pid = run->launchedPid();
    if (pid <= 0) {
        if (error)
            *error = tr("The run \"%1\" trains on %2; stop it there (fieldbench-cli writes its pid into status.json).")
                         .arg(run->name(), status.host);
        return false;
    }
    if (::kill(pid_t(pid), SIGTERM) != 0) {
        if (error)
            *error = tr("Cannot signal the trainer (process %1): %2").arg(pid).arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    run->setStopping(true);
    return true;
}

bool RunController::deleteRun(int row, QString *error)
{
    RunMonitor *run = m_model->monitor(row);
    if (!run)
        return false;
    if (run->isActive()) {
        if (error)
            *error = tr("Stop the run \"%1\" before deleting it.").arg(run->name());
        return false;
    }
    const QString dir = run->dir();
    m_model->removeRun(row); // stops following before the files go
    QFile::remove(QFileInfo(dir).dir().filePath(QStringLiteral(".%1.launch.json").arg(QFileInfo(dir).fileName())));
    if (!QDir(dir).removeRecursively()) {
        if (error)
            *error = tr("Could not delete every file of \"%1\".").arg(QDir::toNativeSeparators(dir));
        return false;
    }
    return true;
}

} // namespace fieldbench
