// Feed: a market source that `serve` runs: the built-in simulator, the Kite ticker, any later one.
// A feed only makes market events; FeedRunner (app/feed_runner.h) does the rest alike for every
// feed: it catches the feed up at start, takes its events in batches, writes them through the
// ingest pipeline, retries what fails with backoff and says how the feed is in /health.
// FeedKind is `serve --feed`, parsed once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/expiry.h"
#include "core/market_event.h"
#include "core/strike.h"
#include "core/timestamp.h"

namespace strikeline::app {

enum class FeedKind : std::uint8_t { simulator, kite, none };

std::string_view feed_kind_name(FeedKind kind);
[[nodiscard]] std::optional<FeedKind> parse_feed_kind(std::string_view text);

// Strikes the feed's instrument source lists for an expiry from IST day `since` on, traded or not:
// the chain's grid (store/strike_listing.h).
struct StrikeListing {
  std::string symbol;
  Expiry expiry{};
  std::vector<Strike> strikes;  // ascending
  Date since{};
};

class Feed {
 public:
  // Writes events through the pipeline; bars whose bucket starts before `write_from` are
  // aggregated but not written (history already stored). Returns the bars written; throws what
  // the pipeline throws (the bars stay pending in the pipeline and go with the next write).
  using BatchWriter =
      std::function<std::size_t(std::span<const MarketEvent> events, UtcSeconds write_from)>;

  // How the source itself is (a ticker's connection), for /health while writes succeed.
  struct Condition {
    std::string state = "running";
    bool healthy = true;
    std::string detail;  // why not healthy
  };

  virtual ~Feed() = default;

  // "simulator", "kite": /health's feed source and the logs' prefix.
  virtual std::string_view name() const = 0;
  virtual bool simulated() const { return false; }

  // Start-up work before the feed streams (the simulator's backfill), on the runner's thread.
  // Throws when a write fails, having handed over what it made (a later call goes on from there,
  // neither repeating nor skipping anything); returns early when `stop` is requested.
  virtual void catch_up(const BatchWriter& write, std::stop_token stop) {
    (void)write;
    (void)stop;
  }
  // Begins making events (connects); called once, after catch_up returned.
  virtual void start() = 0;
  // Moves the events made since the last call to the end of `out`.
  virtual void take(std::vector<MarketEvent>& out) = 0;
  // Moves the strike listings found since the last call (a feed without an instrument source
  // has none) to the end of `out`.
  virtual void take_listings(std::vector<StrikeListing>& out) { (void)out; }
  // Stops making events; take() then returns what is left.
  virtual void stop() = 0;
  virtual Condition condition() const { return {}; }
};

}  // namespace strikeline::app
