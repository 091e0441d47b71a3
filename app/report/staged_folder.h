// StagedFolder: a folder written in full under a temporary name beside its target and then renamed onto
// it, so readers see the old folder or the new one, never a half-written mix. Re-publishing over an
// earlier report replaces it whole (the old one is renamed aside, then deleted). A target that exists
// and is neither empty nor an earlier output (judged by `isReplaceable`) is left alone: an error.
#pragma once

#include "common/result.h"

#include <QString>

#include <functional>
#include <memory>

class QTemporaryDir;

namespace hint::report {

class StagedFolder {
public:
    // Creates the temporary folder beside `target`; errors name the folder that could not be made.
    static Result<std::unique_ptr<StagedFolder>> create(const QString& target);
    ~StagedFolder();  // an unpublished folder is deleted

    // Where to write: the temporary folder.
    QString path() const;
    const QString& target() const { return m_target; }
    // Writes `bytes` to `relative` inside the folder (creating its subfolders).
    Status write(const QString& relative, const QByteArray& bytes) const;
    // Renames the folder onto the target. `isReplaceable(existingTarget)` decides whether an existing,
    // non-empty target may be replaced.
    Status publish(const std::function<bool(const QString&)>& isReplaceable);

private:
    StagedFolder() = default;
    QString m_target;
    std::unique_ptr<QTemporaryDir> m_temp;
};

}  // namespace hint::report
