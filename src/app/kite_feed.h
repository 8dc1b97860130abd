// KiteFeed: the Kite Connect ticker as the server's feed (`serve --feed kite`). It loads the
// instrument dump, subscribes the spots (indices, stocks' cash equities) and futures of the
// configured underlyings and the options ATM +- N strikes of the configured expiries (re-centred as
// spot moves, re-planned when the IST day changes) and maps the received packets to ticks, which
// FeedRunner takes in batches into the ingest pipeline like every feed's (app/feed.h). The
// instruments are spread over connections of 3,000 instruments each, up to 3 per API key (Kite's
// limits; kite/subscription_shards.h), several keys going beyond 9,000: as many connections as the
// day's widest plan needs (one for up to 3,000), taking the keys in turn (connection i uses key
// i mod keys); create() refuses a universe whose widest plan does not fit the keys given, saying
// what it needs. Credentials come
// from the environment or files and are never logged.
// add_kite_options registers serve's --kite-* flags; kite_feed_options checks them.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/feed.h"
#include "core/contract_lot.h"
#include "core/mutex.h"
#include "feed/kite/instrument_catalogue.h"
#include "feed/kite/kite_tick_mapper.h"
#include "feed/kite/kite_ticker_client.h"
#include "feed/kite/subscription_planner.h"
#include "feed/kite/subscription_shards.h"

namespace strikeline::app {

// serve's --kite-* flags as given.
struct KiteFeedArgs {
  std::string instruments;
  std::string credentials;  // comma-separated files, one API key each
  int connections_per_key = kite::kKiteConnectionsPerKey;
  std::string url = std::string(kite::kDefaultTickerUrl);
  std::string symbols = "NIFTY,BANKNIFTY";
  std::string expiries = "NWeek+0,NWeek+1";
  int strikes = 10;
  std::string mode = "full";
  bool insecure_url = false;  // allow ws:// (credentials in clear): local test tickers only
};

void add_kite_options(CLI::App* serve, KiteFeedArgs& args);

struct KiteFeedOptions {
  kite::KiteClientOptions client;  // every connection's, with each key's credentials
  // One per API key; empty: client.credentials alone.
  std::vector<kite::KiteCredentials> keys;
  int connections_per_key = kite::kKiteConnectionsPerKey;
  std::size_t instruments_per_connection = kite::kKiteInstrumentsPerConnection;
  bool all_underlyings = false;  // --kite-symbols all: every underlying with options in the dump
  std::string instruments_path;
  kite::SubscriptionConfig subscriptions;
};

// Checks the flags and loads the credentials; nullopt with *error (never holding a secret).
[[nodiscard]] std::optional<KiteFeedOptions> kite_feed_options(const KiteFeedArgs& args,
                                                               std::string* error);

class KiteFeed final : public Feed {
 public:
  // Loads the instrument dump; nullptr with *error when it cannot.
  [[nodiscard]] static std::unique_ptr<KiteFeed> create(KiteFeedOptions options,
                                                        std::string* error);
  ~KiteFeed() override;

  std::string_view name() const override { return "kite"; }
  void start() override;
  void take(std::vector<MarketEvent>& out) override EXCLUDES(mutex_);
  // Every strike the instrument dump lists for each planned expiry, at start and at each new day.
  void take_listings(std::vector<StrikeListing>& out) override EXCLUDES(mutex_);
  void stop() override;
  // connecting, running or reconnecting; healthy while every connection is up.
  Condition condition() const override;
  // The ticker connections' counters (connections, packets, failures), summed, for /metrics;
  // `connected` while every connection is.
  kite::KiteClientStats client_stats() const;
  struct Connections {
    std::size_t open = 0, total = 0;
    std::size_t subscribed = 0, waiting = 0;  // planned instruments with and without room
  };
  Connections connections() const EXCLUDES(plan_mutex_);
  // The instrument dump's lot of every option expiry of the configured underlyings, as lots on
  // `day` (the dump is the exchange's contract list of that day).
  std::vector<ContractLot> contract_lots(Date day) const;

 private:
  KiteFeed(KiteFeedOptions options, kite::InstrumentCatalogue catalogue);
  std::size_t key_count() const;
  void on_frame(const kite::KiteFrame& frame, Timestamp received) EXCLUDES(plan_mutex_, mutex_);
  // Plans `day` (and lists its strikes) when it is not the planned day yet, with the connections
  // its widest plan needs.
  void plan_day(Date day) REQUIRES(plan_mutex_) EXCLUDES(mutex_);
  // Starts the connections the shards use that are not started yet (running only).
  void start_new_connections() REQUIRES(plan_mutex_);
  // Lists every strike of the planned expiries for take_listings() (store/strike_listing.h).
  void list_planned_strikes() REQUIRES(plan_mutex_) EXCLUDES(mutex_);
  // Spreads a change of the plan over the connections and sends each its part.
  void apply(const kite::SubscriptionChange& change) REQUIRES(plan_mutex_);

  KiteFeedOptions options_;
  kite::InstrumentCatalogue catalogue_;
  // Frames arrive on every connection's thread: planning and mapping take turns.
  mutable Mutex plan_mutex_;
  kite::KiteTickMapper mapper_ GUARDED_BY(plan_mutex_);
  kite::SubscriptionPlanner planner_ GUARDED_BY(plan_mutex_);
  kite::SubscriptionShards shards_ GUARDED_BY(plan_mutex_);
  Date planned_day_ GUARDED_BY(plan_mutex_){};
  std::size_t reported_waiting_ GUARDED_BY(plan_mutex_) = 0;
  // Every connection the keys allow, constructed once, never resized; connection i uses key
  // i mod keys. The first shards_.connections() are in use (started with the feed).
  std::vector<std::unique_ptr<kite::KiteTickerClient>> clients_;
  std::atomic<std::size_t> started_{0};  // clients_[0, started_) run
  std::atomic<bool> running_{false};

  Mutex mutex_;  // guards what the clients' threads hand to take() and take_listings()
  std::vector<MarketEvent> pending_ GUARDED_BY(mutex_);
  std::vector<StrikeListing> listings_ GUARDED_BY(mutex_);
};

}  // namespace strikeline::app
