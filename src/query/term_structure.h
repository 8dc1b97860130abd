// The ATM IV term structure of a symbol as of a moment (issue 21 item 4): for each requested
// expiry listed then (default: every one unexpired), its ATM strike and ATM IV
// (query/smile_skew.h's ATM: the mean of the sides' IVs at the listed strike nearest the
// underlying), calendar days and years to its 15:30 IST close, and the forward pricing uses for it
// with its source (query/expiry_forward.h); and the 30-day constant-maturity ATM IV interpolated
// from them (query/constant_maturity.h). IVs rounded to 4 decimals, years to 6.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/forward_source.h"
#include "query/constant_maturity.h"
#include "query/volatility_requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct TermStructurePoint {
  Expiry expiry;
  std::string label;  // NWeek+k as of the moment's IST date
  int days_to_expiry = 0;
  double years = 0;
  std::optional<double> underlying;
  std::optional<Strike> atm_strike;
  std::optional<double> atm_iv;
  std::optional<double> forward;
  std::optional<ForwardSource> forward_source;
};

struct TermStructure {
  UtcSeconds as_of;
  std::vector<TermStructurePoint> expiries;  // ascending
  ConstantMaturityIv cm30;                   // rounded to 4 decimals
};

TermStructure term_structure(const ChainReader& chain, const PricingPolicy& policy,
                             const ExpiriesAtRequest& request);

// The ATM IV of one expiry as of `at` at its time to expiry then; nullopt when the expiry is not
// listed then or has no ATM IV.
std::optional<MaturityIv> atm_maturity_iv(const ChainReader& chain, std::string_view symbol,
                                          Expiry expiry, UtcSeconds at);

// The 30-day constant-maturity ATM IV as of `at` from `expiries` (ascending), reading only the
// expiries that constant_maturity_iv takes (the nearest around 30 days with an ATM IV);
// unrounded. The same value as term_structure's cm30 over every expiry.
ConstantMaturityIv constant_maturity_at(const ChainReader& chain, std::string_view symbol,
                                        std::span<const Expiry> expiries, UtcSeconds at);

}  // namespace strikeline
