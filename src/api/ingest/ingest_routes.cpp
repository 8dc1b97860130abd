#include "api/ingest/ingest_routes.h"

#include <atomic>
#include <memory>

#include "api/error_response.h"
#include "api/ingest/ingest_content_type.h"
#include "api/json_writer.h"
#include "feed/bar_reader.h"
#include "feed/tick_reader.h"

namespace strikeline {

namespace {

struct IngestMetrics {
  IngestMetrics(MetricsRegistry& registry, const std::string& kind)
      : lines_accepted(lines(registry, kind, "accepted")),
        lines_rejected(lines(registry, kind, "rejected")),
        ok(requests(registry, kind, "ok")),
        pending(requests(registry, kind, "pending")),
        refused(requests(registry, kind, "refused")),
        unauthorized(requests(registry, kind, "unauthorized")),
        unavailable(requests(registry, kind, "unavailable")),
        bars_written(registry.counter("strikeline_ingest_bars_written_total",
                                      "1-minute bars made durable by HTTP ingest.",
                                      {{"kind", kind}})) {}
  static Counter& lines(MetricsRegistry& r, const std::string& kind, const char* outcome) {
    return r.counter("strikeline_ingest_lines_total",
                     "Lines received over HTTP ingest, by outcome.",
                     {{"kind", kind}, {"outcome", outcome}});
  }
  static Counter& requests(MetricsRegistry& r, const std::string& kind, const char* outcome) {
    return r.counter("strikeline_ingest_requests_total", "HTTP ingest requests, by outcome.",
                     {{"kind", kind}, {"outcome", outcome}});
  }
  Counter& lines_accepted;
  Counter& lines_rejected;
  Counter& ok;
  Counter& pending;
  Counter& refused;
  Counter& unauthorized;
  Counter& unavailable;
  Counter& bars_written;
};

// The decoded data of the bodies being read, against IngestOptions::memory_budget.
class IngestMemory {
 public:
  explicit IngestMemory(std::size_t budget) : budget_(budget) {}
  bool take(std::size_t bytes) {
    std::size_t held = held_.load();
    do {
      if (budget_ != 0 && held + bytes > budget_) return false;
    } while (!held_.compare_exchange_weak(held, held + bytes));
    return true;
  }
  void give_back(std::size_t bytes) { held_.fetch_sub(bytes); }

 private:
  std::size_t budget_;
  std::atomic<std::size_t> held_{0};
};

void write_rejections(JsonWriter& w, const std::vector<LineRejection>& rejected,
                      std::size_t rejected_count) {
  w.key("rejected").begin_array();
  for (const LineRejection& r : rejected) {
    w.begin_object()
        .field("line", static_cast<std::int64_t>(r.line))
        .field("detail", r.detail)
        .end_object();
  }
  w.end_array();
  w.field("rejected_count", static_cast<std::int64_t>(rejected_count));
}

// 400 for a body none of whose lines could be used: the reasons line by line, nothing stored.
void write_nothing_usable(HttpResponse& res, std::string_view what,
                          const std::vector<LineRejection>& rejected, std::size_t rejected_count) {
  res.result(http::status::bad_request);
  res.set(http::field::content_type, kJsonContentType);
  std::string& out = res.body();
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  w.field("detail", "no line of the body is a valid " + std::string(what) +
                        " (nothing was stored); see rejected for each line's reason");
  w.field("accepted", 0);
  write_rejections(w, rejected, rejected_count);
  w.end_object();
}

void write_receipt(HttpResponse& res, std::size_t accepted,
                   const std::vector<LineRejection>& rejected, std::size_t rejected_count,
                   const IngestReceipt& receipt) {
  res.result(receipt.durable() ? http::status::ok : http::status::accepted);
  res.set(http::field::content_type, kJsonContentType);
  std::string& out = res.body();
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  w.field("accepted", static_cast<std::int64_t>(accepted));
  write_rejections(w, rejected, rejected_count);
  w.field("bars_written", static_cast<std::int64_t>(receipt.bars_written));
  if (!receipt.durable()) {
    w.field("bars_pending", static_cast<std::int64_t>(receipt.bars_pending));
    w.field("durable", false);
    w.field("detail", "the store failed while writing (" + receipt.failure +
                          "); the accepted data is held in memory and will be written when the "
                          "store recovers");
  }
  w.end_object();
}

void refuse(HttpResponse& res, IngestMetrics& m, const std::string& detail) {
  m.refused.inc();
  write_error(res, http::status::bad_request, detail + " (nothing was stored)");
}

// Steps 1 and 2 on the header: the media type, or nullopt after answering the request.
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

// Reads a body with a stream reader (TickStreamReader or BarStreamReader), keeping what it holds
// within the shared memory budget, and stores the usable lines at the end.
template <typename Reader>
class IngestBody final : public BodyReader {
 public:
  using Store = std::function<IngestReceipt(Reader&)>;
  IngestBody(std::unique_ptr<Reader> reader, std::shared_ptr<IngestMemory> memory,
             IngestMetrics& metrics, std::string what, Store store)
      : reader_(std::move(reader)),
        memory_(std::move(memory)),
        metrics_(metrics),
        what_(std::move(what)),
        store_(std::move(store)) {}
  ~IngestBody() override { memory_->give_back(held_); }

