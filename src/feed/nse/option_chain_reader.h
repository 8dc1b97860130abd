// A saved response of NSE's option-chain page (nse-files.md): {"records":{"timestamp":
// "28-Mar-2022 10:47:19" (IST), "underlyingValue", "data":[{"strikePrice","expiryDate":
// "31-Mar-2022","CE":{...},"PE":{...}}]},"filtered":{...}}. Read as one snapshot at its timestamp:
// per contract side (a side may be absent), the values as NSE gives them: open interest, its change
// and the day's traded volume in contracts (possibly fractional, where the lot changed after the
// contract was listed), implied volatility (0: no trade), last price (0: no trade), best bid/ask
// and their quantities (units). The symbol comes from the sides' "underlying". `records` holds
// every expiry (`filtered` only the nearest), so only `records` is read. A side that breaks a rule
// is rejected with its position and reason; a text that is not such a response is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expiry.h"
#include "core/side.h"
#include "core/strike.h"
#include "feed/line_rejection.h"

namespace strikeline {

// True when the text looks like the page's response (a JSON object with "records").
bool looks_like_nse_option_chain(std::string_view text);

struct OptionChainQuote {
  Expiry expiry;
  Strike strike;
  Side side = Side::call;
  double oi_contracts = 0;
  std::optional<double> oi_change_contracts;
  std::optional<double> volume_contracts;
  std::optional<double> iv;          // percent; absent when NSE gives 0
  std::optional<double> last_price;  // absent when NSE gives 0
  std::optional<double> bid, ask;    // absent when 0
  std::optional<std::int64_t> bid_qty, ask_qty;
  std::optional<double> underlying;  // the side's underlyingValue
};

struct OptionChainSnapshot {
  Timestamp at;
  std::string symbol;  // canonical
  std::optional<double> underlying;
  std::vector<OptionChainQuote> quotes;
  std::vector<LineRejection> rejected;  // line = the position of the entry in records.data, from 1
  std::size_t rejected_count = 0;
  std::optional<std::string> refused;
};

OptionChainSnapshot read_nse_option_chain(std::string_view text);

}  // namespace strikeline
