// strikeline: F&O open-interest and volatility analytics server and its operator tools.
#include <iostream>
#include <string>
#include <vector>

#include "app/command_line.h"
#include "app/commands.h"
#include "app/secrets.h"

int main(int argc, char** argv) {
  strikeline::app::remember_command_line(argc, argv);
  CLI::App app{"strikeline: F&O open-interest and volatility analytics"};
  app.set_version_flag("--version", std::string(STRIKELINE_VERSION));
  app.require_subcommand(1);
  strikeline::app::add_serve_command(app);
  strikeline::app::add_import_command(app);
  strikeline::app::add_simulate_command(app);
  strikeline::app::add_greeks_command(app);
  strikeline::app::add_kite_decode_command(app);
  strikeline::app::add_tail_command(app);
  strikeline::app::add_migrate_command(app);
  const std::vector<std::string> args(argv + 1, argv + argc);
  return strikeline::app::run_command_line(app, args, strikeline::app::process_environment,
                                           std::cout, std::cerr);
}
