#include "feed/nse/option_chain_reader.h"

#include <cmath>

#include "core/symbol.h"
#include "core/text.h"
#include "feed/json_line.h"

namespace strikeline {

namespace {

// The number `key` of `o` (NSE writes some as strings); absent when missing or null.
std::optional<std::string> number_of(simdjson::dom::object o, std::string_view key,
                                     std::optional<double>& out) {
  simdjson::dom::element v;
  if (o[key].get(v)) return std::nullopt;
  if (v.is_string()) {
    std::string_view text;
    const bool unreadable = v.get_string().get(text) != simdjson::SUCCESS;
    auto parsed = unreadable ? std::nullopt : parse_double(trim(text));
    if (!parsed) return std::string(key) + ": expected a number";
    out = *parsed;
    return std::nullopt;
  }
  return json_number(v, key, out);
}

std::optional<std::string> read_side(simdjson::dom::object side, OptionChainQuote& q,
                                     std::string* symbol) {
  std::optional<double> oi, change, volume, iv, last, bid, ask, bid_qty, ask_qty, underlying;
  for (auto [key, out] :
       {std::pair{"openInterest", &oi}, std::pair{"changeinOpenInterest", &change},
        std::pair{"totalTradedVolume", &volume}, std::pair{"impliedVolatility", &iv},
        std::pair{"lastPrice", &last}, std::pair{"bidprice", &bid}, std::pair{"askPrice", &ask},
        std::pair{"bidQty", &bid_qty}, std::pair{"askQty", &ask_qty},
        std::pair{"underlyingValue", &underlying}}) {
    if (auto error = number_of(side, key, *out)) return error;
  }
  if (!oi) return std::string("openInterest: missing");
  if (*oi < 0) return std::string("openInterest: below 0");
  if (volume && *volume < 0) return std::string("totalTradedVolume: below 0");
  for (auto [name, v] : {std::pair{"lastPrice", last}, std::pair{"bidprice", bid},
                         std::pair{"askPrice", ask}, std::pair{"impliedVolatility", iv}}) {
    if (v && *v < 0) return std::string(name) + ": below 0";
  }
  for (auto [name, v] : {std::pair{"bidQty", bid_qty}, std::pair{"askQty", ask_qty}}) {
    if (v && (*v < 0 || *v != std::floor(*v)))
      return std::string(name) + ": expected a whole quantity";
  }
  q.oi_contracts = *oi;
  q.oi_change_contracts = change;
  q.volume_contracts = volume;
  q.iv = iv && *iv > 0 ? iv : std::nullopt;
  q.last_price = last && *last > 0 ? last : std::nullopt;
  q.bid = bid && *bid > 0 ? bid : std::nullopt;
  q.ask = ask && *ask > 0 ? ask : std::nullopt;
  q.bid_qty =
      bid_qty ? std::optional<std::int64_t>(static_cast<std::int64_t>(*bid_qty)) : std::nullopt;
  q.ask_qty =
      ask_qty ? std::optional<std::int64_t>(static_cast<std::int64_t>(*ask_qty)) : std::nullopt;
  q.underlying = underlying && *underlying > 0 ? underlying : std::nullopt;
  std::string_view name;
  if (symbol->empty() && !side["underlying"].get(name)) {
    if (auto canonical = canonical_symbol(name)) *symbol = std::move(*canonical);
  }
  return std::nullopt;
}

}  // namespace

bool looks_like_nse_option_chain(std::string_view text) {
  text = trim(text.substr(0, 4096));
  return text.starts_with('{') && text.find("\"records\"") != std::string_view::npos;
}

OptionChainSnapshot read_nse_option_chain(std::string_view text) {
  OptionChainSnapshot out;
  JsonLineParser parser;
  std::string error;
  auto doc = parser.parse_object(text, error);
  if (!doc) {
    out.refused = "not an NSE option-chain response: " + error;
    return out;
  }
  simdjson::dom::object records;
  if ((*doc)["records"].get(records)) {
    out.refused = "not an NSE option-chain response: no \"records\" object";
    return out;
  }
  std::string_view stamp;
  std::optional<Timestamp> at;
  if (!records["timestamp"].get(stamp)) at = parse_ist_timestamp_text(stamp);
  if (!at) {
    out.refused = "records.timestamp '" + std::string(stamp.substr(0, 40)) +
                  "' is not a time like 28-Mar-2022 10:47:19 (IST)";
    return out;
  }
  out.at = *at;
  std::optional<double> underlying;
  if (auto e = number_of(records, "underlyingValue", underlying)) {
    out.refused = "records." + *e;
    return out;
  }
  if (underlying && *underlying > 0) out.underlying = underlying;
  simdjson::dom::array data;
  if (records["data"].get(data)) {
    out.refused = "not an NSE option-chain response: no records.data array";
    return out;
  }
  std::size_t position = 0;
  for (simdjson::dom::element entry : data) {
    ++position;
    simdjson::dom::object o;
    if (entry.get_object().get(o)) {
      note_rejection(out.rejected, out.rejected_count, position, "expected an object");
      continue;
    }
    std::optional<double> strike_value;
    std::string_view expiry_text;
    std::optional<Strike> strike;
    if (!number_of(o, "strikePrice", strike_value) && strike_value && *strike_value > 0)
      strike = Strike::from_double(*strike_value);
    const std::optional<Date> expiry =
        o["expiryDate"].get(expiry_text) ? std::nullopt : parse_date_text(expiry_text);
    if (!strike || !expiry) {
      note_rejection(out.rejected, out.rejected_count, position,
                     !strike ? "strikePrice: expected a strike above 0"
                             : "expiryDate: expected a date like 31-Mar-2022");
      continue;
    }
    for (Side side : {Side::call, Side::put}) {
      simdjson::dom::object s;
      if (o[side == Side::call ? "CE" : "PE"].get(s)) continue;  // a side can be absent
      OptionChainQuote q;
      q.expiry = *expiry;
      q.strike = *strike;
      q.side = side;
      if (auto why = read_side(s, q, &out.symbol)) {
        note_rejection(out.rejected, out.rejected_count, position,
                       std::string(side == Side::call ? "CE." : "PE.") + *why);
        continue;
      }
      out.quotes.push_back(q);
    }
  }
  if (out.symbol.empty() && !out.quotes.empty()) {
    out.refused = "no side names its underlying";
    out.quotes.clear();
  }
  return out;
}

}  // namespace strikeline
