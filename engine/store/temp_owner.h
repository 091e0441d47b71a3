// Who writes a cache temp folder, and whether that writer is provably gone.
//
// A writer names its folder ".tmp-<key16>-<host>-<pid>-<start>-<n>" (start: the process's start time in
// clock ticks since boot, from /proc, so a reused pid is told apart) and holds an flock on a lock file
// inside it until it publishes or abandons the folder. A sweeper may remove the folder of a dead writer
// at once: on the writer's own host when its pid is gone (or now names another process) and nobody
// holds the lock. A writer on another host cannot be proven dead (flock on a network file system may
// be local to each node, and pids are per host): its folder is only removed when old (the caller's age).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hint::store {

// What every temporary folder of a cache writer is named with first.
inline constexpr const char* kTempPrefix = ".tmp-";

struct TempOwner {
    std::string host;
    int64_t pid = 0;
    uint64_t startTime = 0;  // 0 = unknown (no /proc)
};

// This process (read at each call, so a forked child names itself).
TempOwner currentOwner();
// "<host>-<pid>-<start>" (the host with '-' kept: the numbers are parsed from the end).
std::string ownerTag(const TempOwner& owner);
// The owner named by a temp folder name ".tmp-<key16>-<tag>-<n>"; nullopt for other names (older caches).
std::optional<TempOwner> parseTempOwner(const std::string& folderName);

// The pid's start time from /proc/<pid>/stat; nullopt when no such process (or no /proc).
std::optional<uint64_t> processStartTime(int64_t pid);

// True only when the owner ran on this host and is no longer running (its pid is gone or belongs to a
// process started at another time) and `lockFile`, if it exists, is not locked by anyone.
bool ownerProvablyDead(const TempOwner& owner, const std::string& lockFile);

// An exclusive flock held on `file` (created) until destruction; locked() false when it could not be taken.
class HeldLock {
public:
    explicit HeldLock(const std::string& file);
    ~HeldLock();
    HeldLock(HeldLock&& other) noexcept;
    HeldLock& operator=(HeldLock&& other) noexcept;
    HeldLock(const HeldLock&) = delete;
    HeldLock& operator=(const HeldLock&) = delete;
    bool locked() const { return m_fd >= 0; }
    void release();

private:
    int m_fd = -1;
};

}  // namespace hint::store
