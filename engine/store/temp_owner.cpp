#include "store/temp_owner.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace hint::store {
namespace {


// The host name plus the first 8 hex digits of the kernel's boot id: pids and flocks mean something
// only within one running kernel (containers on one kernel share it; a reboot or another node does not).
std::string thisHost()
{
    char name[256] = {0};
    if (::gethostname(name, sizeof(name) - 1) != 0 || name[0] == 0) std::snprintf(name, sizeof(name), "unknown");
    std::string host = name;
    for (char& c : host)
        if (c == '/' || c == '\\' || c == ' ') c = '_';
    std::ifstream boot("/proc/sys/kernel/random/boot_id");
    std::string bootId;
    std::getline(boot, bootId);
    std::string hex;
    for (char c : bootId)
        if (std::isxdigit(static_cast<unsigned char>(c)) && hex.size() < 8) hex += c;
    return host + "." + (hex.empty() ? std::string("noboot") : hex);
}

bool allDigits(const std::string& s)
{
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

std::optional<uint64_t> processStartTime(int64_t pid)
{
    if (pid <= 0) return std::nullopt;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!std::getline(in, stat)) return std::nullopt;
    // The command name (field 2) is in parentheses and may hold spaces: fields are counted after the last ')'.
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(stat.substr(close + 1));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i)
        if (i == 22 && allDigits(field)) return std::stoull(field);
    return std::nullopt;
}

TempOwner currentOwner()
{
    static const std::string host = thisHost();
    // The pid and start time are read at each call, not cached: a forked child is another writer.
    TempOwner owner;
    owner.host = host;
    owner.pid = static_cast<int64_t>(::getpid());
    owner.startTime = processStartTime(owner.pid).value_or(0);
    return owner;
}

std::string ownerTag(const TempOwner& owner)
{
    return owner.host + "-" + std::to_string(owner.pid) + "-" + std::to_string(owner.startTime);
}

std::optional<TempOwner> parseTempOwner(const std::string& folderName)
{
    if (folderName.rfind(kTempPrefix, 0) != 0) return std::nullopt;
    // .tmp-<key16>-<host>-<pid>-<start>-<n>: split off the key in front and three numbers at the end.
    std::vector<std::string> parts;
    std::string rest = folderName.substr(std::string(kTempPrefix).size());
    const auto keyEnd = rest.find('-');
    if (keyEnd != 16) return std::nullopt;
    rest = rest.substr(keyEnd + 1);
    for (int i = 0; i < 3; ++i) {
        const auto dash = rest.rfind('-');
        if (dash == std::string::npos) return std::nullopt;
        parts.push_back(rest.substr(dash + 1));
        rest = rest.substr(0, dash);
    }
    // parts: n, start, pid; rest: host (with its boot id after the last '.')
    if (rest.empty() || rest.find('.') == std::string::npos || !allDigits(parts[0]) || !allDigits(parts[1]) ||
        !allDigits(parts[2]))
        return std::nullopt;
    TempOwner owner;
    owner.host = rest;
    owner.pid = std::stoll(parts[2]);
    owner.startTime = std::stoull(parts[1]);
    return owner;
}

bool ownerProvablyDead(const TempOwner& owner, const std::string& lockFile)
{
    if (owner.host != currentOwner().host) return false;
    if (auto start = processStartTime(owner.pid); start && (owner.startTime == 0 || *start == owner.startTime))
        return false;  // still running
    // The pid says gone; the lock must agree (a writer in another pid namespace of this kernel still holds it).
    const int fd = ::open(lockFile.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT;
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);  // releases the lock we may have taken
    return free;
}

HeldLock::HeldLock(const std::string& file)
{
    m_fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd >= 0 && ::flock(m_fd, LOCK_EX | LOCK_NB) != 0) release();
}

HeldLock::~HeldLock() { release(); }

HeldLock::HeldLock(HeldLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

HeldLock& HeldLock::operator=(HeldLock&& other) noexcept
{
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

void HeldLock::release()
{
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
}

}  // namespace hint::store
