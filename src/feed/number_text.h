// Number formatting for the writers: the shortest text that reads back to the same double
// (std::to_chars), and plain integers. Exact round trips depend on it.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>

namespace strikeline {

inline void append_number(std::string& out, double value) {
  char buf[32];
  // Shortest round-trip digits; fixed notation unless the exponent is below -4 or very large.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general);
  out.append(buf, ec == std::errc{} ? end : buf);
}

inline void append_number(std::string& out, std::int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, ec == std::errc{} ? end : buf);
}

inline void append_number(std::string& out, std::uint32_t value) {
  append_number(out, static_cast<std::int64_t>(value));
}

}  // namespace strikeline
