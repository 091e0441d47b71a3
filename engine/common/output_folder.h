// OutputFolder: a result folder written into a hidden sibling (".NAME.tmp-PID") and renamed over the target
// only when complete, so readers never see half a result and a failed or cancelled run leaves the old one.
#pragma once

#include "common/result.h"

#include <filesystem>
#include <string>

namespace hint {

class OutputFolder {
public:
    // `marker` is the file every earlier result of this kind holds (e.g. "manifest.json"): a non-empty
    // target without it is someone else's folder and is never overwritten. `kind` names it in errors.
    OutputFolder(const std::string& target, std::string marker, std::string kind);
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    Status create();
    std::string path(const std::string& name) const { return (m_staging / name).string(); }
    // Moves an earlier result aside, renames the staging folder over the target, then removes the old one;
    // if the rename fails the earlier result is put back.
    Status publish();

private:
    std::filesystem::path m_target, m_staging;
    std::string m_marker, m_kind;
    bool m_published = false;
};

}  // namespace hint
