// The option chain's fields in the order every form writes them (API.md GET /fo/option-chain):
// side_fields() for one side of a row, header_fields() for the header after symbol and expiry.
// Each calls out(name, value) with value a std::optional of a number (double or std::int64_t) or
// of text (std::string_view); the JSON answer, the CSV export and the stream's chain messages are
// all written through them, so their columns cannot drift apart. write_chain_header() and
// write_chain_row() are the JSON forms.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "api/json_writer.h"
#include "query/moneyness.h"
#include "query/option_chain.h"

namespace strikeline {

// A moneyness label, or none without ATM.
inline std::optional<std::string_view> chain_label(const std::optional<int>& rank) {
  if (!rank) return std::nullopt;
  return moneyness_label(*rank);
}

inline std::optional<std::int64_t> chain_epoch(const std::optional<UtcSeconds>& t) {
  if (!t) return std::nullopt;
  return epoch_seconds(*t);
}

// ISO 8601 in IST ("2025-11-04T09:15:00+05:30").
inline std::string chain_ist_text(UtcSeconds t) {
  std::string text = format_iso_utc(t + kIstOffset);
  if (!text.empty() && text.back() == 'Z') text.replace(text.size() - 1, 1, "+05:30");
  return text;
}

// Quantities (volume, OI, bid/ask sizes) are in units; prices in rupees; IV in percent.
template <class Out>
void side_fields(const OptionChainSide& s, Out&& out) {
  out("ltp", s.ltp);
  out("change", s.change);
  out("change_pct", s.change_pct);
  out("bid", s.bid);
  out("ask", s.ask);
  out("bid_qty", s.bid_qty);
  out("ask_qty", s.ask_qty);
  out("volume", std::optional<std::int64_t>(s.volume));
  out("oi", s.oi);
  out("oi_change", s.oi_change);
  out("oi_change_since", s.oi_change_since);
  out("iv", s.iv);
  out("delta", s.delta);
  out("gamma", s.gamma);
  out("theta", s.theta);
  out("vega", s.vega);
  out("observed_at", chain_epoch(s.observed_at));
  out("moneyness", chain_label(s.moneyness_rank));
}

inline std::optional<double> chain_strike(const std::optional<Strike>& k) {
  if (!k) return std::nullopt;
  return k->to_double();
}

template <class Out>
void header_fields(const OptionChain& c, Out&& out) {
  using Int = std::optional<std::int64_t>;
  using Text = std::optional<std::string_view>;
  out("expiry_label", c.expiry ? Text(c.expiry_label) : std::nullopt);
  out("days_to_expiry", c.days_to_expiry ? Int(*c.days_to_expiry) : std::nullopt);
  out("lot_size", Int(c.lot_size));
  out("spot", c.spot);
  out("future", c.future);
  out("forward", c.forward);
  out("atm_strike", chain_strike(c.atm_strike));
  out("pcr", c.pcr);
  out("max_pain", chain_strike(c.max_pain));
  out("total_call_oi", Int(c.call_totals.oi));
  out("total_put_oi", Int(c.put_totals.oi));
  out("total_call_oi_change", Int(c.call_totals.oi_change));
  out("total_put_oi_change", Int(c.put_totals.oi_change));
  out("total_call_volume", Int(c.call_totals.volume));
  out("total_put_volume", Int(c.put_totals.volume));
  out("as_of", Int(epoch_seconds(c.as_of)));
  out("as_of_ist", Text(chain_ist_text(c.as_of)));
  out("since", Int(epoch_seconds(c.since)));
  out("since_ist", Text(chain_ist_text(c.since)));
  out("session_day", c.session_day ? Text(format_date(*c.session_day)) : std::nullopt);
  out("oldest_observation", chain_epoch(c.oldest_observation));
  out("strike_range", c.strike_range ? Int(*c.strike_range) : std::nullopt);
  out("listed_strikes", Int(static_cast<std::int64_t>(c.listed_strikes)));
  out("iv_convention", Text(stored_iv_convention_name(c.iv_convention)));
}

// Writes each field as a JSON member.
struct ChainJsonOut {
  JsonWriter& json;
  template <class T>
  void operator()(std::string_view name, const std::optional<T>& value) {
    json.key(name);
    if (!value) {
      json.null();
    } else if constexpr (std::is_convertible_v<T, std::string_view>) {
      json.string(*value);
    } else {
      json.number(*value);
    }
  }
};

// The header's members, "symbol" and "expiry" first (inside an open object).
inline void write_chain_header(JsonWriter& json, const OptionChain& c) {
  json.field("symbol", c.symbol).key("expiry");
  if (c.expiry) {
    json.string(format_date(*c.expiry));
  } else {
    json.null();
  }
  header_fields(c, ChainJsonOut{json});
}

// One row: {"strike","moneyness","call":{...},"put":{...}}.
inline void write_chain_row(JsonWriter& json, const OptionChainRow& row) {
  ChainJsonOut out{json};
  json.begin_object().field("strike", row.strike.to_double());
  out("moneyness", chain_label(row.call.moneyness_rank));
  json.key("call").begin_object();
  side_fields(row.call, out);
  json.end_object().key("put").begin_object();
  side_fields(row.put, out);
  json.end_object().end_object();
}

}  // namespace strikeline
