#include "api/stream/chain_channels.h"

#include <cassert>

namespace strikeline {

SharedChainTable ChainChannels::join(const ChainChannelKey& key, const StreamClient* client,
                                     SharedChainTable fresh) {
  auto [it, created] = channels_.try_emplace(key);
  Channel& channel = it->second;
  if (created) {
    assert(fresh);
    channel.table = std::move(fresh);
    channel.changed = true;
    changed_.insert(key);
  }
  channel.subscribers.insert(client);
  return channel.table;
}

void ChainChannels::leave(const ChainChannelKey& key, const StreamClient* client) {
  auto it = channels_.find(key);
  if (it == channels_.end()) return;
  it->second.subscribers.erase(client);
  if (it->second.subscribers.empty()) {
    changed_.erase(key);
    channels_.erase(it);
  }
}

void ChainChannels::touch(std::string_view symbol, Expiry expiry) {
  // Keys order by symbol, expiry, then strike_range with nullopt first.
  for (auto it = channels_.lower_bound(ChainChannelKey{std::string(symbol), expiry, std::nullopt});
       it != channels_.end() && it->first.symbol == symbol && it->first.expiry == expiry; ++it) {
    if (!it->second.changed) {
      it->second.changed = true;
      changed_.insert(it->first);
    }
  }
}

std::vector<ChainChannels::Due> ChainChannels::take_due(Clock::time_point now,
                                                        std::chrono::milliseconds min_interval) {
  std::vector<Due> due;
  for (auto key = changed_.begin(); key != changed_.end();) {
    Channel& channel = channels_.at(*key);
    assert(channel.changed);
    if (channel.last_sent && now < *channel.last_sent + min_interval) {
      ++key;
      continue;
    }
    channel.changed = false;
    channel.last_sent = now;
    due.push_back({*key, channel.table});
    key = changed_.erase(key);
  }
  return due;
}

std::optional<ChainChannels::Clock::time_point> ChainChannels::next_due(
    std::chrono::milliseconds min_interval) const {
  std::optional<Clock::time_point> next;
  for (const ChainChannelKey& key : changed_) {
    const Channel& channel = channels_.at(key);
    const Clock::time_point at =
        channel.last_sent ? *channel.last_sent + min_interval : Clock::time_point::min();
    if (!next || at < *next) next = at;
  }
  return next;
}

std::vector<const StreamClient*> ChainChannels::advance(const ChainChannelKey& key,
                                                        const SharedChainTable& previous,
                                                        SharedChainTable next) {
  auto it = channels_.find(key);
  if (it == channels_.end() || it->second.table != previous) return {};
  assert(next);
  it->second.table = std::move(next);
  return {it->second.subscribers.begin(), it->second.subscribers.end()};
}

}  // namespace strikeline
