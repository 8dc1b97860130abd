// Option expiries: a date whose contracts settle at 15:30 IST, and API.md's relative labels.
// "NWeek+k" is the k-th (from 0) expiry on or after the as-of date; "NMonth+k" the k-th monthly
// expiry (the last expiry of its calendar month) on or after it. Labels are case-insensitive;
// "NWeek" means +0.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/timestamp.h"

namespace strikeline {

using Expiry = Date;

// 15:30 IST on the expiry date.
UtcSeconds expiry_close(Expiry e);
// Calendar time to the close in years of 365 days; negative once expired.
double years_to_expiry(Expiry e, Timestamp now);

struct RelativeExpiry {
  enum class Kind { week, month } kind;
  int offset = 0;  // k >= 0
  friend bool operator==(const RelativeExpiry&, const RelativeExpiry&) = default;
};

using ExpirySpec = std::variant<Expiry, RelativeExpiry>;

// A date or a relative label; nullopt when neither.
[[nodiscard]] std::optional<ExpirySpec> parse_expiry_spec(std::string_view text);

// Resolve against the known expiries (ascending, unique). nullopt when there is no such expiry.
[[nodiscard]] std::optional<Expiry> resolve_expiry(const ExpirySpec& spec,
                                                   std::span<const Expiry> known, Date as_of);

// True when e is the last of the known expiries in its calendar month.
bool is_monthly_expiry(Expiry e, std::span<const Expiry> known);

// The label of a known expiry seen from as_of ("NWeek+2"), empty when already expired.
std::string relative_label(Expiry e, std::span<const Expiry> known, Date as_of);

}  // namespace strikeline
