#include "core/session_calendar.h"

#include "core/text.h"

namespace strikeline {

using namespace std::chrono;

std::optional<std::set<Date>> SessionCalendar::parse_holidays(std::string_view text,
                                                              std::string* error) {
  std::set<Date> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    auto d = parse_date(line);
    if (!d) {
      if (error)
        *error = "holiday list line " + std::to_string(line_no) + ": expected YYYY-MM-DD, got '" +
                 std::string(line) + "'";
      return std::nullopt;
    }
    out.insert(*d);
  }
  return out;
}

bool SessionCalendar::is_trading_day(Date d) const {
  weekday wd{d};
  if (wd == Saturday || wd == Sunday) return false;
  return !holidays_.contains(d);
}

UtcSeconds SessionCalendar::session_open(Date d) const {
  return ist_time_on(d, hours{9} + minutes{15});
}
UtcSeconds SessionCalendar::session_close(Date d) const {
  return ist_time_on(d, hours{15} + minutes{30});
}

bool SessionCalendar::in_session(Timestamp t) const {
  Date d = ist_date(t);
  return is_trading_day(d) && t >= Timestamp{session_open(d)} && t < Timestamp{session_close(d)};
}

Date SessionCalendar::previous_trading_day(Date d) const {
  Date p = d - days{1};
  while (!is_trading_day(p)) p -= days{1};
  return p;
}

Date SessionCalendar::next_trading_day(Date d) const {
  Date n = d + days{1};
  while (!is_trading_day(n)) n += days{1};
  return n;
}

Date SessionCalendar::trading_day_of(Timestamp t) const {
  Date d = ist_date(t);
  return is_trading_day(d) ? d : previous_trading_day(d);
}

}  // namespace strikeline
