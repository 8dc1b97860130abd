// The import of Kite Connect historical minute candles with OI (feed/kite/historical_candles.h)
// into 1-minute strike bars. The instrument of a file is --instrument (a Kite trading symbol
// resolved through --instruments, an explicit SYMBOL,EXPIRY,STRIKE,CE|PE, or an underlying's
// name) or else the file's name (its stem: a trading symbol or an instrument token, resolved
// through --instruments). An underlying's candles (an index or a stock) are not bars: their closes
// become the underlying of the option candles imported after them in the same run (give the
// underlying's file first). An option candle becomes its minute's bar for that side: premium
// open/high/low/close, volume and OI in units as Kite gives them, count 1, observed at the
// minute's end, the underlying's close of that minute when known, and IV and Greeks from the close
// under the run's IV convention (Black-Scholes on the underlying's close: a candle file has no
// future). A future's candles (the dump says the instrument is one, or SYMBOL,EXPIRY,FUT) become
// its 1-minute future bars (core/future_bar.h): price OHLC, volume and OI, observed at the
// minute's end, the underlying's close of that minute when known. Re-importing writes the same
// bars (a candle of a side replaces that side's minute). The dump's lot size of an option is
// stored for each IST day of its candles (BarRepository::record_lots). The options' candles are
// minute data: they replace a bhavcopy's daily bar of their contract-day
// (app/minute_precedence.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "core/iv_convention.h"
#include "feed/kite/historical_candles.h"
#include "feed/kite/instrument_catalogue.h"
#include "store/bar_repository.h"

namespace strikeline::app {

struct CandleInstrument {
  std::string symbol;  // canonical underlying
  bool option = false;
  bool future = false;  // a future of `expiry` (not an option)
  Expiry expiry{};
  Strike strike;
  Side side = Side::call;
  std::optional<std::int64_t> lot;  // the instrument dump's lot_size, when it gives one
};

// `text` as described above (also SYMBOL,EXPIRY,FUT for a future); nullopt with *error when it
// names nothing known.
std::optional<CandleInstrument> resolve_candle_instrument(std::string_view text,
                                                          const kite::InstrumentCatalogue* dump,
                                                          std::string* error);

class CandleImport {
 public:
  CandleImport(BarRepository& repository, IvConvention convention,
               const kite::InstrumentCatalogue* dump, std::string instrument);

  // false when the file is refused whole (unknown instrument, not candles) or storage failed.
  bool import_text(const std::string& name, std::string_view text, std::ostream& err);
  std::size_t files() const { return files_; }
  void print_summary(std::ostream& out) const;

 private:
  BarRepository& repository_;
  IvConvention convention_;
  const kite::InstrumentCatalogue* dump_;
  std::string instrument_;
  // Per underlying, its closes by minute start (epoch seconds) from this run's files.
  std::map<std::string, std::map<std::int64_t, double>> underlying_;
  std::size_t files_ = 0, candles_ = 0, rejected_ = 0, bars_ = 0, underlying_candles_ = 0,
              without_underlying_ = 0, future_candles_ = 0, replaced_daily_ = 0;
  bool import_future(const CandleInstrument& instrument,
                     const std::vector<kite::HistoricalCandle>& candles, const std::string& name,
                     std::ostream& err);
};

}  // namespace strikeline::app
