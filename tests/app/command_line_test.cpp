// The command line's own parsing (command_line.h, flag_sources.h, config_file.h): a --config file
// in each accepted form sets every flag of every command; the precedence flag > environment > file
// > default; per-command environment names; errors that name the missing file, the unknown key
// or section with its line, and exit 2; "did you mean" for mistyped commands and flags.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/command_line.h"
#include "app/commands.h"
#include "app/config_file.h"
#include "app/name_suggestion.h"

namespace strikeline::app {
namespace {

namespace fs = std::filesystem;

// Thrown once everything is parsed, before the command's callback would run it.
struct ParsedWithoutRunning {};

// The real application with every command; parsing it stops before running the command (the
// application's own parse-complete callback runs before the subcommands' callbacks).
std::unique_ptr<CLI::App> application() {
  auto app = std::make_unique<CLI::App>("strikeline");
  app->require_subcommand(1);
  add_serve_command(*app);
  add_import_command(*app);
  add_simulate_command(*app);
  add_greeks_command(*app);
  add_kite_decode_command(*app);
  add_tail_command(*app);
  add_migrate_command(*app);
  app->parse_complete_callback([] { throw ParsedWithoutRunning{}; });
  return app;
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("strikeline-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  fs::path path_;
};

using Environment = std::map<std::string, std::string>;

struct Outcome {
  int status = -1;
  std::string out, err;
  std::unique_ptr<CLI::App> app;

  // The raw values CLI11 holds for a command's flag.
  std::vector<std::string> results(const std::string& command, const std::string& flag) const {
    return app->get_subcommand(command)->get_option("--" + flag)->results();
  }
};

Outcome run(std::vector<std::string> args, const Environment& environment = {}) {
  Outcome r;
  r.app = application();
  std::ostringstream out, err;
  try {
    r.status = run_command_line(
        *r.app, args,
        [&environment](const std::string& name) -> std::optional<std::string> {
          auto it = environment.find(name);
          if (it == environment.end()) return std::nullopt;
          return it->second;
        },
        out, err);
  } catch (const ParsedWithoutRunning&) {
    r.status = 0;  // the command would run now
  }
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A valid value for every flag of every command, unlike its default. A flag added to a command
// must be added here (the first test says which).
struct FlagValue {
  std::vector<std::string> values;  // several for a repeatable flag
  bool is_switch = false;
};
using CommandValues = std::map<std::string, FlagValue>;

const std::map<std::string, CommandValues>& every_flag() {
  static const std::map<std::string, CommandValues> table = {
      {"serve",
       {{"listen", {{"127.0.0.1:9001"}}},
        {"db", {{"sqlite:/tmp/strikeline-config-test.db"}}},
        {"role", {{"replica"}}},
        {"feed", {{"none"}}},
        {"threads", {{"3"}}},
        {"memory-days", {{"7"}}},
        {"access-log", {{"false"}}},
        {"cors-origin", {{"https://a.example", "https://b.example"}}},
        {"holidays", {{"/tmp/holidays.txt"}}},
        {"sim-universe", {{"nse-fo"}}},
        {"sim-symbols", {{"NIFTY,FINNIFTY"}}},
        {"sim-seed", {{"7"}}},
        {"sim-days", {{"3"}}},
        {"sim-tick-interval", {{"5"}}},
        {"sim-nse-hours", {{"true"}, true}},
        {"ingest-token", {{"s3cret \"token\""}}},
        {"ingest-max-bytes", {{"2048"}}},
        {"stream-ping-interval", {{"2.5"}}},
        {"replica-poll-interval", {{"0.5"}}},
        {"web-root", {{"/tmp/web root"}}},
        {"kite-instruments", {{"/tmp/instruments.csv"}}},
        {"kite-credentials", {{"/tmp/kite.cred"}}},
        {"kite-url", {{"ws://127.0.0.1:9/ticker"}}},
        {"kite-symbols", {{"NIFTY"}}},
        {"kite-expiries", {{"NWeek+1"}}},
        {"kite-strikes", {{"5"}}},
        {"kite-connections-per-key", {{"2"}}},
        {"kite-mode", {{"quote"}}},
        {"insecure-kite-url", {{"true"}, true}},
        {"ingest-token-file", {{"/tmp/ingest token"}}},
        {"db-password-file", {{"/tmp/pgpass"}}},
        {"ingest-buffer-limit", {{"2097152"}}},
        {"max-connections", {{"500"}}},
        {"max-connections-per-client", {{"20"}}},
        {"first-byte-timeout", {{"2.5"}}},
        {"response-buffer-limit", {{"4194304"}}},
        {"allowed-host", {{"a.example", ".b.example"}}},
        {"handover", {{"true"}, true}},
        {"writer-lease", {{"3"}}},
        {"writer-lease-renew", {{"0.5"}}},
        {"log-file", {{"/tmp/strikeline.log"}}},
        {"discard-simulated", {{"true"}, true}},
        {"allow-mixed", {{"true"}, true}},
        {"iv-convention", {{"nse"}}},
        {"forward", {{"synthetic"}}}}},
      {"import",
       {{"db", {{"sqlite:/tmp/strikeline-config-test.db"}}},
        {"format", {{"bars-csv"}}},
        {"batch", {{"500"}}},
        {"simulated", {{"true"}, true}},
        {"discard-simulated", {{"true"}, true}},
        {"allow-mixed", {{"true"}, true}},
        {"iv-convention", {{"nse"}}},
        {"forward", {{"spot"}}},
        {"lot-size", {{"75"}}},
        {"lots", {{"/tmp/lots.csv"}}},
        {"underlying", {{"/tmp/ind_close_all_03012025.csv", "/tmp/stocks.csv"}}},
        {"instrument", {{"NIFTY25N0424300CE"}}},
        {"instruments", {{"/tmp/instruments.csv"}}}}},
      {"simulate",
       {{"days", {{"2"}}},
        {"universe", {{"nse-fo"}}},
        {"symbols", {{"BANKNIFTY"}}},
        {"seed", {{"9"}}},
        {"format", {{"bars"}}},
        {"out", {{"/tmp/simulated.csv"}}},
        {"from", {{"2025-11-04"}}},
        {"around-the-clock", {{"true"}, true}},
        {"tick-interval", {{"30"}}}}},
      {"greeks",
       {{"type", {{"PE"}}},
        {"strike", {{"24300"}}},
        {"premium", {{"80.5"}}},
        {"spot", {{"24400"}}},
        {"forward", {{"24410"}}},
        {"expiry", {{"2025-11-04"}}},
        {"at", {{"2025-11-03T15:30:00+05:30"}}},
        {"years", {{"0.1"}}},
        {"rate", {{"0.065"}}},
        {"div", {{"0.01"}}},
        {"format", {{"table"}}},
        {"iv-convention", {{"nse"}}}}},
      {"kite-decode", {{"instruments", {{"/tmp/instruments.csv"}}}}},
      {"tail",
       {{"url", {{"ws://127.0.0.1:9/fo/stream"}}},
        {"symbol", {{"BANKNIFTY"}}},
        {"expiry", {{"2025-11-04"}}},
        {"timeframe", {{"5min"}}},
        {"json", {{"true"}, true}},
        {"count", {{"3"}}},
        {"wait", {{"true"}, true}},
        {"chain", {{"true"}, true}},
        {"strike-range", {{"10"}}}}},
      {"migrate", {{"db", {{"sqlite:/tmp/strikeline-config-test.db"}}}}},
  };
  return table;
}

// The positional arguments a command needs to parse at all.
std::vector<std::string> command_args(const std::string& command, const std::string& some_file) {
  if (command == "import" || command == "kite-decode") return {command, some_file};
  if (command == "migrate") return {command, "status"};
  return {command};
}

// A value as a config file writes it: bare, or TOML-quoted alternately "..." (escaping quotes and
// backslashes) and '...'; switches stay bare (TOML booleans). Several values make an array.
std::string value_text(const FlagValue& value, bool quote) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < value.values.size(); ++i) {
    const std::string& v = value.values[i];
    if (!quote || value.is_switch) {
      texts.push_back(v);
    } else if (i % 2 == 1) {
      texts.push_back("'" + v + "'");
    } else {
      std::string q = "\"";
      for (char c : v) {
        if (c == '"' || c == '\\') q += '\\';
        q += c;
      }
      texts.push_back(q + "\"");
    }
  }
  if (texts.size() == 1) return texts.front();
  std::string out = "[";
  for (std::size_t i = 0; i < texts.size(); ++i) out += (i > 0 ? ", " : "") + texts[i];
  return out + "]";
}

enum class Form { sections_bare, sections_quoted, flat };

std::string config_text(Form form) {
  std::string flat, sections;
  for (const auto& [command, flags] : every_flag()) {
    sections += "\n[" + command + "]\n";
    for (const auto& [flag, value] : flags) {
      const std::string text = value_text(value, form == Form::sections_quoted);
      // Flat: every flag whose name means one thing wherever it appears (db has the same value in
      // every command here); --format, --expiry and --forward stay under their sections.
      const bool shared = flag == "format" || flag == "expiry" || flag == "forward";
      if (form == Form::flat && !shared) {
        if (flat.find("\n" + flag + " =") == std::string::npos) flat += "\n" + flag + " = " + text;
      } else {
        sections += flag + " = " + text + "   # " + command + "'s --" + flag + "\n";
      }
    }
  }
  return "# strikeline settings\n" + flat + "\n" + sections;
}

void expect_every_flag_set(const std::string& file, const std::vector<std::string>& config_args,
                           const Environment& environment = {}) {
  for (const auto& [command, flags] : every_flag()) {
    std::vector<std::string> args = command_args(command, file);
    args.insert(args.end(), config_args.begin(), config_args.end());
    Outcome r = run(args, environment);
    ASSERT_EQ(r.status, 0) << command << ": " << r.err;
    for (const auto& [flag, value] : flags) {
      EXPECT_EQ(r.results(command, flag), value.values) << command << " --" << flag;
    }
  }
}

TEST(CommandLine, TheTableHasAValueForEveryFlagOfEveryCommand) {
  auto app = application();
  add_config_options(*app);
  for (const CommandSpec& command : command_catalogue(*app)) {
    ASSERT_TRUE(every_flag().contains(command.name)) << command.name;
    const CommandValues& values = every_flag().at(command.name);
    for (const FlagSpec& flag : command.flags) {
      if (flag.name == "config") continue;
      EXPECT_TRUE(values.contains(flag.name))
          << "add a value for " << command.name << " --" << flag.name << " to every_flag()";
    }
    EXPECT_EQ(values.size() + 1, command.flags.size()) << command.name;
  }
}

TEST(CommandLine, AConfigFileWithSectionsSetsEveryFlagOfEveryCommand) {
  TempDir dir;
  const std::string file = dir.write("strikeline.toml", config_text(Form::sections_bare));
  expect_every_flag_set(file, {"--config", file});
}

TEST(CommandLine, QuotedTomlValuesAndArraysSetEveryFlag) {
  TempDir dir;
  const std::string file = dir.write("strikeline.toml", config_text(Form::sections_quoted));
  expect_every_flag_set(file, {"--config=" + file});
}

TEST(CommandLine, AFlatConfigFileSetsEveryFlagThatMeansOneThing) {
  TempDir dir;
  const std::string text = config_text(Form::flat);
  ASSERT_NE(text.find("\nlisten = "), std::string::npos);  // flat indeed
  const std::string file = dir.write("strikeline.conf", text);
  expect_every_flag_set(file, {"--config", file});
}

TEST(CommandLine, StrikelineConfigNamesTheFileWhenNoFlagDoes) {
  TempDir dir;
  const std::string file = dir.write("strikeline.toml", config_text(Form::sections_bare));
  expect_every_flag_set(file, {}, {{"STRIKELINE_CONFIG", file}});
}

TEST(CommandLine, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  TempDir dir;
  const std::string file = dir.write("c.toml", "[serve]\nlisten = 127.0.0.1:3\nthreads = 5\n");
  const Environment environment{{"STRIKELINE_LISTEN", "127.0.0.1:2"}};
  // All three: the flag.
  Outcome r = run({"serve", "--config", file, "--listen", "127.0.0.1:1"}, environment);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.results("serve", "listen"), std::vector<std::string>{"127.0.0.1:1"});
  EXPECT_EQ(r.results("serve", "threads"), std::vector<std::string>{"5"});
  // Environment and file: the environment.
  r = run({"serve", "--config", file}, environment);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.results("serve", "listen"), std::vector<std::string>{"127.0.0.1:2"});
  // The file alone.
  r = run({"serve", "--config", file});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.results("serve", "listen"), std::vector<std::string>{"127.0.0.1:3"});
  // Nothing: the default (no result; the option keeps its default).
  r = run({"serve"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.results("serve", "listen").empty());
  EXPECT_EQ(r.app->get_subcommand("serve")->get_option("--listen")->get_default_str(),
            "0.0.0.0:8081");
}

