#pragma once

// Conversions between core's standard-library types and Qt's. Paths are UTF-8 on the
// platforms Fieldbench targets (Linux, macOS).

#include <QString>
#include <QStringList>

#include <filesystem>
#include <string>
#include <vector>

namespace fieldbench {

inline QString toQString(const std::string &s)
{
    return QString::fromStdString(s);
}

inline QString toQString(const std::filesystem::path &p)
{
    return QString::fromStdString(p.string());
}

inline std::filesystem::path toPath(const QString &s)
{
    return std::filesystem::path(s.toStdString());
}

inline std::vector<std::filesystem::path> toPaths(const QStringList &list)
{
    std::vector<std::filesystem::path> paths;
    paths.reserve(std::size_t(list.size()));
    for (const QString &s : list)
        paths.push_back(toPath(s));
    return paths;
}

// "1:02.35" (minutes:seconds.centiseconds), or "1:02:03.4" past an hour.
inline QString formatTime(double seconds)
{
    if (seconds < 0)
        seconds = 0;
    const long long centis = static_cast<long long>(seconds * 100.0 + 0.5);
    const long long h = centis / 360000;
    const long long m = (centis / 6000) % 60;
    const double s = double(centis % 6000) / 100.0;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 5, 'f', 2, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 5, 'f', 2, QLatin1Char('0'));
}

// "3:25:07" (hours:minutes:seconds) for totals of audio.
inline QString formatHours(double seconds)
{
    const long long total = static_cast<long long>(seconds + 0.5);
    return QStringLiteral("%1:%2:%3")
        .arg(total / 3600)
        .arg((total / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(total % 60, 2, 10, QLatin1Char('0'));
}

// "0.4 s" below a minute, else "3:25:07" (hours:minutes:seconds).
inline QString formatDuration(double seconds)
{
    if (seconds < 59.95)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
    return formatHours(seconds);
}

} // namespace fieldbench
