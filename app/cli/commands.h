// The `hint` commands. Each lives in its own cmd_*.cpp and is listed in commands.cpp.
#pragma once

#include "cli_args.h"
#include "common/result.h"
#include "store/project.h"

#include <functional>
#include <string>
#include <vector>

namespace hint::cli {

struct Command {
    CommandSpec spec;
    std::function<int(const Args&)> run;  // returns the exit code
};

const std::vector<Command>& allCommands();

Command modelsCommand();
Command layersCommand();
Command predictCommand();
Command extractCommand();
Command regionsCommand();
Command conceptsCommand();
Command trainCommand();
Command shapleyCommand();
Command localizeCommand();
Command attackCommand();
Command demoCommand();
Command runCommand();
Command reportCommand();
Command slurmCommand();

// Writes the C++ source of the launcher's listing (app/cli/launcher/zoo_listing.h): what `hint models`
// and `hint layers --arch A` print for every architecture, at 224 and at its own input size, as text and
// JSON. Run at build time as `hint-engine --write-zoo-listing FILE`.
int writeZooListingSource(const std::string& path);

// Prints "hint: <message>" on stderr and returns the exit code for the error's kind.
int reportError(const Error& error);
// The PROJECT.hintproj positional (exactly one; UsageError otherwise), with --cache-dir applied.
Result<store::Project> loadProjectArg(const Args& args);
// Applies --threads (all cores by default).
void applyThreads(const Args& args);
// NAME in the folder of the running program (hint-engine), if it exists there, else "". The build tree
// and an installed package both keep hint, hint-engine and hint-explorer side by side.
std::string programBesideSelf(const std::string& name);

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitCancelled = 130;

}  // namespace hint::cli
