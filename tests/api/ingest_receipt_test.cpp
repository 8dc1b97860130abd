// What HTTP ingest answers about its data, with a sink that can fail: 200 when durable, 202 with
// "bars_pending" and "durable":false when the store failed during the write (the data will be
// written later, so it is not a 503), 503 with Retry-After when the store could take nothing (and
// nothing of the body is written later); 503 with Retry-After past the memory budget.
#include <gtest/gtest.h>

#include "api/ingest/ingest_routes.h"
#include "fixtures/test_client.h"
#include "fixtures/test_server.h"

using namespace strikeline;
using namespace strikeline::testing;

namespace receipts {

class ScriptedSink final : public IngestSink {
 public:
  enum class Mode { durable, pending, unavailable } mode = Mode::durable;
  IngestReceipt ingest_events(std::span<const MarketEvent> events) override {
    return answer(events.size());
  }
  IngestReceipt ingest_bars(std::span<const StrikeBar> bars) override {
    return answer(bars.size());
  }

 private:
  IngestReceipt answer(std::size_t n) {
    if (mode == Mode::unavailable) throw IngestUnavailable("the store is failing: disk full");
    IngestReceipt r;
    if (mode == Mode::durable) {
      r.bars_written = n;
    } else {
      r.bars_pending = n;
      r.failure = "disk full";
    }
    return r;
  }
};

const std::string kBars =
    "bucket_time,symbol,expiry,strike,call_oi_sum\n"
    "1730379600,NIFTY,2024-11-07,24300,5\n"
    "1730379660,NIFTY,2024-11-07,24300,6\n";

Reply post_bars(std::uint16_t port, const std::string& body) {
  TestClient client(port);
  return client.request(http::verb::post, "/fo/ingest/bars", {{"Content-Type", "text/csv"}}, body);
}

}  // namespace receipts

using namespace receipts;

TEST(IngestReceipt, TheAnswerSaysExactlyWhatBecameOfTheData) {
  ScriptedSink sink;
  IngestOptions options;
  TestServer server(test_config(), [&](ServiceContext& context, Router& router) {
    add_ingest_routes(router, sink, options, *context.metrics);
  });
  Reply r = post_bars(server.port(), kBars);
  EXPECT_EQ(r.result_int(), 200u) << r.body();
  EXPECT_EQ(parse_json(r).as_object()["bars_written"].as_int64(), 2);

  sink.mode = ScriptedSink::Mode::pending;
  r = post_bars(server.port(), kBars);
  EXPECT_EQ(r.result_int(), 202u) << r.body();
  auto b = parse_json(r).as_object();
  EXPECT_EQ(b["accepted"].as_int64(), 2);
  EXPECT_EQ(b["bars_written"].as_int64(), 0);
  EXPECT_EQ(b["bars_pending"].as_int64(), 2);
  EXPECT_FALSE(b["durable"].as_bool());

  sink.mode = ScriptedSink::Mode::unavailable;
  r = post_bars(server.port(), kBars);
  EXPECT_EQ(r.result_int(), 503u) << r.body();
  EXPECT_EQ(r[http::field::retry_after], "1");
  EXPECT_NE(r.body().find("nothing of this body was stored"), std::string::npos);
}

TEST(IngestReceipt, ABodyPastTheMemoryBudgetIs503AndStoresNothing) {
  ScriptedSink sink;
  IngestOptions options;
  options.memory_budget = 64 * 1024;  // decoded bars of a large body do not fit
  TestServer server(test_config(), [&](ServiceContext& context, Router& router) {
    add_ingest_routes(router, sink, options, *context.metrics);
  });
  std::string body = "bucket_time,symbol,expiry,strike,call_oi_sum\n";
  for (int i = 0; i < 2000; ++i) {
    body +=
        std::to_string(1730379600 + 60 * i) + ",NIFTY,2024-11-07,24300," + std::to_string(i) + "\n";
  }
  Reply r = post_bars(server.port(), body);
  EXPECT_EQ(r.result_int(), 503u) << r.body();
  EXPECT_EQ(r[http::field::retry_after], "2");
  EXPECT_NE(r.body().find("nothing of this body was stored"), std::string::npos);
  // A body that fits still goes through.
  EXPECT_EQ(post_bars(server.port(), kBars).result_int(), 200u);
}
