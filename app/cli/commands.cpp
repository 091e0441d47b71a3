#include "commands.h"

#include "model/network.h"

#include <iostream>

namespace hint::cli {

const std::vector<Command>& allCommands()
{
    static const std::vector<Command> commands = {
        modelsCommand(),
        layersCommand(),
        predictCommand(),
        extractCommand(),
        regionsCommand(),
        conceptsCommand(),
        trainCommand(),
        shapleyCommand(),
        localizeCommand(),
        attackCommand(),
        demoCommand(),
        runCommand(),
        reportCommand(),
        slurmCommand(),
    };
    return commands;
}

int reportError(const Error& error)
{
    std::cerr << "hint: " << error.message << "\n";
    switch (error.kind) {
    case ErrorKind::BadInput: return kExitBadInput;
    case ErrorKind::Cancelled: return kExitCancelled;
    case ErrorKind::Runtime: break;
    }
    return kExitRuntime;
}

Result<store::Project> loadProjectArg(const Args& args)
{
    if (args.positional().size() != 1) throw UsageError("give exactly one PROJECT.hintproj");
    auto project = store::Project::load(args.positional().front());
    if (project && args.has("cache-dir")) project->cacheDir = args.get("cache-dir");
    return project;
}

void applyThreads(const Args& args) { model::setComputeThreads(args.getInt("threads", 0)); }

}  // namespace hint::cli
