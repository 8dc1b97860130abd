// One NDJSON line as a JSON object (simdjson DOM: the whole line is validated before any field
// is used, so truncated lines and trailing garbage are errors), and typed field readers whose
// errors name the field. JSON null reads as an absent value.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/timestamp.h"

namespace strikeline {

class JsonLineParser {
 public:
  // Parses a line that must hold exactly one JSON object; on failure says why in `error`.
  std::optional<simdjson::dom::object> parse_object(std::string_view line, std::string& error);

 private:
  simdjson::dom::parser parser_;
  std::vector<char> padded_;
};

// Each reader leaves `out` untouched on null and returns an error text on a wrong type or range.
std::optional<std::string> json_number(simdjson::dom::element v, std::string_view name,
                                       std::optional<double>& out);
// A whole number (integral doubles such as 5.0e6 are accepted) within the int64 range.
std::optional<std::string> json_integer(simdjson::dom::element v, std::string_view name,
                                        std::optional<std::int64_t>& out);
std::optional<std::string> json_text(simdjson::dom::element v, std::string_view name,
                                     std::optional<std::string_view>& out);
// Epoch seconds (number; above 1e11 read as milliseconds) or timestamp text.
std::optional<std::string> json_timestamp(simdjson::dom::element v, std::string_view name,
                                          std::optional<Timestamp>& out);

// Reads an epoch number the way the API does: seconds, or milliseconds above 1e11.
std::optional<Timestamp> timestamp_from_epoch_number(double value);

}  // namespace strikeline
