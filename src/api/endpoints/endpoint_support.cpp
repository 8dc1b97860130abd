#include "api/endpoints/endpoint_support.h"

#include <chrono>
#include <cstdio>
#include <string>

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

std::optional<AnswerFormat> answer_format(const QueryParams& params, HttpResponse& res) {
  const std::optional<std::string_view> format = params.last("format");
  if (!format || *format == "json") return AnswerFormat::json;
  if (*format == "csv") return AnswerFormat::csv;
  write_error(res, http::status::bad_request,
              "format must be json or csv (got '" + std::string(format->substr(0, 40)) + "')");
  return std::nullopt;
}

CsvWriter start_csv(HttpResponse& res, std::size_t reserve) {
  res.set(http::field::content_type, "text/csv; charset=utf-8");
  res.body().clear();
  res.body().reserve(reserve);
  return CsvWriter(res.body());
}

std::string ist_text(UtcSeconds t) {
  const UtcSeconds wall = t + kIstOffset;
  const auto day = std::chrono::floor<std::chrono::days>(wall);
  const std::chrono::hh_mm_ss clock(wall - day);
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return format_date(Date{day}) + buf;
}

void comment_window(CsvWriter& csv, const std::optional<TimeWindow>& window) {
  csv.comment("from", window ? std::to_string(epoch_seconds(window->from)) : "");
  csv.comment("to", window ? std::to_string(epoch_seconds(window->to)) : "");
}

void write_window(JsonWriter& json, const std::optional<TimeWindow>& window) {
  json.key("from");
  write_time(json, window ? std::optional<UtcSeconds>(window->from) : std::nullopt);
  json.key("to");
  write_time(json, window ? std::optional<UtcSeconds>(window->to) : std::nullopt);
}

}  // namespace strikeline
