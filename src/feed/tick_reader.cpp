#include "feed/tick_reader.h"

#include "core/symbol.h"
#include "core/text.h"
#include "feed/input_text.h"

namespace strikeline {

namespace {

enum class TickKey {
  ts,
  symbol,
  expiry,
  strike,
  type,
  price,
  volume,
  oi,
  bid,
  ask,
  iv,
  delta,
  gamma,
  theta,
  vega,
  unknown
};

TickKey tick_key(std::string_view key) {
  static constexpr std::pair<std::string_view, TickKey> kKeys[] = {
      {"ts", TickKey::ts},         {"symbol", TickKey::symbol}, {"expiry", TickKey::expiry},
      {"strike", TickKey::strike}, {"type", TickKey::type},     {"price", TickKey::price},
      {"volume", TickKey::volume}, {"oi", TickKey::oi},         {"bid", TickKey::bid},
      {"ask", TickKey::ask},       {"iv", TickKey::iv},         {"delta", TickKey::delta},
      {"gamma", TickKey::gamma},   {"theta", TickKey::theta},   {"vega", TickKey::vega},
  };
  for (const auto& [name, k] : kKeys) {
    if (name == key) return k;
  }
  return TickKey::unknown;
}

enum class Instrument { option, future, underlying };

struct RawTick {
  std::optional<Timestamp> ts;
  std::optional<std::string_view> symbol, expiry, type;
  std::optional<double> strike, price, bid, ask, iv, delta, gamma, theta, vega;
  std::optional<std::int64_t> volume, oi;
};

std::optional<std::string> read_field(TickKey key, simdjson::dom::element v, std::string_view name,
                                      RawTick& raw) {
  switch (key) {
    case TickKey::ts:
      return json_timestamp(v, name, raw.ts);
    case TickKey::symbol:
      return json_text(v, name, raw.symbol);
    case TickKey::expiry:
      return json_text(v, name, raw.expiry);
    case TickKey::type:
      return json_text(v, name, raw.type);
    case TickKey::strike:
      return json_number(v, name, raw.strike);
    case TickKey::price:
      return json_number(v, name, raw.price);
    case TickKey::volume:
      return json_integer(v, name, raw.volume);
    case TickKey::oi:
      return json_integer(v, name, raw.oi);
    case TickKey::bid:
      return json_number(v, name, raw.bid);
    case TickKey::ask:
      return json_number(v, name, raw.ask);
    case TickKey::iv:
      return json_number(v, name, raw.iv);
    case TickKey::delta:
      return json_number(v, name, raw.delta);
    case TickKey::gamma:
      return json_number(v, name, raw.gamma);
    case TickKey::theta:
      return json_number(v, name, raw.theta);
    case TickKey::vega:
      return json_number(v, name, raw.vega);
    case TickKey::unknown:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> not_negative(std::string_view name, const std::optional<double>& v) {
  if (v && *v < 0) return std::string(name) + ": must not be negative";
  return std::nullopt;
}
std::optional<std::string> not_negative(std::string_view name,
                                        const std::optional<std::int64_t>& v) {
  if (v && *v < 0) return std::string(name) + ": must not be negative";
  return std::nullopt;
}

bool is_future_type(std::string_view t) {
  return iequals(t, "FUT") || iequals(t, "FUTURE") || iequals(t, "FUTURES") || iequals(t, "FUTIDX");
}
bool is_underlying_type(std::string_view t) {
  return iequals(t, "INDEX") || iequals(t, "SPOT") || iequals(t, "UNDERLYING");
}

}  // namespace

std::optional<MarketEvent> TickLineDecoder::decode(std::string_view line, std::string& error) {
  auto object = parser_.parse_object(line, error);
  if (!object) return std::nullopt;

  RawTick raw;
  unsigned seen = 0;
  for (auto field : *object) {
    const TickKey key = tick_key(field.key);
    if (key == TickKey::unknown) continue;
    const unsigned bit = 1u << static_cast<unsigned>(key);
    if (seen & bit) {
      error = std::string(field.key) + ": given twice";
      return std::nullopt;
    }
    seen |= bit;
    if (auto e = read_field(key, field.value, field.key, raw)) {
      error = std::move(*e);
      return std::nullopt;
    }
  }

  if (!raw.ts) {
    error = "ts: missing (epoch seconds or an ISO 8601 string)";
    return std::nullopt;
  }
  if (!raw.symbol) {
    error = "symbol: missing";
    return std::nullopt;
  }
  if (*raw.symbol != last_raw_symbol_ || last_symbol_.empty()) {
    auto canonical = canonical_symbol(*raw.symbol);
    if (!canonical) {
      error = "symbol: '" + excerpt(*raw.symbol) + "' is not a valid symbol";
      return std::nullopt;
    }
    last_raw_symbol_ = *raw.symbol;
    last_symbol_ = std::move(*canonical);
  }

  Instrument instrument = Instrument::underlying;
  std::optional<Side> side;
  if (raw.type) {
    if ((side = parse_side(*raw.type))) {
      instrument = Instrument::option;
    } else if (is_future_type(*raw.type)) {
      instrument = Instrument::future;
    } else if (!is_underlying_type(*raw.type)) {
      error = "type: '" + excerpt(*raw.type) + "' is not CE, PE, FUT or INDEX";
      return std::nullopt;
    }
  } else if (raw.strike || raw.expiry) {
    error = "type: missing (CE or PE for an option, FUT for a future)";
    return std::nullopt;
  }

  for (auto check : {not_negative("price", raw.price), not_negative("bid", raw.bid),
                     not_negative("ask", raw.ask), not_negative("iv", raw.iv),
                     not_negative("volume", raw.volume), not_negative("oi", raw.oi)}) {
    if (check) {
      error = std::move(*check);
      return std::nullopt;
    }
  }

  std::optional<Expiry> expiry;
  if (instrument != Instrument::underlying) {
    if (!raw.expiry) {
      error = "expiry: missing (YYYY-MM-DD)";
      return std::nullopt;
    }
    expiry = parse_date(*raw.expiry);
    if (!expiry) {
      error = "expiry: '" + excerpt(*raw.expiry) + "' is not a YYYY-MM-DD date";
      return std::nullopt;
    }
  }

  if (instrument != Instrument::option) {
    if (!raw.price || *raw.price <= 0) {
      error = raw.price ? "price: must be positive" : "price: missing";
      return std::nullopt;
    }
    if (instrument == Instrument::future) {
      return MarketEvent{FutureTick{*raw.ts, last_symbol_, *expiry, *raw.price}};
    }
    return MarketEvent{UnderlyingTick{*raw.ts, last_symbol_, *raw.price}};
  }

  if (!raw.strike) {
    error = "strike: missing";
    return std::nullopt;
  }
  auto strike = Strike::from_double(*raw.strike);
  if (!strike || strike->hundredths() <= 0) {
    error = "strike: must be a positive price";
    return std::nullopt;
  }
  OptionTick tick;
  tick.ts = *raw.ts;
  tick.symbol = last_symbol_;
  tick.expiry = *expiry;
  tick.strike = *strike;
  tick.side = *side;
  tick.price = raw.price;
  tick.cumulative_volume = raw.volume;
  tick.oi = raw.oi;
  tick.bid = raw.bid;
  tick.ask = raw.ask;
  tick.iv = raw.iv;
  tick.delta = raw.delta;
  tick.gamma = raw.gamma;
  tick.theta = raw.theta;
  tick.vega = raw.vega;
  return MarketEvent{std::move(tick)};
}

TickReadResult read_ticks_ndjson(std::string_view text) {
  TickReadResult result;
  if (auto why = refuse_non_text(text, "NDJSON")) {
    result.refused = std::move(why);
    return result;
  }
  text = strip_byte_order_mark(text);
  TickLineDecoder decoder;
  NdjsonLines lines(text);
  std::string_view line;
  std::string error;
  while (lines.next(line)) {
    if (auto event = decoder.decode(line, error)) {
      result.events.push_back(std::move(*event));
    } else {
      result.rejected.push_back({lines.line_number(), std::move(error)});
      error.clear();
    }
  }
  if (lines.refused()) result.refused = std::move(lines.refused());
  return result;
}

}  // namespace strikeline
