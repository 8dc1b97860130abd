#include "core/expiry.h"

#include <algorithm>

#include "core/text.h"

namespace strikeline {

using namespace std::chrono;

UtcSeconds expiry_close(Expiry e) {
  return ist_time_on(e, hours{15} + minutes{30});
}

double years_to_expiry(Expiry e, Timestamp now) {
  auto diff = Timestamp{expiry_close(e)} - now;
  return static_cast<double>(diff.count()) / (365.0 * 86400.0 * 1e6);
}

std::optional<ExpirySpec> parse_expiry_spec(std::string_view text) {
  text = trim(text);
  if (auto d = parse_date(text)) return ExpirySpec{*d};
  std::string upper = to_upper(text);
  std::string_view rest;
  RelativeExpiry rel{RelativeExpiry::Kind::week, 0};
  if (upper.starts_with("NWEEK")) {
    rest = std::string_view(upper).substr(5);
  } else if (upper.starts_with("NMONTH")) {
    rel.kind = RelativeExpiry::Kind::month;
    rest = std::string_view(upper).substr(6);
  } else {
    return std::nullopt;
  }
  if (!rest.empty()) {
    if (rest[0] != '+' || rest.size() < 2 || rest.size() > 4) return std::nullopt;
    auto k = parse_int64(rest.substr(1));
    if (!k || *k < 0) return std::nullopt;
    rel.offset = static_cast<int>(*k);
  }
  return ExpirySpec{rel};
}

bool is_monthly_expiry(Expiry e, std::span<const Expiry> known) {
  year_month ym{year_month_day{e}.year(), year_month_day{e}.month()};
  for (Expiry other : known) {
    year_month_day o{other};
    if (other > e && year_month{o.year(), o.month()} == ym) return false;
  }
  return true;
}

std::optional<Expiry> resolve_expiry(const ExpirySpec& spec, std::span<const Expiry> known,
                                     Date as_of) {
  if (const Expiry* date = std::get_if<Expiry>(&spec)) return *date;
  const RelativeExpiry& rel = std::get<RelativeExpiry>(spec);
  int seen = 0;
  for (Expiry e : known) {
    if (e < as_of) continue;
    if (rel.kind == RelativeExpiry::Kind::month && !is_monthly_expiry(e, known)) continue;
    if (seen == rel.offset) return e;
    ++seen;
  }
  return std::nullopt;
}

std::string relative_label(Expiry e, std::span<const Expiry> known, Date as_of) {
  if (e < as_of) return {};
  auto n = std::count_if(known.begin(), known.end(), [&](Expiry k) { return k >= as_of && k < e; });
  return "NWeek+" + std::to_string(n);
}

}  // namespace strikeline
