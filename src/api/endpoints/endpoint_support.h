// Helpers the endpoint handlers share: fetching the chain snapshot (503 when the store is not
// ready), answering a bad parameter with 400, and writing common JSON fragments.
#pragma once

#include <memory>
#include <optional>
#include <span>

#include "api/error_response.h"
#include "api/json_writer.h"
#include "query/query_params.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct ServiceContext;

// The current snapshot, or nullptr after writing a 503 to res.
std::shared_ptr<const ChainReader> snapshot_or_503(const ServiceContext& context,
                                                   HttpResponse& res);

inline void write_bad_request(HttpResponse& res, const ParamError& error) {
  write_error(res, http::status::bad_request, error.detail);
}

// Starts a JSON body in res (cleared, with room reserved) and returns the writer.
inline JsonWriter start_json(HttpResponse& res, std::size_t reserve = 1024) {
  res.body().clear();
  res.body().reserve(reserve);
  return JsonWriter(res.body());
}

JsonWriter& write_date(JsonWriter& json, Expiry date);
JsonWriter& write_expiry_array(JsonWriter& json, std::span<const Expiry> expiries);
JsonWriter& write_time(JsonWriter& json, UtcSeconds t);
JsonWriter& write_time(JsonWriter& json, const std::optional<UtcSeconds>& t);
JsonWriter& write_strike(JsonWriter& json, const std::optional<Strike>& strike);
// "from" and "to" of a window (null when there is none).
void write_window(JsonWriter& json, const std::optional<TimeWindow>& window);

}  // namespace strikeline
