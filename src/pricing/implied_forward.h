// The implied forward of one expiry from put-call parity: for European options on one forward,
// C - P = exp(-r T) (F - K), so each strike with both sides priced gives F = K + exp(r T) (C - P).
// implied_forward takes the `pairs` strikes nearest the money that have both prices and returns the
// median of their forwards (the mean of the middle two for an even count), which a minority of
// stale or noisy quotes does not move. "Nearest the money": nearest the reference (the spot) at
// first, then nearest the median found, until the strikes chosen no longer change (at most 4
// rounds), so a far expiry whose forward is well above spot centres on its own forward. Without a
// usable reference, the start is the strike where |C - P| is least (nearest the forward).
// Pure, allocation-free, noexcept.
#pragma once

#include <array>
#include <cstddef>
#include <span>

namespace strikeline::pricing {

// The most strikes a median takes, and the default.
inline constexpr std::size_t kMaxParityPairs = 9;
inline constexpr std::size_t kDefaultParityPairs = 5;

// One listed strike's premiums (the caller's choice of price per side: a mid, else the last). A
// side that is not finite and positive has no price; the strike is then not used.
struct ParityQuote {
  double strike = 0;
  double call = 0;
  double put = 0;
};

struct [[nodiscard]] ImpliedForward {
  bool found = false;    // false: no strike has both prices, or years is negative or not finite
  double forward = 0;    // the median
  std::size_t used = 0;  // strikes whose forwards the median took (<= pairs)
  std::array<std::size_t, kMaxParityPairs> indices{};  // theirs in `quotes`, ascending
  double low = 0, high = 0;  // the least and greatest of their forwards (their spread)
};

// quotes ascending by strike; years >= 0 (calendar time to expiry), rate continuously compounded;
// pairs in [1, kMaxParityPairs] (clamped).
ImpliedForward implied_forward(std::span<const ParityQuote> quotes, double reference, double years,
                               double rate, std::size_t pairs = kDefaultParityPairs) noexcept;

// True when a price is usable in a ParityQuote (finite and positive).
bool parity_price(double price) noexcept;

}  // namespace strikeline::pricing
