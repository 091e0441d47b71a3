// A small option parser for `hint COMMAND [options]`: declared options, generated --help,
// unknown or malformed options are usage errors (exit 2) naming the option.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hint::cli {

struct OptionSpec {
    std::string name;         // without dashes: "arch"
    std::string valueName;    // "" for a flag, else "A", "DIR", ...
    std::string help;
    std::string defaultValue; // shown in --help
};

struct CommandSpec {
    std::string name;
    std::string summary;
    std::string usage;                // after "hint NAME "
    std::vector<OptionSpec> options;  // global options are added by the parser
    std::string details;              // extra --help text (outputs, formats)
};

class UsageError {
public:
    explicit UsageError(std::string message) : m_message(std::move(message)) {}
    const std::string& message() const { return m_message; }

private:
    std::string m_message;
};

class Args {
public:
    // Throws UsageError.
    static Args parse(const CommandSpec& spec, const std::vector<std::string>& argv);

    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    bool flag(const std::string& name) const { return has(name); }
    std::string get(const std::string& name, const std::string& fallback = "") const;
    std::string require(const std::string& name) const;  // throws UsageError
    int getInt(const std::string& name, int fallback) const;
    double getDouble(const std::string& name, double fallback) const;
    // A comma-separated value ("a,b,c"), empty items dropped; `fallback` when the option is absent.
    std::vector<std::string> getList(const std::string& name, const std::string& fallback = "") const;
    uint64_t getSeed() const { return static_cast<uint64_t>(getInt("seed", 0)); }
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::map<std::string, std::string> m_values;
    std::vector<std::string> m_positional;
};

const std::vector<OptionSpec>& globalOptions();
std::string helpText(const CommandSpec& spec);

}  // namespace hint::cli
