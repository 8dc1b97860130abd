#include "feed/kite/kite_tick_mapper.h"

namespace strikeline::kite {

namespace {

Timestamp tick_time(const KitePacket& p, Timestamp received) {
  if (p.exchange_timestamp && *p.exchange_timestamp > 0) {
    return Timestamp{std::chrono::seconds{*p.exchange_timestamp}};
  }
  return received;
}

}  // namespace

std::optional<MarketEvent> to_market_event(const KitePacket& p, const KiteInstrument& in,
                                           Timestamp received) {
  if (!(p.last_price > 0)) return std::nullopt;
  const Timestamp ts = tick_time(p, received);
  switch (in.kind) {
    case KiteInstrument::Kind::index:
    case KiteInstrument::Kind::equity:  // a stock's spot
      return UnderlyingTick{ts, in.symbol, p.last_price};
    case KiteInstrument::Kind::future: {
      // Volume (the day's, in units) and OI (units) come in quote and full mode.
      FutureTick t{ts, in.symbol, in.expiry, p.last_price};
      if (p.volume) t.cumulative_volume = *p.volume;
      if (p.oi) t.oi = *p.oi;
      return t;
    }
    case KiteInstrument::Kind::option: {
      OptionTick t;
      t.ts = ts;
      t.symbol = in.symbol;
      t.expiry = in.expiry;
      t.strike = in.strike;
      t.side = in.side;
      t.price = p.last_price;
      if (p.volume) t.cumulative_volume = *p.volume;
      if (p.oi) t.oi = *p.oi;
      // The best level of each side of the depth; an empty level (price or quantity 0) is no
      // quote on that side.
      if (p.has_depth) {
        if (p.buy[0].quantity > 0 && p.buy[0].price > 0) {
          t.bid = p.buy[0].price;
          t.bid_qty = p.buy[0].quantity;
        }
        if (p.sell[0].quantity > 0 && p.sell[0].price > 0) {
          t.ask = p.sell[0].price;
          t.ask_qty = p.sell[0].quantity;
        }
      }
      return t;
    }
  }
  return std::nullopt;
}

void KiteTickMapper::map(std::span<const KitePacket> packets, Timestamp received,
                         std::vector<MarketEvent>& out) {
  for (const KitePacket& p : packets) {
    ++stats_.packets;
    const KiteInstrument* in = catalogue_.find(p.instrument_token);
    if (!in) {
      ++stats_.unknown_tokens;
      continue;
    }
    auto [it, inserted] = last_.try_emplace(p.instrument_token, p);
    if (!inserted) {
      if (it->second == p) {
        ++stats_.repeats;
        continue;
      }
      it->second = p;
    }
    auto event = to_market_event(p, *in, received);
    if (!event) {
      ++stats_.unpriced;
      continue;
    }
    const std::optional<LiveClock> clock =
        live_ ? std::optional<LiveClock>(LiveClock{received, *live_}) : std::nullopt;
    if (auto problem = market_event_problem(*event, clock)) {
      ++stats_.out_of_bounds;
      last_out_of_bounds_ = "token " + std::to_string(p.instrument_token) + ": " + *problem;
      continue;
    }
    out.push_back(std::move(*event));
    ++stats_.events;
  }
}

}  // namespace strikeline::kite
