// fieldbench-fakecli: stands in for `fieldbench-cli train` in the widget tests and for
// development of the GUI before the trainer exists. Same command line and run-folder
// contract (docs/run-directory.md):
//
//   fieldbench-fakecli train --project P --config C.json --run DIR      start a run
//   fieldbench-fakecli train --run DIR --resume                          continue it
//   fieldbench-fakecli train --project P --config C.json --estimate      one JSON line
//   fieldbench-fakecli history DIR [--objective pretrain|ctc] [--steps N] [--state S]
//                               [--reason TEXT] [--collapse] [--data-wait SHARE]
//       writes N steps of history at once (for screenshots and tests) and exits.
//
// While training it appends one train line every FAKE_STEP_MS (default 20) milliseconds,
// covering config.checkpoint.log_every_steps steps. SIGTERM, SIGINT or a line "stop" on stdin
// make it write a checkpoint, status "stopped" and exit 0. FAKE_FAIL_AT_STEP=N fails at step N
// (status "failed" with a reason, exit 1); FAKE_EXIT_EARLY=1 prints an error on stderr and
// exits 1 before writing anything, the way a trainer that rejects its config does.

#include "fakerun.h"

#include "fieldbench/train/trainconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <poll.h>
#include <unistd.h>

using fieldbench::testing::FakeRunWriter;

namespace {

std::atomic<bool> g_stop{false};

void onSignal(int)
{
    g_stop = true;
}

QString argValue(const QStringList &args, const QString &name)
{
    const int i = int(args.indexOf(name));
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : QString();
}

QString hostName()
{
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    return QString::fromLocal8Bit(name);
}

// A "stop" line on stdin (non-blocking check).
bool stdinSaysStop()
{
    pollfd p{STDIN_FILENO, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN))
        return false;
    char buf[64] = {};
    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf - 1);
    return n > 0 && QByteArray(buf, int(n)).trimmed() == "stop";
}

int history(const QStringList &args)
{
    FakeRunWriter::Options o;
    const QString dir = args.value(2);
    if (dir.isEmpty()) {
        std::fprintf(stderr, "history: give a folder\n");
        return 1;
    }
    if (!argValue(args, QStringLiteral("--objective")).isEmpty())
        o.objective = argValue(args, QStringLiteral("--objective"));
    if (args.contains(QStringLiteral("--collapse")))
        o.codePerplexityFloor = 4;
    if (!argValue(args, QStringLiteral("--data-wait")).isEmpty())
        o.dataWaitShare = argValue(args, QStringLiteral("--data-wait")).toDouble();
    o.project = QDir(dir).absoluteFilePath(QStringLiteral("../.."));
    const qint64 steps = argValue(args, QStringLiteral("--steps")).isEmpty() ? 6000 : argValue(args, QStringLiteral("--steps")).toLongLong();
    const QString state = argValue(args, QStringLiteral("--state")).isEmpty() ? QStringLiteral("running")
                                                                            : argValue(args, QStringLiteral("--state"));
    FakeRunWriter w(dir, o);
    w.writeConfig();
    w.append(w.eventLine(0, QStringLiteral("started")));
    w.appendSteps(0, steps);
    w.appendLog(QStringLiteral("[fake] trained %1 steps").arg(steps));
    w.writeIndex(steps - steps % 500, o.objective == QLatin1String("ctc") ? 0.13 : w.loss(steps), o.objective == QLatin1String("ctc") ? QStringLiteral("per") : QStringLiteral("loss"));
    w.writeStatus(state, steps, argValue(args, QStringLiteral("--reason")), state == QLatin1String("running") ? qint64(::getpid()) : 0,
                  hostName());
    return 0;
}

