#include "api/stream/stream_hub.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>

#include "api/json_writer.h"
#include "api/stream/bucket_message.h"
#include "api/stream/chain_message.h"
#include "api/stream/stream_session.h"

namespace strikeline {

namespace {

using Clock = std::chrono::steady_clock;

// Whether a bucket-channel subscription covers the contract.
bool covers(const StreamSubscription& s, std::string_view symbol, Expiry expiry) {
  return s.channel == StreamChannel::bucket && s.symbol == symbol &&
         (!s.expiry || *s.expiry == expiry);
}

ChainChannelKey chain_key(const StreamSubscription& s) {
  assert(s.channel == StreamChannel::chain && s.expiry);
  return {s.symbol, *s.expiry, s.strike_range};
}

UtcSeconds wall_clock() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// What a subscription matches now: its expiries with data, and when there are none, the symbols
// and the symbol's expiries that have data (so a client can say what it may have meant).
struct SubscriptionData {
  std::vector<Expiry> expiries;
  std::vector<std::string> symbols_with_data;
  std::vector<Expiry> symbol_expiries;
};

// The acknowledgement of a subscribe or unsubscribe; `channel` is named for the chain channel
// (and for an unsubscribe that named one), with the strike_range of a chain subscription.
struct AckChannel {
  std::optional<StreamChannel> channel;
  bool strike_range_given = false;
  std::optional<int> strike_range;
};

std::string subscription_ack(std::string_view type, const std::string& symbol,
                             std::optional<Expiry> expiry, std::optional<Timeframe> tf,
                             std::optional<std::size_t> removed = std::nullopt,
                             const SubscriptionData* data = nullptr, AckChannel channel = {}) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("type", type);
  if (channel.channel) {
    w.field("channel", *channel.channel == StreamChannel::chain ? "chain" : "bucket");
  }
  w.field("symbol", symbol);
  if (expiry) {
    w.field("expiry", format_date(*expiry));
  } else {
    w.key("expiry").null();
  }
  if (tf) {
    w.field("timeframe", timeframe_name(*tf));
  } else {
    w.key("timeframe").null();
  }
  if (channel.strike_range_given) w.field("strike_range", channel.strike_range);
  if (removed) w.field("removed", static_cast<std::int64_t>(*removed));
  if (data) {
    w.key("expiries").begin_array();
    for (Expiry e : data->expiries) w.string(format_date(e));
    w.end_array();
    if (data->expiries.empty()) {
      w.key("symbols_with_data").begin_array();
      for (const std::string& s : data->symbols_with_data) w.string(s);
      w.end_array();
      w.key("symbol_expiries").begin_array();
      for (Expiry e : data->symbol_expiries) w.string(format_date(e));
      w.end_array();
    }
  }
  w.end_object();
  return out;
}

}  // namespace

StreamMetrics::StreamMetrics(MetricsRegistry& registry)
    : clients(registry.gauge("strikeline_stream_clients", "WebSocket stream clients connected.")),
      sent(registry.counter("strikeline_stream_messages_sent_total",
                            "Messages written to stream clients.")),
      dropped(registry.counter("strikeline_stream_messages_dropped_total",
                               "Messages dropped (oldest first) for clients that fell behind.")),
      disconnected_behind(registry.counter("strikeline_stream_disconnects_total",
                                           "Stream clients disconnected by the server, by reason.",
                                           {{"reason", "behind"}})),
      published(registry.counter("strikeline_stream_buckets_published_total",
                                 "fo_bucket messages encoded for a channel (shared by its "
                                 "subscribers).")),
      chain_published(registry.counter("strikeline_stream_chain_updates_published_total",
                                       "chain_update messages encoded for an option-chain "
                                       "table (shared by its subscribers).")) {}

StreamHub::StreamHub(StreamOptions options, SnapshotFn snapshot, MetricsRegistry& metrics)
    : options_(std::move(options)), snapshot_(std::move(snapshot)), metrics_(metrics) {
  publisher_.start([this](std::stop_token) { return publish_round(); });
}

StreamHub::~StreamHub() {
  stop();
}

void StreamHub::install(Router& router) {
  router.upgrade(
      "/fo/stream", "websocket",
      [this](boost::beast::tcp_stream&& stream, HttpRequest&& request, ConnectionSlot slot) {
        start_stream_session(std::move(stream), std::move(request), std::move(slot), *this);
      });
}

