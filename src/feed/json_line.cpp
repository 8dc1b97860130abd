#include "feed/json_line.h"

#include <cmath>
#include <cstring>

#include "core/text.h"
#include "feed/input_text.h"

namespace strikeline {

namespace {

std::string describe_json_error(simdjson::error_code code) {
  switch (code) {
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "malformed or truncated JSON";
    case simdjson::NUMBER_ERROR:
      return "malformed JSON: a number is invalid or out of range";
    case simdjson::STRING_ERROR:
    case simdjson::UNCLOSED_STRING:
      return "malformed JSON: an invalid or unterminated string";
    case simdjson::UTF8_ERROR:
      return "malformed JSON: invalid UTF-8";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "malformed JSON: an invalid literal (NaN and Infinity are not JSON)";
    case simdjson::DEPTH_ERROR:
      return "malformed JSON: nested too deeply";
    case simdjson::EMPTY:
      return "empty line";
    default:
      return std::string("malformed JSON: ") + simdjson::error_message(code);
  }
}

std::string wrong_type(std::string_view name, std::string_view expected) {
  return std::string(name) + ": expected " + std::string(expected);
}

}  // namespace

std::optional<simdjson::dom::object> JsonLineParser::parse_object(std::string_view line,
                                                                  std::string& error) {
  const std::size_t needed = line.size() + simdjson::SIMDJSON_PADDING;
  if (padded_.size() < needed) padded_.resize(needed);
  std::memcpy(padded_.data(), line.data(), line.size());
  std::memset(padded_.data() + line.size(), 0, simdjson::SIMDJSON_PADDING);
  simdjson::dom::element doc;
  if (auto code = parser_.parse(padded_.data(), line.size(), false).get(doc)) {
    error = describe_json_error(code);
    return std::nullopt;
  }
  simdjson::dom::object object;
  if (doc.get_object().get(object)) {
    error = "expected a JSON object";
    return std::nullopt;
  }
  return object;
}

std::optional<std::string> json_number(simdjson::dom::element v, std::string_view name,
                                       std::optional<double>& out) {
  if (v.is_null()) return std::nullopt;
  double value = 0;
  if (!v.is_number() || v.get_double().get(value)) return wrong_type(name, "a number");
  if (!std::isfinite(value)) return std::string(name) + ": not a finite number";
  out = value;
  return std::nullopt;
}

std::optional<std::string> json_integer(simdjson::dom::element v, std::string_view name,
                                        std::optional<std::int64_t>& out) {
  if (v.is_null()) return std::nullopt;
  if (v.is_int64()) {
    out = v.get_int64().value_unsafe();
    return std::nullopt;
  }
  if (v.is_uint64()) return std::string(name) + ": out of range";
  double value = 0;
  if (!v.is_number() || v.get_double().get(value)) return wrong_type(name, "a whole number");
  if (!std::isfinite(value) || std::trunc(value) != value) {
    return std::string(name) + ": expected a whole number";
  }
  if (std::fabs(value) >= 9.2e18) return std::string(name) + ": out of range";
  out = static_cast<std::int64_t>(value);
  return std::nullopt;
}

std::optional<std::string> json_text(simdjson::dom::element v, std::string_view name,
                                     std::optional<std::string_view>& out) {
  if (v.is_null()) return std::nullopt;
  std::string_view text;
  if (v.get_string().get(text)) return wrong_type(name, "a string");
  out = text;
  return std::nullopt;
}

std::optional<Timestamp> timestamp_from_epoch_number(double value) {
  if (!std::isfinite(value) || value < 0) return std::nullopt;
  return timestamp_from_epoch(value > 1e11 ? value / 1000.0 : value);
}

std::optional<std::string> json_timestamp(simdjson::dom::element v, std::string_view name,
                                          std::optional<Timestamp>& out) {
  if (v.is_null()) return std::nullopt;
  if (v.is_number()) {
    double value = 0;
    if (v.get_double().get(value)) return wrong_type(name, "epoch seconds or an ISO 8601 string");
    out = timestamp_from_epoch_number(value);
    if (!out) return std::string(name) + ": epoch seconds out of range";
    return std::nullopt;
  }
  std::string_view text;
  if (v.get_string().get(text)) {
    return wrong_type(name, "epoch seconds or an ISO 8601 string");
  }
  out = parse_timestamp_text(text);
  if (!out) {
    return std::string(name) + ": '" + excerpt(text) +
           "' is not an ISO 8601 timestamp or epoch seconds";
  }
  return std::nullopt;
}

}  // namespace strikeline
