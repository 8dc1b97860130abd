#include "store/compact_bar.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace strikeline {

namespace {

bool fits_float(double value) {
  if (value == 0) return true;
  const double magnitude = std::fabs(value);
  return std::isfinite(value) && magnitude >= std::numeric_limits<float>::min() &&
         magnitude <= std::numeric_limits<float>::max();
}

template <typename Narrow>
bool fits(std::int64_t value) {
  return value >= std::numeric_limits<Narrow>::min() && value <= std::numeric_limits<Narrow>::max();
}

std::uint8_t observed_offset(const SideBar& side, UtcSeconds bucket) {
  if (!side.observed_at) return kNotObserved;
  const std::int64_t offset = (*side.observed_at - bucket).count();
  assert(offset >= 0 && offset <= 60 && "observed_at outside its 1-minute bucket");
  return static_cast<std::uint8_t>(std::clamp<std::int64_t>(offset, 0, 60));
}

std::optional<UtcSeconds> observed_from(std::uint8_t offset, UtcSeconds bucket) {
  if (offset == kNotObserved) return std::nullopt;
  return bucket + std::chrono::seconds(offset);
}

bool encode_side(const SideBar& side, CompactSide& out, std::uint16_t& flags, int shift) {
  for (double v : {side.iv, side.delta, side.gamma, side.theta, side.vega, side.open, side.high,
                   side.low, side.close}) {
    if (!fits_float(v)) return false;
  }
  if (side.count > std::numeric_limits<std::uint16_t>::max() ||
      side.analytics_count > std::numeric_limits<std::uint16_t>::max()) {
    return false;
  }
  if (!fits<std::uint32_t>(side.volume)) return false;
  if (side.oi && !fits<std::uint32_t>(*side.oi)) return false;
  if (side.oi_change && !fits<std::int32_t>(*side.oi_change)) return false;

  out.iv = static_cast<float>(side.iv);
  out.delta = static_cast<float>(side.delta);
  out.gamma = static_cast<float>(side.gamma);
  out.theta = static_cast<float>(side.theta);
  out.vega = static_cast<float>(side.vega);
  out.open = static_cast<float>(side.open);
  out.high = static_cast<float>(side.high);
  out.low = static_cast<float>(side.low);
  out.close = static_cast<float>(side.close);
  out.volume = static_cast<std::uint32_t>(side.volume);
  out.oi = side.oi ? static_cast<std::uint32_t>(*side.oi) : 0;
  out.oi_change = side.oi_change ? static_cast<std::int32_t>(*side.oi_change) : 0;
  out.count = static_cast<std::uint16_t>(side.count);
  out.analytics_count = static_cast<std::uint16_t>(side.analytics_count);
  if (side.has_premium) flags |= static_cast<std::uint16_t>(compact_flag::premium << shift);
  if (side.oi) flags |= static_cast<std::uint16_t>(compact_flag::oi << shift);
  if (side.oi_change) flags |= static_cast<std::uint16_t>(compact_flag::oi_change << shift);
  return true;
}

void decode_side(const CompactSide& in, std::uint16_t flags, int shift, SideBar& side) {
  side.iv = in.iv;
  side.delta = in.delta;
  side.gamma = in.gamma;
  side.theta = in.theta;
  side.vega = in.vega;
  side.open = in.open;
  side.high = in.high;
  side.low = in.low;
  side.close = in.close;
  side.volume = in.volume;
  side.count = in.count;
  side.analytics_count = in.analytics_count;
  side.has_premium = (flags & (compact_flag::premium << shift)) != 0;
  if (flags & (compact_flag::oi << shift)) {
    side.oi = in.oi;
  } else {
    side.oi.reset();
  }
  if (flags & (compact_flag::oi_change << shift)) {
    side.oi_change = in.oi_change;
  } else {
    side.oi_change.reset();
  }
}

float quote_price(const std::optional<double>& price) {
  if (!price) return 0;
  const double clamped = std::clamp(*price, static_cast<double>(std::numeric_limits<float>::min()),
                                    static_cast<double>(std::numeric_limits<float>::max()));
  return static_cast<float>(clamped);
}

std::uint32_t quote_quantity(const std::optional<std::int64_t>& quantity) {
  if (!quantity) return 0;
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(*quantity, 0, kMaxQuoteQuantity) + 1);
}

}  // namespace

