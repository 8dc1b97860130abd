// FeedRunner: a feed whose start-up backfill or writes meet a storage error is retried with
// backoff, shown failed (unhealthy, with the error) in the status /health reports until a retry
// succeeds, and then completes with nothing lost or written twice: the bars equal those of a run
// that never failed.
#include "app/feed_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "app/simulator_feed.h"
#include "store/sqlite/sqlite_bar_repository.h"

using namespace strikeline;
using namespace strikeline::app;
using namespace std::chrono;

// Named: the test files of this executable share one unit (UNITY_BUILD).
namespace feed_runner_test {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path =
        std::filesystem::temp_directory_path() /
        ("strikeline-feedrunner-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  static inline int counter = 0;
};

// A repository whose next `failures` writes fail (a database gone for a while, a full disk).
class FlakyRepository final : public BarRepository {
 public:
  FlakyRepository(BarRepository& real, int failures) : real_(real), failures_(failures) {}
  void fail_next(int failures) { failures_ = failures; }
  void write(std::span<const StrikeBar> bars, BarOrigin origin) override {
    if (failures_.fetch_sub(1) > 0) throw StorageError("disk full");
    real_.write(bars, origin);
  }
  void scan(UtcSeconds from, UtcSeconds to,
            const std::function<void(const StrikeBar&)>& fn) override {
    real_.scan(from, to, fn);
  }
  std::optional<std::pair<UtcSeconds, UtcSeconds>> time_range() override {
    return real_.time_range();
  }
  RepositoryHealth health() override { return real_.health(); }

