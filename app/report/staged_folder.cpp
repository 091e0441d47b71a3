// StagedFolder: write under a temporary name, rename onto the target.
#include "staged_folder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

namespace hint::report {

namespace {

std::string text(const QString& s) { return s.toStdString(); }

}  // namespace

Result<std::unique_ptr<StagedFolder>> StagedFolder::create(const QString& target)
{
    const QFileInfo info(target);
    if (info.fileName().isEmpty()) return Error::badInput("report folder '" + text(target) + "' has no name");
    if (info.exists() && !info.isDir()) return Error::badInput(text(target) + " exists and is not a folder");
    const QDir parent = info.absoluteDir();
    if (!parent.exists() && !QDir().mkpath(parent.absolutePath()))
        return Error::runtime("cannot create the folder " + text(parent.absolutePath()));
    std::unique_ptr<StagedFolder> folder(new StagedFolder);
    folder->m_target = info.absoluteFilePath();
    // Beside the target: the final rename stays on one file system.
    folder->m_temp = std::make_unique<QTemporaryDir>(parent.filePath(QStringLiteral(".%1.tmp-XXXXXX").arg(info.fileName())));
    if (!folder->m_temp->isValid())
        return Error::runtime("cannot create a temporary folder in " + text(parent.absolutePath()) + ": " +
                              text(folder->m_temp->errorString()));
    return folder;
}

StagedFolder::~StagedFolder() = default;

QString StagedFolder::path() const { return m_temp->path(); }

Status StagedFolder::write(const QString& relative, const QByteArray& bytes) const
{
    const QString path = QDir(m_temp->path()).filePath(relative);
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) return Error::runtime("cannot create the folder for " + text(path));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return Error::runtime("cannot write " + text(path) + ": " + text(file.errorString()));
    return {};
}

Status StagedFolder::publish(const std::function<bool(const QString&)>& isReplaceable)
{
    const QFileInfo target(m_target);
    QString aside;
    if (target.exists()) {
        if (!target.isDir()) return Error::badInput(text(m_target) + " exists and is not a folder");
        const bool empty = QDir(m_target).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
        if (!empty && !isReplaceable(m_target))
            return Error::badInput(text(m_target) + " exists and is not a report written by HINT Explorer; not replacing it");
        // A unique name for the old folder: the temporary folder's own suffix is unique already.
        aside = target.absoluteDir().filePath(QStringLiteral(".%1.old-%2")
                                                  .arg(target.fileName(), QFileInfo(m_temp->path()).fileName().section(QLatin1Char('-'), -1)));
        if (!QDir().rename(m_target, aside)) return Error::runtime("cannot move the earlier " + text(m_target) + " aside");
    }
    // QTemporaryDir makes its folder private (0700); a published report is readable like any folder.
    QFile::setPermissions(m_temp->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                              QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                              QFileDevice::ExeOther);
    if (!QDir().rename(m_temp->path(), m_target)) {
        if (!aside.isEmpty()) QDir().rename(aside, m_target);  // put the earlier report back
        return Error::runtime("cannot rename " + text(m_temp->path()) + " to " + text(m_target));
    }
    m_temp->setAutoRemove(false);
    if (!aside.isEmpty()) QDir(aside).removeRecursively();
    return {};
}

}  // namespace hint::report
