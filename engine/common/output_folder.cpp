#include "common/output_folder.h"

#include <unistd.h>

namespace hint {

namespace fs = std::filesystem;

OutputFolder::OutputFolder(const std::string& target, std::string marker, std::string kind)
    : m_target(fs::absolute(target)),
      m_staging(m_target.parent_path() / ("." + m_target.filename().string() + ".tmp-" + std::to_string(::getpid()))),
      m_marker(std::move(marker)),
      m_kind(std::move(kind))
{
}

OutputFolder::~OutputFolder()
{
    std::error_code ec;
    if (!m_published) fs::remove_all(m_staging, ec);
}

Status OutputFolder::create()
{
    std::error_code ec;
    if (fs::exists(m_target, ec) && !fs::is_empty(m_target, ec) && !fs::exists(m_target / m_marker, ec))
        return Error::badInput("output folder " + m_target.string() + " exists and is not " + m_kind +
                               "; refusing to overwrite it");
    fs::remove_all(m_staging, ec);
    fs::create_directories(m_staging, ec);
    if (ec) return Error::badInput("cannot create output folder " + m_staging.string() + ": " + ec.message());
    return {};
}

Status OutputFolder::publish()
{
    std::error_code ec;
    const fs::path old = m_target.parent_path() / ("." + m_target.filename().string() + ".old-" + std::to_string(::getpid()));
    if (fs::exists(m_target, ec)) {
        fs::remove_all(old, ec);
        fs::rename(m_target, old, ec);
        if (ec) return Error::runtime("cannot move the earlier " + m_target.string() + " aside: " + ec.message());
    }
    fs::rename(m_staging, m_target, ec);
    if (ec) {
        std::error_code ignored;
        if (fs::exists(old, ignored)) fs::rename(old, m_target, ignored);
        return Error::runtime("cannot publish " + m_target.string() + ": " + ec.message());
    }
    m_published = true;
    fs::remove_all(old, ec);
    return {};
}

}  // namespace hint
