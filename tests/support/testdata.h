#pragma once

// Helpers shared by the test suites: real files made at test time.

#include <QString>
#include <QStringList>

#include <filesystem>
#include <string>
#include <vector>

namespace fieldbench::testing {

inline std::filesystem::path toPath(const QString &s) { return std::filesystem::path(s.toStdString()); }

// A sine tone (Hz) of `seconds` at `rate`, `channels` channels, written by libsndfile
// through fieldbench::writeAudio (mono) or by sox (other channel counts/formats).
std::vector<float> sine(double frequency, double seconds, int rate, float amplitude = 0.5f);

// Runs a program; QFAIL-style helpers are not usable outside test functions, so these
// return false and fill *error.
bool run(const QStringList &argv, QString *error = nullptr, QByteArray *stdoutData = nullptr);

// True when a program is on PATH.
bool have(const QString &program);

// Makes `path` with sox from a synthetic tone: any format sox writes, chosen by extension
// or by extra arguments placed before the output (e.g. {"-e", "mu-law"}).
bool makeToneWithSox(const QString &path, double seconds, int rate, int channels,
                     const QStringList &outputOptions = {}, double frequency = 440.0);

// espeak-ng speech of `text` with voice `voice` into a WAV (22.05 kHz mono).
bool speak(const QString &voice, const QString &text, const QString &wavPath);

// Writes `bytes` to `path` (creating folders).
bool writeBytes(const QString &path, const QByteArray &bytes);

// std::string items as a QStringList (for QCOMPARE against core's results).
QStringList toList(const std::vector<std::string> &v);

// Path of fieldbench-cli in the build tree.
QString cliPath();

// Python of the project's venv (scripts/setup: torch, transformers, safetensors) when it
// exists and can import `modules` (e.g. "transformers"); empty otherwise, so tests that
// compare with the reference implementations can skip with a reason.
QString venvPython(const QString &modules);

} // namespace fieldbench::testing