int train(const QStringList &args)
{
    if (args.contains(QStringLiteral("--help"))) {
        std::printf("fake trainer: train --project P --config C --run DIR | --run DIR --resume | --estimate\n");
        return 0;
    }
    if (qEnvironmentVariableIntValue("FAKE_EXIT_EARLY")) {
        std::fprintf(stderr, "error: config.json: unknown setting \"optim.learning_rat\" (a typo?)\n");
        return 1;
    }
    const bool resume = args.contains(QStringLiteral("--resume"));
    const QString dir = argValue(args, QStringLiteral("--run"));
    QString configPath = resume ? dir + QStringLiteral("/config.json") : argValue(args, QStringLiteral("--config"));
    QFile configFile(configPath);
    if (!configFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "error: cannot read %s\n", qPrintable(configPath));
        return 1;
    }
    const QByteArray configBytes = configFile.readAll();
    fieldbench::TrainConfig config;
    try {
        config = fieldbench::TrainConfig::fromJson(configBytes.toStdString(), configPath.toStdString());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    if (args.contains(QStringLiteral("--estimate"))) {
        QThread::msleep(200);
        std::printf("{\"seconds_per_step\": 0.8, \"steps_per_epoch\": 850, \"seconds_per_epoch\": 680}\n");
        return 0;
    }
    if (dir.isEmpty()) {
        std::fprintf(stderr, "error: --run DIR is required\n");
        return 1;
    }
    FakeRunWriter::Options o;
    o.objective = QString::fromStdString(config.objective);
    o.project = QString::fromStdString(config.project);
    o.maxSteps = config.maxSteps;
    o.logEvery = config.checkpoint.logEverySteps;
    o.evalEvery = config.checkpoint.evalEverySteps;
    o.languages.clear();
    for (const auto &l : config.data.languages)
        o.languages << QString::fromStdString(l);
    if (o.languages.isEmpty())
        o.languages << QStringLiteral("deu");
    FakeRunWriter w(dir, o);

    qint64 step = 0;
    if (resume) {
        QFile index(dir + QStringLiteral("/checkpoints/index.json"));
        if (index.open(QIODevice::ReadOnly)) {
            const QString latest = QJsonDocument::fromJson(index.readAll()).object().value(QStringLiteral("latest")).toString();
            step = latest.mid(5).toLongLong();
        }
        w.append(w.eventLine(step, QStringLiteral("resumed"), QStringLiteral("from step %1").arg(step)));
        w.appendLog(QStringLiteral("[fake] resumed from step %1").arg(step));
    } else {
        QFile out(dir + QStringLiteral("/config.json"));
        QDir().mkpath(dir);
        if (!out.open(QIODevice::WriteOnly) || out.write(configBytes) != configBytes.size()) {
            std::fprintf(stderr, "error: cannot write %s/config.json\n", qPrintable(dir));
            return 1;
        }
        out.close();
        w.append(w.eventLine(0, QStringLiteral("started")));
        w.appendLog(QStringLiteral("[fake] started"));
    }
    const qint64 pid = ::getpid();
    const QString host = hostName();
    w.writeStatus(QStringLiteral("running"), step, QString(), pid, host);

    const int stepMs = qEnvironmentVariableIsSet("FAKE_STEP_MS") ? qEnvironmentVariableIntValue("FAKE_STEP_MS") : 20;
    const qint64 failAt = qEnvironmentVariableIntValue("FAKE_FAIL_AT_STEP");
    while (true) {
        if (g_stop || stdinSaysStop()) {
            w.writeIndex(step, w.loss(step), QStringLiteral("loss"));
            w.append(w.eventLine(step, QStringLiteral("stopped"), QStringLiteral("stopped by request")));
            w.appendLog(QStringLiteral("[fake] stopped at step %1").arg(step));
            w.writeStatus(QStringLiteral("stopped"), step, QStringLiteral("stopped by request"), pid, host);
            return 0;
        }
        if (step >= o.maxSteps) {
            w.writeIndex(step, w.loss(step), QStringLiteral("loss"));
            w.append(w.eventLine(step, QStringLiteral("finished")));
            w.writeStatus(QStringLiteral("finished"), step, QString(), pid, host);
            return 0;
        }
        const qint64 next = step + o.logEvery;
        if (failAt > 0 && next >= failAt) {
            const QString reason = QStringLiteral("the loss was not finite for %1 steps in a row at step %2")
                                       .arg(config.checkpoint.maxNonFiniteInARow)
                                       .arg(failAt);
            w.append(w.eventLine(failAt, QStringLiteral("failed"), reason));
            w.appendLog(QStringLiteral("[fake] error: ") + reason);
            w.writeStatus(QStringLiteral("failed"), step, reason, pid, host);
            std::fprintf(stderr, "error: %s\n", qPrintable(reason));
            return 1;
        }
        w.appendSteps(step, next);
        step = next;
        w.writeStatus(QStringLiteral("running"), step, QString(), pid, host);
        QThread::msleep(std::max(1, stepMs));
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    const QStringList args = app.arguments();
    if (args.value(1) == QLatin1String("train"))
        return train(args);
    if (args.value(1) == QLatin1String("history"))
        return history(args);
    std::fprintf(stderr, "usage: fieldbench-fakecli train ... | history DIR ...\n");
    return 1;
}
