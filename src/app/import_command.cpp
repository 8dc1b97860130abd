// `strikeline import FILE|DIR|GLOB...`: loads bars (CSV or NDJSON with fo_option_strike_bars
// columns), ticks (NDJSON, aggregated to 1-minute bars) and NSE's daily F&O bhavcopies (UDiFF and
// legacy, as CSV or as NSE's .csv.zip) into the bar repository; the format is told by content
// unless --format forces one. A directory imports its files (sorted by name), a quoted glob its
// matches. A file that is not the declared format is refused whole (nothing of it is stored) and
// makes the exit status non-zero; rejected lines are reported with their numbers and reasons while
// the rest is stored.
// Provenance (issue 25): the bars are stored as market data, or as the simulator's with
// --simulated; real data for contracts whose stored bars are simulated is refused (exit 2, nothing
// stored) unless --discard-simulated or --allow-mixed (app/simulated_data_policy.h).
#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "app/bar_storage.h"
#include "app/candle_import.h"
#include "app/chain_snapshot_import.h"
#include "app/commands.h"
#include "app/daily_import.h"
#include "app/database_url.h"
#include "app/minute_precedence.h"
#include "app/pricing_options.h"
#include "app/progress_bar.h"
#include "app/simulated_data_policy.h"
#include "bars/bar_aggregator.h"
#include "feed/bar_reader.h"
#include "feed/kite/historical_candles.h"
#include "feed/kite/instrument_catalogue.h"
#include "feed/nse/option_chain_reader.h"
#include "feed/nse/underlying_close_reader.h"
#include "feed/tick_reader.h"
#include "feed/zip_archive.h"

namespace strikeline::app {

namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string db = std::string(kDefaultDatabase);
  std::string format = "auto";
  std::size_t batch = 10000;
  bool simulated = false;  // the files are the simulator's output
  SimulatedDataFlags simulated_data;
  std::string iv_convention = "strikeline";
  std::string forward = "future";
  std::optional<std::int64_t> lot_size;
  std::string lots;
  std::vector<std::string> underlying;
  std::string instrument, instruments;
};

enum class ImportFormat {
  bars_csv,
  bars_ndjson,
  ticks_ndjson,
  nse_udiff,
  nse_legacy,
  nse_option_chain,
  kite_candles
};

