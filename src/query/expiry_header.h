// ExpiryHeader: what every per-expiry answer states about its expiry as of a moment: its label
// (NWeek+k among the symbol's known expiries, as of the moment's IST date), the days left to it
// and the lot it trades in. One computation for the option chain, exposures and their kin.
#pragma once

#include <string>
#include <string_view>

#include "core/expiry.h"
#include "core/symbol.h"
#include "store/chain_reader.h"

namespace strikeline {

struct ExpiryHeader {
  std::string label;
  int days_to_expiry = 0;
  std::int64_t lot_size = 1;  // of this expiry on the moment's IST day
};

ExpiryHeader expiry_header(const ChainReader& chain, const ContractSpecs& specs,
                           std::string_view symbol, Expiry expiry, UtcSeconds as_of);

}  // namespace strikeline
