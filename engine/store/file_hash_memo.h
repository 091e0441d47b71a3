// FileHashMemo: the SHA-256 of files (weights, images) remembered across processes in the result cache's
// folder, so a second plan of a project reads neither its weights (hundreds of MB) nor its images again.
//
// Layout: CACHE/.hashes/XX.tsv, XX = the first byte (2 hex digits) of sha256(absolute path); after a header
// line "# hint file hashes 1", one line per file:
//   sha256(absolute path) TAB device TAB inode TAB size TAB mtime_ns TAB ctime_ns TAB sha256(contents)
// A record is used only when the path and all of device, inode, size, mtime and ctime equal the file's now
// (a rewrite in place changes ctime, a rename over changes the inode); anything else is a miss and the file
// is read again. Only files unchanged for a second are recorded (common/sha256.h isSettled).
// Writers (threads, processes, cluster shards on a shared cache) merge their records into the file as it is
// on disk, write a temp file and rename it over: readers see the old or the new file, never a mix; two
// writers at once may lose one's records (hashed again later), never corrupt the file. A missing,
// unreadable or damaged file is a miss for all its paths, and the next flush rewrites it.
#pragma once

#include "common/result.h"
#include "common/sha256.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace hint::store {

// Process-wide totals of FileHashMemo::sha256 calls (diagnostics, tests).
struct FileHashMemoCounts {
    int64_t remembered = 0;    // answered by a memo record: the file was not read
    int64_t hashed = 0;        // not in the memo: the file's hash was computed (sha256File)
    int64_t damagedFiles = 0;  // memo files ignored because they did not parse
};
FileHashMemoCounts fileHashMemoCounts();

class FileHashMemo {
public:
    explicit FileHashMemo(std::string cacheRoot);
    ~FileHashMemo();  // flush(), errors ignored
    FileHashMemo(const FileHashMemo&) = delete;
    FileHashMemo& operator=(const FileHashMemo&) = delete;

    // The file's content SHA-256 (64 lowercase hex digits). BadInput "cannot open PATH: ..." when missing.
    Result<std::string> sha256(const std::string& path);

    // Writes the records of the files hashed since the last flush, and rewrites damaged memo files; nothing
    // when the cache folder does not exist (planning creates no cache). An error (a read-only cache) only
    // means the next process hashes the files again.
    Status flush();

    std::string dir() const { return m_dir; }  // CACHE/.hashes

private:
    struct Record {
        FileVersion version;
        std::string hash;
    };
    using Records = std::map<std::string, Record>;  // by sha256(absolute path)

    const Records& shard(const std::string& name);
    Result<Records> readShard(const std::string& name) const;  // BadInput when damaged; empty when missing

    std::string m_dir;
    std::map<std::string, Records> m_loaded;   // memo files read so far, by name "XX"
    std::map<std::string, Records> m_pending;  // new records not written yet
    std::set<std::string> m_damaged;           // memo files to rewrite
};

}  // namespace hint::store
