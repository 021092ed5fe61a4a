#include "testdata.h"

#include "fieldbench/audio/audiofile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <cmath>

namespace fieldbench::testing {

std::vector<float> sine(double frequency, double seconds, int rate, float amplitude)
{
    std::vector<float> s(std::size_t(std::llround(seconds * rate)));
    for (std::size_t i = 0; i < s.size(); ++i)
        s[i] = amplitude * float(std::sin(2 * M_PI * frequency * double(i) / rate));
    return s;
}

bool have(const QString &program)
{
    return !QStandardPaths::findExecutable(program).isEmpty();
}

bool run(const QStringList &argv, QString *error, QByteArray *stdoutData)
{
    QProcess p;
    p.start(argv.first(), argv.mid(1));
    if (!p.waitForStarted(10000)) {
        if (error)
            *error = argv.first() + ": cannot start";
        return false;
    }
    p.closeWriteChannel();
    p.waitForFinished(300000);
    if (stdoutData)
        *stdoutData = p.readAllStandardOutput();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = argv.join(' ') + ": " + QString::fromUtf8(p.readAllStandardError());
        return false;
    }
    return true;
}

bool makeToneWithSox(const QString &path, double seconds, int rate, int channels,
                     const QStringList &outputOptions, double frequency)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QStringList argv{"sox", "-n", "-r", QString::number(rate), "-c", QString::number(channels)};
    argv += outputOptions;
    argv += {path, "synth", QString::number(seconds), "sine", QString::number(frequency), "vol", "0.5"};
    return run(argv);
}

bool speak(const QString &voice, const QString &text, const QString &wavPath)
{
    QDir().mkpath(QFileInfo(wavPath).absolutePath());
    return run({"espeak-ng", "-v", voice, "-w", wavPath, text});
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes) == bytes.size();
}

QStringList toList(const std::vector<std::string> &v)
{
    QStringList out;
    for (const auto &s : v)
        out << QString::fromStdString(s);
    return out;
}

QString cliPath()
{
    return QStringLiteral(FIELDBENCH_CLI);
}

QString venvPython(const QString &modules)
{
    const QString python = QStringLiteral(FIELDBENCH_PYTHON);
    if (python.isEmpty() || !QFileInfo::exists(python))
        return {};
    QProcess p;
    p.start(python, {"-c", "import " + modules});
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return {};
    return python;
}

} // namespace fieldbench::testing
