// POST /fo/ingest/ticks and POST /fo/ingest/bars (API.md). Each request is checked in this order,
// on its header alone, before any of its body is read (a refused upload costs nothing):
//   1. who: IngestAuth (401 / 403), which also refuses cross-site browser requests (403);
//   2. Content-Type (ingest_content_type.h; unsupported -> 400);
// then the body is read as it arrives (the server streams it in pieces) and decoded on the fly:
//   3. the body as a whole: empty, binary, not UTF-8, not the declared format (a CSV header without
//      the required columns, NDJSON whose first line is not an object) -> 400, nothing stored;
//   4. line by line: a line that does not decode or breaks the bounds on what a tick or bar may
//      say (feed/market_bounds.h; ticks must lie in the live window around the server's clock, bars
//      must not start after it) is listed in "rejected" with its 1-based line number and reason;
//      the good lines are stored. When no line at all is good the body is not the declared format:
//      400 (with the rejected lines), nothing stored.
// Memory: the server holds the decoded data of a body, never its text; the decoded data of all the
// bodies being read at once is limited to memory_budget bytes: a body that would pass it is 503
// with Retry-After and nothing of it is stored.
// The answer says exactly what became of the data:
//   200 {"accepted":N,"rejected":[{"line":K,"detail":"..."}],"rejected_count":R,"bars_written":B}
//       after the bars are durable and visible;
//   202 the same with "bars_written":0,"bars_pending":P,"durable":false,"detail":"..." when the
//       store failed while writing this body: the data is held and written once it recovers;
//   503 with Retry-After when the store cannot take data now (nothing taken, nothing written
//   later).
// "rejected" lists at most the first 1000 lines. Bodies larger than max_body_bytes are 413 (the
// route's own limit, see Router). Ticks are NDJSON; bars NDJSON or CSV with a header row
// (text/plain or no Content-Type: the content decides).
// Metrics: strikeline_ingest_lines_total{kind,outcome="accepted|rejected"},
// strikeline_ingest_requests_total{kind,outcome="ok|pending|refused|unauthorized|unavailable"} and
// strikeline_ingest_bars_written_total{kind}.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "api/ingest/ingest_auth.h"
#include "api/ingest/ingest_sink.h"
#include "api/metrics_registry.h"
#include "api/router.h"
#include "feed/market_bounds.h"

namespace strikeline {

struct IngestOptions {
  std::string token;                              // empty: loopback clients only
  std::size_t max_body_bytes = 64 * 1024 * 1024;  // per request; beyond: 413
  std::size_t memory_budget = 256 * 1024 * 1024;  // decoded data of the bodies being read at once
  LiveWindow live_window;                         // ticks' times around the server's clock
};

// `sink` and `metrics` must outlive the router's use. Returns the routes' authority, whose token
// may be replaced while serving.
std::shared_ptr<IngestAuth> add_ingest_routes(Router& router, IngestSink& sink,
                                              const IngestOptions& options,
                                              MetricsRegistry& metrics);

}  // namespace strikeline