  bool consume(std::string_view piece) override {
    if (reader_->refused()) return true;  // the answer is known; the rest is read and dropped
    reader_->feed(piece);
    const std::size_t now = reader_->memory_bytes();
    if (now > held_) {
      if (!memory_->take(now - held_)) {
        over_budget_ = true;
        return false;
      }
      held_ = now;
    }
    return true;
  }

  void finish(HttpResponse& res) override {
    if (over_budget_) {
      metrics_.unavailable.inc();
      write_error(res, http::status::service_unavailable,
                  "the server holds too much ingest data in memory right now (nothing of this "
                  "body was stored); retry shortly or send smaller bodies");
      res.set(http::field::retry_after, "2");
      return;
    }
    reader_->finish();
    auto& r = reader_->result();
    if (r.refused) return refuse(res, metrics_, *r.refused);
    metrics_.lines_rejected.inc(r.rejected_count);
    if (items(r).empty()) {
      metrics_.refused.inc();
      return write_nothing_usable(res, what_, r.rejected, r.rejected_count);
    }
    IngestReceipt receipt;
    try {
      receipt = store_(*reader_);
    } catch (const SimulatedDataConflict& e) {
      metrics_.refused.inc();
      write_error(res, http::status::conflict,
                  std::string(e.what()) + " (nothing of this body was stored)");
      return;
    } catch (const IngestUnavailable& e) {
      metrics_.unavailable.inc();
      write_error(res, http::status::service_unavailable,
                  std::string(e.what()) + " (nothing of this body was stored); retry shortly");
      res.set(http::field::retry_after, "1");
      return;
    }
    (receipt.durable() ? metrics_.ok : metrics_.pending).inc();
    metrics_.lines_accepted.inc(items(r).size());
    metrics_.bars_written.inc(receipt.bars_written);
    write_receipt(res, items(r).size(), r.rejected, r.rejected_count, receipt);
  }

 private:
  static const auto& items(const TickReadResult& r) { return r.events; }
  static const auto& items(const BarReadResult& r) { return r.bars; }

  std::unique_ptr<Reader> reader_;
  std::shared_ptr<IngestMemory> memory_;
  IngestMetrics& metrics_;
  std::string what_;
  Store store_;
  std::size_t held_ = 0;
  bool over_budget_ = false;
};

}  // namespace

std::shared_ptr<IngestAuth> add_ingest_routes(Router& router, IngestSink& sink,
                                              const IngestOptions& options,
                                              MetricsRegistry& metrics) {
  auto auth = std::make_shared<IngestAuth>(options.token);
  auto memory = std::make_shared<IngestMemory>(options.memory_budget);
  auto tick_metrics = std::make_shared<IngestMetrics>(metrics, "ticks");
  auto bar_metrics = std::make_shared<IngestMetrics>(metrics, "bars");
  const LiveWindow window = options.live_window;

  router.post_streamed(
      "/fo/ingest/ticks",
      [&sink, auth, memory, window, m = tick_metrics](
          const RequestContext& ctx, HttpResponse& res) -> std::unique_ptr<BodyReader> {
        auto type = admit(ctx, res, *auth, *m, "application/x-ndjson (one tick a line)");
        if (!type) return nullptr;
        if (*type == IngestMediaType::csv) {
          refuse(res, *m, "ticks are NDJSON, not CSV; send Content-Type: application/x-ndjson");
          return nullptr;
        }
        TickReadOptions read;
        read.live = LiveClock{ctx.received, window};
        return std::make_unique<IngestBody<TickStreamReader>>(
            std::make_unique<TickStreamReader>(read), memory, *m, "tick",
            [&sink](TickStreamReader& r) { return sink.ingest_events(r.result().events); });
      },
      options.max_body_bytes);

  router.post_streamed(
      "/fo/ingest/bars",
      [&sink, auth, memory, window, m = bar_metrics](
          const RequestContext& ctx, HttpResponse& res) -> std::unique_ptr<BodyReader> {
        auto type = admit(ctx, res, *auth, *m,
                          "text/csv (a header row of fo_option_strike_bars columns) or "
                          "application/x-ndjson");
        if (!type) return nullptr;
        std::optional<BarFormat> format;
        if (*type == IngestMediaType::csv) format = BarFormat::csv;
        if (*type == IngestMediaType::ndjson) format = BarFormat::ndjson;
        BarReadOptions read;
        read.latest = ctx.received + window.after;
        return std::make_unique<IngestBody<BarStreamReader>>(
            std::make_unique<BarStreamReader>(format, read), memory, *m, "bar",
            [&sink](BarStreamReader& r) { return sink.ingest_bars(r.result().bars); });
      },
      options.max_body_bytes);
  return auth;
}

}  // namespace strikeline
