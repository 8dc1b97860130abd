// `strikeline import FILE...`: loads bars (CSV or NDJSON with fo_option_strike_bars columns) or
// ticks (NDJSON, aggregated to 1-minute bars) into the bar repository. A file that is not the
// declared format is refused whole (nothing of it is stored) and makes the exit status non-zero;
// rejected lines are reported with their numbers and reasons while the rest is stored.
// Provenance (issue 25): the bars are stored as market data, or as the simulator's with
// --simulated; real data for contracts whose stored bars are simulated is refused (exit 2, nothing
// stored) unless --discard-simulated or --allow-mixed (app/simulated_data_policy.h).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "app/bar_storage.h"
#include "app/commands.h"
#include "app/database_url.h"
#include "app/progress_bar.h"
#include "app/simulated_data_policy.h"
#include "bars/bar_aggregator.h"
#include "feed/bar_reader.h"
#include "feed/tick_reader.h"

namespace strikeline::app {

namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string db = std::string(kDefaultDatabase);
  std::string format = "auto";
  std::size_t batch = 10000;
  bool simulated = false;  // the files are the simulator's output
  SimulatedDataFlags simulated_data;
};

enum class ImportFormat { bars_csv, bars_ndjson, ticks_ndjson };

std::optional<ImportFormat> detect_format(std::string_view text) {
  auto bars = detect_bar_format(text);
  if (!bars) return std::nullopt;
  if (*bars == BarFormat::csv) return ImportFormat::bars_csv;
  const std::string_view first_line = text.substr(0, text.find('\n'));
  if (first_line.find("\"bucket_time\"") != std::string_view::npos)
    return ImportFormat::bars_ndjson;
  return ImportFormat::ticks_ndjson;
}

struct FileOutcome {
  bool refused = false;
  std::size_t accepted = 0;
};

// One file read and parsed: its bars, or why it is refused whole.
struct ParsedFile {
  std::optional<std::string> refused;
  std::vector<StrikeBar> bars;
  std::vector<LineRejection> rejected;
  std::size_t rejected_count = 0;
  std::size_t ticks = 0;
};

void report_rejections(const std::string& file, const std::vector<LineRejection>& rejected,
                       std::size_t rejected_count) {
  const std::size_t shown = std::min<std::size_t>(rejected.size(), 20);
  for (std::size_t i = 0; i < shown; ++i) {
    std::cerr << "  " << file << ":" << rejected[i].line << ": " << rejected[i].detail << "\n";
  }
  if (rejected_count > shown)
    std::cerr << "  ... and " << rejected_count - shown << " more rejected lines\n";
}

std::size_t write_batches(BarRepository& repository, const std::vector<StrikeBar>& bars,
                          std::size_t batch, BarSource source, ProgressBar& progress) {
  std::size_t written = 0;
  for (std::size_t i = 0; i < bars.size(); i += batch) {
    const std::size_t n = std::min(batch, bars.size() - i);
    repository.write(std::span<const StrikeBar>(bars.data() + i, n), source);
    written += n;
    progress.update(written, written);
  }
  return written;
}

ParsedFile parse_file(const std::string& file, const ImportArgs& a) {
  ParsedFile out;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out.refused = "cannot read the file";
    return out;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::optional<ImportFormat> format;
  if (a.format == "auto") {
    format = detect_format(text);
    if (!format) {
      out.refused = "not CSV or NDJSON (empty, binary or unrecognised content)";
      return out;
    }
  } else if (a.format == "bars-csv") {
    format = ImportFormat::bars_csv;
  } else if (a.format == "bars-ndjson") {
    format = ImportFormat::bars_ndjson;
  } else {
    format = ImportFormat::ticks_ndjson;
  }
  if (*format == ImportFormat::ticks_ndjson) {
    TickReadResult r = read_ticks_ndjson(text);
    if (r.refused) {
      out.refused = *r.refused;
      return out;
    }
    BarAggregator aggregator;
    aggregator.add(r.events);
    out.bars = aggregator.drain();
    out.rejected = std::move(r.rejected);
    out.rejected_count = r.rejected_count;
    out.ticks = r.events.size();
  } else {
    BarReadResult r =
        read_bars(text, *format == ImportFormat::bars_csv ? BarFormat::csv : BarFormat::ndjson);
    if (r.refused) {
      out.refused = *r.refused;
      return out;
    }
    out.bars = std::move(r.bars);
    out.rejected = std::move(r.rejected);
    out.rejected_count = r.rejected_count;
  }
  return out;
}

