// `hint regions` end to end: output files, dtypes and shapes, exit codes, and Ctrl-C (exit 130, nothing
// published).
#include "common/npy.h"
#include "engine/regions/extraction_fixture.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

struct CliResult {
    int exitCode = -1;
    std::string out, err;
};

std::string slurp(const fs::path& file)
{
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

CliResult runHint(const std::string& arguments, const fs::path& scratch)
{
    const std::string command = std::string(HINT_CLI_PATH) + " " + arguments + " > " + (scratch / "stdout.txt").string() +
                                " 2> " + (scratch / "stderr.txt").string();
    CliResult result;
    const int status = std::system(command.c_str());
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = slurp(scratch / "stdout.txt");
    result.err = slurp(scratch / "stderr.txt");
    return result;
}

TEST(CmdRegions, WritesFloat32RowsInt64IndexAndJson)
{
    auto dir = hint::test::scratchDir("cmd_regions");
    hint::test::FakeExtraction fake;
    fake.write(dir / "extract");
    auto result = runHint("regions --extract " + (dir / "extract").string() + " --out " + (dir / "out").string() +
                              " --max-background 30 --seed 3 --json",
                          dir);
    ASSERT_EQ(result.exitCode, 0) << result.err;
    auto json = nlohmann::json::parse(result.out);
    const int64_t m = json["positives"].get<int64_t>();
    EXPECT_GT(m, 0);
    EXPECT_EQ(json["background"], 30);
    EXPECT_EQ(json["positives_total"].get<int64_t>() + json["background_total"].get<int64_t>(), fake.n * fake.h * fake.w);

    auto positives = hint::readNpyHeader((dir / "out" / "positives.npy").string());
    auto background = hint::readNpyHeader((dir / "out" / "background.npy").string());
    auto index = hint::readNpyHeader((dir / "out" / "positives_index.npy").string());
    ASSERT_TRUE(positives.ok() && background.ok() && index.ok());
    EXPECT_EQ(positives->dtype, "<f4");
    EXPECT_EQ(positives->shape, (std::vector<int64_t>{m, fake.k}));
    EXPECT_EQ(background->dtype, "<f4");
    EXPECT_EQ(background->shape, (std::vector<int64_t>{30, fake.k}));
    EXPECT_EQ(index->dtype, "<i8");
    EXPECT_EQ(index->shape, (std::vector<int64_t>{m, 2}));
    auto regions = nlohmann::json::parse(slurp(dir / "out" / "regions.json"));
    EXPECT_EQ(regions["parameters"]["max_background"], 30);
    EXPECT_EQ(regions["parameters"]["seed"], 3);
    EXPECT_EQ(regions["images"].size(), static_cast<size_t>(fake.n));
}

TEST(CmdRegions, BadInputExitsTwoNamingTheProblem)
{
    auto dir = hint::test::scratchDir("cmd_regions_bad");
    auto missing = runHint("regions --extract " + (dir / "absent_folder").string() + " --out " + (dir / "out").string(), dir);
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_NE(missing.err.find("absent_folder"), std::string::npos) << missing.err;
    EXPECT_FALSE(fs::exists(dir / "out"));

    hint::test::FakeExtraction fake;
    fake.write(dir / "extract");
    auto mode = runHint("regions --extract " + (dir / "extract").string() + " --out " + (dir / "out").string() +
                            " --mode l7",
                        dir);
    EXPECT_EQ(mode.exitCode, 2);
    EXPECT_NE(mode.err.find("l7"), std::string::npos) << mode.err;
    auto usage = runHint("regions --extract " + (dir / "extract").string(), dir);
    EXPECT_EQ(usage.exitCode, 2);
    EXPECT_NE(usage.err.find("--out"), std::string::npos) << usage.err;
}

// Many tiny images make a run that lasts long enough to be interrupted mid-way, with little disk.
void writeLongExtraction(const fs::path& dir, int64_t n)
{
    fs::create_directories(dir);
    const int64_t k = 4, h = 2, w = 2;
    hint::FloatTensor features({n, k, h, w});
    for (size_t i = 0; i < features.data.size(); ++i) features.data[i] = static_cast<float>(i % 97) * 0.01f;
    ASSERT_TRUE(hint::writeNpy((dir / "features.npy").string(), features).ok());
    ASSERT_TRUE(hint::writeNpy((dir / "saliency.npy").string(), features).ok());
    std::vector<int64_t> targets(static_cast<size_t>(n), 0);
    ASSERT_TRUE(hint::writeNpy((dir / "targets.npy").string(), targets).ok());
    std::ofstream manifest(dir / "manifest.json");
    manifest << "{\"shape\":[" << n << "," << k << "," << h << "," << w << "],\"images\":[";
    for (int64_t i = 0; i < n; ++i)
        manifest << (i ? "," : "") << "{\"path\":\"i" << i << "\",\"label_index\":0,\"target_index\":0,\"status\":\"ok\"}";
    manifest << "]}";
}

TEST(CmdRegions, CtrlCExits130AndPublishesNothing)
{
    auto dir = hint::test::scratchDir("cmd_regions_sigint");
    writeLongExtraction(dir / "extract", 200000);
    int errPipe[2];
    ASSERT_EQ(::pipe(errPipe), 0);
    const std::string extract = (dir / "extract").string(), out = (dir / "out").string();
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::dup2(errPipe[1], STDERR_FILENO);
        ::close(errPipe[0]);
        ::close(errPipe[1]);
        ::execl(HINT_CLI_PATH, HINT_CLI_PATH, "regions", "--extract", extract.c_str(), "--out", out.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(errPipe[1]);
    // Wait for the first progress line: the run is under way, the handler installed.
    std::string err;
    char buffer[256];
    while (err.find("hint: regions ") == std::string::npos) {
        const ssize_t got = ::read(errPipe[0], buffer, sizeof buffer);
        if (got <= 0) break;
        err.append(buffer, static_cast<size_t>(got));
    }
    ASSERT_NE(err.find("hint: regions "), std::string::npos) << err;
    ASSERT_EQ(::kill(child, SIGINT), 0);
    while (true) {  // drain so the child never blocks on a full pipe
        const ssize_t got = ::read(errPipe[0], buffer, sizeof buffer);
        if (got <= 0) break;
        err.append(buffer, static_cast<size_t>(got));
    }
    ::close(errPipe[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status)) << err;
    EXPECT_EQ(WEXITSTATUS(status), 130) << err;
    EXPECT_NE(err.find("cancel"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(dir / "out"));
    for (const auto& entry : fs::directory_iterator(dir))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
    fs::remove_all(dir);  // ~40 MB of generated extraction
}

}  // namespace