std::optional<ImportFormat> detect_format(std::string_view text) {
  if (looks_like_nse_option_chain(text)) return ImportFormat::nse_option_chain;
  if (kite::looks_like_kite_candles(text)) return ImportFormat::kite_candles;
  if (auto bhavcopy = detect_bhavcopy(text)) {
    return *bhavcopy == BhavcopyFormat::udiff ? ImportFormat::nse_udiff : ImportFormat::nse_legacy;
  }
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
  std::vector<FutureBar> futures;  // from a tick file's future lines
  std::vector<LineRejection> rejected;
  std::size_t rejected_count = 0;
  std::size_t ticks = 0;
  // The convention of the bars' IVs: the run's for ticks priced here, unknown for bars (their
  // IVs are the file's) and for ticks that give their own.
  StoredIvConvention iv_convention = StoredIvConvention::unknown;
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

// The future bars go with the first batch of option bars (one transaction), or alone.
std::size_t write_batches(BarRepository& repository, const std::vector<StrikeBar>& bars,
                          std::span<const FutureBar> futures, std::size_t batch, BarOrigin origin,
                          ProgressBar& progress) {
  std::size_t written = 0;
  for (std::size_t i = 0; i < bars.size() || !futures.empty(); i += batch) {
    const std::size_t n = i < bars.size() ? std::min(batch, bars.size() - i) : 0;
    repository.write_with_futures(std::span<const StrikeBar>(bars.data() + i, n), futures, origin);
    futures = {};
    written += n;
    progress.update(written, written);
  }
  return written;
}

// The format of a text: detected, or as --format says.
std::optional<ImportFormat> format_of(std::string_view text, const ImportArgs& a) {
  if (a.format == "auto") return detect_format(text);
  if (a.format == "bars-csv") return ImportFormat::bars_csv;
  if (a.format == "bars-ndjson") return ImportFormat::bars_ndjson;
  if (a.format == "nse-udiff") return ImportFormat::nse_udiff;
  if (a.format == "nse-legacy") return ImportFormat::nse_legacy;
  if (a.format == "nse-option-chain") return ImportFormat::nse_option_chain;
  if (a.format == "kite-candles") return ImportFormat::kite_candles;
  return ImportFormat::ticks_ndjson;
}

bool is_market_file(ImportFormat f) {
  return f == ImportFormat::nse_udiff || f == ImportFormat::nse_legacy ||
         f == ImportFormat::nse_option_chain || f == ImportFormat::kite_candles;
}

// A bar or tick text parsed into bars (NSE's and Kite's files are imported by their own
// importers: refused here).
ParsedFile parse_text(const std::string& text, const ImportArgs& a) {
  ParsedFile out;
  std::optional<ImportFormat> format;
  format = format_of(text, a);
  if (!format) {
    out.refused = "not CSV or NDJSON (empty, binary or unrecognised content)";
    return out;
  }
  if (is_market_file(*format)) {
    out.refused = "not bars or ticks";
    return out;
  }
  if (*format == ImportFormat::ticks_ndjson) {
    TickReadResult r = read_ticks_ndjson(text);
    if (r.refused) {
      out.refused = *r.refused;
      return out;
    }
    AggregatorConfig config;
    config.iv_convention = *parse_iv_convention(a.iv_convention);
    config.forward = parse_forward_source(a.forward).value_or(ForwardSource::future);
    BarAggregator aggregator(config);
    aggregator.add(r.events);
    out.iv_convention = stored_iv_convention(config.iv_convention);
    for (const MarketEvent& e : r.events) {
      if (const auto* tick = std::get_if<OptionTick>(&e); tick && tick->iv)
        out.iv_convention = StoredIvConvention::unknown;
    }
    out.bars = aggregator.drain();
    aggregator.drain_futures(out.futures);
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

std::optional<std::string> read_bytes(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The importers of a run that keep state across its files.
struct RunImports {
  DailyImport& daily;
  ChainSnapshotImport& snapshots;
  CandleImport& candles;
};

FileOutcome import_text(const std::string& file, const std::string& text, const ImportArgs& a,
                        BarRepository& repository, RunImports& run) {
  const auto started = std::chrono::steady_clock::now();
  const std::optional<ImportFormat> format = format_of(text, a);
  if (format && (*format == ImportFormat::nse_udiff || *format == ImportFormat::nse_legacy)) {
    const bool ok = run.daily.import_text(
        file, text,
        *format == ImportFormat::nse_udiff ? BhavcopyFormat::udiff : BhavcopyFormat::legacy,
        std::cerr);
    return {!ok, 0};
  }
  if (format && *format == ImportFormat::nse_option_chain)
    return {!run.snapshots.import_text(file, text, std::cerr), 0};
  if (format && *format == ImportFormat::kite_candles)
    return {!run.candles.import_text(file, text, std::cerr), 0};
  const ParsedFile parsed = parse_text(text, a);
  if (parsed.refused) {
    std::cerr << file << ": refused: " << *parsed.refused << "\n";
    return {true, 0};
  }
  const std::vector<StrikeBar>& bars = parsed.bars;
  ProgressBar progress(file, bars.size());
  std::size_t written = 0, replaced_daily = 0;
  try {
    const BarOrigin origin{a.simulated ? BarSource::simulator : BarSource::market,
                           parsed.iv_convention};
    written = write_batches(repository, bars, parsed.futures, a.batch, origin, progress);
    replaced_daily = give_minute_data_precedence(repository, bars, origin);
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
  if (!parsed.futures.empty()) std::cout << " and " << parsed.futures.size() << " future bars";
  std::cout << ", rejected " << parsed.rejected_count << " lines, " << seconds << " s, "
            << (seconds > 0 ? static_cast<std::size_t>(static_cast<double>(written) / seconds)
                            : written)
            << " rows/s";
  if (replaced_daily)
    std::cout << "; " << replaced_daily << " daily bars of those days replaced by this minute data";
  std::cout << "\n";
  report_rejections(file, parsed.rejected, parsed.rejected_count);
  return {false, written};
}

// A file's texts: the file itself, or each entry of a ZIP archive (NSE's .csv.zip).
FileOutcome import_file(const std::string& file, const ImportArgs& a, BarRepository& repository,
                        RunImports& run) {
  const std::optional<std::string> read = read_bytes(file);
  if (!read) {
    std::cerr << file << ": refused: cannot read the file\n";
    return {true, 0};
  }
  const std::string& bytes = *read;
  if (!looks_like_zip(bytes)) return import_text(file, bytes, a, repository, run);
  std::string error;
  auto entries = read_zip(bytes, &error);
  if (!entries || entries->empty()) {
    std::cerr << file << ": refused: " << (entries ? "an empty ZIP archive" : error) << "\n";
    return {true, 0};
  }
  FileOutcome outcome;
  for (const ZipEntry& entry : *entries) {
    const FileOutcome one = import_text(file + ":" + entry.name, entry.content, a, repository, run);
    outcome.refused = outcome.refused || one.refused;
    outcome.accepted += one.accepted;
  }
  return outcome;
}

// FILE, DIR (its regular files, sorted by name) or a quoted GLOB (its matches, sorted); nullopt
// with *error when an argument names nothing.
std::optional<std::vector<std::string>> expand_inputs(const std::vector<std::string>& args,
                                                      std::string* error) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<std::string> inside;
      for (const auto& entry : fs::directory_iterator(arg, ec)) {
        if (entry.is_regular_file(ec)) inside.push_back(entry.path().string());
      }
      std::sort(inside.begin(), inside.end());
      if (inside.empty()) {
        *error = "directory " + arg + " holds no files";
        return std::nullopt;
      }
      files.insert(files.end(), inside.begin(), inside.end());
    } else if (fs::exists(arg, ec)) {
      files.push_back(arg);
    } else if (arg.find_first_of("*?[") != std::string::npos) {
      glob_t matches{};
      const int rc = ::glob(arg.c_str(), 0, nullptr, &matches);
      std::vector<std::string> found;
      if (rc == 0) {
        for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
          if (fs::is_regular_file(matches.gl_pathv[i], ec)) found.emplace_back(matches.gl_pathv[i]);
        }
      }
      globfree(&matches);
      if (found.empty()) {
        *error = "no file matches " + arg;
        return std::nullopt;
      }
      files.insert(files.end(), found.begin(), found.end());
    } else {
      *error = "no such file or directory: " + arg;
      return std::nullopt;
    }
  }
  return files;
}

std::string read_whole(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return {};
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The daily import's options from the flags; nullopt after printing why (exit 2).
std::optional<DailyImportOptions> daily_options(const ImportArgs& a) {
  DailyImportOptions o;
  o.convention = *parse_iv_convention(a.iv_convention);
  o.lot_size = a.lot_size;
  o.batch = a.batch;
  std::string error;
  const std::optional<ForwardSource> forward =
      parse_forward_checked(a.forward, o.convention, &error);
  if (!forward) {
    std::cerr << "strikeline import: " << error << "\n";
    return std::nullopt;
  }
  o.forward = *forward;
  if (!a.lots.empty()) {
    const std::string text = read_whole(a.lots, &error);
    auto lots = error.empty() ? read_lot_table(text, &error) : std::nullopt;
    if (!lots) {
      std::cerr << "strikeline import: --lots " << a.lots << ": " << error << "\n";
      return std::nullopt;
    }
    o.lots = std::move(*lots);
  }
  for (const std::string& file : a.underlying) {
    const std::string text = read_whole(file, &error);
    if (!error.empty()) {
      std::cerr << "strikeline import: --underlying " << file << ": " << error << "\n";
      return std::nullopt;
    }
    UnderlyingCloseResult closes = read_underlying_closes(text);
    if (closes.refused) {
      std::cerr << "strikeline import: --underlying " << file << ": " << *closes.refused << "\n";
      return std::nullopt;
    }
    for (const LineRejection& r : closes.rejected)
      std::cerr << "  " << file << ":" << r.line << ": " << r.detail << "\n";
    for (UnderlyingClose& c : closes.closes)
      o.underlying_close[{std::move(c.symbol), c.day}] = c.close;
  }
  return o;
}

// Before real data is written: the policy for simulated bars of the files' contracts (a first
// reading of the files, only when the store holds simulated bars at all). Returns the exit status
// to stop with (2: refused, nothing changed), or nullopt to go on.
std::optional<int> settle_simulated(const ImportArgs& a, const std::vector<std::string>& files,
                                    const BarStorage& storage) {
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
    // The contracts of the bar and tick files; a file of NSE's or Kite's (or one not read as
    // bars) counts as naming every contract: the policy then applies to every simulated one.
    std::set<std::pair<std::string, Expiry>> contracts;
    bool every_contract = false;
    for (const std::string& file : files) {
      const std::optional<std::string> bytes = read_bytes(file);
      if (!bytes || looks_like_zip(*bytes)) {
        every_contract = true;
        continue;
      }
      const ParsedFile parsed = parse_text(*bytes, a);
      if (parsed.refused) every_contract = true;
      for (const StrikeBar& bar : parsed.bars) contracts.emplace(bar.key.symbol, bar.key.expiry);
    }
    const SimulatedDataOutcome outcome = prepare_for_real_data(
        *storage.repository, *storage.days, *policy, [&](const ContractDay& day) {
          return every_contract || contracts.contains({day.symbol, day.expiry});
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
  std::string expand_error;
  const auto files = expand_inputs(a.files, &expand_error);
  if (!files) {
    std::cerr << "strikeline import: " << expand_error << "\n";
    return 2;
  }
  if (auto stop = settle_simulated(a, *files, storage)) return *stop;
  auto options = daily_options(a);
  if (!options) return 2;
  options->source = a.simulated ? BarSource::simulator : BarSource::market;
  try {
    options->stored_lots = storage.repository->contract_lots();
  } catch (const std::exception& e) {
    std::cerr << "strikeline import: reading the stored lot sizes: " << e.what() << "\n";
    return 2;
  }
  std::optional<kite::InstrumentCatalogue> instruments;
  if (!a.instruments.empty()) {
    std::string why;
    instruments = kite::InstrumentCatalogue::load_file(a.instruments, &why);
    if (!instruments) {
      std::cerr << "strikeline import: --instruments " << a.instruments << ": " << why << "\n";
      return 2;
    }
    options->instruments = &*instruments;
  }
  const IvConvention convention = options->convention;
  BarRepository& repository = *storage.repository;
  DailyImport daily(repository, std::move(*options));
  ChainSnapshotImport snapshots(repository, daily);
  CandleImport candles(repository, convention, instruments ? &*instruments : nullptr, a.instrument);
  RunImports run{daily, snapshots, candles};
  const auto started = std::chrono::steady_clock::now();
  ProgressBar progress(files->size() > 1 ? "import" : (*files)[0], files->size());
  int status = 0;
  for (std::size_t i = 0; i < files->size(); ++i) {
    if (import_file((*files)[i], a, repository, run).refused) status = 1;
    progress.update(i + 1, daily.totals().rows);
  }
  progress.finish();
  if (daily.totals().files > 0) {
    daily.print_summary(std::cout);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "  " << seconds << " s, "
              << static_cast<std::size_t>(
                     seconds > 0 ? static_cast<double>(daily.totals().rows) / seconds : 0.0)
              << " rows/s\n";
  }
  if (snapshots.files() > 0) snapshots.print_summary(std::cout);
  if (candles.files() > 0) candles.print_summary(std::cout);
  return status;
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import bar files (CSV/NDJSON), tick files (NDJSON) or NSE F&O bhavcopies (UDiFF, legacy)");
  cmd->add_option("files", a->files, "files, directories or quoted globs to import")->required();
  cmd->add_option("--db", a->db, "sqlite:PATH or postgres://...")->capture_default_str();
  cmd->add_option("--format", a->format,
                  "auto | bars-csv | bars-ndjson | ticks-ndjson | nse-udiff | nse-legacy | "
                  "nse-option-chain | kite-candles")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "bars-csv", "bars-ndjson", "ticks-ndjson", "nse-udiff",
                             "nse-legacy", "nse-option-chain", "kite-candles"}));
  cmd->add_option("--instrument", a->instrument,
                  "the instrument of Kite candle files: a trading symbol (with --instruments), "
                  "SYMBOL,EXPIRY,STRIKE,CE|PE, or an underlying's name; default: the file's name");
  cmd->add_option("--instruments", a->instruments,
                  "Kite's instrument dump (instruments.csv): resolves candle files' instruments "
                  "and gives lot sizes");
  add_iv_convention_option(cmd, a->iv_convention);
  add_forward_option(cmd, a->forward);
  cmd->add_option("--lot-size", a->lot_size,
                  "units per contract for files without a lot (the legacy bhavcopy, NSE's option "
                  "chain)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}));
  cmd->add_option("--lots", a->lots,
                  "CSV of lot sizes for files without one: symbol,lot or symbol,expiry,lot");
  cmd->add_option("--underlying", a->underlying,
                  "the underlying's daily close for files without one: NSE's "
                  "ind_close_all_DDMMYYYY.csv or a CSV symbol,date,close (repeatable)");
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
