// The import of saved NSE option-chain responses (feed/nse/option_chain_reader.h): each response
// becomes ticks at its timestamp (the underlying's value, then every contract side) that the bar
// aggregator turns into 1-minute bars, as a live feed would: OI and volume in units = NSE's
// contracts (fractional where the lot changed) x the contract's lot, rounded to a whole unit; the
// previous day's close seeded from NSE's change in OI, so the bar's oi_change is NSE's; IV and
// Greeks computed from the last price under the run's IV convention. The lot comes from --lots,
// a bhavcopy imported earlier in the same run, --lot-size, or the lot stored by an earlier run
// (DailyImport::lot_of, as of the response's IST day); a side whose lot is unknown is rejected.
// The lots used are stored with the bars (per symbol, expiry and day). The bars are minute data:
// they replace a bhavcopy's daily bar of their contract-day (app/minute_precedence.h). Several
// responses of a day in one run give volume by difference.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "app/daily_import.h"
#include "bars/bar_aggregator.h"

namespace strikeline::app {

class ChainSnapshotImport {
 public:
  ChainSnapshotImport(BarRepository& repository, DailyImport& lots);

  // false when the text is refused whole or storage failed.
  bool import_text(const std::string& name, std::string_view text, std::ostream& err);
  std::size_t files() const { return files_; }
  void print_summary(std::ostream& out) const;

 private:
  BarRepository& repository_;
  DailyImport& lots_;
  BarAggregator aggregator_;
  std::size_t files_ = 0, sides_ = 0, rejected_ = 0, bars_ = 0, replaced_daily_ = 0;
};

}  // namespace strikeline::app
