// `strikeline import FILE...`: loads bars (CSV or NDJSON with fo_option_strike_bars columns) or
// ticks (NDJSON, aggregated to 1-minute bars) into the bar repository. A file that is not the
// declared format is refused whole (nothing of it is stored) and makes the exit status non-zero;
// rejected lines are reported with their numbers and reasons while the rest is stored.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/bar_storage.h"
#include "app/commands.h"
#include "app/database_url.h"
#include "app/progress_bar.h"
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
                          std::size_t batch, ProgressBar& progress) {
  std::size_t written = 0;
  for (std::size_t i = 0; i < bars.size(); i += batch) {
    const std::size_t n = std::min(batch, bars.size() - i);
    repository.write(std::span<const StrikeBar>(bars.data() + i, n));
    written += n;
    progress.update(written, written);
  }
  return written;
}

FileOutcome import_file(const std::string& file, const ImportArgs& a, BarRepository& repository) {
  const auto started = std::chrono::steady_clock::now();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << file << ": refused: cannot read the file\n";
    return {true, 0};
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::optional<ImportFormat> format;
  if (a.format == "auto") {
    format = detect_format(text);
    if (!format) {
      std::cerr << file << ": refused: not CSV or NDJSON (empty, binary or unrecognised content)\n";
      return {true, 0};
    }
  } else if (a.format == "bars-csv") {
    format = ImportFormat::bars_csv;
  } else if (a.format == "bars-ndjson") {
    format = ImportFormat::bars_ndjson;
  } else {
    format = ImportFormat::ticks_ndjson;
  }
  std::vector<StrikeBar> bars;
  std::vector<LineRejection> rejected;
  std::size_t rejected_count = 0;
  std::size_t ticks = 0;
  if (*format == ImportFormat::ticks_ndjson) {
    TickReadResult r = read_ticks_ndjson(text);
    if (r.refused) {
      std::cerr << file << ": refused: " << *r.refused << "\n";
      return {true, 0};
    }
    BarAggregator aggregator;
    aggregator.add(r.events);
    bars = aggregator.drain();
    rejected = std::move(r.rejected);
    rejected_count = r.rejected_count;
    ticks = r.events.size();
  } else {
    BarReadResult r =
        read_bars(text, *format == ImportFormat::bars_csv ? BarFormat::csv : BarFormat::ndjson);
    if (r.refused) {
      std::cerr << file << ": refused: " << *r.refused << "\n";
      return {true, 0};
    }
    bars = std::move(r.bars);
    rejected = std::move(r.rejected);
    rejected_count = r.rejected_count;
  }
  ProgressBar progress(file, bars.size());
  std::size_t written = 0;
  try {
    written = write_batches(repository, bars, a.batch, progress);
  } catch (const std::exception& e) {
    progress.finish();
    std::cerr << file << ": storage failed after " << written << " bars: " << e.what() << "\n";
    return {true, written};
  }
  progress.finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << file << ": accepted " << written << " bars";
  if (ticks) std::cout << " (from " << ticks << " ticks)";
  std::cout << ", rejected " << rejected_count << " lines, " << seconds << " s, "
            << (seconds > 0 ? static_cast<std::size_t>(static_cast<double>(written) / seconds)
                            : written)
            << " rows/s\n";
  report_rejections(file, rejected, rejected_count);
  return {false, written};
}

int run_import(const ImportArgs& a) {
  std::string error;
  auto url = parse_database_url(a.db, &error);
  if (!url) {
    std::cerr << "strikeline import: " << error << "\n";
    return 2;
  }
  std::shared_ptr<BarRepository> repository;
  try {
    // PostgreSQL: as a writer, bringing the schema up to date first.
    repository = open_bar_storage(*url, DatabaseRole::writer).repository;
  } catch (const std::exception& e) {
    std::cerr << "strikeline import: cannot open the database: " << e.what() << "\n";
    return 2;
  }
  int status = 0;
  for (const std::string& file : a.files) {
    if (import_file(file, a, *repository).refused) status = 1;
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
  cmd->callback([a] { exit_code() = run_import(*a); });
}

}  // namespace strikeline::app
