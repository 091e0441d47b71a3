// AppSettings: the explorer's QSettings keys in one typed place (window layout, recent projects).
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace hint::gui {

class AppSettings {
public:
    static constexpr int kMaxRecentProjects = 8;

    static QByteArray windowGeometry();
    static void setWindowGeometry(const QByteArray& geometry);
    static QByteArray windowState();
    static void setWindowState(const QByteArray& state);

    // Most recent first, without duplicates, at most kMaxRecentProjects.
    static QStringList recentProjects();
    static void addRecentProject(const QString& path);
    static void removeRecentProject(const QString& path);
    static void clearRecentProjects();

    static QString lastOpenDirectory();
    static void setLastOpenDirectory(const QString& directory);
};

}  // namespace hint::gui
