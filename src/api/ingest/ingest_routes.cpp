#include "api/ingest/ingest_routes.h"

#include <memory>

#include "api/error_response.h"
#include "api/ingest/ingest_auth.h"
#include "api/ingest/ingest_content_type.h"
#include "api/json_writer.h"
#include "feed/bar_reader.h"
#include "feed/tick_reader.h"

namespace strikeline {

namespace {

constexpr std::size_t kRejectedListed = 1000;

struct IngestMetrics {
  IngestMetrics(MetricsRegistry& registry, const std::string& kind)
      : lines_accepted(registry.counter("strikeline_ingest_lines_total",
                                        "Lines received over HTTP ingest, by outcome.",
                                        {{"kind", kind}, {"outcome", "accepted"}})),
        lines_rejected(registry.counter("strikeline_ingest_lines_total",
                                        "Lines received over HTTP ingest, by outcome.",
                                        {{"kind", kind}, {"outcome", "rejected"}})),
        ok(registry.counter("strikeline_ingest_requests_total", "HTTP ingest requests, by outcome.",
                            {{"kind", kind}, {"outcome", "ok"}})),
        refused(registry.counter("strikeline_ingest_requests_total",
                                 "HTTP ingest requests, by outcome.",
                                 {{"kind", kind}, {"outcome", "refused"}})),
        unauthorized(registry.counter("strikeline_ingest_requests_total",
                                      "HTTP ingest requests, by outcome.",
                                      {{"kind", kind}, {"outcome", "unauthorized"}})),
        bars_written(registry.counter("strikeline_ingest_bars_written_total",
                                      "1-minute bars made durable by HTTP ingest.",
                                      {{"kind", kind}})) {}
  Counter& lines_accepted;
  Counter& lines_rejected;
  Counter& ok;
  Counter& refused;
  Counter& unauthorized;
  Counter& bars_written;
};

void write_rejections(JsonWriter& w, const std::vector<LineRejection>& rejected) {
  w.key("rejected").begin_array();
  const std::size_t listed = std::min(rejected.size(), kRejectedListed);
  for (std::size_t i = 0; i < listed; ++i) {
    w.begin_object()
        .field("line", static_cast<std::int64_t>(rejected[i].line))
        .field("detail", rejected[i].detail)
        .end_object();
  }
  w.end_array();
  w.field("rejected_count", static_cast<std::int64_t>(rejected.size()));
}

// 400 for a body none of whose lines could be used: the reasons line by line, nothing stored.
void write_nothing_usable(HttpResponse& res, std::string_view what,
                          const std::vector<LineRejection>& rejected) {
  res.result(http::status::bad_request);
  res.set(http::field::content_type, kJsonContentType);
  std::string& out = res.body();
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  w.field("detail", "no line of the body is a valid " + std::string(what) +
                        " (nothing was stored); see rejected for each line's reason");
  w.field("accepted", 0);
  write_rejections(w, rejected);
  w.end_object();
}

void write_accepted(HttpResponse& res, std::size_t accepted,
                    const std::vector<LineRejection>& rejected, std::size_t bars) {
  res.result(http::status::ok);
  res.set(http::field::content_type, kJsonContentType);
  std::string& out = res.body();
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  w.field("accepted", static_cast<std::int64_t>(accepted));
  write_rejections(w, rejected);
  w.field("bars_written", static_cast<std::int64_t>(bars));
  w.end_object();
}

// Steps 1 and 2 of the header: the media type, or nullopt after answering the request.
std::optional<IngestMediaType> admit(const RequestContext& ctx, HttpResponse& res,
                                     const IngestAuth& auth, IngestMetrics& m,
                                     std::string_view accepted_types) {
  if (auto failure = auth.check(ctx.request, ctx.remote)) {
    m.unauthorized.inc();
    write_error(res, failure->status, failure->detail);
    if (failure->status == http::status::unauthorized) {
      res.set(http::field::www_authenticate, "Bearer realm=\"strikeline ingest\"");
    }
    return std::nullopt;
  }
  const auto ct = ctx.request[http::field::content_type];
  const IngestMediaType type = classify_ingest_content_type({ct.data(), ct.size()});
  if (type == IngestMediaType::unsupported) {
    m.refused.inc();
    write_error(
        res, http::status::bad_request,
        "unsupported Content-Type '" + std::string(ct) + "'; send " + std::string(accepted_types));
    return std::nullopt;
  }
  return type;
}

void refuse(HttpResponse& res, IngestMetrics& m, const std::string& detail) {
  m.refused.inc();
  write_error(res, http::status::bad_request, detail + " (nothing was stored)");
}

// Stores the usable lines of a body through `store` (durable when it returns) and answers with
// what was accepted and rejected; a body with no usable line stores nothing and is refused.
template <typename Lines, typename Store>
void store_and_answer(HttpResponse& res, IngestMetrics& m, std::string_view what,
                      const Lines& lines, const std::vector<LineRejection>& rejected,
                      Store&& store) {
  m.lines_rejected.inc(rejected.size());
  if (lines.empty()) {
    m.refused.inc();
    return write_nothing_usable(res, what, rejected);
  }
  const std::size_t bars = store(lines);
  m.ok.inc();
  m.lines_accepted.inc(lines.size());
  m.bars_written.inc(bars);
  write_accepted(res, lines.size(), rejected, bars);
}

}  // namespace

void add_ingest_routes(Router& router, IngestSink& sink, const IngestOptions& options,
                       MetricsRegistry& metrics) {
  auto auth = std::make_shared<IngestAuth>(options.token);
  auto tick_metrics = std::make_shared<IngestMetrics>(metrics, "ticks");
  auto bar_metrics = std::make_shared<IngestMetrics>(metrics, "bars");

  router.post(
      "/fo/ingest/ticks",
      [&sink, auth, m = tick_metrics](const RequestContext& ctx, HttpResponse& res) {
        auto type = admit(ctx, res, *auth, *m, "application/x-ndjson (one tick a line)");
        if (!type) return;
        if (*type == IngestMediaType::csv) {
          refuse(res, *m, "ticks are NDJSON, not CSV; send Content-Type: application/x-ndjson");
          return;
        }
        TickReadResult r = read_ticks_ndjson(ctx.request.body());
        if (r.refused) return refuse(res, *m, *r.refused);
        store_and_answer(res, *m, "tick", r.events, r.rejected,
                         [&sink](const auto& events) { return sink.ingest_events(events); });
      },
      options.max_body_bytes);

  router.post(
      "/fo/ingest/bars",
      [&sink, auth, m = bar_metrics](const RequestContext& ctx, HttpResponse& res) {
        auto type = admit(ctx, res, *auth, *m,
                          "text/csv (a header row of fo_option_strike_bars columns) or "
                          "application/x-ndjson");
        if (!type) return;
        const std::string& body = ctx.request.body();
        std::optional<BarFormat> format;
        if (*type == IngestMediaType::csv) format = BarFormat::csv;
        if (*type == IngestMediaType::ndjson) format = BarFormat::ndjson;
        if (!format) format = detect_bar_format(body);
        if (!format) {
          return refuse(res, *m,
                        "the body is neither CSV with a header row nor NDJSON (empty, binary or "
                        "unrecognised content)");
        }
        BarReadResult r = read_bars(body, *format);
        if (r.refused) return refuse(res, *m, *r.refused);
        store_and_answer(res, *m, "bar", r.bars, r.rejected,
                         [&sink](const auto& bars) { return sink.ingest_bars(bars); });
      },
      options.max_body_bytes);
}

}  // namespace strikeline
