#include "core/timestamp.h"

#include <cmath>
#include <cstdio>

#include "core/text.h"

namespace strikeline {

using namespace std::chrono;

std::optional<Timestamp> timestamp_from_epoch(double seconds) {
  if (!std::isfinite(seconds) || std::fabs(seconds) > 1e13) return std::nullopt;
  return Timestamp{microseconds{static_cast<std::int64_t>(std::llround(seconds * 1e6))}};
}

double epoch_seconds_fraction(Timestamp t) {
  return static_cast<double>(t.time_since_epoch().count()) / 1e6;
}

std::optional<UtcSeconds> parse_epoch_param(std::string_view text) {
  text = trim(text);
  auto value = parse_double(text);
  if (!value || *value < 0) return std::nullopt;
  double v = *value;
  if (v > 1e11) v /= 1000.0;
  if (v > 1e11) return std::nullopt;  // beyond year 5138 even as milliseconds: a mistake
  return utc_seconds(static_cast<std::int64_t>(std::floor(v)));
}

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  text = trim(text);
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!digits(text, 0, 4, y) || !digits(text, 5, 2, m) || !digits(text, 8, 2, d))
    return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::optional<Date> parse_nse_date(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  text = trim(text);
  int d = 0, y = 0;
  if (text.size() != 11 || text[2] != '-' || text[6] != '-') return std::nullopt;
  if (!digits(text, 0, 2, d) || !digits(text, 7, 4, y)) return std::nullopt;
  unsigned m = 0;
  for (unsigned i = 0; i < 12; ++i) {
    if (iequals(text.substr(3, 3), kMonths[i])) m = i + 1;
  }
  if (m == 0) return std::nullopt;
  year_month_day ymd{year{y}, month{m}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::optional<Date> parse_date_text(std::string_view text) {
  if (auto iso = parse_date(text)) return iso;
  return parse_nse_date(text);
}

std::optional<Timestamp> parse_ist_timestamp_text(std::string_view text) {
  text = trim(text);
  std::string iso;  // NSE's date rewritten as ISO, the rest kept
  if (text.size() >= 11) {
    if (auto nse = parse_nse_date(text.substr(0, 11))) {
      iso = format_date(*nse) + std::string(text.substr(11));
      text = iso;
    }
  }
  auto parsed = parse_timestamp_text(text);
  if (!parsed) return std::nullopt;
  // An offset is Z, +HH[:MM] or -HH[:MM] after the time; epoch numbers are absolute.
  const bool epoch = text.size() < 10 || text[4] != '-';
  const std::string_view after_date = text.size() > 10 ? text.substr(10) : std::string_view{};
  const bool has_offset = after_date.find_first_of("Zz+-") != std::string_view::npos;
  if (epoch || has_offset) return parsed;
  return *parsed - kIstOffset;
}

std::optional<Timestamp> parse_timestamp_text(std::string_view text) {
  return parse_timestamp_text(text, seconds{0});
}

std::optional<Timestamp> parse_timestamp_text(std::string_view text, seconds default_offset) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  bool numeric = true;
  for (char c : text)
    numeric &= (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  if (numeric && (text.size() < 10 || text[4] != '-')) {
    auto v = parse_double(text);
    if (!v || *v < 0) return std::nullopt;
    double s = *v > 1e11 ? *v / 1000.0 : *v;
    return timestamp_from_epoch(s);
  }
  auto date = parse_date(text.substr(0, std::min<std::size_t>(10, text.size())));
  if (!date) return std::nullopt;
  std::string_view rest = text.substr(10);
  if (rest.empty()) return Timestamp{*date} - default_offset;
  if (rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ') return std::nullopt;
  rest.remove_prefix(1);
  int hh = 0, mm = 0, ss = 0;
  if (!digits(rest, 0, 2, hh) || rest.size() < 5 || rest[2] != ':' || !digits(rest, 3, 2, mm))
    return std::nullopt;
  std::size_t pos = 5;
  if (pos < rest.size() && rest[pos] == ':') {
    if (!digits(rest, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  std::int64_t micros = 0;
  if (pos < rest.size() && (rest[pos] == '.' || rest[pos] == ',')) {
    ++pos;
    std::int64_t scale = 100000;
    std::size_t start = pos;
    while (pos < rest.size() && rest[pos] >= '0' && rest[pos] <= '9') {
      micros += (rest[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  std::int64_t offset_seconds = 0;
  std::string_view zone = trim(rest.substr(pos));
  if (zone.empty()) {
    offset_seconds = default_offset.count();
  } else if (zone == "Z" || zone == "z") {
    offset_seconds = 0;
  } else if (zone[0] == '+' || zone[0] == '-') {
    int oh = 0, om = 0;
    if (!digits(zone, 1, 2, oh)) return std::nullopt;
    std::size_t zpos = 3;
    if (zpos < zone.size() && zone[zpos] == ':') ++zpos;
    if (zpos < zone.size()) {
      if (!digits(zone, zpos, 2, om) || zpos + 2 != zone.size()) return std::nullopt;
    } else if (zpos != zone.size()) {
      return std::nullopt;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    offset_seconds = (zone[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  auto local = Timestamp{*date} + hours{hh} + minutes{mm} + seconds{ss} + microseconds{micros};
  return local - seconds{offset_seconds};
}

std::string format_date(Date d) {
  year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string format_iso_utc(UtcSeconds t) {
  auto day = floor<days>(t);
  hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", format_date(day).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

Date ist_date(Timestamp t) {
  return floor<days>(t + kIstOffset);
}

UtcSeconds ist_time_on(Date d, minutes since_midnight_ist) {
  return UtcSeconds{d} + since_midnight_ist - kIstOffset;
}

}  // namespace strikeline
