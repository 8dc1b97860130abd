#include "feed/tick_writer.h"

#include "feed/number_text.h"

namespace strikeline {

namespace {

void append_ts(std::string& out, Timestamp ts) {
  out += "{\"ts\":";
  const auto micros = ts.time_since_epoch().count();
  append_number(out, micros / 1'000'000);
  if (const auto frac = micros % 1'000'000; frac != 0) {
    char digits[8];
    std::int64_t f = frac;
    for (int i = 5; i >= 0; --i, f /= 10) digits[i] = static_cast<char>('0' + f % 10);
    int len = 6;
    while (len > 1 && digits[len - 1] == '0') --len;
    out += '.';
    out.append(digits, static_cast<std::size_t>(len));
  }
}

void append_symbol(std::string& out, const std::string& symbol) {
  out += ",\"symbol\":\"";
  out += symbol;  // canonical symbols need no escaping
  out += '"';
}

template <typename T>
void append_field(std::string& out, std::string_view name, const std::optional<T>& value) {
  if (!value) return;
  out += ",\"";
  out += name;
  out += "\":";
  append_number(out, *value);
}

}  // namespace

void append_tick_ndjson(std::string& out, const MarketEvent& event) {
  if (const auto* o = std::get_if<OptionTick>(&event)) {
    append_ts(out, o->ts);
    append_symbol(out, o->symbol);
    out += ",\"expiry\":\"" + format_date(o->expiry) + "\",\"strike\":";
    append_number(out, o->strike.to_double());
    out += ",\"type\":\"";
    out += side_code(o->side);
    out += '"';
    append_field(out, "price", o->price);
    append_field(out, "volume", o->cumulative_volume);
    append_field(out, "oi", o->oi);
    append_field(out, "bid", o->bid);
    append_field(out, "ask", o->ask);
    append_field(out, "bid_qty", o->bid_qty);
    append_field(out, "ask_qty", o->ask_qty);
    append_field(out, "iv", o->iv);
    append_field(out, "delta", o->delta);
    append_field(out, "gamma", o->gamma);
    append_field(out, "theta", o->theta);
    append_field(out, "vega", o->vega);
  } else if (const auto* u = std::get_if<UnderlyingTick>(&event)) {
    append_ts(out, u->ts);
    append_symbol(out, u->symbol);
    out += ",\"price\":";
    append_number(out, u->price);
  } else if (const auto* f = std::get_if<FutureTick>(&event)) {
    append_ts(out, f->ts);
    append_symbol(out, f->symbol);
    out += ",\"expiry\":\"" + format_date(f->expiry) + "\",\"type\":\"FUT\",\"price\":";
    append_number(out, f->price);
    append_field(out, "volume", f->cumulative_volume);
    append_field(out, "oi", f->oi);
  }
  out += "}\n";
}

std::string write_ticks_ndjson(std::span<const MarketEvent> events) {
  std::string out;
  out.reserve(events.size() * 160);
  for (const MarketEvent& e : events) append_tick_ndjson(out, e);
  return out;
}

}  // namespace strikeline
