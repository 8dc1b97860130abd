// format_indian_quantity against an oracle that reads the text back: the value it states equals
// the quantity to the shown precision, the unit is the one its size calls for, digits are grouped
// the Indian way (three, then twos), and the sign is kept.
#include "app/indian_quantity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <regex>

using strikeline::app::format_indian_quantity;

namespace {

struct Reading {
  bool negative = false;
  long double value = 0;  // units
  std::string unit;       // "", "L" or "Cr"
};

Reading read_back(const std::string& text) {
  Reading r;
  std::string body = text;
  if (!body.empty() && body[0] == '-') {
    r.negative = true;
    body.erase(0, 1);
  }
  static const std::regex decimal(R"((\d+)\.(\d\d) (L|Cr))");
  static const std::regex grouped(R"(\d{1,3}|\d{1,2}(,\d\d)*,\d{3})");
  std::smatch m;
  if (std::regex_match(body, m, decimal)) {
    r.unit = m[3];
    const long double scale = r.unit == "Cr" ? 1e7L : 1e5L;
    r.value = (std::stold(m[1]) + std::stold(m[2]) / 100) * scale;
  } else {
    EXPECT_TRUE(std::regex_match(body, grouped)) << "grouping of " << text;
    std::string digits;
    for (char c : body) {
      if (c != ',') digits += c;
    }
    r.value = std::stold(digits);
  }
  return r;
}

void check(std::int64_t units) {
  const std::string text = format_indian_quantity(units);
  const Reading r = read_back(text);
  const long double magnitude = std::fabs(static_cast<long double>(units));
  EXPECT_EQ(r.negative, units < 0) << text;
  // 99,99,500 and more rounds to 100.00 lakh: that is written as crores.
  const std::string unit = magnitude >= 9'999'500 ? "Cr" : magnitude >= 100'000 ? "L" : "";
  EXPECT_EQ(r.unit, unit) << units << " -> " << text;
  const long double step = unit == "Cr" ? 1e5L : unit == "L" ? 1e3L : 0;  // a hundredth
  EXPECT_LE(std::fabs(r.value - magnitude), step / 2 + 1e-6L * magnitude)
      << units << " -> " << text;
}

}  // namespace

TEST(IndianQuantity, ReadsBackAsTheQuantityInTheUnitItsSizeCallsFor) {
  for (std::int64_t v : {0LL, 1LL, 75LL, 999LL, 1'000LL, 9'100LL, 75'000LL, 99'999LL, 100'000LL,
                         123'456LL, 5'123'400LL, 9'999'499LL, 9'999'500LL, 9'999'999LL,
                         10'000'000LL, 232'287'965LL, 1'000'000'000'000LL}) {
    check(v);
    check(-v);
  }
  check(std::numeric_limits<std::int64_t>::max());
  check(std::numeric_limits<std::int64_t>::min());
  std::mt19937_64 random(17);
  for (int i = 0; i < 20000; ++i) {
    const int digits = static_cast<int>(random() % 16);
    const auto bound = static_cast<std::uint64_t>(std::pow(10.0, digits)) + 1;
    const auto v = static_cast<std::int64_t>(random() % bound);
    check(random() % 2 ? v : -v);
  }
}

TEST(IndianQuantity, WritesWhatATraderReads) {
  EXPECT_EQ(format_indian_quantity(9'100), "9,100");
  EXPECT_EQ(format_indian_quantity(5'123'400), "51.23 L");
  EXPECT_EQ(format_indian_quantity(232'287'965), "23.23 Cr");
  EXPECT_EQ(format_indian_quantity(-120'000), "-1.20 L");
}
