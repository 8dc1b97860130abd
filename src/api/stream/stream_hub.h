// StreamHub: the live stream's switchboard (API.md "WebSocket /fo/stream"). It knows every
// connected client and its subscriptions, hears which contracts an ingest batch changed (notify(),
// called by the write path after the batch is durable and visible) and publishes fo_bucket
// messages (bucket_message.h) from its own worker (core/periodic_worker.h):
//  - a change marks the (symbol, expiry) dirty; each subscribed (symbol, expiry, timeframe)
//    channel then publishes the bucket containing the newest changed minute, at most once per
//    min_interval (default 250 ms, i.e. 4 messages a second per subscribed contract and timeframe);
//    changes in between coalesce and the newest state wins;
//  - a message is encoded once per channel and shared by all its subscribers;
//  - delivery never blocks: each client has its own bounded queue (stream_session.h), so a slow
//    client cannot delay ingest, the publisher or other clients.
// A new subscription is acknowledged with {"type":"subscribed",...} and at once gets the newest
// bucket of each matching expiry (so a dashboard or `strikeline tail` shows the market at once).
// The chain channel (api/stream/chain_message.h, chain_channels.h): a subscription joins the live
// table of its (symbol, expiry, strike_range), gets it whole as a chain_snapshot, then a
// chain_update each time a batch changes that table, coalesced like fo_bucket (at most one per
// min_interval per table). A changed table is read (one /fo/option-chain computation), compared
// row by row with the previous one and encoded once, with only the rows that changed, for all
// its subscribers: the work of a batch grows with the tables it touches and the rows that
// changed in them, never with subscribers x strikes. Snapshot and updates are consistent (no gap,
// no double): see chain_channels.h.
// One mutex guards everything here (clients, subscriptions, both kinds of channel: GUARDED_BY,
// checked by clang's -Wthread-safety); nothing else is locked while it is held except the clients'
// own non-blocking deliver(). The publisher is a PeriodicWorker: notify() and a new chain
// subscription wake it; each round publishes what is due and sleeps until the next coalesced
// channel may publish.
// stop() closes every client (going away) and ends the publisher; it is idempotent and is meant
// for the HTTP server's stop hook, so a server stop or drain never waits on stream clients.
// Metrics: strikeline_stream_clients (gauge), strikeline_stream_messages_sent_total,
// strikeline_stream_messages_dropped_total, strikeline_stream_disconnects_total{reason},
// strikeline_stream_buckets_published_total.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/metrics_registry.h"
#include "api/router.h"
#include "api/stream/chain_channels.h"
#include "api/stream/stream_command.h"
#include "api/stream/stream_options.h"
#include "core/forward_source.h"
#include "core/mutex.h"
#include "core/periodic_worker.h"
#include "store/chain_reader.h"
#include "store/chain_store.h"

namespace strikeline {

// A connected client as the hub sees it. Both calls are thread-safe and never block.
class StreamClient {
 public:
  virtual ~StreamClient() = default;
  virtual void deliver(std::shared_ptr<const std::string> message) = 0;
  virtual void close() = 0;  // going away (server stopping)
};

struct StreamMetrics {
  explicit StreamMetrics(MetricsRegistry& registry);
  Gauge& clients;
  Counter& sent;
  Counter& dropped;
  Counter& disconnected_behind;
  Counter& published;
  Counter& chain_published;
};

class StreamHub {
 public:
  using SnapshotFn = std::function<std::shared_ptr<const ChainReader>()>;

  StreamHub(StreamOptions options, SnapshotFn snapshot, MetricsRegistry& metrics);
  ~StreamHub();
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  // Adds the upgrade route GET /fo/stream (WebSocket). The hub must outlive the server.
  void install(Router& router);
  // The lot sizes and strike steps the chain channel's tables use (those of the HTTP API's
  // ServiceContext, so the tables equal /fo/option-chain's). Call before install().
  void use_contract_specs(ContractSpecs specs) { contract_specs_ = std::move(specs); }
  // The pricing policy the chain channel's headers report the forward of (as the API's).
  void use_pricing_policy(const PricingPolicy& pricing) { pricing_ = pricing; }

  // The contracts a durable, applied batch changed (any thread; cheap, never blocks on clients).
  void notify(std::span<const TouchedContract> touched) EXCLUDES(mutex_);

  void stop() EXCLUDES(mutex_);
  std::size_t clients() const EXCLUDES(mutex_);
  const StreamOptions& options() const { return options_; }
  StreamMetrics& metrics() { return metrics_; }

  // For sessions (thread-safe). attach() is false once the hub is stopping.
  bool attach(const std::shared_ptr<StreamClient>& client) EXCLUDES(mutex_);
  void detach(const StreamClient* client) EXCLUDES(mutex_);
  // Records the subscription (false with `error` when the client has too many, or a chain
  // subscription without an expiry names a symbol without data) and returns the messages the
  // client gets at once: the acknowledgement, then the current buckets (or the chain_snapshot).
  std::vector<std::string> subscribe(const StreamClient* client, const StreamSubscription& s,
                                     std::string& error) EXCLUDES(mutex_);
  // Removes the matching subscriptions; returns the acknowledgement.
  std::string unsubscribe(const StreamClient* client, const StreamUnsubscribe& u) EXCLUDES(mutex_);

 private:
  struct ChannelKey {
    std::string symbol;
    Expiry expiry;
    Timeframe timeframe;
    friend auto operator<=>(const ChannelKey&, const ChannelKey&) = default;
  };
  struct Channel {
    std::optional<UtcSeconds> pending;  // bucket start to publish
    // None until the channel's first message: that one is due at once, however soon after the
    // steady clock's epoch (the machine's boot) the server runs.
    std::optional<std::chrono::steady_clock::time_point> last_sent;
  };
  struct Client {
    std::weak_ptr<StreamClient> client;
    std::vector<StreamSubscription> subscriptions;
  };

  // One round of the publisher: marks the channels of the changed contracts, publishes the due
  // ones and returns how long to sleep until the next may publish (zero when a change came in
  // meanwhile).
  PeriodicWorker::Delay publish_round() EXCLUDES(mutex_);
  std::vector<std::string> subscribe_chain(const StreamClient* client, StreamSubscription s,
                                           std::string& error) EXCLUDES(mutex_);
  // Adds s to the client's subscriptions unless it is there already; false with `error` when the
  // client has too many.
  bool record(Client& client, const StreamSubscription& s, std::string& error) const
      REQUIRES(mutex_);

  const StreamOptions options_;
  const SnapshotFn snapshot_;
  StreamMetrics metrics_;
  mutable Mutex mutex_;
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::unordered_map<const StreamClient*, Client> clients_ GUARDED_BY(mutex_);
  // The newest changed 1-minute bucket per contract since the publisher's last round.
  std::map<std::pair<std::string, Expiry>, UtcSeconds> dirty_ GUARDED_BY(mutex_);
  std::map<ChannelKey, Channel> channels_ GUARDED_BY(mutex_);
  ChainChannels chains_ GUARDED_BY(mutex_);
  ContractSpecs contract_specs_;  // set before install(), then read only
  PricingPolicy pricing_;         // set before install(), then read only
  PeriodicWorker publisher_;      // last: stopped before the members it uses go
};

}  // namespace strikeline
