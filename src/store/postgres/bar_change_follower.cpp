#include "store/postgres/bar_change_follower.h"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <memory>
#include <vector>

#include "core/text.h"
#include "store/bar_validation.h"
#include "store/postgres/bar_statements.h"
#include "store/postgres/pg_connection.h"

namespace strikeline {

using namespace std::chrono;

namespace {

constexpr milliseconds kPollInterval{100};
constexpr std::size_t kApplyBatch = 50000;

// "FROM,TO" epoch seconds; nullopt when malformed.
std::optional<std::pair<std::int64_t, std::int64_t>> parse_range(std::string_view text) {
  const auto comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  std::int64_t from = 0, to = 0;
  const auto a = std::from_chars(text.data(), text.data() + comma, from);
  const auto b = std::from_chars(text.data() + comma + 1, text.data() + text.size(), to);
  if (a.ec != std::errc{} || b.ec != std::errc{} || a.ptr != text.data() + comma ||
      b.ptr != text.data() + text.size() || to < from) {
    return std::nullopt;
  }
  return std::make_pair(from, to);
}

// Seconds since the newest write visible now that touched buckets from `from` on began (the
// database's clock): the start of the writer transaction fo_bar_days.updated_at records; nullopt
// when no row says.
std::optional<double> newest_write_age(pg::Connection& connection, std::int64_t from) {
  const std::string epoch = std::to_string(from);
  const char* params[] = {epoch.c_str()};
  pg::Result r = connection.exec_params(
      "SELECT extract(epoch FROM clock_timestamp() - max(updated_at)) FROM fo_bar_days "
      "WHERE last_bucket >= to_timestamp($1)",
      params, "reading when the newest bars were written");
  if (r.rows() != 1 || r.is_null(0, 0)) return std::nullopt;
  const auto age = parse_double(r.text(0, 0));
  if (!age || *age < 0) return std::nullopt;
  return age;
}

}  // namespace

BarChangeFollower::BarChangeFollower(PostgresBarRepository& repository, ChainStore& store,
                                     std::optional<UtcSeconds> newest_applied,
                                     std::optional<UtcSeconds> loaded_since,
                                     std::chrono::seconds catch_up)
    : repository_(repository),
      store_(store),
      newest_(newest_applied),
      catch_up_(catch_up),
      listened_since_(loaded_since) {}

BarChangeFollower::~BarChangeFollower() {
  stop();
}

void BarChangeFollower::start() {
  if (worker_.running()) return;
  worker_.start([this](std::stop_token) { return follow(); });
}

void BarChangeFollower::stop() {
  worker_.stop();
}

FollowerStats BarChangeFollower::stats() const {
  const double lag = lag_seconds_.load();
  return {notifications_.load(),       bars_applied_.load(),
          future_bars_applied_.load(), reconnects_.load(),
          listening_.load(),           lag >= 0 ? std::optional<double>(lag) : std::nullopt};
}

RepositoryHealth BarChangeFollower::health() const {
  if (!failing_.load()) return {};
  MutexLock lock(error_mutex_);
  return {false, "replica not following " + repository_.server() + ": " + last_error_};
}

void BarChangeFollower::apply_range(UtcSeconds from, UtcSeconds to) {
  std::vector<StrikeBar> bars;
  auto flush = [&] {
    if (bars.empty()) return;
    const ApplyStats applied = store_.apply(bars);
    if (on_applied_) on_applied_(applied);
    bars_applied_ += bars.size();
    if (!newest_ || bars.back().key.bucket > *newest_) newest_ = bars.back().key.bucket;
    bars.clear();
  };
  OneMinuteBarChecker checker;
  bool applied_any = false;
  repository_.scan(from, to, [&](const StrikeBar& bar) {
    // A row another program wrote that the chain store cannot hold is skipped, not retried.
    if (checker.problem(bar)) return;
    bars.push_back(bar);
    applied_any = true;
    if (bars.size() >= kApplyBatch) flush();
  });
  flush();
  // The futures of the same range (written in the option bars' transaction, or alone).
  std::vector<FutureBar> futures;
  repository_.scan_futures(from, to, [&](const FutureBar& bar) {
    if (!future_bar_problem(bar)) futures.push_back(bar);
  });
  if (!futures.empty()) {
    const ApplyStats applied = store_.apply({}, BarOrigin{BarSource::unknown}, futures);
    if (on_applied_) on_applied_(applied);
    future_bars_applied_ += futures.size();
  }
  // Where the days' bars came from (the writers record it in the catalogue with the bars).
  if (applied_any) store_.record_sources(repository_.contract_days_between(from, to));
}

void BarChangeFollower::catch_up_changed_days(UtcSeconds changed_since, UtcSeconds before) {
  // Ascending by first bucket: overlapping or adjoining days (the contracts of one day) merge into
  // one read.
  std::optional<std::pair<UtcSeconds, UtcSeconds>> pending;
  for (const ContractDay& day : repository_.contract_days_changed_since(changed_since)) {
    if (day.first_bucket >= before) continue;  // read with the newest buckets already
    const UtcSeconds end = std::min(day.last_bucket + minutes{1}, before);
    if (pending && day.first_bucket <= pending->second) {
      pending->second = std::max(pending->second, end);
      continue;
    }
    if (pending) apply_range(pending->first, pending->second);
    pending = std::make_pair(day.first_bucket, end);
  }
  if (pending) apply_range(pending->first, pending->second);
}

PeriodicWorker::Delay BarChangeFollower::follow() {
  try {
    if (!listener_ || !listener_->ok()) {
      listening_ = false;
      listener_.reset();
      listener_ = std::make_unique<pg::Connection>(repository_.conninfo());
      listener_->exec("LISTEN " + std::string(pg::kBarsChannel), "listening for new bars");
      listening_ = true;
      // What was committed while nobody listened (and since the store's load began): the
      // newest `catch_up` of buckets, and every older day a write touched meanwhile.
      const UtcSeconds listening_since = repository_.database_time();
      const UtcSeconds from = newest_ ? *newest_ - catch_up_ : UtcSeconds::min();
      apply_range(from, UtcSeconds::max());
      if (listened_since_) catch_up_changed_days(*listened_since_ - catch_up_, from);
      listened_since_ = listening_since;
      if (failed_) {
        spdlog::info("replica: following {} again", repository_.server());
        ++reconnects_;
      }
      failed_ = false;
      failing_ = false;
      retry_ = milliseconds{100};
    }
    // The poll is the wait: the next round follows at once.
    pollfd fd{PQsocket(listener_->handle()), POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(kPollInterval.count()));
    if (ready < 0) return PeriodicWorker::Delay::zero();
    if (ready > 0 && !PQconsumeInput(listener_->handle())) {
      listener_->fail("receiving notifications");
    }
    std::optional<std::pair<std::int64_t, std::int64_t>> range;
    while (PGnotify* n = PQnotifies(listener_->handle())) {
      ++notifications_;
      if (auto r = parse_range(n->extra ? n->extra : "")) {
        range = range ? std::make_pair(std::min(range->first, r->first),
                                       std::max(range->second, r->second))
                      : *r;
      }
      PQfreemem(n);
    }
    if (range) {
      // Read before the bars: every write counted is among those the read below applies.
      const std::optional<double> since_write = newest_write_age(*listener_, range->first);
      const auto started = steady_clock::now();
      apply_range(utc_seconds(range->first), utc_seconds(range->second) + seconds{60});
      if (since_write) {
        lag_seconds_ = *since_write + duration<double>(steady_clock::now() - started).count();
      }
    }
    return PeriodicWorker::Delay::zero();
  } catch (const std::exception& e) {
    if (!failed_) spdlog::error("replica: cannot follow {}: {}", repository_.server(), e.what());
    failed_ = true;
    {
      MutexLock lock(error_mutex_);
      last_error_ = e.what();
    }
    failing_ = true;
    listening_ = false;
    listener_.reset();
    const milliseconds wait = retry_;
    retry_ = std::min(retry_ * 2, milliseconds{5000});
    return wait;
  }
}

}  // namespace strikeline
