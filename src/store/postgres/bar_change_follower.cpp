#include "store/postgres/bar_change_follower.h"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>
#include <memory>
#include <vector>

#include "store/bar_validation.h"
#include "store/postgres/bar_change_log.h"
#include "store/postgres/bar_statements.h"
#include "store/postgres/pg_connection.h"

namespace strikeline {

using namespace std::chrono;

namespace {

constexpr milliseconds kListenWait{100};
constexpr std::size_t kApplyBatch = 50000;
constexpr int kChangesPerRead = 1000;

}  // namespace

BarChangeFollower::BarChangeFollower(PostgresBarRepository& repository, ChainStore& store,
                                     FollowerOptions options)
    : repository_(repository),
      store_(store),
      newest_(options.newest_applied),
      last_seq_(options.applied_change),
      poll_interval_(options.poll_interval),
      catch_up_(options.catch_up),
      listened_since_(options.loaded_since),
      change_seq_(options.applied_change.value_or(-1)) {
  assert(poll_interval_.count() > 0);
}

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
  FollowerStats out;
  out.notifications = notifications_.load();
  out.changes_applied = changes_applied_.load();
  out.bars_applied = bars_applied_.load();
  out.future_bars_applied = future_bars_applied_.load();
  out.reconnects = reconnects_.load();
  out.window_catch_ups = window_catch_ups_.load();
  out.listening = listening_.load();
  out.on_standby = on_standby_.load();
  if (const std::int64_t seq = change_seq_.load(); seq >= 0) out.change_seq = seq;
  if (const double lag = lag_seconds_.load(); lag >= 0) out.lag_seconds = lag;
  return out;
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

void BarChangeFollower::connect_and_catch_up() {
  listening_ = false;
  connection_.reset();
  connection_ = std::make_unique<pg::Connection>(repository_.conninfo());
  const std::string doing = "following the writers on " + repository_.server();
  standby_ = connection_->exec("SELECT pg_is_in_recovery()", doing).text(0, 0) == "t";
  on_standby_ = standby_;
  if (!standby_) connection_->exec("LISTEN " + std::string(pg::kBarsChannel), doing);
  // Before the catch-up: a later outage's old-way catch-up re-reads the days changed since.
  const UtcSeconds following_since = repository_.database_time();
  const pg::ChangeLogPosition log = pg::change_log_position(*connection_, doing);
  // The log holds every write after last_seq_ when its entry after last_seq_ is still there.
  const bool covered = last_seq_ && *last_seq_ <= log.newest &&
                       (*last_seq_ == log.newest || (log.oldest && *log.oldest <= *last_seq_ + 1));
  if (covered) {
    while (apply_new_changes()) {
    }
  } else {
    catch_up_by_window(log.newest);
  }
  listened_since_ = following_since;
  listening_ = true;
  if (failed_) {
    spdlog::info("replica: following {} again ({})", repository_.server(),
                 standby_ ? "a hot standby: polling the change log" : "the primary: LISTEN");
    ++reconnects_;
  } else {
    spdlog::info("replica: following {} ({})", repository_.server(),
                 standby_ ? "a hot standby: polling the change log every " +
                                std::to_string(poll_interval_.count()) + " ms"
                          : "the primary: LISTEN/NOTIFY");
  }
  failed_ = false;
  failing_ = false;
  retry_ = milliseconds{100};
}

void BarChangeFollower::catch_up_by_window(std::int64_t newest_number) {
  if (last_seq_) {
    spdlog::warn(
        "replica: the change log of {} no longer holds entry {} (newest {}): re-reading the "
        "newest {} min and the days changed since",
        repository_.server(), *last_seq_ + 1, newest_number, catch_up_.count() / 60);
  }
  // The writes numbered up to newest_number committed before the reads below began; the later
  // ones are read from the log.
  last_seq_ = newest_number;
  const UtcSeconds from = newest_ ? *newest_ - catch_up_ : UtcSeconds::min();
  apply_range(from, UtcSeconds::max());
  if (listened_since_) catch_up_changed_days(*listened_since_ - catch_up_, from);
  change_seq_ = newest_number;
  ++window_catch_ups_;
}

bool BarChangeFollower::apply_new_changes() {
  assert(connection_ && last_seq_);
  const std::string doing = "reading the change log of " + repository_.server();
  const std::vector<pg::BarChange> changes =
      pg::changes_after(*connection_, *last_seq_, kChangesPerRead, doing);
  if (changes.empty()) return false;
  if (changes.front().seq != *last_seq_ + 1) {
    // Pruned past this replica's position (it was away longer than the retention).
    catch_up_by_window(pg::change_log_position(*connection_, doing).newest);
    return true;
  }
  const auto started = steady_clock::now();
  double oldest_age = 0;
  std::vector<std::pair<UtcSeconds, UtcSeconds>> ranges;  // [first, last] buckets
  for (const pg::BarChange& change : changes) {
    oldest_age = std::max(oldest_age, change.age_seconds);
    ranges.emplace_back(change.first_bucket, change.last_bucket);
  }
  // Overlapping or adjoining ranges (the live minute written again and again) as one read.
  std::sort(ranges.begin(), ranges.end());
  std::optional<std::pair<UtcSeconds, UtcSeconds>> pending;
  for (const auto& [first, last] : ranges) {
    if (pending && first <= pending->second + minutes{1}) {
      pending->second = std::max(pending->second, last);
      continue;
    }
    if (pending) apply_range(pending->first, pending->second + minutes{1});
    pending = std::make_pair(first, last);
  }
  if (pending) apply_range(pending->first, pending->second + minutes{1});
  last_seq_ = changes.back().seq;
  change_seq_ = changes.back().seq;
  changes_applied_ += changes.size();
  lag_seconds_ = oldest_age + duration<double>(steady_clock::now() - started).count();
  return changes.size() == static_cast<std::size_t>(kChangesPerRead);
}

PeriodicWorker::Delay BarChangeFollower::follow() {
  try {
    if (!connection_ || !connection_->ok()) connect_and_catch_up();
    if (standby_) {
      // A full read may have left more: the next round follows at once.
      return apply_new_changes() ? PeriodicWorker::Delay::zero() : poll_interval_;
    }
    // The poll is the wait: the next round follows at once.
    pollfd fd{PQsocket(connection_->handle()), POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(kListenWait.count()));
    if (ready < 0) return PeriodicWorker::Delay::zero();
    if (ready > 0 && !PQconsumeInput(connection_->handle())) {
      connection_->fail("receiving notifications");
    }
    bool notified = false;
    while (PGnotify* n = PQnotifies(connection_->handle())) {
      ++notifications_;
      notified = true;
      PQfreemem(n);
    }
    if (notified) {
      while (apply_new_changes()) {
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
    connection_.reset();
    const milliseconds wait = retry_;
    retry_ = std::min(retry_ * 2, milliseconds{5000});
    return wait;
  }
}

}  // namespace strikeline
