// Small text helpers shared by the parsers: ASCII trimming, upper-casing and strict number parsing.
// parse_int64/parse_double accept the whole string or nothing (no trailing junk, finite doubles
// only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strikeline {

std::string_view trim(std::string_view text);
std::string to_upper(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

[[nodiscard]] std::optional<std::int64_t> parse_int64(std::string_view text);
[[nodiscard]] std::optional<double> parse_double(std::string_view text);

}  // namespace strikeline
