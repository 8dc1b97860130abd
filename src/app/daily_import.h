// The import of NSE's daily F&O bhavcopies (UDiFF and legacy) into the bar repository, file by
// file, with one summary for the run: each file's rows -> end-of-day records (feed/nse) -> daily
// bars at 15:30 IST (bars/daily_bars.h) -> the repository, the futures rows as daily future bars
// (core/future_bar.h) in the same transaction as the file's first option bars. A day whose session
// already has 1-minute bars of a (symbol, expiry) keeps them: that expiry's daily bars are not
// written (minute data takes precedence); the contract-days that get a daily option bar are marked
// so that minute data imported later replaces it (app/minute_precedence.h). Re-importing a file
// writes the same bars again (idempotent). The lot each option contract traded at that day (its
// own, UDiFF's NewBrdLotQty, else lot_of()) is stored beside the bars (BarRepository::record_lots).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "bars/daily_bars.h"
#include "core/contract_lot.h"
#include "core/symbol.h"
#include "feed/kite/instrument_catalogue.h"
#include "feed/line_rejection.h"
#include "feed/nse/bhavcopy_reader.h"
#include "store/bar_repository.h"

namespace strikeline::app {

struct DailyImportOptions {
  IvConvention convention = IvConvention::strikeline;
  ForwardSource forward = ForwardSource::future;  // --forward (strikeline convention)
  std::optional<std::int64_t> lot_size;  // --lot-size: every contract without a lot of its own
  // --lots FILE: per symbol (expiry = nullopt) or per (symbol, expiry)
  std::map<std::pair<std::string, std::optional<Expiry>>, std::int64_t> lots;
  std::map<std::pair<std::string, Date>, double> underlying_close;  // --underlying FILE...
  const kite::InstrumentCatalogue* instruments = nullptr;           // --instruments (lot sizes)
  std::vector<ContractLot> stored_lots;  // the repository's, from earlier runs
  std::size_t batch = 10000;
  BarSource source = BarSource::market;  // what the bars are stored as (provenance)
};

struct DailyImportTotals {
  std::set<Date> days;
  std::size_t files = 0, rows = 0, option_records = 0, future_records = 0, bars = 0;
  std::size_t kept_minute_bars = 0;     // daily bars not written: the day had minute data
  std::size_t future_bars = 0;          // daily future bars written (fo_future_bars)
  std::size_t kept_minute_futures = 0;  // daily future bars not written: minute data kept
  std::size_t lots = 0;                 // contract lot sizes stored (per symbol, expiry and day)
  std::size_t rejected = 0;
  DailyBarStats pricing;
};

class DailyImport {
 public:
  DailyImport(BarRepository& repository, DailyImportOptions options);

  // One file's text; false when the file is refused whole (not the layout) or storage failed.
  // Rejected lines go to `err` with the file's name.
  bool import_text(const std::string& name, std::string_view text, BhavcopyFormat format,
                   std::ostream& err);
  const DailyImportTotals& totals() const { return totals_; }
  void print_summary(std::ostream& out) const;

  // The lot of a contract on an IST day: --lots per (symbol, expiry), else the lot a bhavcopy of
  // this run gave it (UDiFF NewBrdLotQty: the one of the latest day on or before `day`, else of
  // the earliest), else the instrument dump's, else --lots per symbol, else --lot-size, else the
  // lot stored by an earlier run (as of `day` in the same way); nullopt when unknown.
  std::optional<std::int64_t> lot_of(std::string_view symbol, Expiry expiry, Date day) const;
  // Stores lots the run used (record_lots), and learns them for lot_of(); false with the reason on
  // `err` when storage failed.
  bool record_lots(std::span<const ContractLot> lots, const std::string& name, std::ostream& err);
  const DailyImportOptions& options() const { return options_; }

 private:
  BarRepository& repository_;
  DailyImportOptions options_;
  DailyImportTotals totals_;
  ContractSpecs learned_lots_;  // from this run's files
  ContractSpecs stored_lots_;   // from earlier runs
  mutable std::map<std::pair<std::string, Expiry>, std::optional<std::int64_t>> dump_lots_;
};

// Reads `--lots FILE`: CSV lines `symbol,lot` or `symbol,expiry,lot` (a header line starting with
// "symbol" is skipped). nullopt with *error on a bad line.
std::optional<std::map<std::pair<std::string, std::optional<Expiry>>, std::int64_t>> read_lot_table(
    std::string_view text, std::string* error);

}  // namespace strikeline::app
