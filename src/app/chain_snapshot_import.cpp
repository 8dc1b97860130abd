#include "app/chain_snapshot_import.h"

#include <cmath>

#include "feed/nse/option_chain_reader.h"

namespace strikeline::app {

namespace {

AggregatorConfig config_of(const DailyImport& lots) {
  AggregatorConfig config;
  config.iv_convention = lots.options().convention;
  config.forward = lots.options().forward;
  return config;
}

std::int64_t units(double contracts, std::int64_t lot) {
  return static_cast<std::int64_t>(std::llround(contracts * static_cast<double>(lot)));
}

}  // namespace

ChainSnapshotImport::ChainSnapshotImport(BarRepository& repository, const DailyImport& lots)
    : repository_(repository), lots_(lots), aggregator_(config_of(lots)) {}

bool ChainSnapshotImport::import_text(const std::string& name, std::string_view text,
                                      std::ostream& err) {
  OptionChainSnapshot snapshot = read_nse_option_chain(text);
  if (snapshot.refused) {
    err << name << ": refused: " << *snapshot.refused << "\n";
    return false;
  }
  ++files_;
  std::vector<LineRejection> rejected = std::move(snapshot.rejected);
  std::size_t rejected_count = snapshot.rejected_count;
  if (snapshot.underlying)
    aggregator_.add(UnderlyingTick{snapshot.at, snapshot.symbol, *snapshot.underlying});
  const Date previous_day = ist_date(snapshot.at) - std::chrono::days{1};
  for (const OptionChainQuote& q : snapshot.quotes) {
    const std::optional<std::int64_t> lot = lots_.lot_of(snapshot.symbol, q.expiry);
    if (!lot) {
      note_rejection(rejected, rejected_count, 0,
                     "no lot size for " + snapshot.symbol + " " + format_date(q.expiry) +
                         " (the file gives OI in contracts): give --lot-size, --lots FILE or "
                         "that day's bhavcopy before it");
      continue;
    }
    OptionTick tick;
    tick.ts = snapshot.at;
    tick.symbol = snapshot.symbol;
    tick.expiry = q.expiry;
    tick.strike = q.strike;
    tick.side = q.side;
    tick.price = q.last_price;
    tick.oi = units(q.oi_contracts, *lot);
    if (q.volume_contracts) tick.cumulative_volume = units(*q.volume_contracts, *lot);
    tick.bid = q.bid;
    tick.ask = q.ask;
    tick.bid_qty = q.bid_qty;
    tick.ask_qty = q.ask_qty;
    if (q.oi_change_contracts) {
      aggregator_.seed_previous_close(snapshot.symbol, q.expiry, q.strike, q.side, previous_day,
                                      *tick.oi - units(*q.oi_change_contracts, *lot));
    }
    aggregator_.add(tick);
    ++sides_;
  }
  rejected_ += rejected_count;
  const std::size_t shown = std::min<std::size_t>(rejected.size(), 20);
  for (std::size_t i = 0; i < shown; ++i) {
    err << "  " << name << ": data entry " << rejected[i].line << ": " << rejected[i].detail
        << "\n";
  }
  if (rejected_count > shown) err << "  ... and " << rejected_count - shown << " more\n";
  std::vector<StrikeBar> bars = aggregator_.drain();
  try {
    repository_.write(bars, lots_.options().source);
  } catch (const std::exception& e) {
    err << name << ": storage failed: " << e.what() << "\n";
    return false;
  }
  bars_ += bars.size();
  return true;
}

void ChainSnapshotImport::print_summary(std::ostream& out) const {
  out << "option chain: " << files_ << " responses, " << sides_ << " contract sides as ticks, "
      << rejected_ << " rejected; " << bars_ << " 1-minute strike bars stored\n";
}

}  // namespace strikeline::app
