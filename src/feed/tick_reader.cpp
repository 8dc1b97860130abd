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
  bid_qty,
  ask_qty,
  iv,
  delta,
  gamma,
  theta,
  vega,
  unknown
};

TickKey tick_key(std::string_view key) {
  static constexpr std::pair<std::string_view, TickKey> kKeys[] = {
      {"ts", TickKey::ts},         {"symbol", TickKey::symbol},   {"expiry", TickKey::expiry},
      {"strike", TickKey::strike}, {"type", TickKey::type},       {"price", TickKey::price},
      {"volume", TickKey::volume}, {"oi", TickKey::oi},           {"bid", TickKey::bid},
      {"ask", TickKey::ask},       {"bid_qty", TickKey::bid_qty}, {"ask_qty", TickKey::ask_qty},
      {"iv", TickKey::iv},         {"delta", TickKey::delta},     {"gamma", TickKey::gamma},
      {"theta", TickKey::theta},   {"vega", TickKey::vega},
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
  std::optional<std::int64_t> volume, oi, bid_qty, ask_qty;
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
    case TickKey::bid_qty:
      return json_integer(v, name, raw.bid_qty);
    case TickKey::ask_qty:
      return json_integer(v, name, raw.ask_qty);
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
  return iequals(t, "FUT") || iequals(t, "FUTURE") || iequals(t, "FUTURES") ||
         iequals(t, "FUTIDX") || iequals(t, "FUTSTK");
}
bool is_underlying_type(std::string_view t) {
  return iequals(t, "INDEX") || iequals(t, "SPOT") || iequals(t, "UNDERLYING");
}

}  // namespace

std::optional<MarketEvent> TickLineDecoder::decode(std::string_view line, std::string& error) {
  auto event = decode_fields(line, error);
  if (!event) return std::nullopt;
  if (auto problem = market_event_problem(*event, options_.live)) {
    error = std::move(*problem);
    return std::nullopt;
  }
  return event;
}

std::optional<MarketEvent> TickLineDecoder::decode_fields(std::string_view line,
                                                          std::string& error) {
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
                     not_negative("volume", raw.volume), not_negative("oi", raw.oi),
                     not_negative("bid_qty", raw.bid_qty), not_negative("ask_qty", raw.ask_qty)}) {
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
      // The future's cumulative day volume and OI (units), both optional.
      return MarketEvent{
          FutureTick{*raw.ts, last_symbol_, *expiry, *raw.price, raw.volume, raw.oi}};
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
  tick.bid_qty = raw.bid_qty;
  tick.ask_qty = raw.ask_qty;
  tick.iv = raw.iv;
  tick.delta = raw.delta;
  tick.gamma = raw.gamma;
  tick.theta = raw.theta;
  tick.vega = raw.vega;
  return MarketEvent{std::move(tick)};
}

TickStreamReader::TickStreamReader(TickReadOptions options)
    : decoder_(std::move(options)),
      text_(
          "NDJSON", TextStream::Units::lines,
          [this](std::string_view text, std::size_t number) { line(text, number); },
          [this](std::size_t number, std::string detail) {
            if (result_.rejected.size() < kListedRejections) rejected_bytes_ += detail.size();
            note_rejection(result_.rejected, result_.rejected_count, number, std::move(detail));
          }) {}

void TickStreamReader::line(std::string_view text, std::size_t number) {
  text = trim(text);
  if (text.empty()) return;
  if (first_) {
    first_ = false;
    if (text.front() != '{') {
      text_.refuse("not NDJSON: line " + std::to_string(number) + " is not a JSON object");
      return;
    }
  }
  if (auto event = decoder_.decode(text, error_)) {
    result_.events.push_back(std::move(*event));
  } else {
    if (result_.rejected.size() < kListedRejections) rejected_bytes_ += error_.size();
    note_rejection(result_.rejected, result_.rejected_count, number, std::move(error_));
    error_.clear();
  }
}

void TickStreamReader::feed(std::string_view piece) {
  text_.feed(piece);
}

void TickStreamReader::finish() {
  text_.finish();
}

std::size_t TickStreamReader::memory_bytes() const {
  return result_.events.capacity() * sizeof(MarketEvent) +
         result_.rejected.capacity() * sizeof(LineRejection) + rejected_bytes_ + text_.buffered();
}

TickReadResult& TickStreamReader::result() {
  if (text_.refused() && !result_.refused) result_.refused = text_.refused();
  if (result_.refused) {
    result_.events.clear();
    result_.rejected.clear();
    result_.rejected_count = 0;
  }
  return result_;
}

TickReadResult read_ticks_ndjson(std::string_view text, const TickReadOptions& options) {
  TickStreamReader reader(options);
  reader.feed(text);
  reader.finish();
  return std::move(reader.result());
}

}  // namespace strikeline
