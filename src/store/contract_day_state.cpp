#include "store/contract_day_state.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <map>
#include <tuple>

namespace strikeline {

namespace {

void observe_side(SideDayState& s, const SideBar& side, std::int64_t key) {
  if (key >= s.observed_key) s.observed_key = key;
  if (side.oi && key >= s.oi_key) {
    s.oi = side.oi;
    s.oi_change = side.oi_change;
    s.oi_key = key;
  }
  if (side.has_premium && key >= s.price_key) {
    s.price = side.close;
    s.price_key = key;
  }
  if (side.has_analytics() && key >= s.analytics_key) {
    s.iv = side.iv;
    s.delta = side.delta;
    s.gamma = side.gamma;
    s.theta = side.theta;
    s.vega = side.vega;
    s.analytics_key = key;
  }
  if (side.has_quote() && key >= s.quote_key) {
    s.bid = side.bid;
    s.ask = side.ask;
    s.bid_qty = side.bid_qty;
    s.ask_qty = side.ask_qty;
    s.quote_key = key;
  }
}

void fold_side(SideDayState& into, const SideDayState& later) {
  if (later.observed_key >= 0 && later.observed_key >= into.observed_key) {
    into.observed_key = later.observed_key;
  }
  if (later.oi_key >= 0 && later.oi_key >= into.oi_key) {
    into.oi = later.oi;
    into.oi_change = later.oi_change;
    into.oi_key = later.oi_key;
  }
  if (later.price_key >= 0 && later.price_key >= into.price_key) {
    into.price = later.price;
    into.price_key = later.price_key;
  }
  if (later.analytics_key >= 0 && later.analytics_key >= into.analytics_key) {
    into.iv = later.iv;
    into.delta = later.delta;
    into.gamma = later.gamma;
    into.theta = later.theta;
    into.vega = later.vega;
    into.analytics_key = later.analytics_key;
  }
  if (later.quote_key >= 0 && later.quote_key >= into.quote_key) {
    into.bid = later.bid;
    into.ask = later.ask;
    into.bid_qty = later.bid_qty;
    into.ask_qty = later.ask_qty;
    into.quote_key = later.quote_key;
  }
}

SideCell side_cell_of(const SideDayState& s) {
  SideCell c;
  if (s.oi_key >= 0 && s.oi) {
    c.oi = *s.oi;
    c.flags |= side_cell::has_oi;
    if (s.oi_change) {
      c.oi_change = *s.oi_change;
      c.flags |= side_cell::has_oi_change;
    }
  }
  if (s.price_key >= 0 && s.price) {
    // As the chain store's cells keep prices (compact_bar.h: the nearest float), so a state read
    // from a repository equals the one carried in memory.
    c.last_price = static_cast<float>(*s.price);
    c.flags |= side_cell::has_price;
  }
  if (s.analytics_key >= 0) {
    c.iv = static_cast<float>(s.iv);
    c.delta = static_cast<float>(s.delta);
    c.gamma = static_cast<float>(s.gamma);
    c.theta = static_cast<float>(s.theta);
    c.vega = static_cast<float>(s.vega);
    c.flags |= side_cell::has_analytics;
  }
  if (s.observed_key >= 0) {
    c.observed_at = epoch_seconds(observation_time(s.observed_key));
    c.flags |= side_cell::observed;
  }
  if (s.quote_key >= 0) c.quote = saturated_quote(s.bid, s.ask, s.bid_qty, s.ask_qty);
  return c;
}

constexpr const char* kSideNames[] = {
    "oi",    "oi_change", "oi_key",  "price",   "price_key",     "iv",
    "delta", "gamma",     "theta",   "vega",    "analytics_key", "observed_key",
    "bid",   "ask",       "bid_qty", "ask_qty", "quote_key"};
constexpr std::size_t kSideValues = std::size(kSideNames);

void side_values(const SideDayState& s, std::vector<std::optional<double>>& out) {
  const auto number = [](const auto& v) -> std::optional<double> {
    if (v) return static_cast<double>(*v);
    return std::nullopt;
  };
  const bool analytics = s.analytics_key >= 0;
  const auto greek = [&](double v) -> std::optional<double> {
    if (analytics) return v;
    return std::nullopt;
  };
  out.push_back(number(s.oi));
  out.push_back(number(s.oi_change));
  out.push_back(static_cast<double>(s.oi_key));
  out.push_back(s.price);
  out.push_back(static_cast<double>(s.price_key));
  for (double v : {s.iv, s.delta, s.gamma, s.theta, s.vega}) out.push_back(greek(v));
  out.push_back(static_cast<double>(s.analytics_key));
  out.push_back(static_cast<double>(s.observed_key));
  out.push_back(s.bid);
  out.push_back(s.ask);
  out.push_back(number(s.bid_qty));
  out.push_back(number(s.ask_qty));
  out.push_back(static_cast<double>(s.quote_key));
}

void assign_side(SideDayState& s, std::span<const std::optional<double>> v) {
  const auto integer = [](const std::optional<double>& x) -> std::optional<std::int64_t> {
    if (x) return static_cast<std::int64_t>(*x);
    return std::nullopt;
  };
  const auto key = [](const std::optional<double>& x) {
    return x ? static_cast<std::int64_t>(*x) : std::int64_t{-1};
  };
  s.oi = integer(v[0]);
  s.oi_change = integer(v[1]);
  s.oi_key = key(v[2]);
  s.price = v[3];
  s.price_key = key(v[4]);
  s.iv = v[5].value_or(0);
  s.delta = v[6].value_or(0);
  s.gamma = v[7].value_or(0);
  s.theta = v[8].value_or(0);
  s.vega = v[9].value_or(0);
  s.analytics_key = key(v[10]);
  s.observed_key = key(v[11]);
  s.bid = v[12];
  s.ask = v[13];
  s.bid_qty = integer(v[14]);
  s.ask_qty = integer(v[15]);
  s.quote_key = key(v[16]);
}

}  // namespace

const std::vector<std::string>& contract_state_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> out{"expiry", "symbol", "strike", "day"};
    for (const char* side : {"call_", "put_"}) {
      for (const char* name : kSideNames) out.push_back(std::string(side) + name);
    }
    out.push_back("underlying");
    out.push_back("underlying_key");
    return out;
  }();
  return columns;
}