FileOutcome import_file(const std::string& file, const ImportArgs& a, BarRepository& repository) {
  const auto started = std::chrono::steady_clock::now();
  const ParsedFile parsed = parse_file(file, a);
  if (parsed.refused) {
    std::cerr << file << ": refused: " << *parsed.refused << "\n";
    return {true, 0};
  }
  const std::vector<StrikeBar>& bars = parsed.bars;
  ProgressBar progress(file, bars.size());
  std::size_t written = 0;
  try {
    written = write_batches(repository, bars, a.batch,
                            a.simulated ? BarSource::simulator : BarSource::market, progress);
  } catch (const std::exception& e) {
    progress.finish();
    std::cerr << file << ": storage failed after " << written << " bars: " << e.what() << "\n";
    return {true, written};
  }
  progress.finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << file << ": accepted " << written << " bars";
  if (parsed.ticks) std::cout << " (from " << parsed.ticks << " ticks)";
  std::cout << ", rejected " << parsed.rejected_count << " lines, " << seconds << " s, "
            << (seconds > 0 ? static_cast<std::size_t>(static_cast<double>(written) / seconds)
                            : written)
            << " rows/s\n";
  report_rejections(file, parsed.rejected, parsed.rejected_count);
  return {false, written};
}

// Before real data is written: the policy for simulated bars of the files' contracts (a first
// reading of the files, only when the store holds simulated bars at all). Returns the exit status
// to stop with (2: refused, nothing changed), or nullopt to go on.
std::optional<int> settle_simulated(const ImportArgs& a, const BarStorage& storage) {
  std::string error;
  const auto policy = simulated_data_policy(a.simulated_data, &error);
  if (!policy) {
    std::cerr << "strikeline import: " << error << "\n";
    return 2;
  }
  if (a.simulated) {
    if (a.simulated_data.discard_simulated || a.simulated_data.allow_mixed) {
      std::cerr << "strikeline import: --simulated imports the simulator's data; "
                   "--discard-simulated and --allow-mixed are for real data\n";
      return 2;
    }
    return std::nullopt;
  }
  try {
    const std::vector<ContractDay> catalogue = storage.days->contract_days();
    if (std::none_of(catalogue.begin(), catalogue.end(),
                     [](const ContractDay& d) { return holds_simulated(d.source); })) {
      return std::nullopt;
    }
    std::set<std::pair<std::string, Expiry>> contracts;
    for (const std::string& file : a.files) {
      for (const StrikeBar& bar : parse_file(file, a).bars)
        contracts.emplace(bar.key.symbol, bar.key.expiry);
    }
    const SimulatedDataOutcome outcome = prepare_for_real_data(
        *storage.repository, *storage.days, *policy, [&](const ContractDay& day) {
          return contracts.contains({day.symbol, day.expiry});
        });
    if (outcome.refused) {
      std::cerr << "strikeline import: refused: " << outcome.message << "\n";
      return 2;
    }
    if (!outcome.message.empty()) std::cout << outcome.message << "\n";
  } catch (const std::exception& e) {
    std::cerr << "strikeline import: " << e.what() << "\n";
    return 2;
  }
  return std::nullopt;
}

int run_import(const ImportArgs& a) {
  std::string error;
  auto url = parse_database_url(a.db, &error);
  if (!url) {
    std::cerr << "strikeline import: " << error << "\n";
    return 2;
  }
  BarStorage storage;
  try {
    // PostgreSQL: as a writer, bringing the schema up to date first.
    storage = open_bar_storage(*url, DatabaseRole::writer);
  } catch (const std::exception& e) {
    std::cerr << "strikeline import: cannot open the database: " << e.what() << "\n";
    return 2;
  }
  if (auto stop = settle_simulated(a, storage)) return *stop;
  int status = 0;
  for (const std::string& file : a.files) {
    if (import_file(file, a, *storage.repository).refused) status = 1;
  }
  return status;
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* cmd =
      app.add_subcommand("import", "Import bar files (CSV/NDJSON) or tick files (NDJSON)");
  cmd->add_option("files", a->files, "files to import")->required()->check(CLI::ExistingFile);
  cmd->add_option("--db", a->db, "sqlite:PATH or postgres://...")->capture_default_str();
  cmd->add_option("--format", a->format, "auto | bars-csv | bars-ndjson | ticks-ndjson")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "bars-csv", "bars-ndjson", "ticks-ndjson"}));
  cmd->add_option("--batch", a->batch, "bars per durable transaction")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_flag("--simulated", a->simulated,
                "the files are the built-in simulator's output (strikeline simulate): their bars "
                "are stored as simulated");
  add_simulated_data_flags(cmd, a->simulated_data);
  cmd->callback([a] { exit_code() = run_import(*a); });
}

}  // namespace strikeline::app
