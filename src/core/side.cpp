#include "core/side.h"

#include "core/text.h"

namespace strikeline {

std::optional<Side> parse_side(std::string_view text) {
  text = trim(text);
  if (iequals(text, "CE") || iequals(text, "CALL") || iequals(text, "C")) return Side::call;
  if (iequals(text, "PE") || iequals(text, "PUT") || iequals(text, "P")) return Side::put;
  return std::nullopt;
}

std::optional<SideSelection> parse_side_selection(std::string_view text) {
  text = trim(text);
  if (iequals(text, "both")) return SideSelection::both;
  if (iequals(text, "call")) return SideSelection::call;
  if (iequals(text, "put")) return SideSelection::put;
  return std::nullopt;
}

}  // namespace strikeline
