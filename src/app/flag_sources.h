// Where a command's flags come from besides its own command line (README "Configuration"): the
// environment and a --config file, with the precedence flag > environment > file > default.
//
// Environment: every flag of every command reads STRIKELINE_<COMMAND>_<FLAG> (capitals, dashes as
// underscores), and also the short STRIKELINE_<FLAG> unless the flag's name means different things
// to two commands (--format of import, simulate and greeks; --expiry of greeks and tail; --forward,
// a price to greeks and the pricing forward's source to serve and import): such a
// name is read by none, and a warning says which variables to set instead. --db, --config,
// --discard-simulated and --allow-mixed mean the same to every command that has them.
//
// File: ConfigEntry lines (config_file.h). A flat key sets the flag for every command that has it
// (an ambiguous name must be under its command's [section]); a key under [command] sets that
// command's flag and wins over a flat one. A section or key no command knows is an error naming it
// and its line, whichever command runs.
//
// supply_flags turns the values into command-line tokens (--flag=value) that the caller places
// before the user's own arguments, so that one parser reads everything.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/config_file.h"

namespace CLI {
class App;
}

namespace strikeline::app {

struct FlagSpec {
  std::string name;         // without dashes, e.g. "memory-days"
  bool is_switch = false;   // takes no value on the command line (--sim-nse-hours)
  bool repeatable = false;  // may be given several times (--cors-origin)
};

struct CommandSpec {
  std::string name;  // e.g. "serve"
  std::vector<FlagSpec> flags;

  const FlagSpec* find(std::string_view flag) const;
};

using CommandCatalogue = std::vector<CommandSpec>;

// Every subcommand of the application with its long-named options (--help excluded).
CommandCatalogue command_catalogue(const CLI::App& app);

const CommandSpec* find_command(const CommandCatalogue& catalogue, std::string_view command);

// True when two commands have a flag of this name that means different things to them.
bool is_ambiguous_flag(const CommandCatalogue& catalogue, std::string_view flag);

// The variables a command's flag reads, the first set (non-empty) one winning:
// STRIKELINE_<COMMAND>_<FLAG>, then STRIKELINE_<FLAG> unless the name is ambiguous.
std::vector<std::string> environment_names(const CommandCatalogue& catalogue,
                                           std::string_view command, std::string_view flag);

// A variable's value, nullopt when unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

struct SuppliedFlag {
  std::string flag;    // the flag's name
  std::string token;   // "--flag=value" (switches: "--flag=true")
  std::string source;  // "STRIKELINE_LISTEN" or "FILE line 3"
};

struct FlagSupply {
  std::vector<SuppliedFlag> flags;    // in the command's flag order
  std::vector<std::string> warnings;  // ambiguous variables that are set but not read
};

struct ConfigSource {
  std::string name;  // the file as given, for messages
  std::vector<ConfigEntry> entries;
};

// The flags of `command` that its command line does not give (`given`: flag names), from the
// environment, then the file. nullopt with *error ("FILE line N: ...") when the file names a
// section or key no command knows, or gives a switch something other than true/false.
std::optional<FlagSupply> supply_flags(const CommandCatalogue& catalogue, std::string_view command,
                                       const std::set<std::string>& given,
                                       const EnvironmentLookup& environment,
                                       const ConfigSource* file, std::string* error);

}  // namespace strikeline::app
