#include "recentprojects.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace fieldbench {

namespace {
const QString kKey = QStringLiteral("recentProjects");

QString normalised(const QString &dir)
{
    const QFileInfo info(dir);
    const QString canonical = info.canonicalFilePath();
    return QDir::cleanPath(canonical.isEmpty() ? info.absoluteFilePath() : canonical);
}
} // namespace

QStringList RecentProjects::list()
{
    return QSettings().value(kKey).toStringList();
}

void RecentProjects::add(const QString &dir)
{
    const QString path = normalised(dir);
    QStringList projects = list();
    projects.removeAll(path);
    projects.prepend(path);
    while (projects.size() > kMaximum)
        projects.removeLast();
    QSettings().setValue(kKey, projects);
}

void RecentProjects::remove(const QString &dir)
{
    QStringList projects = list();
    projects.removeAll(normalised(dir));
    projects.removeAll(dir);
    QSettings().setValue(kKey, projects);
}

void RecentProjects::clear()
{
    QSettings().remove(kKey);
}

} // namespace fieldbench
