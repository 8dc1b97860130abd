// ChainChannels: the stream hub's book of option-chain channels (api/stream/chain_message.h). A
// channel is one live table, (symbol, expiry, strike_range), shared by every client subscribed to
// it: the hub computes and encodes it once per change, whatever the number of subscribers.
//
// The table a channel holds is the one its subscribers' tables equal once they have applied every
// message sent so far. That is what makes a subscription gap-free and duplicate-free: a joining
// client's chain_snapshot is the channel's table, taken in the same critical section that adds
// the client (join()), and every later chain_update goes from the table the channel holds to the
// next one, replaced in the same critical section that sends it (advance()).
//
// Not thread-safe: the hub calls every member under its one mutex. Work per call: join/leave and
// touch are logarithmic in the channels plus the channels of the contract touched; take_due and
// next_due walk the changed channels only.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/stream/chain_message.h"

namespace strikeline {

class StreamClient;

struct ChainChannelKey {
  std::string symbol;
  Expiry expiry;
  std::optional<int> strike_range;  // nullopt: every listed strike
  friend auto operator<=>(const ChainChannelKey&, const ChainChannelKey&) = default;
};

class ChainChannels {
 public:
  using Clock = std::chrono::steady_clock;

  // Adds the client to the channel and returns the table its snapshot must show: the channel's,
  // or `fresh` for a channel that did not exist, created then and marked changed (so that a batch
  // applied after `fresh` was read, and heard before the channel existed, is not missed).
  SharedChainTable join(const ChainChannelKey& key, const StreamClient* client,
                        SharedChainTable fresh);
  // Removes the client from the channel; a channel left without subscribers is forgotten.
  void leave(const ChainChannelKey& key, const StreamClient* client);

  // A batch changed this contract: its channels are due for a re-read.
  void touch(std::string_view symbol, Expiry expiry);

  struct Due {
    ChainChannelKey key;
    SharedChainTable table;  // the channel's table when it was taken
  };
  // The changed channels that may publish at `now` (at most once per min_interval each); they
  // count as published from now on.
  std::vector<Due> take_due(Clock::time_point now, std::chrono::milliseconds min_interval);
  // When the next changed channel may publish (nullopt: none is changed).
  std::optional<Clock::time_point> next_due(std::chrono::milliseconds min_interval) const;

  // Replaces the channel's table with `next` when it still holds `previous`, and returns the
  // subscribers the update from `previous` to `next` is for; empty when the channel was
  // forgotten or re-created meanwhile (a re-created channel is marked changed already).
  std::vector<const StreamClient*> advance(const ChainChannelKey& key,
                                           const SharedChainTable& previous, SharedChainTable next);

  bool contains(const ChainChannelKey& key) const { return channels_.contains(key); }
  std::size_t size() const { return channels_.size(); }

 private:
  struct Channel {
    SharedChainTable table;
    std::set<const StreamClient*> subscribers;
    bool changed = false;
    std::optional<Clock::time_point> last_sent;  // none: the next change is due at once
  };
  std::map<ChainChannelKey, Channel> channels_;
  std::set<ChainChannelKey> changed_;  // the keys of channels with changed == true
};

}  // namespace strikeline