TEST(CommandLine, ACommandSectionBeatsAFlatKey) {
  TempDir dir;
  const std::string file =
      dir.write("c.toml", "db = sqlite:/tmp/flat.db\n[import]\ndb = sqlite:/tmp/import.db\n");
  Outcome r = run({"import", file, "--config", file});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.results("import", "db"), std::vector<std::string>{"sqlite:/tmp/import.db"});
  r = run({"serve", "--config", file});  // serve has no section: the flat key
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.results("serve", "db"), std::vector<std::string>{"sqlite:/tmp/flat.db"});
}

TEST(CommandLine, ACommandsOwnVariableBeatsTheShortOne) {
  Outcome r = run({"serve"}, {{"STRIKELINE_SERVE_LISTEN", "127.0.0.1:5"},
                              {"STRIKELINE_LISTEN", "127.0.0.1:6"}});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.results("serve", "listen"), std::vector<std::string>{"127.0.0.1:5"});
  r = run({"import", "/dev/null"}, {{"STRIKELINE_DB", "sqlite:/tmp/x.db"}});  // db: one meaning
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.results("import", "db"), std::vector<std::string>{"sqlite:/tmp/x.db"});
}

TEST(CommandLine, AVariableOneNameMeansTwoThingsByIsReadByNoCommand) {
  // STRIKELINE_FORMAT=bars-csv, meant for import, used to break simulate (bars-csv is not one of
  // its formats): now neither reads it, and both say which variable to set.
  const Environment environment{{"STRIKELINE_FORMAT", "bars-csv"}};
  Outcome r = run({"simulate", "--out", "/tmp/x"}, environment);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.results("simulate", "format").empty());
  EXPECT_NE(r.err.find("STRIKELINE_SIMULATE_FORMAT"), std::string::npos) << r.err;
  r = run({"import", "/dev/null"}, environment);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.results("import", "format").empty());
  EXPECT_NE(r.err.find("STRIKELINE_IMPORT_FORMAT"), std::string::npos) << r.err;
  r = run({"import", "/dev/null"},
          {{"STRIKELINE_IMPORT_FORMAT", "bars-csv"}, {"STRIKELINE_SIMULATE_FORMAT", "bars"}});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.results("import", "format"), std::vector<std::string>{"bars-csv"});
  EXPECT_EQ(r.err, "");
  r = run({"tail", "--symbol", "NIFTY"}, {{"STRIKELINE_EXPIRY", "2025-11-04"}});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.results("tail", "expiry").empty());
  EXPECT_NE(r.err.find("STRIKELINE_TAIL_EXPIRY"), std::string::npos) << r.err;
}

