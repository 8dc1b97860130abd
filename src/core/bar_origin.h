// BarOrigin: what a writer says about a batch of bars it stores (issue 20 and issue 25): where the
// bars came from (core/bar_source.h) and which IV convention (core/iv_convention.h) computed their
// IVs and Greeks. StoredIvConvention adds `unknown` (the writer did not compute them: bars given
// with their IVs, as POST /fo/ingest/bars and bar files give them, or days stored before
// conventions were recorded) and `mixed` (a contract-day written under both conventions). The bar
// log records the convention per contract (symbol, expiry) and IST day in the same transaction as
// the bars, the chain store carries it, and the answers that return IVs state it. A writer of an
// end-of-day file's daily bars says so too (minute data takes precedence over them).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/bar_source.h"
#include "core/iv_convention.h"

namespace strikeline {

enum class StoredIvConvention : std::uint8_t { unknown = 0, strikeline = 1, nse = 2, mixed = 3 };

constexpr StoredIvConvention stored_iv_convention(IvConvention convention) {
  return convention == IvConvention::nse ? StoredIvConvention::nse : StoredIvConvention::strikeline;
}

// "unknown", "strikeline", "nse", "mixed".
constexpr std::string_view stored_iv_convention_name(StoredIvConvention convention) {
  switch (convention) {
    case StoredIvConvention::strikeline:
      return "strikeline";
    case StoredIvConvention::nse:
      return "nse";
    case StoredIvConvention::mixed:
      return "mixed";
    case StoredIvConvention::unknown:
      break;
  }
  return "unknown";
}

// The inverse of stored_iv_convention_name(); nullopt for anything else.
constexpr std::optional<StoredIvConvention> parse_stored_iv_convention(std::string_view text) {
  for (StoredIvConvention c : {StoredIvConvention::unknown, StoredIvConvention::strikeline,
                               StoredIvConvention::nse, StoredIvConvention::mixed})
    if (stored_iv_convention_name(c) == text) return c;
  return std::nullopt;
}

// The convention of IVs of `a` and `b` together (a day written twice, an answer over several
// days): unknown says nothing (the other wins), two different known conventions are mixed.
constexpr StoredIvConvention combined(StoredIvConvention a, StoredIvConvention b) {
  if (a == StoredIvConvention::unknown) return b;
  if (b == StoredIvConvention::unknown || a == b) return a;
  return StoredIvConvention::mixed;
}

struct BarOrigin {
  BarSource source = BarSource::market;
  StoredIvConvention iv_convention = StoredIvConvention::unknown;
  // The bars are an end-of-day file's daily bars (bars/daily_bars.h): the bar log marks their
  // contract-days, in the same transaction, so that minute data imported later replaces them.
  bool daily_bars = false;

  constexpr BarOrigin() = default;
  // Implicit from a source alone (IVs of unknown convention): a writer that only says its source.
  constexpr BarOrigin(BarSource s, StoredIvConvention c = StoredIvConvention::unknown)
      : source(s), iv_convention(c) {}
  constexpr BarOrigin(BarSource s, IvConvention c)
      : source(s), iv_convention(stored_iv_convention(c)) {}
  friend constexpr auto operator<=>(const BarOrigin&, const BarOrigin&) = default;
};

}  // namespace strikeline
