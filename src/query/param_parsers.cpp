#include "query/param_parsers.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/symbol.h"
#include "core/text.h"

namespace strikeline {

namespace {

ParamError invalid(std::string_view name, std::string_view value, std::string_view accepted) {
  return ParamError{"invalid " + std::string(name) + " " + quote_value(value) + ": accepted " +
                    std::string(accepted)};
}

}  // namespace

ParamResult<std::string> parse_symbol_param(const QueryParams& params) {
  auto raw = params.last("symbol");
  if (!raw) return std::string(kDefaultSymbol);
  if (auto symbol = canonical_symbol(*raw)) return std::move(*symbol);
  return invalid("symbol", *raw,
                 "an underlying name such as NIFTY, BANKNIFTY, RELIANCE (any index or stock) or an "
                 "alias (NIFTY 50, NSE:NIFTY, ^NSEI); letters, digits, '&', '-', '_', at most 32");
}

std::optional<ParamError> check_symbol_known(std::string_view symbol,
                                             const std::vector<std::string>& stored) {
  if (is_default_index(symbol) || std::binary_search(stored.begin(), stored.end(), symbol))
    return std::nullopt;
  std::string detail = "unknown symbol " + quote_value(symbol) + ": no data is stored for it; ";
  if (stored.empty()) {
    detail +=
        "nothing is stored yet (NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY and SENSEX answer empty)";
  } else {
    detail += "stored: ";
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < stored.size() && i < kShown; ++i) {
      if (i) detail += ", ";
      detail += stored[i];
    }
    if (stored.size() > kShown) detail += ", ... (" + std::to_string(stored.size()) + " in all)";
  }
  detail += "; GET /fo/symbols lists them";
  return ParamError{std::move(detail)};
}

ParamResult<Timeframe> parse_timeframe_param(const QueryParams& params) {
  auto raw = params.last("timeframe");
  if (!raw) return Timeframe::m5;
  if (auto tf = parse_timeframe(*raw)) return *tf;
  return invalid("timeframe", *raw, accepted_timeframes());
}

ParamResult<Indicator> parse_indicator_param(const QueryParams& params) {
  auto raw = params.last("indicator");
  if (!raw) return Indicator::iv;
  if (auto indicator = parse_indicator(*raw)) return *indicator;
  return ParamError{"unknown indicator " + quote_value(*raw) + ": supported " +
                    std::string(supported_indicators())};
}

ParamResult<SideSelection> parse_side_param(const QueryParams& params) {
  auto raw = params.last("option_side");
  if (!raw) return SideSelection::both;
  if (auto side = parse_side_selection(*raw)) return *side;
  return invalid("option_side", *raw, "both, call, put");
}

ParamResult<int> parse_strike_range_param(const QueryParams& params) {
  auto raw = params.last("strike_range");
  if (!raw) return kDefaultStrikeRange;
  auto n = parse_int64(trim(*raw));
  if (!n || *n <= 0 || *n > kMaxStrikeRange) {
    return invalid("strike_range", *raw,
                   "an integer N with 0 < N <= 200 (strike steps each side of ATM)");
  }
  return static_cast<int>(*n);
}

ParamResult<std::optional<int>> parse_optional_strike_range_param(const QueryParams& params) {
  auto raw = params.last("strike_range");
  if (!raw || iequals(trim(*raw), "all")) return std::optional<int>{};
  auto n = parse_int64(trim(*raw));
  if (!n || *n <= 0 || *n > kMaxStrikeRange) {
    return invalid("strike_range", *raw,
                   "an integer N with 0 < N <= 200 (listed strikes each side of ATM), or all "
                   "(the default)");
  }
  return std::optional<int>{static_cast<int>(*n)};
}

