// JSON fragments the analytics endpoints (/fo/buildup, /fo/exposures) share: the expiry with its
// relative label, and optional numbers rounded as the other endpoints round them.
#pragma once

#include <optional>
#include <string>

#include "api/endpoints/endpoint_support.h"
#include "query/indicator.h"

namespace strikeline {

inline std::optional<double> round_optional(const std::optional<double>& v, int decimals) {
  if (v) return round_to(*v, decimals);
  return v;
}

// "expiry" (YYYY-MM-DD or null) and, when `label` is given, "expiry_label" (null without expiry).
inline void write_expiry_fields(JsonWriter& json, const std::optional<Expiry>& expiry,
                                const std::string* label = nullptr) {
  json.key("expiry");
  if (expiry) {
    write_date(json, *expiry);
  } else {
    json.null();
  }
  if (!label) return;
  json.key("expiry_label");
  if (expiry) {
    json.string(*label);
  } else {
    json.null();
  }
}

}  // namespace strikeline
