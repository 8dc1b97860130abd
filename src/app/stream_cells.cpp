#include "app/stream_cells.h"

#include <cmath>
#include <cstdio>

#include "app/indian_quantity.h"

namespace strikeline::app {

namespace json = boost::json;

double number_or(const json::object& o, std::string_view key, double fallback) {
  const json::value* v = o.if_contains(key);
  if (!v) return fallback;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return fallback;
}

std::string text_or_unknown(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : "?";
}

std::string format_number(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string optional_number(const json::object& o, std::string_view key, int decimals) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return "-";
  return format_number(number_or(o, key, 0), decimals);
}

std::string optional_strike(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", number_or(o, key, 0));
  return buf;
}

std::string optional_quantity(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return "-";
  return format_indian_quantity(std::llround(number_or(o, key, 0)));
}

std::string optional_quantity_change(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return "-";
  const std::int64_t units = std::llround(number_or(o, key, 0));
  return (units > 0 ? "+" : "") + format_indian_quantity(units);
}

std::string ist_clock(std::int64_t epoch) {
  const std::int64_t ist = epoch + 19800;  // IST = UTC+05:30
  const std::int64_t day_seconds = ((ist % 86400) + 86400) % 86400;
  char clock[16];
  std::snprintf(clock, sizeof clock, "%02d:%02d:%02d", static_cast<int>(day_seconds / 3600),
                static_cast<int>(day_seconds / 60 % 60), static_cast<int>(day_seconds % 60));
  return clock;
}

}  // namespace strikeline::app