TEST(CommandLine, EveryEnvironmentNameBelongsToOneMeaning) {
  auto app = application();
  add_config_options(*app);
  const CommandCatalogue catalogue = command_catalogue(*app);
  std::map<std::string, std::string> meaning;  // variable -> "command --flag" (db, config: "--db")
  for (const CommandSpec& command : catalogue) {
    for (const FlagSpec& flag : command.flags) {
      const auto names = environment_names(catalogue, command.name, flag.name);
      for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string what = i == 0 ? command.name + " --" + flag.name : "--" + flag.name;
        auto [it, inserted] = meaning.try_emplace(names[i], what);
        EXPECT_TRUE(inserted || it->second == what)
            << names[i] << " means both " << it->second << " and " << what;
      }
    }
  }
  EXPECT_TRUE(meaning.contains("STRIKELINE_IMPORT_FORMAT"));
  EXPECT_TRUE(meaning.contains("STRIKELINE_GREEKS_EXPIRY"));
  EXPECT_FALSE(meaning.contains("STRIKELINE_FORMAT"));
  EXPECT_FALSE(meaning.contains("STRIKELINE_EXPIRY"));
  EXPECT_FALSE(
      meaning.contains("STRIKELINE_FORWARD"));  // greeks' price, serve's and import's source
  EXPECT_TRUE(meaning.contains("STRIKELINE_SERVE_FORWARD"));
  EXPECT_EQ(meaning.at("STRIKELINE_LISTEN"), "--listen");
}