void StreamHub::notify(std::span<const TouchedContract> touched) {
  if (touched.empty()) return;
  {
    MutexLock lock(mutex_);
    if (stopping_ || clients_.empty()) return;
    for (const TouchedContract& t : touched) {
      auto [it, inserted] = dirty_.try_emplace({t.symbol, t.expiry}, t.last_bucket);
      if (!inserted) it->second = std::max(it->second, t.last_bucket);
    }
  }
  publisher_.wake();
}

void StreamHub::stop() {
  std::vector<std::shared_ptr<StreamClient>> open;
  {
    MutexLock lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      for (auto& [ptr, c] : clients_) {
        if (auto client = c.client.lock()) open.push_back(std::move(client));
      }
    }
  }
  for (auto& client : open) client->close();
  publisher_.stop();  // from the publisher's own thread (a client closed by it): only asks
}

std::size_t StreamHub::clients() const {
  MutexLock lock(mutex_);
  return clients_.size();
}

bool StreamHub::attach(const std::shared_ptr<StreamClient>& client) {
  MutexLock lock(mutex_);
  if (stopping_) return false;
  clients_[client.get()].client = client;
  metrics_.clients.set(static_cast<double>(clients_.size()));
  return true;
}

void StreamHub::detach(const StreamClient* client) {
  MutexLock lock(mutex_);
  if (auto it = clients_.find(client); it != clients_.end()) {
    for (const StreamSubscription& s : it->second.subscriptions) {
      if (s.channel == StreamChannel::chain) chains_.leave(chain_key(s), client);
    }
  }
  clients_.erase(client);
  metrics_.clients.set(static_cast<double>(clients_.size()));
}

bool StreamHub::record(Client& client, const StreamSubscription& s, std::string& error) const {
  auto& subs = client.subscriptions;
  if (std::find(subs.begin(), subs.end(), s) != subs.end()) return true;
  if (subs.size() >= options_.max_subscriptions) {
    error = "too many subscriptions on this connection (at most " +
            std::to_string(options_.max_subscriptions) + "); unsubscribe first";
    return false;
  }
  subs.push_back(s);
  return true;
}

std::vector<std::string> StreamHub::subscribe(const StreamClient* client,
                                              const StreamSubscription& s, std::string& error) {
  if (s.channel == StreamChannel::chain) return subscribe_chain(client, s, error);
  {
    MutexLock lock(mutex_);
    auto it = clients_.find(client);
    if (it == clients_.end()) return {};
    if (!record(it->second, s, error)) return {};
  }
  // The current state, so the client does not wait for the next change; the acknowledgement says
  // which expiries of the subscription have data now (and, when none has, what does).
  std::shared_ptr<const ChainReader> chain = snapshot_ ? snapshot_() : nullptr;
  std::vector<std::string> out;
  if (!chain) {
    out.push_back(subscription_ack("subscribed", s.symbol, s.expiry, s.timeframe));
    return out;
  }
  SubscriptionData data;
  for (Expiry e : chain->expiries(s.symbol)) {
    if (!s.expiry || *s.expiry == e) data.expiries.push_back(e);
  }
  if (data.expiries.empty()) {
    data.symbols_with_data = chain->symbols();
    data.symbol_expiries = chain->expiries(s.symbol);
  }
  out.push_back(
      subscription_ack("subscribed", s.symbol, s.expiry, s.timeframe, std::nullopt, &data));
  const std::vector<Expiry>& expiries = data.expiries;
  for (Expiry e : expiries) {
    auto bucket = chain->latest_bucket(s.symbol, e, s.timeframe);
    if (!bucket) continue;
    if (auto message = encode_bucket_message(*chain, s.symbol, e, s.timeframe, *bucket)) {
      out.push_back(std::move(*message));
    }
  }
  return out;
}

