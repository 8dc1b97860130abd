// KiteFeed: the Kite Connect ticker as the server's feed (`serve --feed kite`). It loads the
// instrument dump, subscribes the indices and futures of the configured underlyings and the options
// ATM +- N strikes of the configured expiries (re-centred as the index moves, re-planned when the
// IST day changes), maps the received packets to ticks and hands them to the ingest pipeline in
// batches (every flush interval), so bars are aggregated, made durable and visible like the
// simulator's. Credentials come from the environment or a file and are never logged.
// add_kite_options registers serve's --kite-* flags; kite_feed_options checks them.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/ingest_pipeline.h"
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
  std::chrono::milliseconds flush_interval{500};
};

// Checks the flags and loads the credentials; nullopt with *error (never holding a secret).
std::optional<KiteFeedOptions> kite_feed_options(const KiteFeedArgs& args, std::string* error);

class KiteFeed {
 public:
  // Loads the instrument dump; nullptr with *error when it cannot.
  static std::unique_ptr<KiteFeed> create(KiteFeedOptions options, IngestPipeline& pipeline,
                                          std::string* error);
  ~KiteFeed();

  void start();
  void stop();

  std::string state() const;
  bool healthy() const;
  std::string detail() const;
  // The ticker connection's counters (connections, packets, failures) for /metrics.
  kite::KiteClientStats client_stats() const;

 private:
  KiteFeed(KiteFeedOptions options, kite::InstrumentCatalogue catalogue, IngestPipeline& pipeline);
  void on_frame(const kite::KiteFrame& frame, Timestamp received);
  // Tells the chain store every strike of the planned expiries (store/strike_listing.h).
  void list_planned_strikes();
  void apply(const kite::SubscriptionChange& change);
  void flush_loop();
  void flush();

  KiteFeedOptions options_;
  kite::InstrumentCatalogue catalogue_;
  IngestPipeline& pipeline_;
  // Used on the client's thread only (and in start() before it runs).
  kite::KiteTickMapper mapper_;
  kite::SubscriptionPlanner planner_;
  Date planned_day_{};
  std::unique_ptr<kite::KiteTickerClient> client_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<MarketEvent> pending_;
  std::string storage_error_;
  std::atomic<bool> running_{false}, storage_failed_{false};
  std::thread flusher_;
};

}  // namespace strikeline::app
