#include "commands.h"

#include "model/network.h"

#include <filesystem>
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

std::string programBesideSelf(const std::string& name)
{
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return {};
    const auto program = self.parent_path() / name;
    return std::filesystem::exists(program, error) ? program.string() : std::string();
}

}  // namespace hint::cli
