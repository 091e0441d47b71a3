#include "store/file_hash_memo.h"

#include "common/unique_name.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <unistd.h>

namespace hint::store {
namespace fs = std::filesystem;
namespace {

constexpr const char* kHeader = "# hint file hashes 1";
constexpr const char* kFolder = ".hashes";

std::atomic<int64_t> g_remembered{0}, g_hashed{0}, g_damaged{0};

bool isHex64(const std::string& text)
{
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

template <typename T>
bool parseNumber(const std::string& text, T& value)
{
    const char* end = text.data() + text.size();
    auto [next, error] = std::from_chars(text.data(), end, value);
    return error == std::errc() && next == end && !text.empty();
}

std::vector<std::string> splitTabs(const std::string& line)
{
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, '\t')) fields.push_back(field);
    return fields;
}

std::string absolutePath(const std::string& path)
{
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    return (ec ? fs::path(path) : absolute).lexically_normal().string();
}

}  // namespace

FileHashMemoCounts fileHashMemoCounts() { return {g_remembered.load(), g_hashed.load(), g_damaged.load()}; }

FileHashMemo::FileHashMemo(std::string cacheRoot) : m_dir((fs::path(std::move(cacheRoot)) / kFolder).string()) {}

FileHashMemo::~FileHashMemo() { (void)flush(); }

Result<FileHashMemo::Records> FileHashMemo::readShard(const std::string& name) const
{
    const fs::path file = fs::path(m_dir) / (name + ".tsv");
    std::ifstream in(file);
    Records records;
    if (!in) return records;  // no memo yet
    std::string line;
    if (!std::getline(in, line) || line != kHeader) return Error::badInput(file.string() + ": not a file-hash memo");
    int lineNumber = 1;
    while (std::getline(in, line)) {
        ++lineNumber;
        const auto f = splitTabs(line);
        Record record;
        bool ok = f.size() == 7 && isHex64(f[0]) && f[0].compare(0, 2, name) == 0 && isHex64(f[6]) &&
                  parseNumber(f[1], record.version.device) && parseNumber(f[2], record.version.inode) &&
                  parseNumber(f[3], record.version.size) && parseNumber(f[4], record.version.mtimeNs) &&
                  parseNumber(f[5], record.version.ctimeNs);
        if (!ok) return Error::badInput(file.string() + ": line " + std::to_string(lineNumber) + " is damaged");
        record.hash = f[6];
        records[f[0]] = std::move(record);
    }
    if (in.bad()) return Error::badInput("cannot read " + file.string());
    return records;
}

const FileHashMemo::Records& FileHashMemo::shard(const std::string& name)
{
    auto found = m_loaded.find(name);
    if (found != m_loaded.end()) return found->second;
    auto records = readShard(name);
    if (!records) {
        ++g_damaged;
        m_damaged.insert(name);
        return m_loaded[name];
    }
    return m_loaded[name] = std::move(records.value());
}

Result<std::string> FileHashMemo::sha256(const std::string& path)
{
    auto version = fileVersion(path);
    if (!version) return version.error();
    const std::string pathHash = sha256Hex(absolutePath(path));
    const std::string name = pathHash.substr(0, 2);
    const Records& records = shard(name);
    auto found = records.find(pathHash);
    if (found != records.end() && found->second.version == version.value()) {
        ++g_remembered;
        rememberFileSha256(version.value(), found->second.hash);  // e.g. for loading the weights later
        return found->second.hash;
    }
    ++g_hashed;
    auto hash = sha256File(path);
    if (!hash) return hash;
    // This memo gives the file one hash for its life (one plan sees one version of each image); the
    // record is written only when the file did not change while it was read and has not changed just now.
    auto after = fileVersion(path);
    if (!after || after.value() != version.value()) return hash;
    Record record{version.value(), hash.value()};
    if (isSettled(version.value())) m_pending[name][pathHash] = record;
    m_loaded[name][pathHash] = std::move(record);
    return hash;
}

Status FileHashMemo::flush()
{
    std::set<std::string> names = m_damaged;
    for (const auto& [name, records] : m_pending) names.insert(name);
    if (names.empty()) return {};
    // Into an existing cache only: planning (e.g. listing what a project has stored) creates no cache.
    std::error_code ec;
    if (!fs::is_directory(fs::path(m_dir).parent_path(), ec)) return {};
    fs::create_directories(m_dir, ec);
    if (ec) return Error::runtime("cannot create " + m_dir + ": " + ec.message());
    Status status;
    for (const auto& name : names) {
        // Merged into the file as it is now: other processes may have added records since we read it.
        auto current = readShard(name);
        Records records = current ? std::move(current.value()) : Records();
        for (const auto& [pathHash, record] : m_pending[name]) records[pathHash] = record;
        const fs::path file = fs::path(m_dir) / (name + ".tsv");
        const fs::path temp = fs::path(m_dir) / ("." + name + ".tsv.tmp-" + uniqueSuffix());
        {
            std::ofstream out(temp);
            out << kHeader << "\n";
            for (const auto& [pathHash, r] : records)
                out << pathHash << '\t' << r.version.device << '\t' << r.version.inode << '\t' << r.version.size << '\t'
                    << r.version.mtimeNs << '\t' << r.version.ctimeNs << '\t' << r.hash << '\n';
            out.flush();
            if (!out) status = Error::runtime("cannot write " + temp.string());
        }
        if (status.ok() && std::rename(temp.c_str(), file.c_str()) != 0)
            status = Error::runtime("cannot replace " + file.string());
        fs::remove(temp, ec);
        if (!status.ok()) break;
    }
    m_pending.clear();
    m_damaged.clear();
    return status;
}

}  // namespace hint::store
