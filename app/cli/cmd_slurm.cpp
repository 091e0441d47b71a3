// `hint slurm`: a self-contained sbatch script running a project as a SLURM job array of `hint run --shard`
// tasks into one shared cache, plus a dependent merge job; --submit submits it.
#include "commands.h"

#include "store/result_cache.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace hint::cli {
namespace {

namespace fs = std::filesystem;

// A word for bash in single quotes ('it'\''s').
std::string quoted(const std::string& text)
{
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Options copied into #SBATCH lines: only the characters their forms use, so nothing else reaches the script.
// (Plain checks rather than std::regex, whose inlined std::function GCC 12 falsely reports as uninitialized
// at the sanitizer builds' -O1.)
bool isPartition(const std::string& v)
{
    return !v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isalnum(c) || (c != 0 && std::strchr("_.,-", c)); });
}
bool isSlurmTime(const std::string& v)
{
    return !v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c) || c == ':' || c == '-'; });
}
bool isMemorySize(const std::string& v)
{
    const size_t digits = v.find_first_not_of("0123456789");
    if (v.empty() || digits == 0) return false;
    return digits == std::string::npos || (digits + 1 == v.size() && v.back() != 0 && std::strchr("KMGT", v.back()));
}

std::string checkedOption(const Args& args, const std::string& name, bool (*valid)(const std::string&), const std::string& form)
{
    const std::string value = args.get(name);
    if (args.has(name) && !valid(value)) throw UsageError("--" + name + " must be " + form + ", got '" + value + "'");
    return value;
}

struct SlurmScript {
    std::string hint, project, cache, script, logs, summary, jobName;
    int tasks = 1;
    int cpus = 1;
    std::string partition, time, mem;
};

std::string scriptText(const SlurmScript& s)
{
    std::ostringstream out;
    out << "#!/bin/bash\n"
        << "# Written by `hint slurm` for " << s.project << ".\n"
        << "# A SLURM job array of " << s.tasks << " tasks, each `hint run --shard $SLURM_ARRAY_TASK_ID/" << s.tasks
        << "` into one shared cache,\n"
        << "# then a merge job (afterok: only when every task succeeded) that runs `hint run` once more (it must\n"
        << "# compute nothing) and writes `hint report --json` into the summary file.\n"
        << "#   submit:   bash " << s.script << "   (prints the job ids; logs in " << s.logs << ")\n"
        << "#   resubmit after a failed or killed task: the same command; stored entries are reused, only the\n"
        << "#   missing ones are computed.\n"
        << "#SBATCH --job-name=" << s.jobName << "\n"
        << "#SBATCH --cpus-per-task=" << s.cpus << "\n";
    if (!s.partition.empty()) out << "#SBATCH --partition=" << s.partition << "\n";
    if (!s.time.empty()) out << "#SBATCH --time=" << s.time << "\n";
    if (!s.mem.empty()) out << "#SBATCH --mem=" << s.mem << "\n";
    out << "set -euo pipefail\n\n"
        << "HINT=${HINT:-" << quoted(s.hint) << "}\n"
        << "PROJECT=" << quoted(s.project) << "\n"
        << "CACHE=" << quoted(s.cache) << "\n"
        << "TASKS=" << s.tasks << "\n"
        << "LOGS=" << quoted(s.logs) << "\n"
        << "SUMMARY=" << quoted(s.summary) << "\n"
        // Under sbatch $0 is a copy in slurmd's spool: submissions name the original.
        << "SCRIPT=" << quoted(s.script) << "\n"
        << "THREADS=${SLURM_CPUS_PER_TASK:-1}\n"
        << "export OMP_NUM_THREADS=$THREADS\n\n"
        << R"SH(submit() {
  mkdir -p "$LOGS"
  local array merge
  array=$(sbatch --parsable --array=0-$((TASKS - 1)) --output="$LOGS/task-%A_%a.log" "$SCRIPT")
  array=${array%%;*}
  merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
    --output="$LOGS/merge-%j.log" "$SCRIPT" merge)
  echo "array $array merge ${merge%%;*}"
}

