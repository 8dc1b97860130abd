// The NSE trading session in IST: 09:15 to 15:30 on weekdays that are not exchange holidays.
// Holidays come from a configurable list (one YYYY-MM-DD per line, '#' starts a comment).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/timestamp.h"

namespace strikeline {

class SessionCalendar {
 public:
  SessionCalendar() = default;
  explicit SessionCalendar(std::set<Date> holidays) : holidays_(std::move(holidays)) {}

  // Parses a holiday list; on a bad line nullopt, saying which in *error.
  [[nodiscard]] static std::optional<std::set<Date>> parse_holidays(std::string_view text,
                                                                    std::string* error);

  bool is_trading_day(Date d) const;
  UtcSeconds session_open(Date d) const;   // 09:15 IST
  UtcSeconds session_close(Date d) const;  // 15:30 IST
  bool in_session(Timestamp t) const;

  Date previous_trading_day(Date d) const;  // strictly before d
  Date next_trading_day(Date d) const;      // strictly after d
  // The trading day a moment belongs to: its IST date if that is a trading day, else the last one.
  Date trading_day_of(Timestamp t) const;

 private:
  std::set<Date> holidays_;
};

}  // namespace strikeline
