// Error responses: JSON {"detail": "..."} with the given status. The detail is written by this
// server (never a library's exception text).
#pragma once

#include <string_view>

#include "api/http_types.h"

namespace strikeline {

void write_error(HttpResponse& res, http::status status, std::string_view detail);

inline constexpr std::string_view kJsonContentType = "application/json";

}  // namespace strikeline