TEST(CommandLine, AMissingConfigFileIsAnErrorNamingIt) {
  Outcome r = run({"serve", "--config", "/nonexistent/strikeline.toml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/nonexistent/strikeline.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;
  r = run({"serve"}, {{"STRIKELINE_CONFIG", "/nonexistent/x.toml"}});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("STRIKELINE_CONFIG"), std::string::npos) << r.err;
}

TEST(CommandLine, AnUnknownKeyOrSectionIsAnErrorNamingItAndItsLine) {
  TempDir dir;
  struct Case {
    std::string text, expect;
  };
  const std::vector<Case> cases = {
      {"feed = none\nlisen = 0.0.0.0:1\n",
       "line 2: no command has a flag --lisen (did you mean 'listen'?)"},
      {"[serve]\nfeed = none\n\nbatch = 5\n", "line 4: strikeline serve has no flag --batch"},
      {"[srve]\nfeed = none\n", "line 2: [srve] is not a command (did you mean 'serve'?)"},
      {"format = bars-csv\n",
       "line 1: --format means different things to import, simulate and greeks"},
      {"[serve]\nsim-nse-hours = maybe\n", "line 2: --sim-nse-hours is a switch"},
      {"[serve]\nfeed = none\nfeed = kite\n", "line 3: feed is already set on line 2"},
      {"[serve]\nlisten = \"0.0.0.0:1\n", "line 2: a quoted value has no closing \""},
      {"[serve]\nlisten\n", "line 2: expected flag = value"},
      {"config = other.toml\n", "line 1: config cannot be set inside a config file"},
  };
  for (const Case& c : cases) {
    const std::string file = dir.write("bad.toml", c.text);
    // The file is wrong whichever command runs: checked as a whole, not only serve's keys.
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"serve", "--config", file},
          std::vector<std::string>{"tail", "--symbol", "NIFTY", "--config", file}}) {
      Outcome r = run(args);
      EXPECT_EQ(r.status, 2) << c.text;
      EXPECT_NE(r.err.find(file + " " + c.expect), std::string::npos)
          << "expected '" << c.expect << "' in: " << r.err;
    }
  }
}

