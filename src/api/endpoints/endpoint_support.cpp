#include "api/endpoints/endpoint_support.h"

#include <chrono>

#include "api/service_context.h"

namespace strikeline {

std::shared_ptr<const ChainReader> snapshot_or_503(const ServiceContext& context,
                                                   HttpResponse& res) {
  std::shared_ptr<const ChainReader> snapshot;
  if (context.snapshot) snapshot = context.snapshot();
  if (!snapshot) {
    write_error(res, http::status::service_unavailable,
                "the chain store is not ready yet; retry shortly");
  }
  return snapshot;
}

JsonWriter& write_date(JsonWriter& json, Expiry date) {
  // YYYY-MM-DD without going through a stream.
  const std::chrono::year_month_day ymd{date};
  char text[11];
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned d = static_cast<unsigned>(ymd.day());
  if (y < 0 || y > 9999) return json.string(format_date(date));
  text[0] = static_cast<char>('0' + y / 1000);
  text[1] = static_cast<char>('0' + y / 100 % 10);
  text[2] = static_cast<char>('0' + y / 10 % 10);
  text[3] = static_cast<char>('0' + y % 10);
  text[4] = '-';
  text[5] = static_cast<char>('0' + m / 10);
  text[6] = static_cast<char>('0' + m % 10);
  text[7] = '-';
  text[8] = static_cast<char>('0' + d / 10);
  text[9] = static_cast<char>('0' + d % 10);
  text[10] = '\0';
  return json.string(std::string_view(text, 10));
}

JsonWriter& write_expiry_array(JsonWriter& json, std::span<const Expiry> expiries) {
  json.begin_array();
  for (Expiry e : expiries) write_date(json, e);
  return json.end_array();
}

JsonWriter& write_time(JsonWriter& json, UtcSeconds t) {
  return json.number(static_cast<std::int64_t>(epoch_seconds(t)));
}

JsonWriter& write_time(JsonWriter& json, const std::optional<UtcSeconds>& t) {
  return t ? write_time(json, *t) : json.null();
}

JsonWriter& write_strike(JsonWriter& json, const std::optional<Strike>& strike) {
  return strike ? json.number(strike->to_double()) : json.null();
}

void write_window(JsonWriter& json, const std::optional<TimeWindow>& window) {
  json.key("from");
  write_time(json, window ? std::optional<UtcSeconds>(window->from) : std::nullopt);
  json.key("to");
  write_time(json, window ? std::optional<UtcSeconds>(window->to) : std::nullopt);
}

}  // namespace strikeline
