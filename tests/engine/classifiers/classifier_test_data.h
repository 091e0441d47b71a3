// Generated data and small process helpers shared by the classifier and Shapley tests.
#pragma once

#include "common/float_tensor.h"
#include "common/npy.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace hint::testdata {

struct LabelledData {
    FloatTensor x;  // (N, K)
    std::vector<int64_t> y;
};

// Gaussian features with per-column scale and offset; y = [w.x + noise > threshold] for a random w that
// depends only on k, so sets drawn with different seeds share their labelling rule (train vs test).
inline LabelledData makeLinearData(int64_t n, int64_t k, uint64_t seed, double noise = 0.5)
{
    std::mt19937_64 rule(1000 + static_cast<uint64_t>(k));
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> w(static_cast<size_t>(k)), scale(static_cast<size_t>(k)), offset(static_cast<size_t>(k));
    for (int64_t j = 0; j < k; ++j) {
        w[static_cast<size_t>(j)] = normal(rule);
        scale[static_cast<size_t>(j)] = 0.5 + 0.1 * static_cast<double>(j % 5);
        offset[static_cast<size_t>(j)] = 0.2 * static_cast<double>(j % 3);
    }
    LabelledData d{FloatTensor({n, k}), std::vector<int64_t>(static_cast<size_t>(n))};
    for (int64_t i = 0; i < n; ++i) {
        double score = 0.0;
        for (int64_t j = 0; j < k; ++j) {
            const double z = normal(rng);
            d.x.data[static_cast<size_t>(i * k + j)] =
                static_cast<float>(offset[static_cast<size_t>(j)] + scale[static_cast<size_t>(j)] * z);
            score += w[static_cast<size_t>(j)] * z;
        }
        d.y[static_cast<size_t>(i)] = score + noise * normal(rng) > 0.3 ? 1 : 0;
    }
    return d;
}

// A fresh folder under the temp dir, unique per process and name.
inline std::filesystem::path freshDir(const std::string& name)
{
    auto dir = std::filesystem::temp_directory_path() / ("hint_clf_test_" + std::to_string(::getpid())) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// Runs a shell command; returns its exit code and stdout.
inline int runCommand(const std::string& command, std::string* output = nullptr)
{
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return -1;
    std::array<char, 4096> buffer{};
    std::string text;
    size_t got = 0;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) text.append(buffer.data(), got);
    const int status = ::pclose(pipe);
    if (output) *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string pythonScript(const std::string& name)
{
    return std::string(HINT_PYTHON3) + " " + HINT_SOURCE_DIR + "/tests/python/" + name;
}

// True when Debian's python has the modules; tests GTEST_SKIP otherwise.
inline bool pythonHas(const std::string& modules)
{
    return runCommand(std::string(HINT_PYTHON3) + " -c 'import " + modules + "' 2>/dev/null") == 0;
}

}  // namespace hint::testdata