TEST(CommandLine, AFileValueTheCommandRefusesSaysWhereItCameFrom) {
  TempDir dir;
  const std::string file = dir.write("c.toml", "[serve]\n\nsim-days = 99\n");
  Outcome r = run({"serve", "--config", file});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--sim-days"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("was read from " + file + " line 3"), std::string::npos) << r.err;
  r = run({"serve"}, {{"STRIKELINE_SIM_DAYS", "99"}});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("was read from STRIKELINE_SIM_DAYS"), std::string::npos) << r.err;
}

TEST(CommandLine, AReplicaPollIntervalOutOfRangeIsRefused) {
  for (const char* bad : {"0", "-1", "61", "often"}) {
    Outcome r = run({"serve", "--role", "replica", "--replica-poll-interval", bad});
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find("--replica-poll-interval"), std::string::npos) << bad << ": " << r.err;
  }
  Outcome r = run({"serve"}, {{"STRIKELINE_REPLICA_POLL_INTERVAL", "0.001"}});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("was read from STRIKELINE_REPLICA_POLL_INTERVAL"), std::string::npos)
      << r.err;
  EXPECT_EQ(run({"serve", "--replica-poll-interval", "0.05"}).status, 0);
}

TEST(CommandLine, ParserErrorsExit2WithASuggestion) {
  Outcome r = run({"serv"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown command 'serv' (did you mean 'serve'?)"), std::string::npos)
      << r.err;
  r = run({"serve", "--lisen", "0.0.0.0:1"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown flag --lisen (did you mean '--listen'?)"), std::string::npos)
      << r.err;
  r = run({"serve", "--memory-day=3"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("did you mean '--memory-days'?"), std::string::npos) << r.err;
  r = run({"greeks", "--type", "CE"});  // required flags missing: CLI11's message, exit 2
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--strike"), std::string::npos) << r.err;
  r = run({"serve", "--threads", "many"});
  EXPECT_EQ(r.status, 2);
  r = run({});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("a command is required"), std::string::npos) << r.err;
  r = run({"serve", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--config"), std::string::npos);
  EXPECT_NE(r.out.find("STRIKELINE_SERVE_<FLAG>"), std::string::npos) << r.out;
}

TEST(ConfigFile, ParsesFlatSectionsQuotesArraysAndComments) {
  std::string error;
  const auto entries = parse_config_text(
      "\xEF\xBB\xBF# comment\n; also a comment\nfeed = none   # trailing\n"
      "[serve]\n  listen = \"0.0.0.0:1 # not a comment\"\n"
      "sim_symbols = ['NIFTY', \"BANK\\\"NIFTY\"]\n"
      "cors-origin = [\n  \"https://a\",  # first\n  'https://b',\n]\n"
      "ingest-token = pass#word\n"
      "[ \"tail\" ]\nsymbol = NIFTY\n",
      &error);
  ASSERT_TRUE(entries) << error;
  ASSERT_EQ(entries->size(), 6u);
  EXPECT_EQ((*entries)[0].section, "");
  EXPECT_EQ((*entries)[0].key, "feed");
  EXPECT_EQ((*entries)[0].values, std::vector<std::string>{"none"});
  EXPECT_EQ((*entries)[0].line, 3);
  EXPECT_EQ((*entries)[1].section, "serve");
  EXPECT_EQ((*entries)[1].values, std::vector<std::string>{"0.0.0.0:1 # not a comment"});
  EXPECT_EQ((*entries)[2].key, "sim-symbols");
  EXPECT_EQ((*entries)[2].values, (std::vector<std::string>{"NIFTY", "BANK\"NIFTY"}));
  EXPECT_TRUE((*entries)[2].array);
  EXPECT_EQ((*entries)[3].values, (std::vector<std::string>{"https://a", "https://b"}));
  EXPECT_EQ((*entries)[3].line, 7);
  EXPECT_EQ((*entries)[4].values, std::vector<std::string>{"pass#word"});
  EXPECT_EQ((*entries)[4].line, 11);
  EXPECT_EQ((*entries)[5].section, "tail");
  EXPECT_EQ((*entries)[5].line, 13);
}

TEST(ConfigFile, RefusesWhatItCannotRead) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a = \n", "line 1: a value is missing"},
      {"a = [1, 2\n", "line 1: an array has no closing ]"},
      {"a = \"x\" y\n", "line 1: unexpected text after the value of a"},
      {"[serve\n", "line 1: a section header has no closing ]"},
      {"[[serve]]\n", "line 1: [[arrays of tables]] are not supported"},
      {"\n\na = \"\\q\"\n", "line 3: unknown escape \\q"},
      {"a.b = 1\n", "line 1: expected flag = value"},
      {"a = \"\"\"x\"\"\"\n", "line 1: multi-line"},
  };
  for (const auto& [text, expect] : cases) {
    std::string error;
    EXPECT_FALSE(parse_config_text(text, &error)) << text;
    EXPECT_TRUE(error.starts_with(expect)) << "'" << error << "' for " << text;
  }
}

TEST(NameSuggestion, OffersTheClosestKnownNameOnlyWhenClose) {
  const std::vector<std::string> commands{"serve",       "import", "simulate", "greeks",
                                          "kite-decode", "tail",   "migrate"};
  EXPECT_EQ(closest_name("serv", commands), "serve");
  EXPECT_EQ(closest_name("SERVE", commands), "serve");
  EXPECT_EQ(closest_name("simluate", commands), "simulate");  // a swap costs one
  EXPECT_EQ(closest_name("kite", commands), "kite-decode");   // the only one starting so
  EXPECT_EQ(closest_name("xyz", commands), std::nullopt);
  EXPECT_EQ(closest_name("migrat", commands), "migrate");
  const std::vector<std::string> symbols{"BANKNIFTY", "FINNIFTY", "NIFTY"};
  EXPECT_EQ(closest_name("BANKNIFY", symbols), "BANKNIFTY");
  EXPECT_EQ(closest_name("RELIANCE", symbols), std::nullopt);
  EXPECT_EQ(edit_distance("listen", "lisen"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

}  // namespace
}  // namespace strikeline::app
