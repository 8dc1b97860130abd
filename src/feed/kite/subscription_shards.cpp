#include "feed/kite/subscription_shards.h"

#include <algorithm>
#include <cassert>

namespace strikeline::kite {

SubscriptionShards::SubscriptionShards(std::size_t connections,
                                       std::size_t instruments_per_connection)
    : per_connection_(instruments_per_connection), load_(connections, 0) {
  assert(connections > 0 && instruments_per_connection > 0);
}

void SubscriptionShards::add_connections(std::size_t count) {
  load_.resize(load_.size() + count, 0);
}

std::optional<std::size_t> SubscriptionShards::roomiest() const {
  const auto it = std::min_element(load_.begin(), load_.end());
  if (it == load_.end() || *it >= per_connection_) return std::nullopt;
  return static_cast<std::size_t>(it - load_.begin());
}

std::vector<SubscriptionChange> SubscriptionShards::apply(const SubscriptionChange& change) {
  std::vector<SubscriptionChange> out(load_.size());
  // Out first: the room it frees goes to waiting tokens before new ones.
  for (const std::uint32_t token : change.unsubscribe) {
    if (const auto it = owner_.find(token); it != owner_.end()) {
      out[it->second].unsubscribe.push_back(token);
      --load_[it->second];
      owner_.erase(it);
    } else {
      std::erase(waiting_, token);
    }
  }
  std::vector<std::uint32_t> candidates;
  candidates.swap(waiting_);
  for (const std::uint32_t token : change.subscribe) {
    if (!owner_.contains(token)) candidates.push_back(token);
  }
  for (const std::uint32_t token : candidates) {
    if (owner_.contains(token)) continue;  // planned twice
    const auto connection = roomiest();
    if (!connection) {
      if (std::find(waiting_.begin(), waiting_.end(), token) == waiting_.end()) {
        waiting_.push_back(token);
      }
      continue;
    }
    owner_.emplace(token, *connection);
    ++load_[*connection];
    out[*connection].subscribe.push_back(token);
  }
  for (SubscriptionChange& c : out) {
    std::sort(c.subscribe.begin(), c.subscribe.end());
    std::sort(c.unsubscribe.begin(), c.unsubscribe.end());
  }
  check_invariants();
  return out;
}

std::optional<std::size_t> SubscriptionShards::connection_of(std::uint32_t token) const {
  const auto it = owner_.find(token);
  if (it == owner_.end()) return std::nullopt;
  return it->second;
}

void SubscriptionShards::check_invariants() const {
#ifndef NDEBUG
  std::size_t total = 0;
  for (const std::size_t load : load_) {
    assert(load <= per_connection_);
    total += load;
  }
  assert(total == owner_.size());
  assert(waiting_.empty() || total == capacity());
#endif
}

}  // namespace strikeline::kite
