#include "app/candle_import.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <vector>

#include "app/minute_precedence.h"
#include "core/symbol.h"
#include "core/text.h"
#include "feed/kite/historical_candles.h"
#include "pricing/option_analytics.h"

namespace strikeline::app {

namespace {

CandleInstrument from_kite(const kite::KiteInstrument& in) {
  CandleInstrument out;
  out.symbol = in.symbol;
  out.option = in.kind == kite::KiteInstrument::Kind::option;
  out.future = in.kind == kite::KiteInstrument::Kind::future;
  if (out.future) out.expiry = in.expiry;
  if (out.option) {
    out.expiry = in.expiry;
    out.strike = in.strike;
    out.side = in.side;
    if (valid_lot(in.lot_size)) out.lot = in.lot_size;
  }
  return out;
}

// "NIFTY,2025-01-30,24000,CE".
std::optional<CandleInstrument> explicit_option(std::string_view text) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    parts.push_back(trim(text.substr(start, comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (parts.size() == 3 && iequals(parts[2], "FUT")) {
    auto symbol = canonical_symbol(parts[0]);
    auto expiry = parse_date_text(parts[1]);
    if (!symbol || !expiry) return std::nullopt;
    CandleInstrument future{*symbol, false, true, *expiry, {}, Side::call, std::nullopt};
    return future;
  }
  if (parts.size() != 4) return std::nullopt;
  auto symbol = canonical_symbol(parts[0]);
  auto expiry = parse_date_text(parts[1]);
  auto strike_value = parse_double(parts[2]);
  auto side = parse_side(parts[3]);
  std::optional<Strike> strike;
  if (strike_value && *strike_value > 0) strike = Strike::from_double(*strike_value);
  if (!symbol || !expiry || !strike || !side) return std::nullopt;
  return CandleInstrument{*symbol, true, false, *expiry, *strike, *side, std::nullopt};
}

}  // namespace

std::optional<CandleInstrument> resolve_candle_instrument(std::string_view text,
                                                          const kite::InstrumentCatalogue* dump,
                                                          std::string* error) {
  text = trim(text);
  if (text.find(',') != std::string_view::npos) {
    if (auto option = explicit_option(text)) return option;
    *error =
        "instrument '" + std::string(text) +
        "': expected SYMBOL,EXPIRY,STRIKE,CE|PE (NIFTY,2025-01-30,24000,CE) or SYMBOL,EXPIRY,FUT";
    return std::nullopt;
  }
  if (dump) {
    if (auto token = parse_int64(text); token && *token > 0 && *token <= 0xFFFFFFFF) {
      if (const auto* in = dump->find(static_cast<std::uint32_t>(*token))) return from_kite(*in);
    }
    if (const auto* in = dump->find_tradingsymbol(text)) return from_kite(*in);
  }
  // A name that is no option of the dump: an underlying's own candles (an index or a stock).
  if (auto symbol = canonical_symbol(text); symbol && !parse_int64(text)) {
    if (!dump && symbol->size() > 8 && symbol->ends_with("FUT")) {
      *error = "instrument '" + std::string(text) +
               "' looks like a future's trading symbol: give --instruments (Kite's instrument "
               "dump) to resolve it, or --instrument SYMBOL,EXPIRY,FUT";
      return std::nullopt;
    }
    if (!dump && symbol->size() > 10 && (symbol->ends_with("CE") || symbol->ends_with("PE"))) {
      *error = "instrument '" + std::string(text) +
               "' looks like an option's trading symbol: give --instruments (Kite's instrument "
               "dump) to resolve it, or --instrument SYMBOL,EXPIRY,STRIKE,CE|PE";
      return std::nullopt;
    }
    return CandleInstrument{*symbol, false, false, {}, {}, Side::call, std::nullopt};
  }
  *error = "instrument '" + std::string(text) + "' is not " +
           (dump ? "in the instrument dump" : "known: give --instruments or --instrument");
  return std::nullopt;
}

CandleImport::CandleImport(BarRepository& repository, IvConvention convention,
                           const kite::InstrumentCatalogue* dump, std::string instrument)
    : repository_(repository),
      convention_(convention),
      dump_(dump),
      instrument_(std::move(instrument)) {}

bool CandleImport::import_text(const std::string& name, std::string_view text, std::ostream& err) {
  std::string error;
  std::string stem =
      std::filesystem::path(
          name.substr(name.rfind(':') == std::string::npos ? 0 : name.rfind(':') + 1))
          .filename()
          .string();
  stem = stem.substr(0, stem.find('.'));
  const auto instrument =
      resolve_candle_instrument(instrument_.empty() ? stem : instrument_, dump_, &error);
  if (!instrument) {
    err << name << ": refused: " << error << "\n";
    return false;
  }
  kite::CandleReadResult read = kite::read_kite_candles(text);
  if (read.refused) {
    err << name << ": refused: " << *read.refused << "\n";
    return false;
  }
  ++files_;
  rejected_ += read.rejected_count;
  for (std::size_t i = 0; i < read.rejected.size() && i < 20; ++i)
    err << "  " << name << ":" << read.rejected[i].line << ": " << read.rejected[i].detail << "\n";
  if (instrument->future) return import_future(*instrument, read.candles, name, err);
  if (!instrument->option) {
    auto& closes = underlying_[instrument->symbol];
    for (const kite::HistoricalCandle& c : read.candles) {
      closes[epoch_seconds(floor_seconds(c.start)) / 60 * 60] = c.close;
      ++underlying_candles_;
    }
    return true;
  }
  if (read.candles.empty()) return true;
  const auto closes = underlying_.find(instrument->symbol);
  std::vector<StrikeBar> bars;
  std::vector<pricing::MarketInputs> inputs;
  std::vector<std::size_t> priced;
  UtcSeconds first = utc_seconds(std::numeric_limits<std::int64_t>::max()),
             last = utc_seconds(std::numeric_limits<std::int64_t>::min());
  for (const kite::HistoricalCandle& c : read.candles) {
    const UtcSeconds minute = utc_seconds(epoch_seconds(floor_seconds(c.start)) / 60 * 60);
    first = std::min(first, minute);
    last = std::max(last, minute);
    StrikeBar bar;
    bar.key =
        BarKey{instrument->symbol, instrument->expiry, instrument->strike, Timeframe::m1, minute};
    SideBar& s = bar.side(instrument->side);
    s.open = c.open;
    s.high = c.high;
    s.low = c.low;
    s.close = c.close;
    s.has_premium = true;
    s.volume = c.volume;
    s.oi = c.oi;
    s.count = 1;
    s.observed_at = minute + std::chrono::seconds{60};
    ++candles_;
    std::optional<double> spot;
    if (closes != underlying_.end()) {
      if (auto it = closes->second.find(epoch_seconds(minute)); it != closes->second.end())
        spot = it->second;
    }
    if (spot) {
      bar.underlying_close = spot;
      pricing::MarketInputs in{};
      in.side = instrument->side;
      in.premium = c.close;
      in.strike = instrument->strike.to_double();
      in.underlying = *spot;
      in.years = convention_years(convention_, instrument->expiry, Timestamp{*s.observed_at});
      in.rate = convention_ == IvConvention::nse ? kNseIvRate : 0.10;
      inputs.push_back(in);
      priced.push_back(bars.size());
    } else {
      ++without_underlying_;
    }
    bars.push_back(std::move(bar));
  }
  std::vector<pricing::OptionAnalytics> results(inputs.size());
  pricing::analyse_options(inputs, results);
  for (std::size_t k = 0; k < results.size(); ++k) {
    if (results[k].status != pricing::PricingStatus::ok) continue;
    SideBar& s = bars[priced[k]].side(instrument->side);
    s.iv = results[k].iv_percent;
    s.delta = results[k].delta;
    s.gamma = results[k].gamma;
    s.theta = results[k].theta;
    s.vega = results[k].vega;
    s.analytics_count = 1;
  }
  // A bar holds both sides: keep the other side of bars already stored for these minutes.
  const Side other = instrument->side == Side::call ? Side::put : Side::call;
  std::map<std::int64_t, std::size_t> by_minute;
  for (std::size_t i = 0; i < bars.size(); ++i) by_minute[epoch_seconds(bars[i].key.bucket)] = i;
  try {
    repository_.scan(first, last + std::chrono::seconds{60}, [&](const StrikeBar& stored) {
      if (stored.key.symbol != instrument->symbol || stored.key.expiry != instrument->expiry ||
          stored.key.strike != instrument->strike || stored.side(other).empty())
        return;
      auto it = by_minute.find(epoch_seconds(stored.key.bucket));
      if (it == by_minute.end()) return;
      StrikeBar& b = bars[it->second];
      b.side(other) = stored.side(other);
      if (!b.underlying_close) b.underlying_close = stored.underlying_close;
    });
    const BarOrigin origin{BarSource::market, convention_};
    repository_.write(bars, origin);
    replaced_daily_ += give_minute_data_precedence(repository_, bars, origin);
    if (instrument->lot) {
      std::vector<ContractLot> lots;
      for (const StrikeBar& bar : bars) {
        const Date day = ist_date(bar.key.bucket);
        if (lots.empty() || lots.back().day != day)
          lots.push_back({instrument->symbol, instrument->expiry, day, *instrument->lot});
      }
      repository_.record_lots(lots);
    }
  } catch (const std::exception& e) {
    err << name << ": storage failed: " << e.what() << "\n";
    return false;
  }
  bars_ += bars.size();
  return true;
}

bool CandleImport::import_future(const CandleInstrument& instrument,
                                 const std::vector<kite::HistoricalCandle>& candles,
                                 const std::string& name, std::ostream& err) {
  const auto closes = underlying_.find(instrument.symbol);
  std::vector<FutureBar> bars;
  bars.reserve(candles.size());
  for (const kite::HistoricalCandle& c : candles) {
    const UtcSeconds minute = utc_seconds(epoch_seconds(floor_seconds(c.start)) / 60 * 60);
    FutureBar bar;
    bar.key = FutureBarKey{instrument.symbol, instrument.expiry, minute};
    bar.has_price = true;
    bar.open = c.open;
    bar.high = std::max({c.high, c.open, c.close});
    bar.low = std::min({c.low, c.open, c.close});
    bar.close = c.close;
    bar.volume = c.volume;
    bar.oi = c.oi;
    bar.observed_at = minute + std::chrono::seconds{60};
    bar.count = 1;
    if (closes != underlying_.end()) {
      if (auto it = closes->second.find(epoch_seconds(minute)); it != closes->second.end())
        bar.underlying = it->second;
    }
    bars.push_back(std::move(bar));
  }
  try {
    repository_.write_with_futures({}, bars, BarSource::market);
  } catch (const std::exception& e) {
    err << name << ": storage failed: " << e.what() << "\n";
    return false;
  }
  future_candles_ += bars.size();
  return true;
}

void CandleImport::print_summary(std::ostream& out) const {
  out << "kite candles: " << files_ << " files, " << candles_ << " option candles, "
      << underlying_candles_ << " underlying candles, " << rejected_ << " rejected; " << bars_
      << " 1-minute strike bars stored";
  if (future_candles_) out << ", " << future_candles_ << " 1-minute future bars stored";
  if (replaced_daily_)
    out << "; " << replaced_daily_ << " daily bars of those days replaced by this minute data";
  if (without_underlying_)
    out << "; " << without_underlying_
        << " option candles without the underlying's candle of their minute (no IV: import the "
           "underlying's candles first in the same run)";
  out << "\n";
}

}  // namespace strikeline::app
