// The underlying's daily close for files that lack it (the legacy bhavcopy, option candles): NSE's
// index close file `ind_close_all_DDMMYYYY.csv` (Index Name, Index Date as DD-MM-YYYY, ...,
// Closing Index Value; names as NSE spells them, "Nifty 50", "Nifty Bank", mapped to the F&O
// symbols; indices without F&O are skipped), or a plain CSV `symbol,date,close` (date YYYY-MM-DD or
// DD-Mon-YYYY) for stocks or anything else. Rows that break a rule are rejected with a reason.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/timestamp.h"
#include "feed/line_rejection.h"

namespace strikeline {

struct UnderlyingClose {
  std::string symbol;  // canonical
  Date day;
  double close = 0;
};

struct UnderlyingCloseResult {
  std::vector<UnderlyingClose> closes;
  std::vector<LineRejection> rejected;
  std::size_t rejected_count = 0;
  std::size_t skipped = 0;             // indices without F&O
  std::optional<std::string> refused;  // neither layout
};

UnderlyingCloseResult read_underlying_closes(std::string_view text);

// The F&O symbol of an index as NSE's index files name it ("Nifty 50" -> NIFTY,
// "Nifty Financial Services" -> FINNIFTY); nullopt for an index without F&O.
std::optional<std::string> index_symbol(std::string_view nse_index_name);

}  // namespace strikeline
