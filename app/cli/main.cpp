// hint-engine: the `hint` command line with the engine linked in. Users run `hint` (launcher/main.cpp), which
// answers the model listings itself and hands every other command to this program.
#include "commands.h"

#include <iostream>

namespace {

constexpr const char* kVersion = HINT_VERSION;

void printOverview()
{
    std::cout << "Usage: hint COMMAND [options]\n\nHINT Explorer's command line: neurons and concepts of image CNNs.\n\n"
                 "Commands:\n";
    for (const auto& command : hint::cli::allCommands()) {
        std::string name = "  " + command.spec.name;
        std::cout << name << std::string(name.size() < 14 ? 14 - name.size() : 1, ' ') << command.spec.summary << "\n";
    }
    std::cout << "\n`hint COMMAND --help` for a command's options. `hint --version` for the version.\n";
}

}  // namespace

int main(int argc, char** argv)
{
    using namespace hint::cli;
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
        printOverview();
        return words.empty() ? kExitBadInput : kExitOk;
    }
    // Not a command for users: the build runs it to write the launcher's listing (app/cli/CMakeLists.txt).
    if (words[0] == "--write-zoo-listing" && words.size() == 2) return writeZooListingSource(words[1]);
    if (words[0] == "--version" || words[0] == "-V") {
        std::cout << "hint " << kVersion << "\n";
        return kExitOk;
    }
    for (const auto& command : allCommands()) {
        if (command.spec.name != words[0]) continue;
        std::vector<std::string> rest(words.begin() + 1, words.end());
        try {
            Args args = Args::parse(command.spec, rest);
            if (args.flag("help")) {
                std::cout << helpText(command.spec);
                return kExitOk;
            }
            return command.run(args);
        } catch (const UsageError& e) {
            std::cerr << "hint " << command.spec.name << ": " << e.message() << "\n";
            return kExitBadInput;
        }
    }
    std::cerr << "hint: unknown command '" << words[0] << "' (see hint --help)\n";
    return kExitBadInput;
}