 private:
  BarRepository& real_;
  std::atomic<int> failures_;
};

// Wednesday 2025-11-05, 11:00 IST: the backfill covers Tuesday's session and today's morning.
const Timestamp kNow{ist_time_on(sys_days{2025y / November / 5}, 11h)};

SimulatorFeedOptions simulator_options() {
  SimulatorFeedOptions o;
  o.market.symbols = {*sim::default_simulated_symbol("NIFTY")};
  o.market.seed = 7;
  o.market.strikes_each_side = 5;
  o.market.expiries = 1;
  o.market.around_the_clock = false;
  o.history_days = 1;
  o.clock = [] { return kNow; };  // the market stands still once backfilled
  return o;
}

FeedRunnerOptions quick_retries() {
  FeedRunnerOptions o;
  o.batch_interval = 10ms;
  o.retry = {1ms, 20ms, 2.0, 0.0};
  return o;
}

std::map<BarKey, StrikeBar> all_bars(BarRepository& repo) {
  std::map<BarKey, StrikeBar> out;
  repo.scan(UtcSeconds::min(), UtcSeconds::max(),
            [&](const StrikeBar& b) { out.emplace(b.key, b); });
  return out;
}

// Polls the runner's status until `done` holds or 60 s pass; returns every state seen, in order.
template <class Done>
std::vector<FeedStatus> watch(const FeedRunner& runner, Done done) {
  std::vector<FeedStatus> seen;
  for (auto deadline = steady_clock::now() + 60s; steady_clock::now() < deadline;) {
    FeedStatus s = runner.status();
    if (seen.empty() || s.state != seen.back().state || s.detail != seen.back().detail) {
      seen.push_back(s);
    }
    if (done(s)) break;
    std::this_thread::sleep_for(1ms);
  }
  return seen;
}

// The bars of the same market up to `until`, backfilled with a storage that never fails.
std::map<BarKey, StrikeBar> reference_bars(const std::filesystem::path& db, Timestamp until) {
  SqliteBarRepository repo(db.string());
  ChainStore store;
  IngestPipeline pipeline(repo, store);
  SimulatorFeed feed(simulator_options());
  feed.backfill(until, [&](std::span<const MarketEvent> events, UtcSeconds from) {
    return pipeline.ingest_events(events, from);
  });
  return all_bars(repo);
}

void expect_same_bars(const std::map<BarKey, StrikeBar>& stored,
                      const std::map<BarKey, StrikeBar>& reference) {
  ASSERT_GT(reference.size(), 1000u);
  ASSERT_EQ(stored.size(), reference.size());
  for (const auto& [key, bar] : reference) {
    const auto it = stored.find(key);
    ASSERT_NE(it, stored.end()) << format_iso_utc(key.bucket) << " " << key.strike.to_string();
    ASSERT_EQ(it->second, bar) << format_iso_utc(key.bucket) << " " << key.strike.to_string();
  }
}

TEST(FeedRunner, AFailedBackfillIsRetriedShownUnhealthyAndCompletesWithNothingLost) {
  TempDir dir;
  SqliteBarRepository real((dir.path / "flaky.db").string());
  FlakyRepository flaky(real, 5);  // the first five writes of the backfill fail
  ChainStore store;
  IngestPipeline pipeline(flaky, store);
  SimulatorFeed feed(simulator_options());
  FeedRunner runner(feed, pipeline, quick_retries());
  EXPECT_EQ(runner.status().state, "starting");
  runner.start();
  const auto seen = watch(runner, [](const FeedStatus& s) { return s.state == "running"; });
  ASSERT_FALSE(seen.empty());
  ASSERT_EQ(seen.back().state, "running") << "the backfill never recovered";
  EXPECT_TRUE(seen.back().healthy);
  // On the way: failed, unhealthy, with the storage's error, in /health's status.
  const auto failed = std::find_if(seen.begin(), seen.end(),
                                   [](const FeedStatus& s) { return s.state == "failed"; });
  ASSERT_NE(failed, seen.end()) << "the failure was never shown";
  EXPECT_FALSE(failed->healthy);
  EXPECT_EQ(failed->source, "simulator");
  EXPECT_TRUE(failed->simulated);
  EXPECT_NE(failed->detail.find("disk full"), std::string::npos) << failed->detail;
  runner.stop();
  EXPECT_EQ(runner.status().state, "stopped");
  EXPECT_EQ(pipeline.pending_bars(), 0u);
  EXPECT_EQ(pipeline.stats().failed_writes, 5u);

  const auto stored = all_bars(real);
  EXPECT_EQ(runner.caught_up_bars(), stored.size());
  expect_same_bars(stored, reference_bars(dir.path / "reference.db", kNow));
}

TEST(FeedRunner, WritesThatFailWhileStreamingAreRetriedAndShownUntilTheyRecover) {
  TempDir dir;
  SqliteBarRepository real((dir.path / "flaky.db").string());
  FlakyRepository flaky(real, 0);
  ChainStore store;
  IngestPipeline pipeline(flaky, store);
  // After the backfill the market moves on by 20 s at every batch.
  std::atomic<int> batches{0};
  std::atomic<std::int64_t> last_now{0};
  SimulatorFeedOptions options = simulator_options();
  options.clock = [&] {
    const Timestamp now = kNow + seconds{20 * batches.fetch_add(1)};
    last_now = now.time_since_epoch().count();
    return now;
  };
  SimulatorFeed feed(options);
  FeedRunner runner(feed, pipeline, quick_retries());
  runner.start();
  ASSERT_EQ(watch(runner, [](const FeedStatus& s) { return s.state == "running"; }).back().state,
            "running");
  flaky.fail_next(4);
  const auto seen = watch(runner, [](const FeedStatus& s) { return s.state == "failed"; });
  ASSERT_EQ(seen.back().state, "failed") << "the failed writes were never shown";
  EXPECT_FALSE(seen.back().healthy);
  EXPECT_EQ(seen.back().detail, "cannot store bars: disk full");
  const auto recovered = watch(runner, [](const FeedStatus& s) { return s.state == "running"; });
  ASSERT_EQ(recovered.back().state, "running") << "the writes never recovered";
  EXPECT_TRUE(recovered.back().healthy);
  runner.stop();
  EXPECT_EQ(pipeline.pending_bars(), 0u);
  EXPECT_EQ(pipeline.stats().failed_writes, 4u);
  // Nothing lost, nothing twice: the market up to the last moment taken, as one backfill.
  const Timestamp until{Timestamp::duration{last_now.load()}};
  ASSERT_GT(until, kNow);
  expect_same_bars(all_bars(real), reference_bars(dir.path / "reference.db", until));
}

}  // namespace feed_runner_test
