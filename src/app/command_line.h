// The strikeline command line (README "Command line"): finds the command (a mistyped one gets a
// "did you mean"), checks the flags it was given (likewise), reads the flags it was not given from
// the environment and a --config file (flag_sources.h: flag > environment > file > default), parses
// everything with CLI11 and runs the command's callback. Every parser error prints one message
// naming the problem (and where a value came from, when it came from the environment or a file)
// and is exit status 2; --help and --version exit 0.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "app/flag_sources.h"

namespace CLI {
class App;
}

namespace strikeline::app {

// `app` holds the subcommands (add_*_command); this adds --config FILE to each. `args` are the
// arguments after the program name. Returns the exit status: the command's (exit_code()) when it
// ran, 0 after --help or --version, 2 for an error of the command line.
int run_command_line(CLI::App& app, const std::vector<std::string>& args,
                     const EnvironmentLookup& environment, std::ostream& out, std::ostream& err);

// Adds --config FILE to every subcommand that lacks it (run_command_line does this first).
void add_config_options(CLI::App& app);

// getenv.
std::optional<std::string> process_environment(const std::string& name);

}  // namespace strikeline::app
