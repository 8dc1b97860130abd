// UTC time points used everywhere: Timestamp (microseconds, for ticks) and UtcSeconds (bucket
// starts, API times). Parsing of epoch numbers (API.md: values above 10^11 are milliseconds) and of
// text timestamps (ISO 8601, PostgreSQL's "2025-11-04 03:45:00+00", epoch seconds); IST (UTC+05:30)
// dates.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strikeline {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
using UtcSeconds = std::chrono::sys_seconds;
using Date = std::chrono::sys_days;

// India Standard Time has no daylight saving: a fixed +05:30.
inline constexpr std::chrono::seconds kIstOffset{5 * 3600 + 30 * 60};

constexpr std::int64_t epoch_seconds(UtcSeconds t) {
  return t.time_since_epoch().count();
}
constexpr UtcSeconds utc_seconds(std::int64_t epoch) {
  return UtcSeconds{std::chrono::seconds{epoch}};
}
constexpr UtcSeconds floor_seconds(Timestamp t) {
  return std::chrono::floor<std::chrono::seconds>(t);
}
// Epoch seconds with a fraction, e.g. 1730379601.25; nullopt when not finite or out of range.
[[nodiscard]] std::optional<Timestamp> timestamp_from_epoch(double seconds);
double epoch_seconds_fraction(Timestamp t);

// An epoch given to the API: integer or decimal seconds; values above 10^11 are milliseconds.
[[nodiscard]] std::optional<UtcSeconds> parse_epoch_param(std::string_view text);

// ISO 8601 / PostgreSQL text ("2025-11-04T03:45:00Z", "2025-11-04 09:15:00+05:30",
// "2025-11-04 03:45:00.5+00", a bare date as UTC midnight) or plain epoch seconds (ms above 10^11).
[[nodiscard]] std::optional<Timestamp> parse_timestamp_text(std::string_view text);
// The same, reading a time (or a bare date: its midnight) without an offset as local to
// `default_offset` from UTC, e.g. kIstOffset for a moment an Indian user types.
[[nodiscard]] std::optional<Timestamp> parse_timestamp_text(std::string_view text,
                                                            std::chrono::seconds default_offset);

// Strict "YYYY-MM-DD" (a real calendar date).
[[nodiscard]] std::optional<Date> parse_date(std::string_view text);
// NSE's own date style, "08-Dec-2026": DD-Mon-YYYY with the month's English abbreviation in any
// case (a real calendar date).
[[nodiscard]] std::optional<Date> parse_nse_date(std::string_view text);
// A date as a person types it: YYYY-MM-DD or DD-Mon-YYYY.
[[nodiscard]] std::optional<Date> parse_date_text(std::string_view text);
// A moment as a person in India types it: what parse_timestamp_text reads, except that a time or
// a date without an offset is IST (not UTC), and NSE's "28-Mar-2022 10:47:19" (IST) too.
[[nodiscard]] std::optional<Timestamp> parse_ist_timestamp_text(std::string_view text);
std::string format_date(Date d);
std::string format_iso_utc(UtcSeconds t);  // "2025-11-04T03:45:00Z"

// The civil date in India of a UTC instant, and the UTC instant of an IST wall-clock time on a
// date.
Date ist_date(Timestamp t);
UtcSeconds ist_time_on(Date d, std::chrono::minutes since_midnight_ist);

}  // namespace strikeline