std::vector<std::string> StreamHub::subscribe_chain(const StreamClient* client,
                                                    StreamSubscription s, std::string& error) {
  std::shared_ptr<const ChainReader> chain = snapshot_ ? snapshot_() : nullptr;
  if (!chain) {
    error = "the chain is not ready yet (the server is loading its data); subscribe again shortly";
    return {};
  }
  SubscriptionData data;
  const std::vector<Expiry> symbol_expiries = chain->expiries(s.symbol);
  if (!s.expiry) {
    s.expiry = live_chain_expiry(*chain, s.symbol, wall_clock());
    if (!s.expiry) {
      std::string known;
      for (const std::string& symbol : chain->symbols()) {
        known += (known.empty() ? "" : ", ") + symbol;
      }
      error = symbol_expiries.empty()
                  ? "no data for " + s.symbol +
                        "; symbols with data: " + (known.empty() ? std::string("none") : known)
                  : "no expiry of " + s.symbol +
                        " is unexpired at its newest data; name one with \"expiry\"";
      return {};
    }
  }
  const ChainChannelKey key = chain_key(s);
  // The channel's table when it has one: the snapshot of a joining client is that table (taken
  // with the join, under the lock); otherwise a fresh table, read without holding the lock.
  SharedChainTable table;
  {
    MutexLock lock(mutex_);
    auto it = clients_.find(client);
    if (it == clients_.end()) return {};
    if (chains_.contains(key)) {
      if (!record(it->second, s, error)) return {};
      table = chains_.join(key, client, nullptr);
    }
  }
  if (!table) {
    SharedChainTable fresh;
    try {
      fresh = read_live_chain(*chain, contract_specs_, s.symbol, *s.expiry, s.strike_range,
                              wall_clock(), pricing_);
    } catch (const std::exception& e) {
      spdlog::warn("stream: reading the chain of {} {} failed: {}", s.symbol,
                   format_date(*s.expiry), e.what());
      error = "the chain could not be read now (storage unavailable); subscribe again shortly";
      return {};
    }
    MutexLock lock(mutex_);
    auto it = clients_.find(client);
    if (it == clients_.end()) return {};
    if (!record(it->second, s, error)) return {};
    table = chains_.join(key, client, std::move(fresh));
  }
  publisher_.wake();  // a new channel is due for a re-read at once

  if (std::binary_search(symbol_expiries.begin(), symbol_expiries.end(), *s.expiry)) {
    data.expiries.push_back(*s.expiry);
  } else {
    data.symbols_with_data = chain->symbols();
    data.symbol_expiries = symbol_expiries;
  }
  std::vector<std::string> out;
  out.push_back(subscription_ack("subscribed", s.symbol, s.expiry, std::nullopt, std::nullopt,
                                 &data, {StreamChannel::chain, true, s.strike_range}));
  out.push_back(encode_chain_snapshot(*table));
  return out;
}

std::string StreamHub::unsubscribe(const StreamClient* client, const StreamUnsubscribe& u) {
  std::size_t removed = 0;
  {
    MutexLock lock(mutex_);
    auto it = clients_.find(client);
    if (it != clients_.end()) {
      auto& subs = it->second.subscriptions;
      for (const StreamSubscription& s : subs) {
        if (s.channel == StreamChannel::chain && u.matches(s)) chains_.leave(chain_key(s), client);
      }
      removed = std::erase_if(subs, [&](const StreamSubscription& s) { return u.matches(s); });
    }
  }
  return subscription_ack("unsubscribed", u.symbol, u.expiry, u.timeframe, removed, nullptr,
                          {u.channel, u.strike_range_given, u.strike_range});
}

