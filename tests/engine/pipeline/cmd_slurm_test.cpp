// `hint slurm`: the sbatch script it writes, run here without SLURM by setting the variables SLURM sets
// (array tasks, then the merge job), and its usage errors. The real cluster test is tests/slurm.
#include "pipeline_fixture.h"

#include "test_support.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using namespace hint;

std::string readText(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(SlurmCommand, ScriptRunsShardsThenAMergeThatMustComputeNothing)
{
    REQUIRE_WORDNET();
    test::TempDir dir("slurm_script");
    auto project = test::pipelineProject(dir.path());
    const std::string projectFile = dir / "study.hintproj";
    ASSERT_TRUE(project.save(projectFile).ok());
    const std::string script = dir / "jobs/study.slurm.sh";
    fs::create_directories(dir.path() / "jobs");
    const std::string cache = dir / "shared cache";  // a space: every path is quoted
    auto written = test::runCommand(std::string(HINT_CLI_PATH) + " slurm '" + projectFile + "' --tasks 3 --cpus-per-task 1" +
                                    " --partition short --time 1:00:00 --mem 4G --cache-dir '" + cache + "' --out '" +
                                    script + "' --json");
    ASSERT_EQ(written.exitCode, 0) << written.output;
    const auto json = nlohmann::json::parse(written.output);
    EXPECT_EQ(json["script"], script);
    EXPECT_EQ(json["tasks"], 3);
    EXPECT_EQ(json["summary"], dir / "jobs/study.slurm-summary.json");
    EXPECT_TRUE(fs::is_directory(json["logs"].get<std::string>()));
    EXPECT_NE(fs::status(script).permissions() & fs::perms::owner_exec, fs::perms::none);
    const std::string text = readText(script);
    for (const char* line : {"#SBATCH --partition=short\n", "#SBATCH --time=1:00:00\n", "#SBATCH --mem=4G\n",
                             "#SBATCH --cpus-per-task=1\n", "TASKS=3\n", "--dependency=afterok:", "--array=0-$((TASKS - 1))"})
        EXPECT_NE(text.find(line), std::string::npos) << line;
    ASSERT_EQ(test::runCommand("bash -n '" + script + "'").exitCode, 0);

    // Submitted with sbatch directly (no array): refused with a hint, nothing run.
    auto direct = test::runCommand("SLURM_JOB_ID=5 bash '" + script + "' 2>&1");
    EXPECT_EQ(direct.exitCode, 2) << direct.output;
    EXPECT_FALSE(fs::exists(cache));

    // Tasks 0 and 1 of 3 (2 concept x layer units: task 2 has none), as SLURM would start them.
    for (int task : {0, 1}) {
        auto run = test::runCommand("SLURM_ARRAY_TASK_ID=" + std::to_string(task) + " SLURM_CPUS_PER_TASK=1 bash '" +
                                    script + "' 2>&1");
        ASSERT_EQ(run.exitCode, 0) << run.output;
        EXPECT_NE(run.output.find("task " + std::to_string(task) + "/3"), std::string::npos) << run.output;
    }
    EXPECT_EQ(test::countEntries(cache), test::kPipelineEntries);
    auto merge = test::runCommand("SLURM_JOB_ID=7 bash '" + script + "' merge 2>&1");
    ASSERT_EQ(merge.exitCode, 0) << merge.output;
    const auto summary = nlohmann::json::parse(readText(json["summary"].get<std::string>()));
    EXPECT_EQ(summary["entries_stored"], test::kPipelineEntries) << summary.dump();

    // Had a task not run, the merge would have to compute: it still completes the cache but fails loudly.
    fs::remove_all(cache);
    auto one = test::runCommand("SLURM_ARRAY_TASK_ID=0 bash '" + script + "' 2>&1");
    ASSERT_EQ(one.exitCode, 0) << one.output;
    auto incomplete = test::runCommand("SLURM_JOB_ID=8 bash '" + script + "' merge 2>&1");
    EXPECT_EQ(incomplete.exitCode, 1) << incomplete.output;
    EXPECT_NE(incomplete.output.find("had to compute"), std::string::npos) << incomplete.output;
    EXPECT_EQ(test::countEntries(cache), test::kPipelineEntries);
}

TEST(SlurmCommand, BadOptionsAreUsageErrors)
{
    REQUIRE_WORDNET();
    test::TempDir dir("slurm_usage");
    auto project = test::pipelineProject(dir.path());
    const std::string projectFile = dir / "study.hintproj";
    ASSERT_TRUE(project.save(projectFile).ok());
    const std::string slurm = std::string(HINT_CLI_PATH) + " slurm ";
    const std::string out = " --out '" + (dir / "x.sh") + "' 2>&1";
    for (const std::string& bad : {std::string("--tasks 0"), std::string(""), std::string("--tasks 2 --mem '4 G'"),
                                   std::string("--tasks 2 --time 'now; rm'"), std::string("--tasks 2 --cpus-per-task 0")}) {
        auto run = test::runCommand(slurm + "'" + projectFile + "' " + bad + out);
        EXPECT_EQ(run.exitCode, 2) << bad << ": " << run.output;
    }
    auto missing = test::runCommand(slurm + "'" + (dir / "none.hintproj") + "' --tasks 2" + out);
    EXPECT_EQ(missing.exitCode, 2) << missing.output;
    EXPECT_NE(missing.output.find("none.hintproj"), std::string::npos) << missing.output;
    EXPECT_FALSE(fs::exists(dir / "x.sh"));
}

}  // namespace
