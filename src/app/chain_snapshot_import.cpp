#include "app/chain_snapshot_import.h"

#include <algorithm>
#include <cmath>

#include "app/minute_precedence.h"
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

ChainSnapshotImport::ChainSnapshotImport(BarRepository& repository, DailyImport& lots)
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
  const Date day = ist_date(snapshot.at);
  const Date previous_day = day - std::chrono::days{1};
  std::vector<ContractLot> used;  // one per expiry
  for (const OptionChainQuote& q : snapshot.quotes) {
    const std::optional<std::int64_t> lot = lots_.lot_of(snapshot.symbol, q.expiry, day);
    if (!lot) {
      note_rejection(rejected, rejected_count, 0,
                     "no lot size for " + snapshot.symbol + " " + format_date(q.expiry) +
                         " (the file gives OI in contracts): give --lot-size, --lots FILE or "
                         "that day's bhavcopy before it");
      continue;
    }
    if (valid_lot(*lot) && std::none_of(used.begin(), used.end(),
                                        [&](const ContractLot& u) { return u.expiry == q.expiry; }))
      used.push_back({snapshot.symbol, q.expiry, day, *lot});
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
    const BarOrigin origin{lots_.options().source, lots_.options().convention};
    repository_.write(bars, origin);
    replaced_daily_ += give_minute_data_precedence(repository_, bars, origin);
  } catch (const std::exception& e) {
    err << name << ": storage failed: " << e.what() << "\n";
    return false;
  }
  bars_ += bars.size();
  return lots_.record_lots(used, name, err);
}

void ChainSnapshotImport::print_summary(std::ostream& out) const {
  out << "option chain: " << files_ << " responses, " << sides_ << " contract sides as ticks, "
      << rejected_ << " rejected; " << bars_ << " 1-minute strike bars stored";
  if (replaced_daily_)
    out << "; " << replaced_daily_ << " daily bars of those days replaced by this minute data";
  out << "\n";
}

}  // namespace strikeline::app
