// Side of an option contract (call or put) and the side selection a query asks for.
// parse_side accepts CE/PE/CALL/PUT/C/P in any case; parse_side_selection accepts both/call/put.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace strikeline {

enum class Side : std::uint8_t { call = 0, put = 1 };

inline constexpr Side kBothSides[] = {Side::call, Side::put};

constexpr std::string_view side_code(Side side) {
  return side == Side::call ? "CE" : "PE";
}
constexpr std::string_view side_name(Side side) {
  return side == Side::call ? "call" : "put";
}

[[nodiscard]] std::optional<Side> parse_side(std::string_view text);

// Which sides an analytic combines: one of them, or both.
enum class SideSelection : std::uint8_t { both, call, put };

[[nodiscard]] std::optional<SideSelection> parse_side_selection(std::string_view text);
constexpr std::string_view side_selection_name(SideSelection s) {
  return s == SideSelection::both ? "both" : (s == SideSelection::call ? "call" : "put");
}

}  // namespace strikeline
