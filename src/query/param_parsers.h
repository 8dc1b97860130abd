// Parsers of single request parameters (API.md "Common rules"), each returning the normalised value
// or a ParamError whose detail quotes the bad value and lists what is accepted. A parameter that is
// absent takes its documented default; a parameter that is present but empty is malformed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/expiry.h"
#include "core/side.h"
#include "core/strike.h"
#include "core/timeframe.h"
#include "query/indicator.h"
#include "query/query_params.h"

namespace strikeline {

inline constexpr int kDefaultStrikeRange = 10;
inline constexpr int kMaxStrikeRange = 200;
inline constexpr std::size_t kMaxExpiriesPerRequest = 10;

// `symbol` via canonical_symbol; default NIFTY.
ParamResult<std::string> parse_symbol_param(const QueryParams& params);
// A canonical symbol is known when the store has data for it (`stored`: ascending) or it is one of
// the five default indices (always known, so an empty server answers them empty); otherwise the
// error names some stored symbols and /fo/symbols.
std::optional<ParamError> check_symbol_known(std::string_view symbol,
                                             const std::vector<std::string>& stored);
// `timeframe` via parse_timeframe; default 5min.
ParamResult<Timeframe> parse_timeframe_param(const QueryParams& params);
// `indicator`; default iv.
ParamResult<Indicator> parse_indicator_param(const QueryParams& params);
// `option_side`: both (default), call, put.
ParamResult<SideSelection> parse_side_param(const QueryParams& params);
// `strike_range`: an integer 0 < N <= 200; default 10.
ParamResult<int> parse_strike_range_param(const QueryParams& params);
// `strike_range` where the default is every listed strike (the option chain): absent or `all` ->
// nullopt, else an integer 0 < N <= 200.
ParamResult<std::optional<int>> parse_optional_strike_range_param(const QueryParams& params);
// `since` (the option chain's OI change over an interval), not yet resolved: a duration before the
// moment asked about (`30m`, `2h`: 0 < N minutes <= 7 days), a time of day `HH:MM` (IST, on the
// session day), or a moment as parse_moment_param reads it; absent -> nullopt.
struct SinceSpec {
  enum class Kind { before, time_of_day, moment } kind = Kind::moment;
  std::chrono::seconds offset{};  // before: how long; time_of_day: since IST midnight
  UtcSeconds moment{};            // moment
};
ParamResult<std::optional<SinceSpec>> parse_since_param(const QueryParams& params);
// An epoch parameter (`from`, `to`, `bucket_time`): seconds, milliseconds above 10^11; absent ->
// nullopt.
ParamResult<std::optional<UtcSeconds>> parse_epoch_time_param(const QueryParams& params,
                                                              std::string_view name);
// A moment (`at`, `bucket_time`, `from`, `to`): epoch seconds (milliseconds above 10^11) or an ISO
// 8601 time, read as IST when it has no offset ("2026-02-27 10:00" is 10:00 in India); the first of
// `names` given wins; absent -> nullopt.
ParamResult<std::optional<UtcSeconds>> parse_moment_param(
    const QueryParams& params, std::initializer_list<std::string_view> names);
// `strike`: a positive price; absent -> nullopt.
ParamResult<std::optional<Strike>> parse_strike_param(const QueryParams& params);
// `hours`: a window length, 0 < hours <= 8784 (a leap year); default 24.
ParamResult<std::chrono::seconds> parse_hours_param(const QueryParams& params);
// `expiry`, `expiry[]`, repeatable and comma-separated; each a date or NWeek+k / NMonth+k.
// "NWeek 0" (an unencoded '+' decoded as a space) reads as "NWeek+0". At most
// kMaxExpiriesPerRequest. Empty when absent.
ParamResult<std::vector<ExpirySpec>> parse_expiry_params(const QueryParams& params);

}  // namespace strikeline
