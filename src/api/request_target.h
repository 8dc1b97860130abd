// Splitting an HTTP request target ("/fo/expiries?symbol=NIFTY%2050") into its percent-decoded
// path and query parameters (Boost.URL; '+' in the query means a space). A target that is not an
// origin-form URI (absolute path plus optional query) or is badly percent-encoded is rejected with
// a client-facing detail. Characters RFC 3986 forbids in a query but clients commonly send raw
// ("expiry[]=", '|', '"', bytes above 0x7f) are taken as if escaped. Parameters without '=' get an
// empty value.
#pragma once

#include <string>
#include <string_view>

#include "query/query_params.h"

namespace strikeline {

struct RequestTarget {
  std::string path;
  QueryParams params;
};

ParamResult<RequestTarget> parse_request_target(std::string_view target);

}  // namespace strikeline
