// The data metrics of `strikeline serve` (app/server_metrics.h) on a write path with a repository
// that can be made to fail, a chain store and a fixed clock: the market's session by the calendar
// (holidays, weekends, the 09:15-15:30 IST window), seconds since the newest bar per symbol, stored
// bars missing OI per symbol, write errors and pending bars, ticks received, the feed's state, the
// replica metrics only for a replica; every value computed here from what the test did.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "app/server_metrics.h"

namespace strikeline::app {
namespace server_metrics_test {  // named: the test files share one unity translation unit

class MemoryRepository final : public BarRepository {
 public:
  bool failing = false;
  void write(std::span<const StrikeBar>, BarOrigin) override {
    if (failing) throw StorageError("database unreachable");
  }
  void scan(UtcSeconds, UtcSeconds, const std::function<void(const StrikeBar&)>&) override {}
  std::optional<std::pair<UtcSeconds, UtcSeconds>> time_range() override { return std::nullopt; }
  RepositoryHealth health() override { return {!failing, ""}; }
};

using std::chrono::sys_days;
using namespace std::chrono_literals;

// Wednesday 2025-11-05; expiry the next week.
const Date kWednesday = sys_days{std::chrono::year{2025} / 11 / 5};
const Expiry kExpiry{sys_days{std::chrono::year{2025} / 11 / 11}};

StrikeBar bar(std::string symbol, UtcSeconds minute, std::int64_t strike,
              std::optional<std::int64_t> call_oi, std::optional<std::int64_t> put_oi) {
  StrikeBar b;
  b.key = BarKey{std::move(symbol), kExpiry, Strike::from_hundredths(strike * 100), Timeframe::m1,
                 minute};
  b.underlying_close = 24310.5;
  b.call.count = 1;
  b.call.volume = 10;
  b.call.oi = call_oi;
  if (put_oi) {
    b.put.count = 1;
    b.put.oi = put_oi;
  }
  return b;
}

// /metrics as {"name{labels}": value}.
std::map<std::string, double> scrape(const MetricsRegistry& registry) {
  std::map<std::string, double> out;
  std::istringstream lines(registry.render());
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

struct Fixture {
  MemoryRepository repository;
  ChainStore store;
  IngestPipeline pipeline{repository, store};
  Timestamp now{ist_time_on(kWednesday, 10h)};
  FeedStatus feed{"kite", "reconnecting", false, false, "ticker: refused"};
  MetricsRegistry registry;

  explicit Fixture(SessionCalendar calendar = {}, bool replica = false,
                   std::function<std::optional<WriterRole>()> writer_role = nullptr) {
    register_server_metrics(
        registry,
        {.snapshot = [this] { return store.snapshot(); },
         .feed_status = [this] { return feed; },
         .now = [this] { return now; },
         .pipeline = &pipeline,
         .store = &store,
         .calendar = std::move(calendar),
         .kite = [] { return std::optional<kite::KiteClientStats>(); },
         .kite_connections =
             [] {
               return std::optional<KiteFeed::Connections>(KiteFeed::Connections{2, 3, 8999, 1});
             },
         .follower = replica ? std::function<std::optional<FollowerStats>()>([] {
           FollowerStats f;
           f.listening = true;
           f.on_standby = true;
           f.window_catch_ups = 2;
           f.lag_seconds = 0.25;
           return std::optional<FollowerStats>(f);
         })
                             : nullptr,
         .writer_role = std::move(writer_role)});
  }
};

TEST(ServerMetrics, MarketOpenFollowsTheSessionAndTheHolidays) {
  Fixture f;
  EXPECT_EQ(scrape(f.registry).at("strikeline_market_open"), 1);  // Wednesday 10:00 IST
  f.now = Timestamp{ist_time_on(kWednesday, 9h + 14min)};
  EXPECT_EQ(scrape(f.registry).at("strikeline_market_open"), 0);  // before 09:15
  f.now = Timestamp{ist_time_on(kWednesday, 9h + 15min)};
  EXPECT_EQ(scrape(f.registry).at("strikeline_market_open"), 1);
  f.now = Timestamp{ist_time_on(kWednesday, 15h + 30min)};
  EXPECT_EQ(scrape(f.registry).at("strikeline_market_open"), 0);  // the close
  f.now = Timestamp{ist_time_on(kWednesday + std::chrono::days{3}, 10h)};
  EXPECT_EQ(scrape(f.registry).at("strikeline_market_open"), 0);  // Saturday

  Fixture holiday(SessionCalendar({kWednesday}));
  EXPECT_EQ(scrape(holiday.registry).at("strikeline_market_open"), 0);
}

TEST(ServerMetrics, DataFeedAndWritePathAsTheTestMadeThem) {
  Fixture f;
  const UtcSeconds minute = ist_time_on(kWednesday, 9h + 58min);
  // NIFTY: 24300 with OI on both sides; 24350 a call without OI; 24400 a put with OI 0.
  // BANKNIFTY: one bar with a call of OI 0, a minute later.
  f.pipeline.ingest_bars(std::vector<StrikeBar>{
      bar("NIFTY", minute, 24300, 100, 200), bar("NIFTY", minute, 24350, std::nullopt, 5),
      bar("NIFTY", minute, 24400, 300, 0), bar("BANKNIFTY", minute + 1min, 52000, 0, 9)});
  auto m = scrape(f.registry);
  EXPECT_EQ(m.at("strikeline_stored_points_missing_oi_total{symbol=\"NIFTY\"}"), 2);
  EXPECT_EQ(m.at("strikeline_stored_points_missing_oi_total{symbol=\"BANKNIFTY\"}"), 1);
  EXPECT_EQ(m.at("strikeline_newest_bar_age_seconds{symbol=\"NIFTY\"}"), 120);  // 10:00 - 09:58
  EXPECT_EQ(m.at("strikeline_newest_bar_age_seconds{symbol=\"BANKNIFTY\"}"), 60);
  EXPECT_EQ(m.at("strikeline_bars_written_total"), 4);
  EXPECT_EQ(m.at("strikeline_store_bars_in_memory"), 4);
  EXPECT_EQ(m.at("strikeline_store_days_in_memory"), 1);
  EXPECT_GT(m.at("strikeline_store_memory_bytes"), 0);
  EXPECT_EQ(m.at("strikeline_feed_state{source=\"kite\",state=\"reconnecting\"}"), 1);
  EXPECT_EQ(m.at("strikeline_feed_healthy"), 0);
  EXPECT_EQ(m.at("strikeline_kite_reconnects_total"), 0);
  EXPECT_EQ(m.at("strikeline_kite_connections{state=\"open\"}"), 2);
  EXPECT_EQ(m.at("strikeline_kite_connections{state=\"all\"}"), 3);
  EXPECT_EQ(m.at("strikeline_kite_instruments{state=\"subscribed\"}"), 8999);
  EXPECT_EQ(m.at("strikeline_kite_instruments{state=\"waiting\"}"), 1);
  EXPECT_EQ(m.at("strikeline_db_write_errors_total"), 0);
  EXPECT_EQ(m.at("strikeline_db_pending_bars"), 0);
  EXPECT_FALSE(m.contains("strikeline_replica_listening"));  // a writer

  // The database fails: two writes counted, their three distinct bars pending, nothing counted
  // as stored (missing OI counts durable bars only).
  f.repository.failing = true;
  const UtcSeconds later = minute + 2min;
  EXPECT_THROW(f.pipeline.ingest_bars(std::vector<StrikeBar>{bar("NIFTY", later, 24300, 1, 1),
                                                             bar("NIFTY", later, 24350, 0, 1)}),
               StorageError);
  EXPECT_THROW(f.pipeline.ingest_bars(std::vector<StrikeBar>{bar("NIFTY", later, 24400, 1, 1)}),
               StorageError);
  f.now += 5min;
  m = scrape(f.registry);
  EXPECT_EQ(m.at("strikeline_db_write_errors_total"), 2);
  EXPECT_EQ(m.at("strikeline_db_pending_bars"), 3);
  EXPECT_EQ(m.at("strikeline_stored_points_missing_oi_total{symbol=\"NIFTY\"}"), 2);
  EXPECT_EQ(m.at("strikeline_newest_bar_age_seconds{symbol=\"NIFTY\"}"), 420);
  // Back: the pending bars are written with the next call.
  f.repository.failing = false;
  f.pipeline.ingest_bars(std::vector<StrikeBar>{});
  m = scrape(f.registry);
  EXPECT_EQ(m.at("strikeline_db_pending_bars"), 0);
  EXPECT_EQ(m.at("strikeline_bars_written_total"), 7);
  EXPECT_EQ(m.at("strikeline_stored_points_missing_oi_total{symbol=\"NIFTY\"}"), 3);
  EXPECT_EQ(m.at("strikeline_newest_bar_age_seconds{symbol=\"NIFTY\"}"), 300);
}

TEST(ServerMetrics, TicksReceivedAreTheEventsTheWritePathAggregated) {
  Fixture f;
  std::vector<MarketEvent> events(3);
  for (std::size_t i = 0; i < events.size(); ++i) {
    UnderlyingTick u;
    u.symbol = "NIFTY";
    u.ts = Timestamp{ist_time_on(kWednesday, 9h + 30min)} + std::chrono::seconds{i};
    u.price = 24300 + static_cast<double>(i);
    events[i] = u;
  }
  f.pipeline.ingest_events(events);
  EXPECT_EQ(scrape(f.registry).at("strikeline_ticks_received_total"), 3);
}

TEST(ServerMetrics, AReplicaExportsWhetherItListensAndItsLag) {
  Fixture f({}, /*replica=*/true);
  const auto m = scrape(f.registry);
  EXPECT_EQ(m.at("strikeline_replica_listening"), 1);
  EXPECT_EQ(m.at("strikeline_replica_lag_seconds"), 0.25);
  EXPECT_EQ(m.at("strikeline_replica_on_standby"), 1);
  EXPECT_EQ(m.at("strikeline_replica_window_catch_ups_total"), 2);
}

// Writer fail-over: a PostgreSQL writer exports its role, term and takeovers as its fail-over
// reports them; other servers export none of them.
TEST(ServerMetrics, AWriterUnderFailOverExportsItsRoleTermAndTakeovers) {
  WriterRole role;
  role.leader = true;
  role.term = 12;
  role.takeovers = 3;
  Fixture leader({}, false, [&] { return std::optional<WriterRole>(role); });
  auto m = scrape(leader.registry);
  EXPECT_EQ(m.at("strikeline_writer_leader"), 1);
  EXPECT_EQ(m.at("strikeline_writer_term"), 12);
  EXPECT_EQ(m.at("strikeline_writer_takeovers_total"), 3);
  role.leader = false;
  role.term = 13;
  m = scrape(leader.registry);
  EXPECT_EQ(m.at("strikeline_writer_leader"), 0);
  EXPECT_EQ(m.at("strikeline_writer_term"), 13);
  Fixture other;
  EXPECT_FALSE(scrape(other.registry).contains("strikeline_writer_leader"));
}

}  // namespace server_metrics_test
}  // namespace strikeline::app