merge() {
  local run="$LOGS/merge-run-$SLURM_JOB_ID.json" status=0 computed
  "$HINT" run "$PROJECT" --cache-dir "$CACHE" --threads "$THREADS" --json > "$run"
  # The top-level count: the only "computed" followed by "reused", "seconds" and "steps".
  computed=$(sed -n 's/.*"computed":\([0-9]*\),"reused":[0-9]*,"seconds":[^,]*,"steps".*/\1/p' "$run")
  if [ "$computed" != 0 ]; then
    echo "hint slurm: the merge run had to compute entries the array tasks should have stored: $(cat "$run")" >&2
    status=1
  fi
  "$HINT" report "$PROJECT" --cache-dir "$CACHE" --json > "$SUMMARY.tmp-$SLURM_JOB_ID"
  mv -f "$SUMMARY.tmp-$SLURM_JOB_ID" "$SUMMARY"
  echo "hint slurm: summary in $SUMMARY"
  exit $status
}

case "${1:-}" in
  merge) merge ;;
  submit) submit ;;
  "")
    if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
      echo "hint slurm: task $SLURM_ARRAY_TASK_ID/$TASKS on $(hostname) with $THREADS threads"
      exec "$HINT" run "$PROJECT" --cache-dir "$CACHE" --shard "$SLURM_ARRAY_TASK_ID/$TASKS" --threads "$THREADS"
    elif [ -n "${SLURM_JOB_ID:-}" ]; then
      echo "hint slurm: submit with 'bash $SCRIPT', not sbatch: it submits the array and the merge job" >&2
      exit 2
    else
      submit
    fi ;;
  *) echo "usage: bash $SCRIPT [submit|merge]" >&2; exit 2 ;;
esac
)SH";
    return out.str();
}

// Writes through a temporary name renamed over the target, executable.
Status writeScript(const fs::path& file, const std::string& text)
{
    const fs::path temp = file.parent_path() / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
    {
        std::ofstream out(temp);
        out << text;
        if (!out.flush()) return Error::badInput("cannot write " + temp.string());
    }
    std::error_code ec;
    fs::permissions(temp, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add, ec);
    fs::rename(temp, file, ec);
    if (ec) {
        fs::remove(temp);
        return Error::badInput("cannot write " + file.string() + ": " + ec.message());
    }
    return {};
}

// Runs `bash SCRIPT submit`; its stdout is "array ID merge ID".
Result<std::pair<std::string, std::string>> submit(const std::string& script)
{
    FILE* pipe = ::popen(("bash " + quoted(script) + " submit").c_str(), "r");
    if (!pipe) return Error::runtime("cannot run bash to submit " + script);
    std::string output;
    char buffer[256];
    while (std::fgets(buffer, sizeof(buffer), pipe)) output += buffer;
    const int status = ::pclose(pipe);
    std::istringstream words(output);
    std::string arrayWord, array, mergeWord, merge;
    words >> arrayWord >> array >> mergeWord >> merge;
    if (status != 0 || arrayWord != "array" || mergeWord != "merge" || array.empty() || merge.empty())
        return Error::runtime("sbatch failed (see above) submitting " + script + (output.empty() ? "" : ": " + output));
    return std::make_pair(array, merge);
}

}  // namespace

