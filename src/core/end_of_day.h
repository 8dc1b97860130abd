// A contract's end-of-day record, as an exchange's daily file states it (NSE's F&O bhavcopy, UDiFF
// or legacy): the vocabulary between the file readers (feed/nse) and the daily bar builder
// (bars/daily_bars.h). Quantities are as the file gives them: open interest and its change in
// units (shares), traded volume in contracts (the lot converts it), prices in rupees. Fields the
// file lacks are absent (the legacy file has no lot and no underlying price).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/expiry.h"
#include "core/side.h"
#include "core/strike.h"
#include "core/symbol.h"

namespace strikeline {

struct EndOfDayRecord {
  Date day;            // the IST trading day
  std::string symbol;  // canonical
  UnderlyingKind kind = UnderlyingKind::index;
  bool future = false;  // a future (no strike, no side) or an option
  Expiry expiry;
  Strike strike;  // options only
  Side side = Side::call;
  double open = 0, high = 0, low = 0, close = 0;  // 0 open/high/low: not traded that day
  std::optional<double> settle;                   // the settlement price
  std::int64_t oi = 0;                            // units
  std::optional<std::int64_t> oi_change;          // units, against the previous day's close
  std::int64_t volume_contracts = 0;              // contracts traded that day
  std::optional<std::int64_t> lot;                // units per contract of this contract
  std::optional<double> underlying;               // the underlying's close that day
};

}  // namespace strikeline
