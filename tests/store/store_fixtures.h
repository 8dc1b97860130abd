// Helpers for the store tests: IST wall-clock times, hand-made 1-minute bars, a DaySource over a
// vector of bars (counting its loads), temporary database paths, and a comparison of everything a
// ChainReader answers about a contract.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "store/chain_reader.h"
#include "store/day_source.h"

namespace strikeline::testing {

inline Date day_of(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// hh:mm IST on a day, as a UTC instant.
inline UtcSeconds ist(Date day, int hh, int mm, int ss = 0) {
  return ist_time_on(day, std::chrono::minutes{hh * 60 + mm}) + std::chrono::seconds{ss};
}

inline StrikeBar minute_bar(std::string symbol, Expiry expiry, std::int64_t strike, UtcSeconds t,
                            std::optional<double> underlying = std::nullopt) {
  StrikeBar bar;
  bar.key = BarKey{std::move(symbol), expiry, strike_rupees(strike), Timeframe::m1, t};
  bar.underlying_close = underlying;
  return bar;
}

struct SideSpec {
  std::uint32_t count = 0;
  std::uint32_t analytics = 0;  // ticks that carried Greeks
  double iv = 0, delta = 0, gamma = 0, theta = 0, vega = 0;
  std::int64_t volume = 0;
  std::optional<std::int64_t> oi = std::nullopt;
  std::optional<std::int64_t> oi_change = std::nullopt;
  std::optional<std::array<double, 4>> ohlc = std::nullopt;
};

inline SideBar side(const SideSpec& s) {
  SideBar out;
  out.count = s.count;
  out.analytics_count = s.analytics;
  if (s.analytics > 0) {
    out.iv = s.iv;
    out.delta = s.delta;
    out.gamma = s.gamma;
    out.theta = s.theta;
    out.vega = s.vega;
  }
  out.volume = s.volume;
  out.oi = s.oi;
  out.oi_change = s.oi_change;
  if (s.ohlc) {
    out.has_premium = true;
    out.open = (*s.ohlc)[0];
    out.high = (*s.ohlc)[1];
    out.low = (*s.ohlc)[2];
    out.close = (*s.ohlc)[3];
  }
  return out;
}

// A deterministic, fully populated bar (every field present) for bulk tests.
inline StrikeBar synthetic_bar(const std::string& symbol, Expiry expiry, std::int64_t strike,
                               UtcSeconds t, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  StrikeBar bar = minute_bar(symbol, expiry, strike, t, 24000.0 + std::floor(u(rng) * 80000) / 100);
  for (SideBar* s : {&bar.call, &bar.put}) {
    s->count = 1 + static_cast<std::uint32_t>(u(rng) * 40);
    s->analytics_count = s->count;
    s->iv = 10 + u(rng) * 20;
    s->delta = u(rng);
    s->gamma = u(rng) / 1000;
    s->theta = -u(rng) * 10;
    s->vega = u(rng) * 15;
    s->volume = static_cast<std::int64_t>(u(rng) * 100000);
    s->oi = static_cast<std::int64_t>(u(rng) * 5000000);
    s->oi_change = static_cast<std::int64_t>(u(rng) * 200000) - 100000;
    s->open = 50 + u(rng) * 100;
    s->close = 50 + u(rng) * 100;
    s->high = std::max(s->open, s->close) + u(rng) * 5;
    s->low = std::min(s->open, s->close) - u(rng) * 5;
    s->has_premium = true;
  }
  // Most bars carry a quote (bid/ask a few ticks around the close, sizes in lots), some one-sided
  // or without sizes; from a stream of its own, so the other values do not depend on it.
  std::mt19937 quote_rng(seed ^ 0x9e3779b9u);
  for (SideBar* s : {&bar.call, &bar.put}) {
    const double q = u(quote_rng);
    if (q < 0.2) continue;
    if (q > 0.3) s->bid = std::max(0.05, std::round(s->close * 20 - 1 - u(quote_rng) * 3) / 20);
    s->ask = std::round(s->close * 20 + 1 + u(quote_rng) * 3) / 20;
    if (q > 0.4) {
      if (s->bid) s->bid_qty = 75 * static_cast<std::int64_t>(u(quote_rng) * 40);
      s->ask_qty = 75 * (1 + static_cast<std::int64_t>(u(quote_rng) * 40));
    }
  }
  return bar;
}

// A DaySource over bars held in memory. Thread-safe; counts load_day calls.
class VectorDaySource final : public DaySource {
 public:
  void add(const std::vector<StrikeBar>& bars) {
    std::lock_guard lock(mutex_);
    for (const StrikeBar& bar : bars) {
      auto key = std::make_tuple(bar.key.symbol, bar.key.expiry, bar.key.strike, bar.key.bucket);
      bars_[key] = bar;
    }
  }
  std::vector<ContractDay> contract_days() override {
    std::lock_guard lock(mutex_);
    std::map<std::tuple<Date, std::string, Expiry>, std::pair<UtcSeconds, UtcSeconds>> seen;
    for (const auto& [key, bar] : bars_) {
      auto [it, inserted] =
          seen.try_emplace({ist_date(bar.key.bucket), bar.key.symbol, bar.key.expiry},
                           bar.key.bucket, bar.key.bucket);
      it->second.first = std::min(it->second.first, bar.key.bucket);
      it->second.second = std::max(it->second.second, bar.key.bucket);
    }
    std::vector<ContractDay> out;
    for (const auto& [key, span] : seen) {
      out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), span.first, span.second,
                     BarSource::unknown});
    }
    return out;
  }
  void load_day(Date day, const std::function<void(const StrikeBar&)>& fn) override {
    std::vector<StrikeBar> selected;
    {
      std::lock_guard lock(mutex_);
      ++loads;
      for (const auto& [key, bar] : bars_) {
        if (ist_date(bar.key.bucket) == day) selected.push_back(bar);
      }
    }
    std::sort(selected.begin(), selected.end(),
              [](const StrikeBar& a, const StrikeBar& b) { return a.key.bucket < b.key.bucket; });
    for (const StrikeBar& bar : selected) fn(bar);
  }
  std::atomic<int> loads{0};

 private:
  std::mutex mutex_;
  std::map<std::tuple<std::string, Expiry, Strike, UtcSeconds>, StrikeBar> bars_;
};

