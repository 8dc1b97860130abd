// Turns the cells of one bar row (CSV text or NDJSON values, keyed by BarColumn) into a validated
// StrikeBar, or the reason the row is rejected. Rules: bucket_time, symbol, expiry, strike are
// required; timeframe defaults to 1min and must be 1min; bucket_time must start a minute; counts,
// volumes and OI are non-negative whole numbers; numbers must be finite; a side's IV and its four
// Greeks come together; premium OHLC comes as all four (low <= open, close <= high) or none; the
// Greek weight (analytics_count) defaults to the side's count (at least 1) when IV is given; a
// quote's prices (bid, ask) are positive and its quantities whole numbers in [0, 2^32 - 2].
// Empty text and JSON null mean absent.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/bar_columns.h"
#include "core/strike_bar.h"

namespace strikeline {

class BarRowBuilder {
 public:
  // Forgets the cells of the previous row (caches survive).
  void reset();

  // A CSV cell; text must stay valid until build(). Returns the error, if any.
  std::optional<std::string> set_text(BarColumn column, std::string_view text);
  // An NDJSON value; strings it points to must stay valid until build().
  std::optional<std::string> set_json(BarColumn column, simdjson::dom::element value);

  // Validates the row and fills `bar`; returns the error, if any.
  std::optional<std::string> build(StrikeBar& bar);

 private:
  std::optional<std::string> set_number(BarColumn column, double value);

  std::optional<Timestamp> bucket_;
  std::array<std::optional<std::string_view>, kBarColumnCount> text_{};
  std::array<std::optional<double>, kBarColumnCount> number_{};
  std::array<std::optional<std::int64_t>, kBarColumnCount> integer_{};
  // Caches: consecutive rows usually repeat the symbol and expiry.
  std::string raw_symbol_, symbol_;
  std::string raw_expiry_;
  Expiry expiry_{};
};

}  // namespace strikeline
