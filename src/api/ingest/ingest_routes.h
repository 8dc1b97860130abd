// POST /fo/ingest/ticks and POST /fo/ingest/bars (API.md). Each request is checked in this order:
//   1. who: IngestAuth (401 / 403);
//   2. Content-Type (ingest_content_type.h; unsupported -> 400);
//   3. the body as a whole: empty, binary, not UTF-8, not the declared format (a CSV header without
//      the required columns, NDJSON whose first line is not an object) -> 400, nothing stored;
//   4. line by line: a line that does not decode is listed in "rejected" with its 1-based line
//      number and reason; the good lines are stored. When no line at all is good the body is not
//      the declared format: 400 (with the rejected lines), nothing stored.
// The reply, 200 {"accepted":N,"rejected":[{"line":K,"detail":"..."}],"rejected_count":R,
// "bars_written":B}, is sent only after the IngestSink has made the data durable (a storage failure
// is 503 and nothing is acknowledged). "rejected" lists at most the first 1000 lines. Bodies larger
// than max_body_bytes are 413 (the route's own limit, see Router). Ticks are NDJSON; bars NDJSON or
// CSV with a header row (text/plain or no Content-Type: the content decides).
// Metrics: strikeline_ingest_lines_total{kind,outcome="accepted|rejected"},
// strikeline_ingest_requests_total{kind,outcome="ok|refused|unauthorized"} and
// strikeline_ingest_bars_written_total{kind}.
#pragma once

#include <cstddef>
#include <string>

#include "api/ingest/ingest_sink.h"
#include "api/metrics_registry.h"
#include "api/router.h"

namespace strikeline {

struct IngestOptions {
  std::string token;                              // empty: loopback clients only
  std::size_t max_body_bytes = 64 * 1024 * 1024;  // per request; beyond: 413
};

// `sink` and `metrics` must outlive the router's use.
void add_ingest_routes(Router& router, IngestSink& sink, const IngestOptions& options,
                       MetricsRegistry& metrics);

}  // namespace strikeline
