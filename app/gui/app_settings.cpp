// AppSettings: typed access to QSettings.
#include "app_settings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace hint::gui {

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kRecentKey = QStringLiteral("projects/recent");
const QString kLastDirKey = QStringLiteral("files/lastOpenDirectory");
}  // namespace

QByteArray AppSettings::windowGeometry()
{
    return QSettings().value(kGeometryKey).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray& geometry)
{
    QSettings().setValue(kGeometryKey, geometry);
}

QByteArray AppSettings::windowState()
{
    return QSettings().value(kStateKey).toByteArray();
}

void AppSettings::setWindowState(const QByteArray& state)
{
    QSettings().setValue(kStateKey, state);
}

QStringList AppSettings::recentProjects()
{
    QStringList list = QSettings().value(kRecentKey).toStringList();
    list.removeDuplicates();
    list.removeAll(QString());
    while (list.size() > kMaxRecentProjects) list.removeLast();
    return list;
}

void AppSettings::addRecentProject(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = recentProjects();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxRecentProjects) list.removeLast();
    QSettings().setValue(kRecentKey, list);
}

void AppSettings::removeRecentProject(const QString& path)
{
    QStringList list = recentProjects();
    list.removeAll(path);
    QSettings().setValue(kRecentKey, list);
}

void AppSettings::clearRecentProjects()
{
    QSettings().remove(kRecentKey);
}

QString AppSettings::lastOpenDirectory()
{
    return QSettings().value(kLastDirKey, QDir::homePath()).toString();
}

void AppSettings::setLastOpenDirectory(const QString& directory)
{
    QSettings().setValue(kLastDirKey, directory);
}

}  // namespace hint::gui
