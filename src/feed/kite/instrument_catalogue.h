// The Kite instrument dump (instruments.csv: instrument_token, exchange_token, tradingsymbol, name,
// last_price, expiry, strike, tick_size, lot_size, instrument_type, segment, exchange; a header
// row names the columns, in any order) as the map from instrument tokens to contracts:
//  - options (instrument_type CE/PE): underlying symbol (the name column, canonicalised with
//    core/symbol), expiry, strike (core Strike), side, lot size, tick size;
//  - futures (FUT): underlying symbol and expiry;
//  - indices (segment INDICES): the index as its canonical underlying ("NIFTY 50" -> NIFTY);
//  - NSE cash equities (exchange and segment NSE, instrument_type EQ): the stock as its underlying
//    (tradingsymbol RELIANCE -> RELIANCE), the spot of its stock options.
// Other rows (BSE equities, currency, ...) are skipped. Lookups by underlying go through an index
// by symbol, so a whole dump (about 90,000 rows) costs what one underlying's rows cost. A row that
// is not a valid contract is rejected with its line number and the reason; the rest still load. A
// text that is not a CSV instrument dump (binary, empty, a required column missing) is refused
// whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/expiry.h"
#include "core/side.h"
#include "core/strike.h"

namespace strikeline::kite {

struct KiteInstrument {
  enum class Kind : std::uint8_t { option, future, index, equity };
  std::uint32_t token = 0;
  Kind kind = Kind::option;
  std::string symbol;  // canonical underlying
  std::string tradingsymbol;
  Expiry expiry{};  // options and futures
  Strike strike;    // options
  Side side = Side::call;
  int lot_size = 0;
  double tick_size = 0;
  std::string exchange, segment;
};

struct CatalogueRejection {
  std::size_t line = 0;
  std::string reason;
};

class InstrumentCatalogue {
 public:
  // nullopt with *error set when the text is not an instrument dump.
  [[nodiscard]] static std::optional<InstrumentCatalogue> parse(std::string_view csv,
                                                                std::string* error);
  [[nodiscard]] static std::optional<InstrumentCatalogue> load_file(const std::string& path,
                                                                    std::string* error);

  void add(KiteInstrument instrument);

  const KiteInstrument* find(std::uint32_t token) const;
  // By trading symbol ("NIFTY25JAN24000CE"), case-insensitive; nullptr when not listed.
  const KiteInstrument* find_tradingsymbol(std::string_view tradingsymbol) const;
  std::size_t size() const { return by_token_.size(); }
  // Ascending, unique expiries of the options of a symbol.
  std::vector<Expiry> option_expiries(std::string_view symbol) const;
  // Options of a symbol and expiry, sorted by strike then side.
  std::vector<const KiteInstrument*> options(std::string_view symbol, Expiry expiry) const;
  const KiteInstrument* index_of(std::string_view symbol) const;
  // The instrument whose price is the underlying's spot: its index, else its NSE cash equity.
  const KiteInstrument* spot_of(std::string_view symbol) const;
  // Every underlying with options listed, ascending.
  std::vector<std::string> option_underlyings() const;
  const KiteInstrument* future_of(std::string_view symbol, Expiry expiry) const;

  const std::vector<CatalogueRejection>& rejections() const { return rejections_; }
  std::size_t skipped_rows() const { return skipped_rows_; }

 private:
  // The instruments of `symbol` of one kind, lowest token first.
  std::vector<const KiteInstrument*> of_kind(std::string_view symbol,
                                             KiteInstrument::Kind kind) const;

  std::unordered_map<std::uint32_t, KiteInstrument> by_token_;
  // Tokens per underlying symbol; may hold tokens since re-added under another symbol, which the
  // lookups skip (add() replaces by token).
  std::unordered_map<std::string, std::vector<std::uint32_t>> tokens_by_symbol_;
  std::vector<CatalogueRejection> rejections_;
  std::size_t skipped_rows_ = 0;
};

}  // namespace strikeline::kite
