#include "app/daily_import.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "core/text.h"
#include "feed/csv_records.h"

namespace strikeline::app {

namespace {

using namespace std::chrono_literals;

void report_rejections(std::ostream& err, const std::string& name,
                       const std::vector<LineRejection>& rejected, std::size_t count) {
  const std::size_t shown = std::min<std::size_t>(rejected.size(), 20);
  for (std::size_t i = 0; i < shown; ++i)
    err << "  " << name << ":" << rejected[i].line << ": " << rejected[i].detail << "\n";
  if (count > shown) err << "  ... and " << count - shown << " more rejected lines\n";
}

void add_stats(DailyBarStats& into, const DailyBarStats& s) {
  into.options += s.options;
  into.futures += s.futures;
  into.priced += s.priced;
  into.pricing_failed += s.pricing_failed;
  into.without_underlying += s.without_underlying;
  into.underlying_from_future += s.underlying_from_future;
  into.volume_without_lot += s.volume_without_lot;
  into.duplicates += s.duplicates;
}

}  // namespace

DailyImport::DailyImport(BarRepository& repository, DailyImportOptions options)
    : repository_(repository), options_(std::move(options)) {
  for (const ContractLot& lot : options_.stored_lots) stored_lots_.set_lot(lot);
  options_.stored_lots.clear();
}

std::optional<std::int64_t> DailyImport::lot_of(std::string_view symbol, Expiry expiry,
                                                Date day) const {
  const std::string name(symbol);
  if (auto it = options_.lots.find({name, expiry}); it != options_.lots.end()) return it->second;
  if (auto lot = learned_lots_.recorded_lot(symbol, expiry, day)) return lot;
  if (options_.instruments) {
    auto [it, added] = dump_lots_.try_emplace({name, expiry});
    if (added) {
      const auto listed = options_.instruments->options(symbol, expiry);
      if (!listed.empty() && listed.front()->lot_size > 0) it->second = listed.front()->lot_size;
    }
    if (it->second) return it->second;
  }
  if (auto it = options_.lots.find({name, std::nullopt}); it != options_.lots.end())
    return it->second;
  if (options_.lot_size) return options_.lot_size;
  return stored_lots_.recorded_lot(symbol, expiry, day);
}

bool DailyImport::record_lots(std::span<const ContractLot> lots, const std::string& name,
                              std::ostream& err) {
  for (const ContractLot& lot : lots) learned_lots_.set_lot(lot);
  try {
    repository_.record_lots(lots);
  } catch (const std::exception& e) {
    err << name << ": storing lot sizes failed: " << e.what() << "\n";
    return false;
  }
  totals_.lots += lots.size();
  return true;
}

bool DailyImport::import_text(const std::string& name, std::string_view text, BhavcopyFormat format,
                              std::ostream& err) {
  BhavcopyReadResult read = read_bhavcopy(text, format);
  if (read.refused) {
    err << name << ": refused: " << *read.refused << "\n";
    return false;
  }
  ++totals_.files;
  totals_.rows += read.records.size() + read.rejected_count;
  totals_.rejected += read.rejected_count;
  report_rejections(err, name, read.rejected, read.rejected_count);
  // The lot of each option contract and day: the file's own (learned first, so that lot_of()
  // answers it to the other files of the run), else lot_of()'s.
  std::vector<ContractLot> lots;
  {
    std::set<std::tuple<std::string_view, Expiry, Date>> seen;
    const EndOfDayRecord* previous = nullptr;  // rows come in runs of one contract series
    for (const EndOfDayRecord& r : read.records) {
      if (r.future) continue;
      if (previous && previous->expiry == r.expiry && previous->day == r.day &&
          previous->lot == r.lot && previous->symbol == r.symbol)
        continue;
      previous = &r;
      if (!seen.insert({r.symbol, r.expiry, r.day}).second) continue;
      const std::optional<std::int64_t> lot = r.lot ? r.lot : lot_of(r.symbol, r.expiry, r.day);
      if (lot && valid_lot(*lot)) lots.push_back({r.symbol, r.expiry, r.day, *lot});
    }
    for (const ContractLot& lot : lots) learned_lots_.set_lot(lot);
  }

  DailyBarOptions bar_options;
  bar_options.convention = options_.convention;
  bar_options.forward = options_.forward;
  bar_options.lot = [this](std::string_view symbol, Expiry expiry, Date day) {
    return lot_of(symbol, expiry, day);
  };
  bar_options.underlying_close = options_.underlying_close;
  DailyBars daily = build_daily_bars(read.records, bar_options);
  add_stats(totals_.pricing, daily.stats);
  totals_.option_records += daily.stats.options;
  totals_.future_records += daily.stats.futures;

  // Minute data of the same session takes precedence: per day, the (symbol, expiry) pairs with a
  // 1-minute bar between the open and the close keep their minutes and get no daily bar.
  std::set<Date> days;
  for (const StrikeBar& bar : daily.bars) days.insert(ist_date(Timestamp{bar.key.bucket}));
  std::set<std::tuple<Date, std::string, Expiry>> with_minutes;
  for (Date day : days) {
    totals_.days.insert(day);
    repository_.scan(ist_time_on(day, 9h), daily_bar_time(day), [&](const StrikeBar& bar) {
      with_minutes.insert({day, bar.key.symbol, bar.key.expiry});
    });
  }
  std::vector<StrikeBar> bars;
  if (with_minutes.empty()) {
    bars = std::move(daily.bars);
  } else {
    bars.reserve(daily.bars.size());
    for (StrikeBar& bar : daily.bars) {
      if (with_minutes.contains(
              {ist_date(Timestamp{bar.key.bucket}), bar.key.symbol, bar.key.expiry})) {
        ++totals_.kept_minute_bars;
      } else {
        bars.push_back(std::move(bar));
      }
    }
  }
  // The futures' daily bars, the same rule: a future with minute bars in that session keeps them.
  std::vector<FutureBar> futures;
  if (!daily.futures.empty()) {
    std::set<std::tuple<Date, std::string, Expiry>> futures_with_minutes;
    std::set<Date> future_days;
    for (const FutureDay& f : daily.futures) future_days.insert(f.day);
    for (Date day : future_days) {
      totals_.days.insert(day);
      repository_.scan_futures(ist_time_on(day, 9h), daily_bar_time(day), [&](const FutureBar& b) {
        futures_with_minutes.insert({day, b.key.symbol, b.key.expiry});
      });
    }
    for (const FutureDay& f : daily.futures) {
      if (futures_with_minutes.contains({f.day, f.symbol, f.expiry})) {
        ++totals_.kept_minute_futures;
      } else {
        futures.push_back(future_day_bar(f));
      }
    }
  }
  std::size_t written = 0;
  try {
    // The futures go with the first batch of option bars (one transaction), or alone. The option
    // bars are marked daily (their contract-days), so that minute data imported later replaces
    // them.
    BarOrigin origin{options_.source, options_.convention};
    origin.daily_bars = true;
    std::span<const FutureBar> unwritten(futures);
    for (std::size_t i = 0; i < bars.size() || !unwritten.empty(); i += options_.batch) {
      const std::size_t n = i < bars.size() ? std::min(options_.batch, bars.size() - i) : 0;
      repository_.write_with_futures(std::span<const StrikeBar>(bars.data() + i, n), unwritten,
                                     origin);
      totals_.future_bars += unwritten.size();
      unwritten = {};
      written += n;
    }
  } catch (const std::exception& e) {
    totals_.bars += written;
    err << name << ": storage failed after " << written << " bars: " << e.what() << "\n";
    return false;
  }
  totals_.bars += written;
  return record_lots(lots, name, err);
}

void DailyImport::print_summary(std::ostream& out) const {
  const DailyImportTotals& t = totals_;
  out << "bhavcopy: " << t.files << " files, " << t.days.size() << " trading days";
  if (!t.days.empty())
    out << " (" << format_date(*t.days.begin()) << " to " << format_date(*t.days.rbegin()) << ")";
  out << ", " << t.rows << " rows: " << t.option_records << " option contracts, "
      << t.future_records << " futures, " << t.rejected << " rejected lines; " << t.bars
      << " daily strike bars stored, " << t.future_bars << " daily future bars stored";
  if (t.kept_minute_bars)
    out << ", " << t.kept_minute_bars << " not stored (minute data of that day kept)";
  if (t.kept_minute_futures)
    out << ", " << t.kept_minute_futures << " future days not stored (minute data kept)";
  out << "\n  IV (" << iv_convention_name(options_.convention)
      << " convention): " << t.pricing.priced << " option sides priced, "
      << t.pricing.pricing_failed << " without an IV (no time value, expired or below intrinsic), "
      << t.pricing.without_underlying << " without an underlying price\n";
  if (t.pricing.underlying_from_future)
    out << "  " << t.pricing.underlying_from_future
        << " bars took a future's price as the underlying (no spot: give --underlying FILE)\n";
  if (t.pricing.volume_without_lot)
    out << "  " << t.pricing.volume_without_lot
        << " contracts traded with no known lot size: volume not stored (give --lot-size or "
           "--lots FILE)\n";
  if (t.lots) out << "  " << t.lots << " contract lot sizes stored (per expiry and day)\n";
  if (t.pricing.duplicates)
    out << "  " << t.pricing.duplicates << " repeated contracts (later row kept)\n";
}

std::optional<std::map<std::pair<std::string, std::optional<Expiry>>, std::int64_t>> read_lot_table(
    std::string_view text, std::string* error) {
  std::map<std::pair<std::string, std::optional<Expiry>>, std::int64_t> lots;
  CsvRecordReader reader(text);
  std::vector<std::string_view> fields;
  std::string why;
  bool first = true;
  for (;;) {
    const auto status = reader.next(fields, why);
    if (status == CsvRecordReader::Status::end) break;
    const std::string where = "line " + std::to_string(reader.record_line()) + ": ";
    if (status == CsvRecordReader::Status::malformed) {
      *error = where + why;
      return std::nullopt;
    }
    if (first && !fields.empty() && iequals(trim(fields[0]), "symbol")) {
      first = false;
      continue;
    }
    first = false;
    if (fields.size() != 2 && fields.size() != 3) {
      *error = where + "expected symbol,lot or symbol,expiry,lot";
      return std::nullopt;
    }
    auto symbol = canonical_symbol(fields[0]);
    auto lot = parse_int64(trim(fields.back()));
    std::optional<Expiry> expiry;
    if (fields.size() == 3) {
      expiry = parse_date_text(trim(fields[1]));
      if (!expiry) {
        *error = where + "invalid expiry '" + std::string(trim(fields[1])) +
                 "': YYYY-MM-DD or DD-Mon-YYYY";
        return std::nullopt;
      }
    }
    if (!symbol || !lot || *lot <= 0) {
      *error = where + "expected a symbol and a lot size above 0";
      return std::nullopt;
    }
    lots[{std::move(*symbol), expiry}] = *lot;
  }
  return lots;
}

}  // namespace strikeline::app
