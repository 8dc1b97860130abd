#include "app/command_line.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "app/config_file.h"
#include "app/name_suggestion.h"

namespace strikeline::app {

namespace {

constexpr int kUsageError = 2;

bool is_help_or_version(std::string_view token) {
  return token == "-h" || token == "--help" || token == "--help-all" || token == "--version";
}

}  // namespace

void add_config_options(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_option_no_throw("--config") != nullptr) continue;
    sub->add_option("--config")
        ->type_name("FILE")
        ->description("read flags from a file: flag = value lines, flat or under [" +
                      sub->get_name() + "] (README \"Configuration\")");
  }
}

namespace {

// The footer of every command's --help: where else its flags come from.
void add_environment_footers(CLI::App& app, const CommandCatalogue& catalogue) {
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    std::string upper;
    for (char c : sub->get_name()) {
      upper += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::string ambiguous;
    if (const CommandSpec* spec = find_command(catalogue, sub->get_name())) {
      for (const FlagSpec& f : spec->flags) {
        if (!is_ambiguous_flag(catalogue, f.name)) continue;
        ambiguous += (ambiguous.empty() ? "" : ", ") +
                     environment_names(catalogue, spec->name, f.name).front();
      }
    }
    std::string footer = "Every flag also reads the environment: STRIKELINE_" + upper +
                         "_<FLAG> or STRIKELINE_<FLAG> (capitals, dashes as underscores)";
    if (!ambiguous.empty()) footer += "; only " + ambiguous + " for flags other commands share";
    footer += ". Precedence: flag > environment > --config file > default.\n";
    sub->footer(footer);
  }
}

std::string program(const CLI::App* command) {
  return command == nullptr ? "strikeline" : "strikeline " + command->get_name();
}

int usage_error(std::ostream& err, const CLI::App* command, const std::string& message) {
  err << program(command) << ": " << message << "\n"
      << "Run '" << program(command) << " --help' for what is accepted.\n";
  return kUsageError;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

}  // namespace

std::optional<std::string> process_environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

int run_command_line(CLI::App& app, const std::vector<std::string>& args,
                     const EnvironmentLookup& environment, std::ostream& out, std::ostream& err) {
  add_config_options(app);
  const CommandCatalogue catalogue = command_catalogue(app);
  add_environment_footers(app, catalogue);
  std::vector<std::string> names;
  for (const CommandSpec& c : catalogue) names.push_back(c.name);

  // The command: the first argument that is not an option of the program itself.
  std::size_t command_index = args.size();
  bool help_or_version = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (is_help_or_version(args[i])) {
      help_or_version = true;
      break;
    }
    if (args[i].starts_with("-")) {
      return usage_error(err, nullptr, "unknown option " + args[i] + " before the command");
    }
    command_index = i;
    break;
  }
  CLI::App* command = nullptr;
  std::vector<std::string> expanded = args;  // with the supplied flags after the command
  std::vector<SuppliedFlag> supplied;
  if (!help_or_version) {
    if (command_index == args.size()) {
      std::string list;
      for (const std::string& n : names) list += "\n  " + n;
      return usage_error(err, nullptr, "a command is required:" + list);
    }
    const std::string& name = args[command_index];
    const CommandSpec* spec = find_command(catalogue, name);
    if (spec == nullptr) {
      return usage_error(err, nullptr,
                         "unknown command '" + name + "'" + did_you_mean(name, names));
    }
    command = app.get_subcommand(name);

    // The flags given on the command line, and --config.
    std::vector<std::string> flag_names;
    for (const FlagSpec& f : spec->flags) flag_names.push_back(f.name);
    std::set<std::string> given;
    std::optional<std::string> config_path;
    for (std::size_t i = command_index + 1; i < args.size(); ++i) {
      const std::string& token = args[i];
      if (token == "--") break;
      if (!token.starts_with("--") || is_help_or_version(token)) continue;
      const auto equals = token.find('=');
      const std::string flag = token.substr(2, equals == std::string::npos ? equals : equals - 2);
      if (spec->find(flag) == nullptr) {
        return usage_error(err, command,
                           "unknown flag --" + flag + did_you_mean(flag, flag_names, "--"));
      }
      given.insert(flag);
      if (flag == "config") {
        if (equals != std::string::npos) {
          config_path = token.substr(equals + 1);
        } else if (i + 1 < args.size()) {
          config_path = args[i + 1];
        }
      }
    }
    std::string config_source = "--config";
    if (!config_path) {
      for (const std::string& variable : environment_names(catalogue, name, "config")) {
        if (auto value = environment(variable); value && !value->empty()) {
          config_path = std::move(value);
          config_source = variable;
          break;
        }
      }
    }
    std::optional<ConfigSource> file;
    if (config_path) {
      const auto text = read_file(*config_path);
      if (!text) {
        return usage_error(err, command,
                           config_source + ": cannot read the config file " + *config_path +
                               (std::ifstream(*config_path) ? "" : " (no such file)"));
      }
      std::string error;
      auto entries = parse_config_text(*text, &error);
      if (!entries) return usage_error(err, command, "--config " + *config_path + " " + error);
      file = ConfigSource{*config_path, std::move(*entries)};
    }
    std::string error;
    auto supply =
        supply_flags(catalogue, name, given, environment, file ? &*file : nullptr, &error);
    if (!supply) return usage_error(err, command, "--config " + error);
    for (const std::string& warning : supply->warnings) {
      err << program(command) << ": warning: " << warning << "\n";
    }
    std::vector<std::string> tokens;
    for (const SuppliedFlag& s : supply->flags) tokens.push_back(s.token);
    expanded.insert(expanded.begin() + static_cast<std::ptrdiff_t>(command_index) + 1,
                    tokens.begin(), tokens.end());
    supplied = std::move(supply->flags);
  }

  std::vector<std::string> reversed(expanded.rbegin(), expanded.rend());  // CLI11's order
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    // Say where a value the command line did not show came from.
    for (const SuppliedFlag& s : supplied) {
      if (message.find("--" + s.flag) != std::string::npos) {
        message += " (--" + s.flag + " was read from " + s.source + ")";
        break;
      }
    }
    return usage_error(err, command, message);
  }
  return exit_code();
}

}  // namespace strikeline::app
