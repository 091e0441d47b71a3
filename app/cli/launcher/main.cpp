// `hint`: a small launcher in front of hint-engine, the command line with the engine in it.
// Why: before doing anything, a process linked with Debian's LibTorch loads 286 shared libraries
// (LibTorch's own dependencies include OpenCV's GUI and video modules, Qt 5, FFmpeg, GStreamer and GDAL)
// and registers Torch's operators: about 0.5 s. `hint models` and `hint layers --arch A` only list what
// the model zoo offers, so the launcher answers them from a listing the engine printed at build time
// (zoo_listing.h); every other command, and any option it does not know, goes to hint-engine unchanged
// (exec: same process, arguments, streams and exit status).
#include "zoo_listing.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace {

using hint::launcher::ListingEntry;

// The listing's answer to exactly these words, or nothing when hint-engine must answer (another command,
// another option, a value the listing does not hold, a malformed line: its error messages live there).
const ListingEntry* listingAnswer(const std::vector<std::string>& words, bool& json)
{
    if (words.empty() || (words[0] != "models" && words[0] != "layers")) return nullptr;
    const bool layers = words[0] == "layers";
    std::optional<std::string> arch;
    std::string inputSize = "224";  // the layers command's default
    json = false;
    for (size_t i = 1; i < words.size(); ++i) {
        const std::string& word = words[i];
        const bool hasNext = i + 1 < words.size();
        if (word == "--json") json = true;
        else if (layers && word.rfind("--arch=", 0) == 0) arch = word.substr(7);
        else if (layers && word == "--arch" && hasNext) arch = words[++i];
        else if (layers && word.rfind("--input-size=", 0) == 0) inputSize = word.substr(13);
        else if (layers && word == "--input-size" && hasNext) inputSize = words[++i];
        else return nullptr;
    }
    if (layers && !arch) return nullptr;
    for (const auto& entry : hint::launcher::zooListing()) {
        if (words[0] != entry.command) continue;
        if (!layers || (*arch == entry.arch && inputSize == std::to_string(entry.inputSize))) return &entry;
    }
    return nullptr;
}

// hint-engine beside this executable (the build tree and an installed package alike).
std::string enginePath()
{
    std::vector<char> self(4096);
    const ssize_t length = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
    if (length <= 0) return "hint-engine";
    std::string path(self.data(), static_cast<size_t>(length));
    return path.substr(0, path.rfind('/') + 1) + "hint-engine";
}

}  // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> words(argv + 1, argv + argc);
    bool json = false;
    if (const ListingEntry* answer = listingAnswer(words, json)) {
        std::fputs(json ? answer->json : answer->text, stdout);
        return std::fflush(stdout) == 0 ? 0 : 1;
    }
    const std::string engine = enginePath();
    argv[0] = const_cast<char*>(engine.c_str());
    ::execv(engine.c_str(), argv);
    std::fprintf(stderr, "hint: cannot run %s: %s\n", engine.c_str(), std::strerror(errno));
    return 1;
}