Command slurmCommand()
{
    CommandSpec spec{
        "slurm",
        "Write (and with --submit submit) a SLURM job array running a project's shards into one shared cache.",
        "PROJECT.hintproj --tasks N [--partition P] [--time T] [--cpus-per-task C] [--mem M] [--cache-dir DIR] "
        "[--out FILE] [--submit]",
        {{"tasks", "N", "array tasks: task i runs `hint run --shard i/N`", ""},
         {"partition", "P", "SLURM partition (default: the cluster's)", ""},
         {"time", "T", "time limit per task (sbatch --time, e.g. 4:00:00)", ""},
         {"cpus-per-task", "C", "cores per task (its --threads)", "1"},
         {"mem", "M", "memory per task (sbatch --mem, e.g. 8G)", ""},
         {"out", "FILE", "the script to write", "PROJECT_DIR/PROJECT_NAME.slurm.sh"},
         {"hint", "PATH", "the hint executable the tasks run (as the nodes see it)", "this hint"},
         {"submit", "", "submit it now (sbatch; prints the job ids)", ""}},
        "The script is self-contained: absolute paths of hint, the project and the cache (--cache-dir, else\n"
        "the project's cache_dir, else the default cache: it must be a folder every node sees). `bash FILE`\n"
        "submits an array of N tasks (per-task logs FILE_STEM-logs/task-<job>_<i>.log) and a merge job that\n"
        "starts only when every task succeeded (afterok): it runs `hint run` again, which must compute nothing\n"
        "(else it fails, naming what was missing), and writes `hint report --json` to FILE_STEM-summary.json.\n"
        "A task that dies leaves no partial entry; running the script again computes only what is missing.\n"
        "--json prints {\"script\",\"tasks\",\"cache\",\"summary\",\"logs\"} and, with --submit,\n"
        "\"array_job\" and \"merge_job\"."};
    return {spec, [](const Args& args) {
                const int tasks = args.getInt("tasks", 0);
                if (!args.has("tasks") || tasks < 1) throw UsageError("--tasks N (N >= 1) is required");
                const int cpus = args.getInt("cpus-per-task", 1);
                if (cpus < 1) throw UsageError("--cpus-per-task must be >= 1");
                SlurmScript s;
                s.tasks = tasks;
                s.cpus = cpus;
                s.partition = checkedOption(args, "partition", isPartition, "a partition name");
                s.time = checkedOption(args, "time", isSlurmTime, "a SLURM time such as 4:00:00 or 1-00:00:00");
                s.mem = checkedOption(args, "mem", isMemorySize, "a SLURM memory size such as 8G");
                auto project = loadProjectArg(args);
                if (!project) return reportError(project.error());
                s.project = fs::absolute(args.positional().front()).lexically_normal().string();
                const std::string cache = project->cacheDir.empty() ? store::ResultCache::defaultRoot() : project->cacheDir;
                s.cache = fs::absolute(cache).lexically_normal().string();
                std::error_code ec;
                // This program is hint-engine; the tasks run the `hint` launcher beside it, as a user would.
                s.hint = args.has("hint") ? args.get("hint") : programBesideSelf("hint");
                if (s.hint.empty()) throw UsageError("cannot tell where this hint is: give --hint PATH");
                const fs::path projectPath(s.project);
                const fs::path script = args.has("out") ? fs::absolute(args.get("out")).lexically_normal()
                                                        : projectPath.parent_path() / (projectPath.stem().string() + ".slurm.sh");
                s.script = script.string();
                const std::string stem = (script.parent_path() / script.stem()).string();
                s.logs = stem + "-logs";
                s.summary = stem + "-summary.json";
                s.jobName = "hint-" + projectPath.stem().string();
                for (char& c : s.jobName)
                    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
                if (auto status = writeScript(script, scriptText(s)); !status) return reportError(status.error());
                fs::create_directories(s.logs, ec);  // sbatch does not create the folder of --output

                nlohmann::json json = {{"script", s.script}, {"tasks", s.tasks}, {"cache", s.cache},
                                       {"summary", s.summary}, {"logs", s.logs}};
                if (args.flag("submit")) {
                    auto ids = submit(s.script);
                    if (!ids) return reportError(ids.error());
                    json["array_job"] = ids->first;
                    json["merge_job"] = ids->second;
                }
                if (args.flag("json")) {
                    std::cout << json.dump() << "\n";
                } else {
                    std::cout << "wrote " << s.script << " (" << s.tasks << " tasks into " << s.cache << ")\n";
                    if (args.flag("submit"))
                        std::cout << "submitted: array job " << json["array_job"].get<std::string>() << ", merge job "
                                  << json["merge_job"].get<std::string>() << " (summary: " << s.summary << ")\n";
                    else
                        std::cout << "submit with: bash " << s.script << "\n";
                }
                return kExitOk;
            }};
}

}  // namespace hint::cli
