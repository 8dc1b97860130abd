// The expiries of a symbol as GET /fo/expiries lists them: each date with its relative label seen
// from today (core/expiry.h; empty once expired), calendar days to expiry (negative once past) and
// whether it is the monthly expiry of its month.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/expiry.h"

namespace strikeline {

struct ExpiryDetail {
  Expiry date;
  std::string label;
  int days_to_expiry = 0;
  bool is_monthly = false;
};

// known: ascending and unique.
std::vector<ExpiryDetail> expiry_details(std::span<const Expiry> known, Date today);

}  // namespace strikeline
