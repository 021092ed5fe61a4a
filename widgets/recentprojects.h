#pragma once

#include <QString>
#include <QStringList>

namespace fieldbench {

// Most recently opened project folders, newest first, kept in QSettings under
// "recentProjects". GUI thread only.
class RecentProjects
{
public:
    static constexpr int kMaximum = 10;

    static QStringList list();
    // Moves `dir` to the front (canonical absolute path).
    static void add(const QString &dir);
    static void remove(const QString &dir);
    static void clear();
};

} // namespace fieldbench
