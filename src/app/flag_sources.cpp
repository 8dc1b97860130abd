#include "app/flag_sources.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cassert>
#include <cctype>

#include "app/name_suggestion.h"

namespace strikeline::app {

namespace {

// Names that several commands use with one meaning: the database URL, the config file, the
// simulated-data policy, the IV convention (serve, import, greeks) and the Kite instrument dump
// (import, kite-decode).
constexpr std::string_view kSameMeaningFlags[] = {
    "db", "config", "discard-simulated", "allow-mixed", "iv-convention", "instruments"};

std::string variable_part(std::string_view name) {
  std::string out;
  for (char c : name) {
    out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string> commands_with_flag(const CommandCatalogue& catalogue,
                                            std::string_view flag) {
  std::vector<std::string> out;
  for (const CommandSpec& c : catalogue) {
    if (c.find(flag) != nullptr) out.push_back(c.name);
  }
  return out;
}

std::string joined(const std::vector<std::string>& names, std::string_view before,
                   std::string_view after, std::string_view last_separator) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? last_separator : ", ";
    out += std::string(before) + names[i] + std::string(after);
  }
  return out;
}

bool is_boolean_text(std::string_view text) {
  static constexpr std::string_view kWords[] = {"true", "false", "1",  "0",
                                                "yes",  "no",    "on", "off"};
  return std::find(std::begin(kWords), std::end(kWords), text) != std::end(kWords);
}

// Checks one file entry against the catalogue.
bool check_entry(const CommandCatalogue& catalogue, const ConfigSource& file,
                 const ConfigEntry& entry, std::string* error) {
  const std::string where = file.name + " line " + std::to_string(entry.line) + ": ";
  if (entry.key == "config") {
    *error = where + "config cannot be set inside a config file";
    return false;
  }
  const FlagSpec* flag = nullptr;
  if (!entry.section.empty()) {
    const CommandSpec* command = find_command(catalogue, entry.section);
    if (command == nullptr) {
      std::vector<std::string> names;
      for (const CommandSpec& c : catalogue) names.push_back(c.name);
      *error = where + "[" + entry.section + "] is not a command" +
               did_you_mean(entry.section, names) + "; sections are " +
               joined(names, "[", "]", " and ");
      return false;
    }
    flag = command->find(entry.key);
    if (flag == nullptr) {
      std::vector<std::string> names;
      for (const FlagSpec& f : command->flags) names.push_back(f.name);
      *error = where + "strikeline " + command->name + " has no flag --" + entry.key +
               did_you_mean(entry.key, names, "");
      return false;
    }
  } else {
    const auto owners = commands_with_flag(catalogue, entry.key);
    if (owners.empty()) {
      std::vector<std::string> names;
      for (const CommandSpec& c : catalogue) {
        for (const FlagSpec& f : c.flags) names.push_back(f.name);
      }
      *error = where + "no command has a flag --" + entry.key + did_you_mean(entry.key, names);
      return false;
    }
    if (is_ambiguous_flag(catalogue, entry.key)) {
      *error = where + "--" + entry.key + " means different things to " +
               joined(owners, "", "", " and ") + ": put it under " +
               joined(owners, "[", "]", " or ");
      return false;
    }
    flag = find_command(catalogue, owners.front())->find(entry.key);
  }
  assert(flag != nullptr);
  if (flag->is_switch && (entry.array || !is_boolean_text(entry.values.front()))) {
    *error = where + "--" + entry.key + " is a switch: write " + entry.key + " = true or false";
    return false;
  }
  return true;
}

// The tokens a file entry gives a flag: one per value of a repeatable flag, else one (an array
// joined with commas, the form of list-valued flags such as --sim-symbols).
std::vector<std::string> entry_tokens(const FlagSpec& flag, const ConfigEntry& entry) {
  std::vector<std::string> out;
  if (flag.repeatable) {
    for (const std::string& v : entry.values) out.push_back("--" + flag.name + "=" + v);
    return out;
  }
  std::string value;
  for (std::size_t i = 0; i < entry.values.size(); ++i) {
    if (i > 0) value += ',';
    value += entry.values[i];
  }
  out.push_back("--" + flag.name + "=" + value);
  return out;
}

}  // namespace

const FlagSpec* CommandSpec::find(std::string_view flag) const {
  for (const FlagSpec& f : flags) {
    if (f.name == flag) return &f;
  }
  return nullptr;
}

CommandCatalogue command_catalogue(const CLI::App& app) {
  CommandCatalogue out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    CommandSpec command;
    command.name = sub->get_name();
    for (const CLI::Option* option : sub->get_options()) {
      if (option == sub->get_help_ptr() || option->get_lnames().empty()) continue;
      FlagSpec flag;
      flag.name = option->get_lnames().front();
      flag.is_switch = option->get_expected_max() == 0;
      flag.repeatable = option->get_expected_max() > 1;
      command.flags.push_back(std::move(flag));
    }
    out.push_back(std::move(command));
  }
  return out;
}

