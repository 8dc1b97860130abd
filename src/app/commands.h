// The subcommands of the strikeline binary (API.md "Command line"). Each add_*_command registers
// one subcommand on the application; its callback runs the command and sets the process exit code.
// The environment and --config files are read for every flag by command_line.h (flags win).
#pragma once

#include <CLI/CLI.hpp>

namespace strikeline::app {

// The exit code the chosen subcommand asked for (0 on success).
int& exit_code();

// --iv-convention strikeline | nse (core/iv_convention.h) into `into`, for every command that
// prices (serve, import, greeks): one name, one set of values, one help text.
CLI::Option* add_iv_convention_option(CLI::App* cmd, std::string& into);
// --forward future | synthetic | spot (core/forward_source.h) into `into`, for the commands that
// price and store (serve, import); checked against the convention by app/pricing_options.h.
CLI::Option* add_forward_option(CLI::App* cmd, std::string& into);

void add_greeks_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_import_command(CLI::App& app);
void add_simulate_command(CLI::App& app);
void add_kite_decode_command(CLI::App& app);
void add_tail_command(CLI::App& app);
void add_migrate_command(CLI::App& app);

}  // namespace strikeline::app
