// Helpers shared by the engine tests: temp folders, running commands, comparing arrays.
#pragma once

#include "common/float_tensor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace hint::test {

// A fresh folder under the system temp dir, removed at scope exit.
class TempDir {
public:
    explicit TempDir(const std::string& tag)
        : m_path(std::filesystem::temp_directory_path() / ("hint_" + tag + "_" + std::to_string(::getpid()) + "_" +
                                                           std::to_string(counter()++)))
    {
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    const std::filesystem::path& path() const { return m_path; }
    std::string operator/(const std::string& name) const { return (m_path / name).string(); }

private:
    static int& counter()
    {
        static int value = 0;
        return value;
    }
    std::filesystem::path m_path;
};

struct CommandResult {
    int exitCode = -1;
    std::string output;  // stdout (and stderr when merged by the command line)
};

inline CommandResult runCommand(const std::string& command)
{
    CommandResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline bool pythonWithTorch()
{
    static const bool available =
        runCommand(std::string(HINT_PYTHON3) + " -c 'import torch, torchvision' >/dev/null 2>&1").exitCode == 0;
    return available;
}

// max |a - b| / max |b|: the error measure of the fidelity tests.
inline double maxRelativeError(const FloatTensor& a, const FloatTensor& b)
{
    if (a.data.size() != b.data.size()) return INFINITY;
    double maxDiff = 0.0, maxRef = 0.0;
    for (size_t i = 0; i < a.data.size(); ++i) {
        maxDiff = std::max(maxDiff, static_cast<double>(std::fabs(a.data[i] - b.data[i])));
        maxRef = std::max(maxRef, static_cast<double>(std::fabs(b.data[i])));
    }
    return maxRef > 0 ? maxDiff / maxRef : maxDiff;
}

}  // namespace hint::test
