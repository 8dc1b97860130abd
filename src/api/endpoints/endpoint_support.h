// Helpers the endpoint handlers share: fetching the chain snapshot (503 when the store is not
// ready), answering a bad parameter with 400, and writing common JSON fragments.
#pragma once

#include <memory>
#include <optional>
#include <span>

#include "api/csv_writer.h"
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

// The `format` parameter of an endpoint that can answer in CSV: json (the default) or csv;
// nullopt after writing a 400 to res.
enum class AnswerFormat { json, csv };
std::optional<AnswerFormat> answer_format(const QueryParams& params, HttpResponse& res);
// Starts a CSV body in res (text/csv, cleared, with room reserved) and returns the writer.
CsvWriter start_csv(HttpResponse& res, std::size_t reserve = 1024);
// A moment as an IST wall-clock time, "2025-11-04 09:15:00" (for CSV readers).
std::string ist_text(UtcSeconds t);
// The header values of a window as CSV comments ("# from: ...", "# to: ...", epoch seconds).
void comment_window(CsvWriter& csv, const std::optional<TimeWindow>& window);

}  // namespace strikeline