const CommandSpec* find_command(const CommandCatalogue& catalogue, std::string_view command) {
  for (const CommandSpec& c : catalogue) {
    if (c.name == command) return &c;
  }
  return nullptr;
}

bool is_ambiguous_flag(const CommandCatalogue& catalogue, std::string_view flag) {
  if (std::find(std::begin(kSameMeaningFlags), std::end(kSameMeaningFlags), flag) !=
      std::end(kSameMeaningFlags)) {
    return false;
  }
  return commands_with_flag(catalogue, flag).size() > 1;
}

std::vector<std::string> environment_names(const CommandCatalogue& catalogue,
                                           std::string_view command, std::string_view flag) {
  std::vector<std::string> out{"STRIKELINE_" + variable_part(command) + "_" + variable_part(flag)};
  if (!is_ambiguous_flag(catalogue, flag)) out.push_back("STRIKELINE_" + variable_part(flag));
  return out;
}

std::optional<FlagSupply> supply_flags(const CommandCatalogue& catalogue, std::string_view command,
                                       const std::set<std::string>& given,
                                       const EnvironmentLookup& environment,
                                       const ConfigSource* file, std::string* error) {
  const CommandSpec* spec = find_command(catalogue, command);
  assert(spec != nullptr);
  if (file != nullptr) {
    for (const ConfigEntry& entry : file->entries) {
      if (!check_entry(catalogue, *file, entry, error)) return std::nullopt;
    }
  }
  FlagSupply out;
  for (const FlagSpec& flag : spec->flags) {
    if (flag.name == "config") continue;  // the file itself; command_line.cpp reads it
    if (given.contains(flag.name)) continue;
    const auto names = environment_names(catalogue, command, flag.name);
    bool from_environment = false;
    for (const std::string& name : names) {
      const auto value = environment(name);
      if (!value || value->empty()) continue;
      out.flags.push_back({flag.name, "--" + flag.name + "=" + *value, name});
      from_environment = true;
      break;
    }
    if (!from_environment && is_ambiguous_flag(catalogue, flag.name)) {
      const std::string old_name = "STRIKELINE_" + variable_part(flag.name);
      if (const auto value = environment(old_name); value && !value->empty()) {
        out.warnings.push_back(old_name + " is not read: --" + flag.name +
                               " means different things to " +
                               joined(commands_with_flag(catalogue, flag.name), "", "", " and ") +
                               "; set " + names.front() + " for strikeline " + spec->name);
      }
    }
    if (from_environment || file == nullptr) continue;
    const ConfigEntry* chosen = nullptr;  // the command's section wins over a flat key
    for (const ConfigEntry& entry : file->entries) {
      if (entry.key != flag.name) continue;
      if (entry.section == command) {
        chosen = &entry;
      } else if (entry.section.empty() && chosen == nullptr) {
        chosen = &entry;
      }
    }
    if (chosen == nullptr) continue;
    const std::string source = file->name + " line " + std::to_string(chosen->line);
    for (std::string& token : entry_tokens(flag, *chosen)) {
      out.flags.push_back({flag.name, std::move(token), source});
    }
  }
  return out;
}

}  // namespace strikeline::app
