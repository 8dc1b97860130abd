// Which forward computed IVs and Greeks price on (DESIGN.md "Pricing inputs"; serve's and import's
// --forward), with the rate and dividend yield that go with it:
//  - future (the default, DESIGN.md's): the future of the expiry when the data has one
//    (Black-76), else the spot with the rate (Black-Scholes);
//  - synthetic: the expiry's implied forward from put-call parity over the strikes nearest ATM
//    (pricing/implied_forward.h), else as `future`; so IVs of expiries without a future do not
//    depend on an assumed rate;
//  - spot: the spot with the rate, even when a future is known (the future only without a spot).
// Header-only (core's contracts), so the pricing stage can take it.
#pragma once

#include <cctype>
#include <optional>
#include <string_view>

namespace strikeline {

enum class ForwardSource { future, synthetic, spot };

// The rate of pricing on the spot (NSE's convention, DESIGN.md: 10 %, continuously compounded).
inline constexpr double kDefaultPricingRate = 0.10;

// How the server prices: the forward's source, the rate and the dividend yield, and how time to
// expiry is counted (calendar seconds to 15:30 IST / 365 days; whole_days: the nse convention's
// whole calendar days, at least 1, / 365; core/iv_convention.h).
struct PricingPolicy {
  ForwardSource forward = ForwardSource::future;
  double rate = kDefaultPricingRate;
  double dividend_yield = 0.0;
  bool whole_days = false;
  friend bool operator==(const PricingPolicy&, const PricingPolicy&) = default;
};

inline std::string_view forward_source_name(ForwardSource source) {
  switch (source) {
    case ForwardSource::synthetic:
      return "synthetic";
    case ForwardSource::spot:
      return "spot";
    case ForwardSource::future:
      break;
  }
  return "future";
}

// "future", "synthetic" or "spot" (case and surrounding blanks ignored); nullopt otherwise.
[[nodiscard]] inline std::optional<ForwardSource> parse_forward_source(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  for (ForwardSource s : {ForwardSource::future, ForwardSource::synthetic, ForwardSource::spot}) {
    const std::string_view name = forward_source_name(s);
    if (name.size() != text.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(text[i])) == name[i];
    }
    if (same) return s;
  }
  return std::nullopt;
}

}  // namespace strikeline
