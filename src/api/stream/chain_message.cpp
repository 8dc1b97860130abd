#include "api/stream/chain_message.h"

#include <cassert>

#include "api/option_chain_fields.h"
#include "query/request_normalisation.h"

namespace strikeline {

namespace {

constexpr std::chrono::seconds kMinuteEnd{59};

std::optional<UtcSeconds> newest_moment(const ChainReader& chain, std::string_view symbol,
                                        std::optional<Expiry> expiry) {
  const std::optional<UtcSeconds> minute =
      expiry ? chain.latest_bucket(symbol, *expiry, Timeframe::m1) : chain.newest_bucket(symbol);
  if (!minute) return std::nullopt;
  return *minute + kMinuteEnd;
}

// The expiry's newest option observation (to the second): the newest side's observed_at in the
// chain at the end of its newest minute (every later one is in the future of the data). nullopt
// without data.
std::optional<UtcSeconds> newest_observation(const ChainReader& chain, std::string_view symbol,
                                             Expiry expiry) {
  const std::optional<UtcSeconds> minute_end = newest_moment(chain, symbol, expiry);
  if (!minute_end) return std::nullopt;
  const std::optional<ChainState> state = chain.chain_at(symbol, expiry, *minute_end);
  if (!state) return minute_end;
  std::optional<UtcSeconds> newest;
  for (const StrikeState& s : state->strikes) {
    for (const SideState* side : {&s.call, &s.put}) {
      if (side->observed_at && (!newest || *side->observed_at > *newest)) {
        newest = side->observed_at;
      }
    }
  }
  assert(!newest || *newest <= *minute_end);
  return newest ? newest : minute_end;
}

QueryParams chain_params(std::string_view symbol, std::optional<Expiry> expiry, UtcSeconds at,
                         std::optional<int> strike_range) {
  QueryParams params;
  params.add("symbol", std::string(symbol));
  if (expiry) params.add("expiry", format_date(*expiry));
  params.add("at", std::to_string(epoch_seconds(at)));
  if (strike_range) params.add("strike_range", std::to_string(*strike_range));
  return params;
}

}  // namespace

std::optional<Expiry> live_chain_expiry(const ChainReader& chain, std::string_view symbol,
                                        UtcSeconds now) {
  const UtcSeconds at = newest_moment(chain, symbol, std::nullopt).value_or(now);
  auto request = normalise_option_chain(chain_params(symbol, std::nullopt, at, std::nullopt), chain,
                                        Timestamp{at});
  if (!request) return std::nullopt;
  return request.value().expiry;
}

SharedChainTable read_live_chain(const ChainReader& chain, const ContractSpecs& specs,
                                 std::string_view symbol, Expiry expiry,
                                 std::optional<int> strike_range, UtcSeconds now,
                                 const PricingPolicy& pricing) {
  const UtcSeconds at = newest_observation(chain, symbol, expiry)
                            .value_or(newest_moment(chain, symbol, std::nullopt).value_or(now));
  auto request =
      normalise_option_chain(chain_params(symbol, expiry, at, strike_range), chain, Timestamp{at});
  // The parameters are the server's own, valid by construction.
  assert(request.ok());
  if (!request) throw std::logic_error("live chain parameters refused: " + request.error().detail);
  auto table = std::make_shared<ChainTable>();
  OptionChainRequest chain_request = std::move(request).value();
  chain_request.pricing = pricing;
  table->chain = option_chain(chain, specs, chain_request);
  JsonWriter json(table->header);
  write_chain_header(json, table->chain);
  return table;
}

std::string encode_chain_snapshot(const ChainTable& table) {
  std::string out;
  out.reserve(256 + table.header.size() + 900 * table.chain.rows.size());
  JsonWriter json(out);
  json.begin_object().field("type", "chain_snapshot").raw(table.header);
  json.key("rows").begin_array();
  for (const OptionChainRow& row : table.chain.rows) write_chain_row(json, row);
  json.end_array().end_object();
  return out;
}

std::optional<std::string> encode_chain_update(const ChainTable& before, const ChainTable& after) {
  const std::vector<OptionChainRow>& old_rows = before.chain.rows;
  const std::vector<OptionChainRow>& new_rows = after.chain.rows;
  std::string rows, removed;
  JsonWriter rows_json(rows), removed_json(removed);
  bool changed = before.header != after.header;
  // Both ascending by strike: one merge walk.
  std::size_t i = 0, j = 0;
  while (i < old_rows.size() || j < new_rows.size()) {
    if (j == new_rows.size() || (i < old_rows.size() && old_rows[i].strike < new_rows[j].strike)) {
      removed_json.number(old_rows[i].strike.to_double());
      changed = true;
      ++i;
    } else if (i == old_rows.size() || new_rows[j].strike < old_rows[i].strike) {
      write_chain_row(rows_json, new_rows[j]);
      changed = true;
      ++j;
    } else {
      if (!(old_rows[i] == new_rows[j])) {
        write_chain_row(rows_json, new_rows[j]);
        changed = true;
      }
      ++i;
      ++j;
    }
  }
  if (!changed) return std::nullopt;
  std::string out;
  out.reserve(64 + after.header.size() + rows.size() + removed.size());
  JsonWriter json(out);
  json.begin_object().field("type", "chain_update");
  json.key("header").begin_object().raw(after.header).end_object();
  json.key("rows").begin_array().raw(rows).end_array();
  json.key("removed").begin_array().raw(removed).end_array();
  json.end_object();
  return out;
}

}  // namespace strikeline