// A fresh path under the system temp directory, removed (with -wal/-shm) when destroyed.
class TempDatabase {
 public:
  explicit TempDatabase(const std::string& name) {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("strikeline_store_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
              "_" + name + ".db"))
                .string();
    remove();
  }
  ~TempDatabase() { remove(); }
  const std::string& path() const { return path_; }

 private:
  void remove() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal", "-lock"}) {
      std::error_code ignored;
      std::filesystem::remove(path_ + suffix, ignored);
    }
  }
  std::string path_;
};

// Float fields read back within the chain store's precision contract: relative 2^-24 (a float's
// rounding) plus what folding floats adds; 1e-6 relative is the bound the tests hold it to.
inline void expect_close(double actual, double expected, const char* what) {
  EXPECT_NEAR(actual, expected, std::max(1e-9, std::fabs(expected) * 1e-6)) << what;
}

inline void expect_side_close(const SideBar& a, const SideBar& b, const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.analytics_count, b.analytics_count);
  EXPECT_EQ(a.volume, b.volume);
  EXPECT_EQ(a.oi, b.oi);
  EXPECT_EQ(a.oi_change, b.oi_change);
  EXPECT_EQ(a.has_premium, b.has_premium);
  expect_close(a.iv, b.iv, "iv");
  expect_close(a.delta, b.delta, "delta");
  expect_close(a.gamma, b.gamma, "gamma");
  expect_close(a.theta, b.theta, "theta");
  expect_close(a.vega, b.vega, "vega");
  expect_close(a.open, b.open, "open");
  expect_close(a.high, b.high, "high");
  expect_close(a.low, b.low, "low");
  expect_close(a.close, b.close, "close");
  for (auto [got, want, what] : {std::tuple{&a.bid, &b.bid, "bid"}, {&a.ask, &b.ask, "ask"}}) {
    ASSERT_EQ(got->has_value(), want->has_value()) << what;
    if (*got) expect_close(**got, **want, what);
  }
  EXPECT_EQ(a.bid_qty, b.bid_qty);
  EXPECT_EQ(a.ask_qty, b.ask_qty);
}

inline void expect_bar_close(const StrikeBar& a, const StrikeBar& b) {
  const std::string where = "bar " + a.key.symbol + " " + a.key.strike.to_string() + " " +
                            std::string(timeframe_name(a.key.timeframe)) + " " +
                            format_iso_utc(a.key.bucket);
  EXPECT_EQ(a.key, b.key) << where;
  ASSERT_EQ(a.underlying_close.has_value(), b.underlying_close.has_value()) << where;
  if (a.underlying_close) expect_close(*a.underlying_close, *b.underlying_close, "underlying");
  expect_side_close(a.call, b.call, where + " call");
  expect_side_close(a.put, b.put, where + " put");
}

// Everything two readers answer about one contract over [from, to] at every timeframe is equal
// (values bit for bit: both sides hold the same floats).
inline void expect_same_answers(const ChainReader& a, const ChainReader& b,
                                const std::string& symbol, Expiry expiry, UtcSeconds from,
                                UtcSeconds to) {
  EXPECT_EQ(a.symbols(), b.symbols());
  EXPECT_EQ(a.expiries(symbol), b.expiries(symbol));
  EXPECT_EQ(a.strikes(symbol, expiry), b.strikes(symbol, expiry));
  EXPECT_EQ(a.newest_bucket(symbol), b.newest_bucket(symbol));
  for (Timeframe tf : kAllTimeframes) {
    SCOPED_TRACE(std::string(timeframe_name(tf)));
    EXPECT_EQ(a.latest_bucket(symbol, expiry, tf), b.latest_bucket(symbol, expiry, tf));
    const auto times = a.bucket_times(symbol, expiry, tf, from, to);
    EXPECT_EQ(times, b.bucket_times(symbol, expiry, tf, from, to));
    std::vector<std::vector<StrikeBar>> from_a, from_b;
    a.for_each_bucket(
        symbol, expiry, tf, from, to,
        [&](UtcSeconds, const std::vector<StrikeBar>& bars) { from_a.push_back(bars); });
    b.for_each_bucket(
        symbol, expiry, tf, from, to,
        [&](UtcSeconds, const std::vector<StrikeBar>& bars) { from_b.push_back(bars); });
    EXPECT_EQ(from_a, from_b);
    EXPECT_EQ(from_a.size(), times.size());
    for (UtcSeconds t : times) {
      EXPECT_EQ(a.latest_bucket(symbol, expiry, tf, t), b.latest_bucket(symbol, expiry, tf, t));
      EXPECT_EQ(a.bucket(symbol, expiry, tf, t), b.bucket(symbol, expiry, tf, t));
    }
  }
}

}  // namespace strikeline::testing
