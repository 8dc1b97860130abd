#include "app/live_chain_table.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>

#include "app/stream_cells.h"
#include "core/timestamp.h"

namespace strikeline::app {

namespace json = boost::json;

namespace {

constexpr int kQuantityWidth = 9, kPriceWidth = 8, kIvWidth = 6, kStrikeWidth = 11;

std::string right(const std::string& text, int width) {
  if (static_cast<int>(text.size()) >= width) return text;
  return std::string(static_cast<std::size_t>(width) - text.size(), ' ') + text;
}

std::string centred(const std::string& text, int width) {
  if (static_cast<int>(text.size()) >= width) return text;
  const std::size_t pad = static_cast<std::size_t>(width) - text.size();
  return std::string(pad / 2, ' ') + text + std::string(pad - pad / 2, ' ');
}

const json::object& side_of(const json::object& row, std::string_view side) {
  static const json::object none;
  const json::value* v = row.if_contains(side);
  return v && v->is_object() ? v->as_object() : none;
}

// One side's cells, outermost first: OI, its change, volume, IV, LTP, bid, ask.
std::vector<std::string> cells(const json::object& s) {
  return {right(optional_quantity(s, "oi"), kQuantityWidth),
          right(optional_quantity_change(s, "oi_change"), kQuantityWidth),
          right(optional_quantity(s, "volume"), kQuantityWidth),
          right(optional_number(s, "iv", 2), kIvWidth),
          right(optional_number(s, "ltp", 2), kPriceWidth),
          right(optional_number(s, "bid", 2), kPriceWidth),
          right(optional_number(s, "ask", 2), kPriceWidth)};
}

const std::vector<std::string>& titles() {
  static const std::vector<std::string> t = {
      right("OI", kQuantityWidth), right("chg OI", kQuantityWidth), right("volume", kQuantityWidth),
      right("IV", kIvWidth),       right("LTP", kPriceWidth),       right("bid", kPriceWidth),
      right("ask", kPriceWidth)};
  return t;
}

// calls outermost-first left to right, then the strike, then puts innermost-first.
std::string line_of(const std::vector<std::string>& call, const std::string& strike,
                    const std::vector<std::string>& put) {
  std::string out;
  for (const std::string& c : call) out += c + " ";
  out += " " + strike + " ";
  for (auto it = put.rbegin(); it != put.rend(); ++it) out += " " + *it;
  return out;
}

}  // namespace

bool LiveChainTable::apply(const json::object& message) {
  const json::value* type = message.if_contains("type");
  if (!type || !type->is_string()) return false;
  auto put_rows = [&](const json::value* rows) {
    if (!rows || !rows->is_array()) return;
    for (const json::value& row : rows->as_array()) {
      if (!row.is_object()) continue;
      rows_[number_or(row.as_object(), "strike", 0)] = row.as_object();
    }
  };
  if (type->as_string() == "chain_snapshot") {
    header_ = message;
    header_.erase("type");
    header_.erase("rows");
    rows_.clear();
    put_rows(message.if_contains("rows"));
    has_snapshot_ = true;
    return true;
  }
  if (type->as_string() == "chain_update") {
    if (const json::value* h = message.if_contains("header"); h && h->is_object()) {
      header_ = h->as_object();
    }
    put_rows(message.if_contains("rows"));
    if (const json::value* removed = message.if_contains("removed");
        removed && removed->is_array()) {
      for (const json::value& strike : removed->as_array()) {
        if (strike.is_number()) rows_.erase(strike.to_number<double>());
      }
    }
    return true;
  }
  return false;
}

std::string LiveChainTable::json() const {
  json::object out = header_;
  json::array list;
  list.reserve(rows_.size());
  for (const auto& [strike, row] : rows_) list.push_back(row);
  out["rows"] = std::move(list);
  return json::serialize(out);
}

std::string LiveChainTable::text() const {
  const json::object& h = header_;
  const auto as_of = static_cast<std::int64_t>(number_or(h, "as_of", 0));
  std::string out = text_or_unknown(h, "symbol") + " " + text_or_unknown(h, "expiry");
  if (const json::value* label = h.if_contains("expiry_label"); label && label->is_string()) {
    out += " " + std::string(label->as_string());
  }
  out += "  " + optional_number(h, "days_to_expiry", 0) + " days to expiry  lot " +
         optional_number(h, "lot_size", 0) + "  as of " +
         format_date(ist_date(Timestamp(std::chrono::seconds(as_of)))) + " " + ist_clock(as_of) +
         " IST\n";
  out += "spot " + optional_number(h, "spot", 2) + "  fut " + optional_number(h, "future", 2) +
         "  fwd " + optional_number(h, "forward", 2) + "  ATM " + optional_strike(h, "atm_strike") +
         "  PCR " + optional_number(h, "pcr", 4) + "  max pain " + optional_strike(h, "max_pain") +
         "  OI C " + optional_quantity(h, "total_call_oi") + " (" +
         optional_quantity_change(h, "total_call_oi_change") + ") P " +
         optional_quantity(h, "total_put_oi") + " (" +
         optional_quantity_change(h, "total_put_oi_change") + ")  " + std::to_string(rows_.size()) +
         " of " + optional_number(h, "listed_strikes", 0) + " strikes\n";
  if (rows_.empty()) {
    out += "no data for " + text_or_unknown(h, "symbol") + " " + text_or_unknown(h, "expiry") +
           " at this moment: the table fills in when its first ticks arrive\n";
    return out;
  }
  const std::string header_line = line_of(titles(), centred("STRIKE", kStrikeWidth), titles());
  const std::size_t half = (header_line.size() - kStrikeWidth) / 2;
  out += centred("CALLS", static_cast<int>(half)) + std::string(kStrikeWidth, ' ') +
         centred("PUTS", static_cast<int>(header_line.size() - half - kStrikeWidth)) + "\n";
  out += header_line + "\n";
  const json::value* atm = h.if_contains("atm_strike");
  for (const auto& [strike, row] : rows_) {
    std::string k = optional_strike(row, "strike");
    if (atm && atm->is_number() && atm->to_number<double>() == strike) k = "> " + k + " <";
    out +=
        line_of(cells(side_of(row, "call")), centred(k, kStrikeWidth), cells(side_of(row, "put"))) +
        "\n";
  }
  return out;
}

}  // namespace strikeline::app
