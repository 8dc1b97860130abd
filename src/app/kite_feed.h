// KiteFeed: the Kite Connect ticker as the server's feed (`serve --feed kite`). It loads the
// instrument dump, subscribes the indices and futures of the configured underlyings and the options
// ATM +- N strikes of the configured expiries (re-centred as the index moves, re-planned when the
// IST day changes) and maps the received packets to ticks, which FeedRunner takes in batches into
// the ingest pipeline like every feed's (app/feed.h). Credentials come from the environment or a
// file and are never logged.
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

namespace strikeline::app {

// serve's --kite-* flags as given.
struct KiteFeedArgs {
  std::string instruments;
  std::string credentials;
  std::string url = std::string(kite::kDefaultTickerUrl);
  std::string symbols = "NIFTY,BANKNIFTY";
  std::string expiries = "NWeek+0,NWeek+1";
  int strikes = 10;
  std::string mode = "full";
  bool insecure_url = false;  // allow ws:// (credentials in clear): local test tickers only
};

void add_kite_options(CLI::App* serve, KiteFeedArgs& args);

struct KiteFeedOptions {
  kite::KiteClientOptions client;
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
  // connecting, running or reconnecting; healthy while connected.
  Condition condition() const override;
  // The ticker connection's counters (connections, packets, failures) for /metrics.
  kite::KiteClientStats client_stats() const;
  // The instrument dump's lot of every option expiry of the configured underlyings, as lots on
  // `day` (the dump is the exchange's contract list of that day).
  std::vector<ContractLot> contract_lots(Date day) const;

 private:
  KiteFeed(KiteFeedOptions options, kite::InstrumentCatalogue catalogue);
  void on_frame(const kite::KiteFrame& frame, Timestamp received) EXCLUDES(mutex_);
  // Lists every strike of the planned expiries for take_listings() (store/strike_listing.h).
  void list_planned_strikes() EXCLUDES(mutex_);
  void apply(const kite::SubscriptionChange& change);

  KiteFeedOptions options_;
  kite::InstrumentCatalogue catalogue_;
  // Used on the client's thread only (and in start() before it runs).
  kite::KiteTickMapper mapper_;
  kite::SubscriptionPlanner planner_;
  Date planned_day_{};
  std::unique_ptr<kite::KiteTickerClient> client_;
  std::atomic<bool> running_{false};

  Mutex mutex_;  // guards what the client's thread hands to take() and take_listings()
  std::vector<MarketEvent> pending_ GUARDED_BY(mutex_);
  std::vector<StrikeListing> listings_ GUARDED_BY(mutex_);
};

}  // namespace strikeline::app