bool encode_quote(const SideBar& side, QuoteSide& out) {
  for (const auto& price : {side.bid, side.ask}) {
    if (price && (!(*price > 0) || !fits_float(*price))) return false;
  }
  for (const auto& quantity : {side.bid_qty, side.ask_qty}) {
    if (quantity && (*quantity < 0 || *quantity > kMaxQuoteQuantity)) return false;
  }
  out = saturated_quote(side.bid, side.ask, side.bid_qty, side.ask_qty);
  return true;
}

QuoteSide saturated_quote(const std::optional<double>& bid, const std::optional<double>& ask,
                          const std::optional<std::int64_t>& bid_qty,
                          const std::optional<std::int64_t>& ask_qty) {
  return QuoteSide{quote_price(bid), quote_price(ask), quote_quantity(bid_qty),
                   quote_quantity(ask_qty)};
}

void decode_quote(const QuoteSide& in, std::optional<double>& bid, std::optional<double>& ask,
                  std::optional<std::int64_t>& bid_qty, std::optional<std::int64_t>& ask_qty) {
  bid = in.bid > 0 ? std::optional<double>(in.bid) : std::nullopt;
  ask = in.ask > 0 ? std::optional<double>(in.ask) : std::nullopt;
  bid_qty = in.bid_qty > 0 ? std::optional<std::int64_t>(in.bid_qty - 1) : std::nullopt;
  ask_qty = in.ask_qty > 0 ? std::optional<std::int64_t>(in.ask_qty - 1) : std::nullopt;
}

void decode_quote(const QuoteSide& in, SideBar& side) {
  decode_quote(in, side.bid, side.ask, side.bid_qty, side.ask_qty);
}

BarValues values_of(const StrikeBar& bar) {
  return BarValues{bar.underlying_close, bar.call, bar.put};
}

void assign_values(StrikeBar& bar, const BarValues& values) {
  bar.underlying_close = values.underlying_close;
  bar.call = values.call;
  bar.put = values.put;
}

bool encode_compact(const StrikeBar& bar, CompactBar& out, QuoteCell& quote) {
  if (!encode_quote(bar.call, quote.call) || !encode_quote(bar.put, quote.put)) return false;
  std::uint16_t flags = compact_flag::present;
  if (bar.underlying_close) {
    if (!fits_float(*bar.underlying_close)) return false;
    out.underlying_close = static_cast<float>(*bar.underlying_close);
    flags |= compact_flag::underlying;
  } else {
    out.underlying_close = 0;
  }
  if (!encode_side(bar.call, out.call, flags, 0)) return false;
  if (!encode_side(bar.put, out.put, flags, compact_flag::kPutShift)) return false;
  out.flags = flags;
  out.call_observed = observed_offset(bar.call, bar.key.bucket);
  out.put_observed = observed_offset(bar.put, bar.key.bucket);
  return true;
}

void decode_compact(const CompactBar& cell, const QuoteCell* quote, StrikeBar& bar,
                    UtcSeconds bucket) {
  if (cell.flags & compact_flag::underlying) {
    bar.underlying_close = cell.underlying_close;
  } else {
    bar.underlying_close.reset();
  }
  decode_side(cell.call, cell.flags, 0, bar.call);
  decode_side(cell.put, cell.flags, compact_flag::kPutShift, bar.put);
  bar.call.observed_at = observed_from(cell.call_observed, bucket);
  bar.put.observed_at = observed_from(cell.put_observed, bucket);
  decode_quote(quote ? quote->call : QuoteSide{}, bar.call);
  decode_quote(quote ? quote->put : QuoteSide{}, bar.put);
}

}  // namespace strikeline