const std::vector<StateColumnGroup>& contract_state_groups() {
  static const std::vector<StateColumnGroup> groups = [] {
    std::vector<StateColumnGroup> out;
    for (const std::string side : {"call_", "put_"}) {
      out.push_back({side + "oi_key", {side + "oi", side + "oi_change"}});
      out.push_back({side + "price_key", {side + "price"}});
      out.push_back({side + "analytics_key",
                     {side + "iv", side + "delta", side + "gamma", side + "theta", side + "vega"}});
      out.push_back({side + "observed_key", {}});
      out.push_back(
          {side + "quote_key", {side + "bid", side + "ask", side + "bid_qty", side + "ask_qty"}});
    }
    out.push_back({"underlying_key", {"underlying"}});
    return out;
  }();
  return groups;
}

std::vector<std::optional<double>> contract_state_values(const ContractDayState& state) {
  std::vector<std::optional<double>> out;
  out.reserve(2 * kSideValues + 2);
  side_values(state.call, out);
  side_values(state.put, out);
  out.push_back(state.underlying);
  out.push_back(static_cast<double>(state.underlying_key));
  return out;
}

void assign_contract_state_values(ContractDayState& state,
                                  std::span<const std::optional<double>> values) {
  assert(values.size() == 2 * kSideValues + 2);
  assign_side(state.call, values.subspan(0, kSideValues));
  assign_side(state.put, values.subspan(kSideValues, kSideValues));
  state.underlying = values[2 * kSideValues];
  state.underlying_key =
      values[2 * kSideValues + 1] ? static_cast<std::int64_t>(*values[2 * kSideValues + 1]) : -1;
}

std::int64_t observation_key(UtcSeconds bucket, const std::optional<UtcSeconds>& observed_at) {
  const std::int64_t offset = observed_at ? (*observed_at - bucket).count() : 60;
  return epoch_seconds(bucket) * 64 + std::clamp<std::int64_t>(offset, 0, 60);
}

UtcSeconds observation_time(std::int64_t key) {
  return utc_seconds(key / 64 + key % 64);
}

std::vector<ContractDayState> day_states_of(std::span<const StrikeBar> bars) {
  using Key = std::tuple<std::string_view, Expiry, Strike, Date>;
  std::map<Key, ContractDayState> states;
  for (const StrikeBar& bar : bars) {
    const Date day = ist_date(bar.key.bucket);
    auto [it, fresh] = states.try_emplace(Key{bar.key.symbol, bar.key.expiry, bar.key.strike, day});
    ContractDayState& s = it->second;
    if (fresh) {
      s.symbol = bar.key.symbol;
      s.expiry = bar.key.expiry;
      s.strike = bar.key.strike;
      s.day = day;
    }
    std::int64_t newest = -1;
    for (auto [side, into] : {std::pair{&bar.call, &s.call}, std::pair{&bar.put, &s.put}}) {
      if (side->empty()) continue;
      const std::int64_t key = observation_key(bar.key.bucket, side->observed_at);
      observe_side(*into, *side, key);
      newest = std::max(newest, key);
    }
    if (newest < 0) newest = observation_key(bar.key.bucket, std::nullopt);
    if (bar.underlying_close && newest >= s.underlying_key) {
      s.underlying = bar.underlying_close;
      s.underlying_key = newest;
    }
  }
  std::vector<ContractDayState> out;
  out.reserve(states.size());
  for (auto& [key, state] : states) out.push_back(std::move(state));
  return out;
}

void fold_day_state(ContractDayState& into, const ContractDayState& later) {
  fold_side(into.call, later.call);
  fold_side(into.put, later.put);
  if (later.underlying && later.underlying_key >= into.underlying_key) {
    into.underlying = later.underlying;
    into.underlying_key = later.underlying_key;
  }
  into.day = std::max(into.day, later.day);
}

StateRow opening_row(std::span<const ContractDayState> contracts) {
  std::vector<const ContractDayState*> sorted;
  sorted.reserve(contracts.size());
  for (const ContractDayState& c : contracts) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->strike < b->strike; });
  StateRow row;
  row.strikes.reserve(sorted.size());
  const ContractDayState* newest = nullptr;
  for (const ContractDayState* c : sorted) {
    StrikeCell& cell = row.strikes.emplace_back();
    cell.strike = c->strike;
    cell.listed = true;
    cell.call = side_cell_of(c->call);
    cell.put = side_cell_of(c->put);
    // Ascending strikes: a tie on the key goes to the higher strike, as the carried rows do.
    if (c->underlying && (!newest || c->underlying_key >= newest->underlying_key)) newest = c;
  }
  if (newest) {
    row.has_underlying = true;
    row.underlying = static_cast<float>(*newest->underlying);
    row.underlying_at = epoch_seconds(observation_time(newest->underlying_key));
  }
  return row;
}

}  // namespace strikeline