PeriodicWorker::Delay StreamHub::publish_round() {
  struct Due {
    ChannelKey key;
    UtcSeconds bucket;
    std::vector<std::shared_ptr<StreamClient>> recipients;
  };
  // Nothing due and nothing changed: sleep until woken (the worker waits at most an hour).
  constexpr PeriodicWorker::Delay kUntilWoken = std::chrono::hours(1);
  MutexLock lock(mutex_);
  if (stopping_) return kUntilWoken;
  for (const auto& [contract, newest] : dirty_) {
    const auto& [symbol, expiry] = contract;
    chains_.touch(symbol, expiry);
    for (const auto& [ptr, c] : clients_) {
      for (const StreamSubscription& s : c.subscriptions) {
        if (!covers(s, symbol, expiry)) continue;
        Channel& ch = channels_[ChannelKey{symbol, expiry, s.timeframe}];
        const UtcSeconds bucket = bucket_start(s.timeframe, newest);
        ch.pending = ch.pending ? std::max(*ch.pending, bucket) : bucket;
      }
    }
  }
  dirty_.clear();

  const auto now = Clock::now();
  std::vector<Due> due;
  for (auto it = channels_.begin(); it != channels_.end();) {
    Channel& ch = it->second;
    if (ch.pending && (!ch.last_sent || now >= *ch.last_sent + options_.min_interval)) {
      due.push_back({it->first, *ch.pending, {}});
      ch.pending.reset();
      ch.last_sent = now;
    } else if (!ch.pending && (!ch.last_sent || now - *ch.last_sent > 4 * options_.min_interval)) {
      it = channels_.erase(it);  // idle: forget it (its next change publishes at once)
      continue;
    }
    ++it;
  }
  std::vector<ChainChannels::Due> chain_due = chains_.take_due(now, options_.min_interval);
  if (!due.empty() || !chain_due.empty()) {
    for (Due& d : due) {
      for (const auto& [ptr, c] : clients_) {
        const bool wanted = std::any_of(
            c.subscriptions.begin(), c.subscriptions.end(), [&](const StreamSubscription& s) {
              return s.timeframe == d.key.timeframe && covers(s, d.key.symbol, d.key.expiry);
            });
        if (!wanted) continue;
        if (auto client = c.client.lock()) d.recipients.push_back(std::move(client));
      }
    }

    lock.unlock();
    std::shared_ptr<const ChainReader> chain;
    try {
      chain = snapshot_ ? snapshot_() : nullptr;
      for (const Due& d : due) {
        if (!chain || d.recipients.empty()) continue;
        auto text =
            encode_bucket_message(*chain, d.key.symbol, d.key.expiry, d.key.timeframe, d.bucket);
        if (!text) continue;
        metrics_.published.inc();
        auto message = std::make_shared<const std::string>(std::move(*text));
        for (const auto& client : d.recipients) client->deliver(message);
      }
    } catch (const std::exception& e) {
      // A storage error while reading an evicted day, say: skip this round, keep streaming.
      spdlog::warn("stream: publishing failed: {}", e.what());
    }
    // The chain tables: each read once and compared with the table its subscribers hold.
    struct ChainNext {
      SharedChainTable table;  // null: not read (a storage error): the channel is re-read later
      std::optional<std::string> update;
    };
    std::vector<ChainNext> chain_next(chain_due.size());
    for (std::size_t i = 0; i < chain_due.size() && chain; ++i) {
      const ChainChannels::Due& d = chain_due[i];
      try {
        chain_next[i].table = read_live_chain(*chain, contract_specs_, d.key.symbol, d.key.expiry,
                                              d.key.strike_range, wall_clock(), pricing_);
        chain_next[i].update = encode_chain_update(*d.table, *chain_next[i].table);
      } catch (const std::exception& e) {
        spdlog::warn("stream: reading the chain of {} {} failed: {}", d.key.symbol,
                     format_date(d.key.expiry), e.what());
      }
    }
    lock.lock();
    // Replacing a channel's table and sending the update to its subscribers happen in one
    // critical section, so a client joining meanwhile has either the old table and this update,
    // or the new table and not this update. (The clients are let go after it: a session's last
    // reference never ends under the hub's mutex.)
    std::vector<std::shared_ptr<StreamClient>> delivered;
    for (std::size_t i = 0; i < chain_due.size(); ++i) {
      const ChainChannels::Due& d = chain_due[i];
      ChainNext& n = chain_next[i];
      if (!n.table) {
        chains_.touch(d.key.symbol, d.key.expiry);
        continue;
      }
      const std::vector<const StreamClient*> subscribers =
          chains_.advance(d.key, d.table, std::move(n.table));
      if (!n.update || subscribers.empty()) continue;
      metrics_.chain_published.inc();
      auto message = std::make_shared<const std::string>(std::move(*n.update));
      for (const StreamClient* subscriber : subscribers) {
        auto it = clients_.find(subscriber);
        if (it == clients_.end()) continue;
        if (auto client = it->second.client.lock()) {
          client->deliver(message);
          delivered.push_back(std::move(client));
        }
      }
    }
    if (!delivered.empty()) {
      lock.unlock();
      delivered.clear();
      lock.lock();
    }
  }
  // Sleep until a coalesced channel may publish again, or until woken by a change.
  if (stopping_ || !dirty_.empty()) return PeriodicWorker::Delay::zero();
  std::optional<Clock::time_point> next;
  for (const auto& [key, ch] : channels_) {
    if (!ch.pending) continue;
    const auto at = ch.last_sent ? *ch.last_sent + options_.min_interval : Clock::now();
    if (!next || at < *next) next = at;
  }
  if (auto chain_next = chains_.next_due(options_.min_interval)) {
    if (!next || *chain_next < *next) next = chain_next;
  }
  if (!next) return kUntilWoken;
  return std::max(PeriodicWorker::Delay::zero(), *next - Clock::now());
}

}  // namespace strikeline
