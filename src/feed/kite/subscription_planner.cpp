#include "feed/kite/subscription_planner.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace strikeline::kite {

SubscriptionPlanner::SubscriptionPlanner(const InstrumentCatalogue& catalogue,
                                         SubscriptionConfig config)
    : catalogue_(catalogue), config_(std::move(config)) {}

SubscriptionChange SubscriptionPlanner::start(Date today) {
  fixed_.clear();
  windows_.clear();
  for (const std::string& symbol : config_.underlyings) {
    if (const KiteInstrument* spot = catalogue_.spot_of(symbol)) fixed_.insert(spot->token);
    const std::vector<Expiry> known = catalogue_.option_expiries(symbol);
    auto& by_expiry = windows_[symbol];
    for (const ExpirySpec& spec : config_.expiries) {
      auto expiry = resolve_expiry(spec, known, today);
      if (!expiry || by_expiry.contains(*expiry)) continue;
      Window w;
      w.options = catalogue_.options(symbol, *expiry);
      for (const KiteInstrument* o : w.options) {
        if (w.strikes.empty() || w.strikes.back() != o->strike) w.strikes.push_back(o->strike);
      }
      by_expiry.emplace(*expiry, std::move(w));
      if (const KiteInstrument* future = catalogue_.future_of(symbol, *expiry)) {
        fixed_.insert(future->token);
      }
    }
  }
  return change_to(planned());
}

SubscriptionChange SubscriptionPlanner::on_spot(const std::string& symbol, double spot) {
  auto it = windows_.find(symbol);
  if (it == windows_.end() || !std::isfinite(spot) || spot <= 0) return {};
  bool moved = false;
  for (auto& [expiry, w] : it->second) {
    if (w.strikes.empty()) continue;
    // The listed strike nearest to spot (the lower one on a tie).
    auto upper = std::lower_bound(w.strikes.begin(), w.strikes.end(), spot,
                                  [](Strike k, double s) { return k.to_double() < s; });
    std::size_t nearest = static_cast<std::size_t>(upper - w.strikes.begin());
    if (nearest == w.strikes.size() || (nearest > 0 && spot - w.strikes[nearest - 1].to_double() <=
                                                           w.strikes[nearest].to_double() - spot)) {
      nearest = nearest == 0 ? 0 : nearest - 1;
    }
    if (w.centre == nearest) continue;
    if (w.centre) {
      const double from = w.strikes[*w.centre].to_double();
      const double to = w.strikes[nearest].to_double();
      if (std::abs(spot - from) < config_.hysteresis * std::abs(to - from)) continue;
    }
    w.centre = nearest;
    moved = true;
  }
  if (!moved) return {};
  return change_to(planned());
}

std::set<std::uint32_t> SubscriptionPlanner::planned() const {
  std::set<std::uint32_t> out = fixed_;
  const auto n = static_cast<std::size_t>(std::max(0, config_.strikes_each_side));
  for (const auto& [symbol, by_expiry] : windows_) {
    for (const auto& [expiry, w] : by_expiry) {
      if (!w.centre) continue;
      const std::size_t c = *w.centre;
      const Strike lo = w.strikes[c >= n ? c - n : 0];
      const Strike hi = w.strikes[std::min(w.strikes.size() - 1, c + n)];
      for (const KiteInstrument* o : w.options) {
        if (o->strike >= lo && o->strike <= hi) out.insert(o->token);
      }
    }
  }
  return out;
}

SubscriptionChange SubscriptionPlanner::change_to(const std::set<std::uint32_t>& next) {
  SubscriptionChange change;
  std::set_difference(next.begin(), next.end(), current_.begin(), current_.end(),
                      std::back_inserter(change.subscribe));
  std::set_difference(current_.begin(), current_.end(), next.begin(), next.end(),
                      std::back_inserter(change.unsubscribe));
  current_ = next;
  return change;
}

std::size_t SubscriptionPlanner::most_tokens() const {
  std::size_t most = fixed_.size();
  const auto n = static_cast<std::size_t>(std::max(0, config_.strikes_each_side));
  for (const auto& [symbol, by_expiry] : windows_) {
    for (const auto& [expiry, w] : by_expiry) {
      // w.options is sorted by strike: count the options of each span of 2n + 1 strikes.
      std::size_t widest = 0;
      std::size_t first = 0;  // the span's first option
      std::size_t last = 0;   // one past its last option
      for (std::size_t lo = 0; lo < w.strikes.size(); ++lo) {
        const Strike hi = w.strikes[std::min(w.strikes.size() - 1, lo + 2 * n)];
        while (first < w.options.size() && w.options[first]->strike < w.strikes[lo]) ++first;
        last = std::max(last, first);
        while (last < w.options.size() && w.options[last]->strike <= hi) ++last;
        widest = std::max(widest, last - first);
      }
      most += widest;
    }
  }
  return most;
}

std::vector<std::uint32_t> SubscriptionPlanner::tokens() const {
  return {current_.begin(), current_.end()};
}

std::optional<Strike> SubscriptionPlanner::centre(const std::string& symbol, Expiry expiry) const {
  auto it = windows_.find(symbol);
  if (it == windows_.end()) return std::nullopt;
  auto w = it->second.find(expiry);
  if (w == it->second.end() || !w->second.centre) return std::nullopt;
  return w->second.strikes[*w->second.centre];
}

std::vector<Expiry> SubscriptionPlanner::expiries(const std::string& symbol) const {
  std::vector<Expiry> out;
  if (auto it = windows_.find(symbol); it != windows_.end()) {
    for (const auto& [expiry, w] : it->second) out.push_back(expiry);
  }
  return out;
}

}  // namespace strikeline::kite
