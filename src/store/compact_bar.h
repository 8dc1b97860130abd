// CompactBar: the chain store's 112-byte cell holding one strike bar's values; the bar's key is
// implicit in the cell's position (chunk, page, row, strike column).
//
// Precision contract (what a bar read back from the chain store equals):
// - integers (count, analytics_count, volume, oi, oi_change) are exact, and so is every optional's
//   presence (underlying_close, oi, oi_change, has_premium);
// - the float fields (iv, delta, gamma, theta, vega, premium open/high/low/close, underlying_close)
//   read back as the float nearest to the double written: relative error at most 2^-24 (6e-8);
// - observed_at is exact: kept as whole seconds after the bucket start written (0..60), so the
//   writer must pass the bar with its 1-minute key, and the reader the row's bucket start. A cell
//   of a rollup row keeps none (rollups carry no observed_at).
// - the quote (a 1-minute bar's bid, ask and their quantities) is kept beside the cell, in a
//   QuoteCell of 32 bytes, only by blocks that hold quoted 1-minute rows (cell_block.h): prices as
//   the nearest float, quantities exact.
// encode_compact() returns false for a bar whose values do not fit that form (count or
// analytics_count above 65535, volume or oi outside [0, 2^32), oi_change outside int32, a double
// that is not 0 and outside float's normal range, or not finite, a quote quantity above
// kMaxQuoteQuantity); the store then keeps that bar's BarValues exactly, beside the cell (see
// cell_block.h).
#pragma once

#include <cstdint>
#include <optional>

#include "core/strike_bar.h"

namespace strikeline {

struct CompactSide {
  float iv, delta, gamma, theta, vega;
  float open, high, low, close;
  std::uint32_t volume;
  std::uint32_t oi;
  std::int32_t oi_change;
  std::uint16_t count;
  std::uint16_t analytics_count;
};

struct CompactBar {
  CompactSide call, put;
  float underlying_close;
  std::uint16_t flags;  // CompactFlag bits; 0 = empty cell
  // Seconds from the bucket start to each side's observed_at, kNotObserved when absent.
  std::uint8_t call_observed, put_observed;

  bool present() const { return (flags & 1u) != 0; }
};

namespace compact_flag {
inline constexpr std::uint16_t present = 1u << 0;
inline constexpr std::uint16_t exact = 1u << 1;  // values live in the exact side table
inline constexpr std::uint16_t underlying = 1u << 2;
// Per side: premium, oi, oi_change; the put's bits are the call's shifted by kPutShift.
inline constexpr std::uint16_t premium = 1u << 3;
inline constexpr std::uint16_t oi = 1u << 4;
inline constexpr std::uint16_t oi_change = 1u << 5;
inline constexpr int kPutShift = 3;
}  // namespace compact_flag

inline constexpr std::uint8_t kNotObserved = 0xFF;

static_assert(sizeof(CompactBar) == 112, "the memory budget assumes 112-byte cells");

// One side's quote in compact form; all zero is "no quote". Prices: the nearest float, 0 when
// absent (a quote's prices are positive). Quantities: the value + 1, 0 when absent.
struct QuoteSide {
  float bid = 0, ask = 0;
  std::uint32_t bid_qty = 0, ask_qty = 0;

  bool empty() const { return bid == 0 && ask == 0 && bid_qty == 0 && ask_qty == 0; }
  friend bool operator==(const QuoteSide&, const QuoteSide&) = default;
};

// The quotes of a 1-minute cell, kept beside it (cell_block.h).
struct QuoteCell {
  QuoteSide call, put;
  bool empty() const { return call.empty() && put.empty(); }
};
static_assert(sizeof(QuoteCell) == 32, "the memory budget assumes 32-byte quote cells");

// The side's quote in compact form; false when it does not fit (a price that is not a positive
// float's normal value, a quantity outside [0, kMaxQuoteQuantity]).
bool encode_quote(const SideBar& side, QuoteSide& out);
// The same, saturating instead of failing (for carried state, store/state_row.h).
QuoteSide saturated_quote(const std::optional<double>& bid, const std::optional<double>& ask,
                          const std::optional<std::int64_t>& bid_qty,
                          const std::optional<std::int64_t>& ask_qty);
// Writes the quote into side (clearing its quote when `in` is empty).
void decode_quote(const QuoteSide& in, SideBar& side);
void decode_quote(const QuoteSide& in, std::optional<double>& bid, std::optional<double>& ask,
                  std::optional<std::int64_t>& bid_qty, std::optional<std::int64_t>& ask_qty);

// A bar's values without its key, kept exactly for bars that do not fit a CompactBar.
struct BarValues {
  std::optional<double> underlying_close;
  SideBar call;
  SideBar put;
  friend bool operator==(const BarValues&, const BarValues&) = default;
};

BarValues values_of(const StrikeBar& bar);
void assign_values(StrikeBar& bar, const BarValues& values);

// Fills `out` (flags include present) and `quote` and returns true when the values fit; false
// otherwise (out and quote are then unspecified). A side's observed_at must lie in
// [bar.key.bucket, bar.key.bucket + 60 s] (store/bar_validation.h refuses other 1-minute bars).
bool encode_compact(const StrikeBar& bar, CompactBar& out, QuoteCell& quote);
// Writes the values of a present, non-exact cell into bar (its key is left untouched);
// `bucket` is the start of the cell's row, from which observed_at is restored. The quote is
// `quote`'s (none when null).
void decode_compact(const CompactBar& cell, const QuoteCell* quote, StrikeBar& bar,
                    UtcSeconds bucket);

}  // namespace strikeline