ParamResult<std::optional<SinceSpec>> parse_since_param(const QueryParams& params) {
  auto raw = params.last("since");
  if (!raw) return std::optional<SinceSpec>{};
  const std::string_view text = trim(*raw);
  const auto bad = [&] {
    return invalid("since", *raw,
                   "a duration before `at` such as 30m or 2h (at most 7 days), a time of day "
                   "HH:MM (IST, on the session day), or a moment (epoch seconds or ISO 8601)");
  };
  // 30m, 90m, 2h, 1h (a whole number of minutes or hours).
  if (text.size() >= 2 && (text.back() == 'm' || text.back() == 'h')) {
    if (auto n = parse_int64(text.substr(0, text.size() - 1))) {
      const std::int64_t minutes = text.back() == 'h' ? *n * 60 : *n;
      if (*n <= 0 || minutes > 7 * 24 * 60) return bad();
      return std::optional<SinceSpec>{
          SinceSpec{SinceSpec::Kind::before, std::chrono::minutes{minutes}, {}}};
    }
  }
  // H:MM or HH:MM.
  if (const auto colon = text.find(':');
      colon != std::string_view::npos && (colon == 1 || colon == 2) && text.size() == colon + 3) {
    const auto hh = parse_int64(text.substr(0, colon));
    const auto mm = parse_int64(text.substr(colon + 1));
    if (!hh || !mm || *hh < 0 || *hh > 23 || *mm < 0 || *mm > 59) return bad();
    return std::optional<SinceSpec>{
        SinceSpec{SinceSpec::Kind::time_of_day, std::chrono::minutes{*hh * 60 + *mm}, {}}};
  }
  QueryParams one;
  one.add("since", std::string(text));
  auto moment = parse_moment_param(one, {"since"});
  if (!moment || !moment.value()) return bad();
  return std::optional<SinceSpec>{SinceSpec{SinceSpec::Kind::moment, {}, *moment.value()}};
}

ParamResult<std::optional<UtcSeconds>> parse_epoch_time_param(const QueryParams& params,
                                                              std::string_view name) {
  auto raw = params.last(name);
  if (!raw) return std::optional<UtcSeconds>{};
  if (auto t = parse_epoch_param(*raw)) return std::optional<UtcSeconds>{*t};
  return invalid(name, *raw, "epoch seconds, or epoch milliseconds (values above 10^11)");
}

ParamResult<std::optional<UtcSeconds>> parse_moment_param(
    const QueryParams& params, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    auto raw = params.last(name);
    if (!raw) continue;
    if (auto t = parse_epoch_param(*raw)) return std::optional<UtcSeconds>{*t};
    if (auto t = parse_timestamp_text(*raw, kIstOffset)) {
      return std::optional<UtcSeconds>{floor_seconds(*t)};
    }
    return invalid(name, *raw,
                   "epoch seconds (milliseconds above 10^11) or an ISO 8601 time such as "
                   "2026-02-27T10:00:00+05:30 (without an offset it is IST)");
  }
  return std::optional<UtcSeconds>{};
}

ParamResult<std::optional<Strike>> parse_strike_param(const QueryParams& params) {
  auto raw = params.last("strike");
  if (!raw) return std::optional<Strike>{};
  auto value = parse_double(trim(*raw));
  std::optional<Strike> strike;
  if (value && *value > 0) strike = Strike::from_double(*value);
  if (!strike || strike->hundredths() <= 0) {
    return invalid("strike", *raw, "a positive strike price such as 24350 or 24350.5");
  }
  return strike;
}

ParamResult<std::chrono::seconds> parse_hours_param(const QueryParams& params) {
  auto raw = params.last("hours");
  if (!raw) return std::chrono::seconds{24 * 3600};
  auto hours = parse_double(trim(*raw));
  if (!hours || *hours <= 0 || *hours > 8784) {
    return invalid("hours", *raw, "a number of hours h with 0 < h <= 8784");
  }
  const auto secs = static_cast<std::int64_t>(std::llround(*hours * 3600.0));
  return std::chrono::seconds{secs < 1 ? 1 : secs};
}

ParamResult<std::vector<ExpirySpec>> parse_expiry_params(const QueryParams& params) {
  std::vector<ExpirySpec> specs;
  for (std::string_view raw : params.all({"expiry", "expiry[]"})) {
    std::string_view rest = raw;
    while (true) {
      const auto comma = rest.find(',');
      const std::string_view item = rest.substr(0, comma);
      // An unencoded "NWeek+0" in a URL query decodes to "NWeek 0" ('+' means a space there):
      // read a space inside a relative label as the '+' it was.
      std::string label(trim(item));
      if (label.find(' ') != std::string::npos && !label.empty() &&
          (label[0] == 'N' || label[0] == 'n')) {
        std::replace(label.begin(), label.end(), ' ', '+');
      }
      auto spec = parse_expiry_spec(label);
      if (!spec) {
        return invalid("expiry", item,
                       "YYYY-MM-DD dates or relative labels NWeek+k / NMonth+k "
                       "(k >= 0), repeated or comma-separated");
      }
      if (specs.size() == kMaxExpiriesPerRequest) {
        return ParamError{"too many expiries: at most " + std::to_string(kMaxExpiriesPerRequest) +
                          " per request"};
      }
      specs.push_back(*spec);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return specs;
}

}  // namespace strikeline
