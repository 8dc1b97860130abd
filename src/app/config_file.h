// The text of a --config file (README "Configuration file"): `flag = value` lines, at the top
// (flat: for every command that has the flag) or under `[command]` section headers. A value is
// bare (to the end of the line or a ` #` comment), TOML-quoted ("..." with \" \\ \n \t \r
// escapes, or '...' taken literally), or an array of such values in brackets (it may span lines),
// for a repeatable flag. `#` and `;` lines are comments. Keys are the flags' names without the
// dashes; `_` is read as `-`. Only the syntax is checked here: which keys exist is the command
// line's business (flag_sources.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strikeline::app {

struct ConfigEntry {
  std::string section;  // "" for a flat key, else the [section] it is under
  std::string key;      // the flag's name, e.g. "memory-days"
  std::vector<std::string> values;
  bool array = false;  // written as [a, b]
  int line = 0;        // 1-based, of the key
};

// The entries in file order, or nullopt with *error = "line N: what is wrong" (a duplicate key in
// one section is an error too).
[[nodiscard]] std::optional<std::vector<ConfigEntry>> parse_config_text(std::string_view text,
                                                                        std::string* error);

}  // namespace strikeline::app
