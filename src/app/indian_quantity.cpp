#include "app/indian_quantity.h"

#include <cstdio>
#include <cstdlib>

namespace strikeline::app {

namespace {

constexpr std::uint64_t kLakh = 100'000;
constexpr std::uint64_t kCrore = 10'000'000;

// "75,000": the last three digits, then groups of two.
std::string grouped(std::uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[i];
    const std::size_t left = n - 1 - i;  // digits after this one
    if (left >= 3 && (left - 3) % 2 == 0) out += ',';
  }
  return out;
}

// `value` / `unit` with two decimals, rounded half up, in integer arithmetic (exact for any int64).
std::string in_units_of(std::uint64_t value, std::uint64_t unit, const char* suffix) {
  const std::uint64_t hundredths = (value / unit) * 100 + ((value % unit) * 100 + unit / 2) / unit;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%llu.%02llu %s",
                static_cast<unsigned long long>(hundredths / 100),
                static_cast<unsigned long long>(hundredths % 100), suffix);
  return buf;
}

}  // namespace

std::string format_indian_quantity(std::int64_t units) {
  const bool negative = units < 0;
  // The magnitude without overflow for INT64_MIN.
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(units + 1)) + 1 : static_cast<std::uint64_t>(units);
  std::string body;
  if (magnitude >= kCrore) {
    body = in_units_of(magnitude, kCrore, "Cr");
  } else if (magnitude >= kLakh) {
    // 99,99,999 rounds to 100.00 L: say 1.00 Cr instead.
    body = magnitude * 100 + kLakh / 2 >= kCrore * 100 ? in_units_of(magnitude, kCrore, "Cr")
                                                       : in_units_of(magnitude, kLakh, "L");
  } else {
    body = grouped(magnitude);
  }
  return negative ? "-" + body : body;
}

}  // namespace strikeline::app
