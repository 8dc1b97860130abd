#include "pricing/implied_forward.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace strikeline::pricing {

namespace {

bool complete(const ParityQuote& q) {
  return parity_price(q.strike) && parity_price(q.call) && parity_price(q.put);
}

// The `pairs` complete quotes nearest `reference` (ties: the lower strike), ascending, into out;
// returns how many.
std::size_t nearest_complete(std::span<const ParityQuote> quotes, double reference,
                             std::size_t pairs, std::array<std::size_t, kMaxParityPairs>& out) {
  const auto split =
      std::lower_bound(quotes.begin(), quotes.end(), reference,
                       [](const ParityQuote& q, double value) { return q.strike < value; });
  // below: the next candidate under the reference (one past it), above: the next at or over it.
  std::size_t below = static_cast<std::size_t>(split - quotes.begin());
  std::size_t above = below;
  std::size_t count = 0;
  std::array<std::size_t, kMaxParityPairs> chosen{};
  while (count < pairs) {
    while (below > 0 && !complete(quotes[below - 1])) --below;
    while (above < quotes.size() && !complete(quotes[above])) ++above;
    const bool has_below = below > 0;
    const bool has_above = above < quotes.size();
    if (!has_below && !has_above) break;
    if (has_below &&
        (!has_above || reference - quotes[below - 1].strike <= quotes[above].strike - reference)) {
      chosen[count++] = --below;
    } else {
      chosen[count++] = above++;
    }
  }
  std::sort(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(count));
  out = chosen;
  return count;
}

}  // namespace

bool parity_price(double price) noexcept {
  return std::isfinite(price) && price > 0;
}

ImpliedForward implied_forward(std::span<const ParityQuote> quotes, double reference, double years,
                               double rate, std::size_t pairs) noexcept {
  ImpliedForward out;
  if (!std::isfinite(years) || years < 0 || !std::isfinite(rate)) return out;
  pairs = std::clamp<std::size_t>(pairs, 1, kMaxParityPairs);
  const double growth = std::exp(rate * years);
  if (!parity_price(reference)) {
    double least = INFINITY;
    for (const ParityQuote& q : quotes) {
      if (complete(q) && std::fabs(q.call - q.put) < least) {
        least = std::fabs(q.call - q.put);
        reference = q.strike;
      }
    }
    if (!parity_price(reference)) return out;
  }
  std::array<std::size_t, kMaxParityPairs> chosen{};
  for (int round = 0; round < 4; ++round) {
    const std::size_t count = nearest_complete(quotes, reference, pairs, chosen);
    if (count == 0) return out;
    if (out.found && count == out.used &&
        std::equal(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(count),
                   out.indices.begin())) {
      break;  // the same strikes: the same median
    }
    std::array<double, kMaxParityPairs> forwards{};
    for (std::size_t i = 0; i < count; ++i) {
      const ParityQuote& q = quotes[chosen[i]];
      forwards[i] = q.strike + growth * (q.call - q.put);
    }
    std::sort(forwards.begin(), forwards.begin() + static_cast<std::ptrdiff_t>(count));
    out.found = true;
    out.used = count;
    out.indices = chosen;
    out.forward =
        count % 2 == 1 ? forwards[count / 2] : (forwards[count / 2 - 1] + forwards[count / 2]) / 2;
    out.low = forwards[0];
    out.high = forwards[count - 1];
    if (!parity_price(out.forward)) {
      out = ImpliedForward{};
      return out;
    }
    reference = out.forward;
  }
  assert(!out.found || (out.used >= 1 && out.used <= pairs));
  return out;
}

}  // namespace strikeline::pricing
