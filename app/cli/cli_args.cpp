#include "cli_args.h"

#include <sstream>

namespace hint::cli {

const std::vector<OptionSpec>& globalOptions()
{
    static const std::vector<OptionSpec> options = {
        {"threads", "N", "compute threads", "all cores"},
        {"json", "", "machine-readable output on stdout", ""},
        {"quiet", "", "no progress on stderr", ""},
        {"cache-dir", "DIR", "result cache folder", "~/.cache/hint-explorer"},
        {"seed", "S", "random seed", "0"},
        {"help", "", "show this help", ""},
    };
    return options;
}

namespace {
const OptionSpec* findOption(const CommandSpec& spec, const std::string& name)
{
    for (const auto& o : spec.options)
        if (o.name == name) return &o;
    for (const auto& o : globalOptions())
        if (o.name == name) return &o;
    return nullptr;
}
}  // namespace

Args Args::parse(const CommandSpec& spec, const std::vector<std::string>& argv)
{
    Args args;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (word.rfind("--", 0) != 0 || word == "--") {
            args.m_positional.push_back(word);
            continue;
        }
        std::string name = word.substr(2);
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const OptionSpec* option = findOption(spec, name);
        if (!option) throw UsageError("unknown option --" + name + " for `hint " + spec.name + "` (see --help)");
        if (option->valueName.empty()) {
            if (inlineValue) throw UsageError("option --" + name + " takes no value");
            args.m_values[name] = "1";
            continue;
        }
        if (inlineValue) {
            args.m_values[name] = *inlineValue;
        } else {
            if (i + 1 >= argv.size()) throw UsageError("option --" + name + " needs a value " + option->valueName);
            args.m_values[name] = argv[++i];
        }
    }
    return args;
}

std::string Args::get(const std::string& name, const std::string& fallback) const
{
    auto found = m_values.find(name);
    return found == m_values.end() ? fallback : found->second;
}

std::string Args::require(const std::string& name) const
{
    auto found = m_values.find(name);
    if (found == m_values.end() || found->second.empty()) throw UsageError("missing required option --" + name);
    return found->second;
}

int Args::getInt(const std::string& name, int fallback) const
{
    if (!has(name)) return fallback;
    const std::string text = get(name);
    try {
        size_t used = 0;
        long long value = std::stoll(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
        return static_cast<int>(value);
    } catch (...) {
        throw UsageError("option --" + name + " expects an integer, got '" + text + "'");
    }
}

std::vector<std::string> Args::getList(const std::string& name, const std::string& fallback) const
{
    std::vector<std::string> items;
    std::stringstream stream(get(name, fallback));
    for (std::string item; std::getline(stream, item, ',');)
        if (!item.empty()) items.push_back(item);
    return items;
}

double Args::getDouble(const std::string& name, double fallback) const
{
    if (!has(name)) return fallback;
    const std::string text = get(name);
    try {
        size_t used = 0;
        double value = std::stod(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
        return value;
    } catch (...) {
        throw UsageError("option --" + name + " expects a number, got '" + text + "'");
    }
}

std::string helpText(const CommandSpec& spec)
{
    std::ostringstream out;
    out << "Usage: hint " << spec.name << " " << spec.usage << "\n\n" << spec.summary << "\n\nOptions:\n";
    auto print = [&](const OptionSpec& o) {
        std::string left = "  --" + o.name + (o.valueName.empty() ? "" : " " + o.valueName);
        out << left;
        out << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << o.help;
        if (!o.defaultValue.empty()) out << " (default: " << o.defaultValue << ")";
        out << "\n";
    };
    for (const auto& o : spec.options) print(o);
    out << "\nGlobal options:\n";
    for (const auto& o : globalOptions()) print(o);
    if (!spec.details.empty()) out << "\n" << spec.details << "\n";
    out << "\nExit codes: 0 success, 1 runtime failure, 2 bad input or usage, 130 cancelled.\n";
    return out.str();
}

}  // namespace hint::cli
