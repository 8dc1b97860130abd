#include "store/postgres/postgres_bar_repository.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <exception>
#include <map>
#include <set>
#include <tuple>

#include "store/bar_validation.h"
#include "store/postgres/bar_change_log.h"
#include "store/postgres/bar_rows.h"
#include "store/postgres/bar_statements.h"
#include "store/postgres/contract_state_rows.h"
#include "store/postgres/future_bar_rows.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/writer_lease.h"

namespace strikeline {

using namespace std::chrono;

namespace {

constexpr milliseconds kFirstRetryDelay{100};
constexpr milliseconds kMaxRetryDelay{5000};
constexpr std::size_t kMaxIdleReaders = 4;

constexpr const char* kSelectBars = "strikeline_select_bars";
constexpr const char* kUpsert = "strikeline_upsert";
constexpr const char* kRollup5 = "strikeline_rollup_5min";
constexpr const char* kRollup15 = "strikeline_rollup_15min";
constexpr const char* kRecordDays = "strikeline_record_days";
constexpr const char* kNotify = "strikeline_notify";
constexpr const char* kUpsertStates = "strikeline_upsert_states";
constexpr const char* kUpsertFutures = "strikeline_upsert_futures";

std::optional<std::int64_t> parse_epoch(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

// A reader borrowed from the pool, given back at scope end unless it broke (or the pool is full).
class PostgresBarRepository::ReaderLease {
 public:
  ReaderLease(PostgresBarRepository& owner, std::unique_ptr<pg::Connection> connection)
      : owner_(owner), connection_(std::move(connection)) {}
  ~ReaderLease() {
    if (!connection_ || !connection_->ok()) return;
    std::lock_guard lock(owner_.readers_mutex_);
    if (owner_.idle_readers_.size() < kMaxIdleReaders) {
      owner_.idle_readers_.push_back(std::move(connection_));
    }
  }
  ReaderLease(const ReaderLease&) = delete;
  ReaderLease& operator=(const ReaderLease&) = delete;
  pg::Connection& operator*() const { return *connection_; }

 private:
  PostgresBarRepository& owner_;
  std::unique_ptr<pg::Connection> connection_;
};

PostgresBarRepository::PostgresBarRepository(std::string conninfo, bool read_only)
    : conninfo_(std::move(conninfo)),
      server_(pg::describe_server(conninfo_)),
      read_only_(read_only) {
  std::unique_ptr<pg::Connection> first = connect(false);
  for (const char* needed : {"fo_option_strike_bars", "fo_contract_states", "fo_future_bars"}) {
    pg::Result table = first->exec("SELECT to_regclass('" + std::string(needed) + "') IS NOT NULL",
                                   "looking for " + std::string(needed) + " on " + server_);
    if (table.text(0, 0) != "t") {
      throw StorageError("PostgreSQL at " + server_ + " has no " + needed +
                         " table; run `strikeline migrate up`");
    }
  }
  pg::Result kind = first->exec(
      "SELECT relkind::text FROM pg_class WHERE oid = to_regclass('fo_option_strike_bars')",
      "looking at fo_option_strike_bars on " + server_);
  partitioned_ = kind.rows() == 1 && kind.text(0, 0) == "p";
  idle_readers_.push_back(std::move(first));
}

PostgresBarRepository::~PostgresBarRepository() = default;

std::unique_ptr<pg::Connection> PostgresBarRepository::connect(bool writer) {
  {
    std::lock_guard lock(backoff_mutex_);
    const auto now = steady_clock::now();
    if (now < next_attempt_) {
      throw StorageError(
          "PostgreSQL at " + server_ + " unreachable: " + last_error_ + " (next attempt in " +
          std::to_string(duration_cast<milliseconds>(next_attempt_ - now).count()) + " ms)");
    }
  }
  try {
    auto connection = std::make_unique<pg::Connection>(conninfo_);
    const std::string doing = "preparing statements on " + server_;
    connection->prepare(kSelectBars, pg::select_bars_sql(), doing);
    if (writer) {
      connection->exec(pg::create_incoming_table_sql(), doing);
      connection->prepare(kUpsert, pg::upsert_incoming_sql(), doing);
      connection->prepare(kRollup5,
                          pg::rollup_incoming_sql("fo_option_strike_bars_5min", "5min", 300,
                                                  "fo_option_strike_bars", "1min"),
                          doing);
      connection->prepare(kRollup15,
                          pg::rollup_incoming_sql("fo_option_strike_bars_15min", "15min", 900,
                                                  "fo_option_strike_bars_5min", "5min"),
                          doing);
      connection->prepare(kRecordDays, pg::record_incoming_days_sql(), doing);
      connection->prepare(kNotify, pg::notify_incoming_sql(), doing);
      connection->exec(pg::create_incoming_states_sql(), doing);
      connection->prepare(kUpsertStates, pg::upsert_incoming_states_sql(), doing);
      connection->exec(pg::create_incoming_futures_sql(), doing);
      connection->prepare(kUpsertFutures, pg::upsert_incoming_futures_sql(), doing);
      // A schema before migration 015 (only a test or a rollback writes there: a writer migrates
      // at start) has no change log; nothing is appended then.
      change_log_ =
          connection->exec("SELECT to_regclass('fo_bar_changes') IS NOT NULL", doing).text(0, 0) ==
          "t";
      if (fence_) {
        // What a takeover terminates should this writer stall in a write (writer_lease.h).
        const std::string name = pg::writer_application_name(fence_->holder);
        const char* params[] = {name.c_str()};
        connection->exec_params("SELECT set_config('application_name', $1, false)", params, doing);
      }
    }
    std::lock_guard lock(backoff_mutex_);
    if (!last_error_.empty()) ++reconnects_;
    delay_ = milliseconds{0};
    next_attempt_ = {};
    last_error_.clear();
    return connection;
  } catch (const StorageError& e) {
    std::lock_guard lock(backoff_mutex_);
    delay_ = delay_.count() == 0 ? kFirstRetryDelay : std::min(delay_ * 2, kMaxRetryDelay);
    next_attempt_ = steady_clock::now() + delay_;
    last_error_ = e.what();
    throw;
  }
}

PostgresBarRepository::ReaderLease PostgresBarRepository::borrow_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<pg::Connection> connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReaderLease(*this, std::move(connection));
    }
  }
  return ReaderLease(*this, connect(false));
}

template <typename Fn>
auto PostgresBarRepository::with_reader(Fn&& fn) {
  for (int attempt = 0;; ++attempt) {
    ReaderLease lease = borrow_reader();
    bool produced = false;
    try {
      return fn(*lease, produced);
    } catch (const StorageError&) {
      if (attempt > 0 || produced || (*lease).ok()) throw;
      // The pooled connection died while idle; the lease drops it and the next one is fresh.
    }
  }
}

void PostgresBarRepository::write(std::span<const StrikeBar> bars, BarOrigin origin) {
  write_with_futures(bars, {}, origin);
}

void PostgresBarRepository::write_with_futures(std::span<const StrikeBar> bars,
                                               std::span<const FutureBar> futures,
                                               BarOrigin origin) {
  for (std::size_t i = 0; i < futures.size(); ++i) {
    if (auto problem = future_bar_problem(futures[i])) {
      throw StorageError("future bar #" + std::to_string(i) + " (" + futures[i].key.symbol + " " +
                         format_date(futures[i].key.expiry) + ") cannot be stored: " + *problem);
    }
  }
  if (bars.empty() && futures.empty()) {
    check_batch(bars, origin);
    return;
  }
  write_replacing({}, bars, futures, origin);
}

void PostgresBarRepository::replace_contract_days(std::span<const ContractDayKey> days,
                                                  std::span<const StrikeBar> bars,
                                                  BarOrigin origin) {
  std::set<std::tuple<Date, std::string_view, Expiry>> keys;
  for (const ContractDayKey& key : days) keys.insert({key.day, key.symbol, key.expiry});
  for (const StrikeBar& bar : bars) {
    if (!keys.contains({ist_date(bar.key.bucket), bar.key.symbol, bar.key.expiry})) {
      throw StorageError("bar " + describe_key(bar.key) +
                         " is not of a contract-day being replaced; nothing was stored");
    }
  }
  if (days.empty()) return;
  write_replacing(days, bars, {}, origin);
}

void PostgresBarRepository::check_batch(std::span<const StrikeBar> bars, BarOrigin origin) const {
  if (origin.source != BarSource::market && origin.source != BarSource::simulator) {
    throw StorageError("bars are written as market or simulator data, not " +
                       std::string(bar_source_name(origin.source)));
  }
  OneMinuteBarChecker checker;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (auto problem = checker.problem(bars[i])) {
      throw StorageError("bar #" + std::to_string(i) + " (" + describe_key(bars[i].key) +
                         ") cannot be stored: " + *problem);
    }
  }
  if (read_only_) {
    throw StorageError("this strikeline is a read replica of " + server_ + "; it never writes");
  }
}

void PostgresBarRepository::write_replacing(std::span<const ContractDayKey> replaced,
                                            std::span<const StrikeBar> bars,
                                            std::span<const FutureBar> futures, BarOrigin origin) {
  check_batch(bars, origin);
  std::string future_rows;
  for (const FutureBar& bar : futures) {
    pg::append_future_copy_row(future_rows, bar, format_date(bar.key.expiry));
  }
  std::string rows;
  rows.reserve(bars.size() * 320);
  std::map<Expiry, std::string> expiry_texts;
  for (const StrikeBar& bar : bars) {
    auto [it, inserted] = expiry_texts.try_emplace(bar.key.expiry);
    if (inserted) it->second = format_date(bar.key.expiry);
    pg::append_copy_row(rows, bar, it->second);
  }
  std::string states;
  for (const ContractDayState& state : day_states_of(bars))
    pg::append_state_copy_row(states, state);
  // One pass over the batch's buckets: the IST days it writes (a partition each, when
  // partitioned) and the range the change log announces (the bars', the futures', and below the
  // replaced days').
  std::set<Date> days;
  std::optional<Date> last_day;
  std::optional<std::pair<std::int64_t, std::int64_t>> range;
  const auto cover = [&](UtcSeconds first, UtcSeconds last) {
    const std::int64_t a = epoch_seconds(first), b = epoch_seconds(last);
    range = range ? std::make_pair(std::min(range->first, a), std::max(range->second, b))
                  : std::make_pair(a, b);
  };
  const auto note = [&](UtcSeconds bucket) {
    cover(bucket, bucket);
    if (!partitioned_) return;
    const Date day = ist_date(bucket);
    if (day != last_day) days.insert(day);
    last_day = day;
  };
  for (const StrikeBar& bar : bars) note(bar.key.bucket);
  for (const FutureBar& bar : futures) note(bar.key.bucket);
  for (const ContractDayKey& key : replaced) {
    cover(ist_day_start(key.day), ist_day_start(key.day) + hours{24} - minutes{1});
  }
  assert(range);  // callers pass bars, futures or days
  std::lock_guard lock(write_mutex_);
  for (int attempt = 0;; ++attempt) {
    try {
      if (!writer_ || !writer_->ok()) {
        writer_.reset();
        writer_ = connect(true);
      }
      ensure_partitions(*writer_, days);
      write_batch(*writer_, rows, states, future_rows, origin, replaced, *range);
      return;
    } catch (const WriteFenced&) {
      if (writer_ && writer_->ok()) writer_->rollback_quietly();
      throw;  // another writer leads: no retry
    } catch (const StorageError& e) {
      const bool broken = !writer_ || !writer_->ok();
      if (!broken) writer_->rollback_quietly();
      if (broken) writer_.reset();
      // A partition this process thought present may have been dropped by another (its
      // retention): one retry, asking the database for the batch's days again.
      const bool partitions_unsure = partitioned_ && !days.empty();
      if (partitions_unsure) {
        std::lock_guard partitions(partitions_mutex_);
        partition_days_.clear();
      }
      // A connection that died while idle (a server restart) fails its first use: one retry on a
      // fresh connection. Re-sending is safe: the upsert is idempotent.
      if (attempt > 0 || !(broken || partitions_unsure)) throw;
    }
  }
}

void PostgresBarRepository::ensure_partitions(pg::Connection& connection,
                                              const std::set<Date>& days) {
  if (!partitioned_ || days.empty()) return;
  std::string missing;
  {
    std::lock_guard lock(partitions_mutex_);
    for (const Date day : days) {
      if (partition_days_.contains(day)) continue;
      missing += missing.empty() ? "{" : ",";
      missing += format_date(day);
    }
  }
  if (missing.empty()) return;
  missing += "}";
  const std::string doing = "creating the day partitions " + missing + " on " + server_;
  const char* params[] = {missing.c_str()};
  if (fence_) {
    // A follower, or a leader another writer superseded, creates nothing (no DDL off the lease).
    connection.exec("BEGIN", doing);
    check_fence(connection, doing, false);
  }
  connection.exec_params("SELECT strikeline_create_bar_partitions($1::date[])", params, doing);
  if (fence_) connection.exec("COMMIT", doing);
  std::lock_guard lock(partitions_mutex_);
  partition_days_.insert(days.begin(), days.end());
}

PartitionUpkeep PostgresBarRepository::maintain_partitions(Date first_day, Date last_day,
                                                           std::optional<UtcSeconds> as_of) {
  if (read_only_) {
    throw StorageError("this strikeline is a read replica of " + server_ + "; it never writes");
  }
  PartitionUpkeep out;
  if (!partitioned_) return out;
  out.partitioned = true;
  const std::string doing = "keeping the day partitions of " + server_;
  std::optional<Fence> fence;
  {
    std::lock_guard lock(write_mutex_);
    fence = fence_;
  }
  // A session of its own: ALTER DATABASE ... SET reaches new sessions only.
  pg::Connection connection(conninfo_);
  if (fence) {
    // Writer fail-over: the pass is one transaction holding the lease at this writer's term, so a
    // follower (or a superseded leader) changes nothing (WriteFenced), and a takeover terminates
    // the session, named as the writer's, should this leader stall in it (writer_lease.h).
    const std::string name = pg::writer_application_name(fence->holder);
    const char* name_params[] = {name.c_str()};
    connection.exec_params("SELECT set_config('application_name', $1, false)", name_params, doing);
    connection.exec("BEGIN", doing);
    check_lease(connection, *fence, doing);
  }
  std::set<Date> days;
  for (Date day = first_day; day <= last_day; day = day + std::chrono::days{1}) days.insert(day);
  if (!days.empty()) {
    std::string list;
    for (const Date day : days) list += (list.empty() ? "{" : ",") + format_date(day);
    list += "}";
    const char* params[] = {list.c_str()};
    pg::Result created = connection.exec_params(
        "SELECT strikeline_create_bar_partitions($1::date[])", params, doing);
    out.created = static_cast<int>(parse_epoch(created.text(0, 0)).value_or(0));  // a count
  }
  pg::Result setting = connection.exec(
      "SELECT nullif(current_setting('strikeline.retention_interval', true), '')", doing);
  if (!setting.is_null(0, 0)) out.retention = std::string(setting.text(0, 0));
  if (out.retention) {
    // A drop waits for the readers of the bar tables; it gives up rather than stall the writes
    // queued behind it (the next pass tries again).
    connection.exec("SET lock_timeout = '10s'", doing);
    const std::string as_of_text = as_of ? std::to_string(epoch_seconds(*as_of)) : "";
    const char* params[] = {as_of ? as_of_text.c_str() : nullptr};
    pg::Result dropped = connection.exec_params(
        "SELECT partition_name, day::text FROM strikeline_drop_expired_bar_partitions("
        "coalesce(to_timestamp($1::bigint), now()))",
        params, doing);
    for (int row = 0; row < dropped.rows(); ++row) {
      const auto day = parse_date(dropped.text(row, 1));
      if (!day) throw StorageError("unreadable day '" + std::string(dropped.text(row, 1)) + "'");
      out.dropped.push_back({std::string(dropped.text(row, 0)), *day});
    }
  }
  if (fence) connection.exec("COMMIT", doing);
  std::lock_guard lock(partitions_mutex_);
  partition_days_.insert(days.begin(), days.end());
  for (const PartitionUpkeep::Dropped& d : out.dropped) partition_days_.erase(d.day);
  return out;
}

void PostgresBarRepository::write_batch(pg::Connection& connection, const std::string& rows,
                                        const std::string& states, const std::string& futures,
                                        BarOrigin origin, std::span<const ContractDayKey> replaced,
                                        std::pair<std::int64_t, std::int64_t> range) {
  const std::string doing = "writing bars to " + server_;
  connection.exec("BEGIN", doing);
  // Fencing first: a refused write prunes and appends nothing.
  if (fence_) check_fence(connection, doing);
  // The change log's old rows (bar_change_log.h), now and then: in this transaction, so that a
  // failure rolls the prune back with the bars and it is retried with the next batch.
  const bool prune = change_log_ && steady_clock::now() >= next_prune_;
  if (prune) pg::prune_changes(connection, pg::kChangeRetention, doing);
  // Last before COMMIT: the change log's number (its counter's row lock is held until COMMIT).
  const auto append_and_commit = [&] {
    if (change_log_) pg::append_change(connection, range.first, range.second, doing);
    connection.exec("COMMIT", doing);
    if (prune) next_prune_ = steady_clock::now() + pg::kPruneEvery;
  };
  // Replaced contract-days lose their bars (and rollups), day states and catalogue span first;
  // the catalogue row keeps its source and convention, which the write below combines.
  for (const ContractDayKey& key : replaced) {
    const std::string day = format_date(key.day);
    const std::string expiry = format_date(key.expiry);
    const UtcSeconds start = ist_day_start(key.day);
    const std::string from = std::to_string(epoch_seconds(start));
    const std::string to = std::to_string(epoch_seconds(start + hours{24}));
    const char* bar_params[] = {key.symbol.c_str(), expiry.c_str(), from.c_str(), to.c_str()};
    for (const char* table :
         {"fo_option_strike_bars", "fo_option_strike_bars_5min", "fo_option_strike_bars_15min"}) {
      connection.exec_params("DELETE FROM " + std::string(table) +
                                 " WHERE symbol = $1 AND expiry = $2::date AND bucket_time >= "
                                 "to_timestamp($3) AND bucket_time < to_timestamp($4)",
                             bar_params, doing);
    }
    const char* day_params[] = {day.c_str(), key.symbol.c_str(), expiry.c_str()};
    connection.exec_params(
        "DELETE FROM fo_contract_states WHERE day = $1::date AND symbol = $2 AND expiry = "
        "$3::date",
        day_params, doing);
    connection.exec_params(
        "DELETE FROM fo_daily_bar_days WHERE day = $1::date AND symbol = $2 AND expiry = "
        "$3::date",
        day_params, doing);
    // The span is the new bars' (the write below takes the least and greatest with it): start
    // from an empty one; a day that gets no bar leaves the catalogue.
    connection.exec_params(
        "UPDATE fo_bar_days SET first_bucket = 'infinity', last_bucket = '-infinity', updated_at "
        "= now() WHERE day = $1::date AND symbol = $2 AND expiry = $3::date",
        day_params, doing);
  }
  const std::string source_text(bar_source_name(origin.source));
  if (!futures.empty()) {
    connection.copy_in(pg::copy_incoming_futures_sql(), futures, doing);
    const char* future_params[] = {source_text.c_str()};
    connection.exec_prepared(kUpsertFutures, future_params, doing);
  }
  if (rows.empty() && replaced.empty()) {
    // Futures alone: the replicas hear of them as of option bars (store/postgres/
    // bar_change_follower.h reads both in the range).
    connection.exec(pg::notify_incoming_futures_sql(), doing);
    append_and_commit();
    return;
  }
  connection.copy_in(pg::copy_incoming_sql(), rows, doing);
  connection.exec_prepared(kUpsert, {}, doing);
  connection.copy_in(pg::copy_incoming_states_sql(), states, doing);
  connection.exec_prepared(kUpsertStates, {}, doing);
  connection.exec_prepared(kRollup5, {}, doing);
  connection.exec_prepared(kRollup15, {}, doing);
  const std::string convention_text(stored_iv_convention_name(origin.iv_convention));
  const char* record_params[] = {
      source_text.c_str(),
      origin.iv_convention == StoredIvConvention::unknown ? nullptr : convention_text.c_str()};
  connection.exec_prepared(kRecordDays, record_params, doing);
  if (origin.daily_bars) {
    connection.exec(
        "INSERT INTO fo_daily_bar_days (day, symbol, expiry) SELECT DISTINCT "
        "(to_timestamp(epoch + 19800) AT TIME ZONE 'UTC')::date, symbol, expiry FROM "
        "fo_incoming_bars ON CONFLICT DO NOTHING",
        doing);
  }
  if (!replaced.empty()) {
    connection.exec("DELETE FROM fo_bar_days WHERE first_bucket = 'infinity'", doing);
  }
  connection.exec_prepared(kNotify, {}, doing);
  append_and_commit();
}

void PostgresBarRepository::check_lease(pg::Connection& connection, const Fence& fence,
                                        const std::string& doing) {
  const std::string term = std::to_string(fence.term);
  const char* params[] = {fence.holder.c_str(), term.c_str()};
  pg::Result held = connection.exec_params(
      "SELECT 1 FROM fo_writer_lease WHERE name = 'bars' AND holder = $1 AND term = $2::bigint "
      "FOR KEY SHARE",
      params, doing);
  if (held.rows() != 1) {
    throw WriteFenced(fence.term == 0
                          ? "this writer (" + fence.holder +
                                ") follows: it has not taken the writer lease on " + server_ +
                                "; nothing written"
                          : "writer lease term " + term + " of " + fence.holder + " on " + server_ +
                                " was taken over by another writer; nothing written");
  }
}

void PostgresBarRepository::check_fence(pg::Connection& connection, const std::string& doing,
                                        bool count_write) {
  check_lease(connection, *fence_, doing);
  if (!count_write) return;
  const std::string term = std::to_string(fence_->term);
  const char* term_params[] = {term.c_str()};
  connection.exec_params(
      "UPDATE fo_writer_terms SET writes = writes + 1, first_write_at = coalesce(first_write_at, "
      "clock_timestamp()), last_write_at = clock_timestamp() WHERE term = $1::bigint",
      term_params, doing);
}

void PostgresBarRepository::fence_writes(std::string holder, std::int64_t term) {
  std::lock_guard lock(write_mutex_);
  fence_ = Fence{std::move(holder), term};
  writer_.reset();  // the next one is named for the fence
}

std::optional<UtcSeconds> PostgresBarRepository::newest_bucket(
    std::span<const std::string> symbols) {
  // A text[] literal: every element quoted, a double quote or a backslash in it escaped.
  std::string array = "{";
  for (const std::string& symbol : symbols) {
    if (array.size() > 1) array += ',';
    array += '"';
    for (char c : symbol) {
      if (c == '"' || c == '\\') array += '\\';
      array += c;
    }
    array += '"';
  }
  array += "}";
  return with_reader([&](pg::Connection& connection, bool&) {
    const char* params[] = {symbols.empty() ? nullptr : array.c_str()};
    pg::Result r = connection.exec_params(
        "SELECT extract(epoch FROM max(last_bucket))::bigint FROM fo_bar_days WHERE $1::text[] "
        "IS NULL OR symbol = ANY($1::text[])",
        params, "reading the newest bucket of " + server_);
    std::optional<UtcSeconds> out;
    if (r.rows() == 1 && !r.is_null(0, 0)) {
      if (auto epoch = parse_epoch(r.text(0, 0))) out = utc_seconds(*epoch);
    }
    return out;
  });
}

std::size_t PostgresBarRepository::discard_simulated(std::span<const ContractDayKey> days) {
  if (read_only_) {
    throw StorageError("this strikeline is a read replica of " + server_ + "; it never writes");
  }
  const std::string doing = "removing simulated bars from " + server_;
  std::lock_guard lock(write_mutex_);
  if (!writer_ || !writer_->ok()) {
    writer_.reset();
    writer_ = connect(true);
  }
  pg::Connection& connection = *writer_;
  std::size_t removed = 0;
  connection.exec("BEGIN", doing);
  try {
    for (const ContractDayKey& key : days) {
      const std::string day = format_date(key.day);
      const std::string expiry = format_date(key.expiry);
      const UtcSeconds start = ist_day_start(key.day);
      const std::string from = std::to_string(epoch_seconds(start));
      const std::string to = std::to_string(epoch_seconds(start + hours{24}));
      const char* day_params[] = {day.c_str(), key.symbol.c_str(), expiry.c_str()};
      // Only a day the simulator alone wrote (locked until the end of the transaction).
      pg::Result simulated = connection.exec_params(
          "SELECT 1 FROM fo_bar_days WHERE day = $1::date AND symbol = $2 AND expiry = $3::date "
          "AND source = 'simulator' FOR UPDATE",
          day_params, doing);
      if (simulated.rows() == 0) continue;
      const char* bar_params[] = {key.symbol.c_str(), expiry.c_str(), from.c_str(), to.c_str()};
      for (const char* table :
           {"fo_option_strike_bars", "fo_option_strike_bars_5min", "fo_option_strike_bars_15min"}) {
        pg::Result deleted = connection.exec_params(
            "DELETE FROM " + std::string(table) +
                " WHERE symbol = $1 AND expiry = $2::date AND bucket_time >= to_timestamp($3) AND "
                "bucket_time < to_timestamp($4)",
            bar_params, doing);
        if (std::string_view(table) == "fo_option_strike_bars") {
          removed += static_cast<std::size_t>(
              parse_epoch(PQcmdTuples(deleted.get())).value_or(0));  // a count, not an epoch
        }
      }
      const char* future_params[] = {key.symbol.c_str(), from.c_str(), to.c_str()};
      connection.exec_params(
          "DELETE FROM fo_future_bars WHERE symbol = $1 AND bucket_time >= to_timestamp($2) AND "
          "bucket_time < to_timestamp($3) AND source = 'simulator'",
          future_params, doing);
      connection.exec_params(
          "DELETE FROM fo_contract_states WHERE day = $1::date AND symbol = $2 AND "
          "expiry = $3::date",
          day_params, doing);
      connection.exec_params(
          "DELETE FROM fo_bar_days WHERE day = $1::date AND symbol = $2 AND expiry = $3::date",
          day_params, doing);
    }
    connection.exec("COMMIT", doing);
  } catch (...) {
    if (writer_->ok()) {
      writer_->rollback_quietly();
    } else {
      writer_.reset();
    }
    throw;
  }
  return removed;
}

void PostgresBarRepository::scan_futures(UtcSeconds from, UtcSeconds to,
                                         const std::function<void(const FutureBar&)>& fn) {
  constexpr std::int64_t kFirst = -210866803200, kLast = 9224318015999;
  const std::string from_text = std::to_string(std::clamp(epoch_seconds(from), kFirst, kLast));
  const std::string to_text = std::to_string(std::clamp(epoch_seconds(to), kFirst, kLast));
  const std::string doing = "reading future bars from " + server_;
  std::vector<FutureBar> bars;
  with_reader([&](pg::Connection& connection, bool&) {
    const char* params[] = {from_text.c_str(), to_text.c_str()};
    pg::Result r = connection.exec_params(pg::select_future_bars_sql(), params, doing);
    bars.clear();
    FutureBar bar;
    for (int row = 0; row < r.rows(); ++row) {
      if (pg::read_future_bar(r, row, bar)) {
        bars.push_back(bar);
      } else {
        ++skipped_rows_;
      }
    }
  });
  for (const FutureBar& bar : bars) fn(bar);
}

void PostgresBarRepository::record_lots(std::span<const ContractLot> lots) {
  if (read_only_) {
    throw StorageError("this strikeline is a read replica of " + server_ + "; it never writes");
  }
  // Arrays of the four columns, unnested into one upsert. Symbols are canonical (A-Z, 0-9, '&',
  // '-', '_'), so each array element is quoted without escapes.
  std::string symbols = "{", expiries = "{", days = "{", sizes = "{";
  for (const ContractLot& lot : lots) {
    if (!valid_lot(lot.lot)) {
      throw StorageError("lot size " + std::to_string(lot.lot) + " of " + lot.symbol + " " +
                         format_date(lot.expiry) + " is not 1 to " + std::to_string(kMaxLotSize) +
                         "; no lot was stored");
    }
    if (lot.symbol.find_first_of("\"{},\\ ") != std::string::npos) {
      throw StorageError("'" + lot.symbol + "' is not a canonical symbol; no lot was stored");
    }
    const char* comma = symbols.size() > 1 ? "," : "";
    symbols += comma + ("\"" + lot.symbol + "\"");
    expiries += comma + format_date(lot.expiry);
    days += comma + format_date(lot.day);
    sizes += comma + std::to_string(lot.lot);
  }
  if (lots.empty()) return;
  for (std::string* array : {&symbols, &expiries, &days, &sizes}) *array += "}";
  const std::string doing = "writing lot sizes to " + server_;
  const char* params[] = {symbols.c_str(), expiries.c_str(), days.c_str(), sizes.c_str()};
  std::lock_guard lock(write_mutex_);
  for (int attempt = 0;; ++attempt) {
    try {
      if (!writer_ || !writer_->ok()) {
        writer_.reset();
        writer_ = connect(true);
      }
      // A lot given twice in one call: the later wins (DISTINCT ON keeps the last of the input's
      // order per key).
      writer_->exec_params(
          "INSERT INTO fo_contract_lots (symbol, expiry, day, lot_size) SELECT DISTINCT ON "
          "(s, e, d) s, e, d, l FROM (SELECT s, e, d, l, ord FROM unnest($1::text[], "
          "$2::date[], $3::date[], $4::bigint[]) WITH ORDINALITY AS t(s, e, d, l, ord) ORDER BY "
          "s, e, d, ord DESC) AS input ON CONFLICT (symbol, expiry, day) DO UPDATE SET lot_size "
          "= excluded.lot_size",
          params, doing);
      return;
    } catch (const StorageError&) {
      const bool broken = !writer_ || !writer_->ok();
      if (broken) writer_.reset();
      if (!broken || attempt > 0) throw;
    }
  }
}

std::vector<BarRepository::ContractDayKey> PostgresBarRepository::daily_days(Date day) {
  const std::string day_text = format_date(day);
  return with_reader([&](pg::Connection& connection, bool&) {
    const char* params[] = {day_text.c_str()};
    pg::Result r = connection.exec_params(
        "SELECT symbol, expiry::text FROM fo_daily_bar_days WHERE day = $1::date ORDER BY "
        "symbol, expiry",
        params, "reading the daily bars of " + server_);
    std::vector<ContractDayKey> out;
    for (int i = 0; i < r.rows(); ++i) {
      if (auto expiry = parse_date(r.text(i, 1)))
        out.push_back({day, std::string(r.text(i, 0)), *expiry});
    }
    return out;
  });
}

std::vector<ContractLot> PostgresBarRepository::contract_lots() {
  return with_reader([&](pg::Connection& connection, bool&) {
    pg::Result r = connection.exec(
        "SELECT symbol, expiry::text, day::text, lot_size FROM fo_contract_lots ORDER BY symbol, "
        "expiry, day",
        "reading the lot sizes of " + server_);
    std::vector<ContractLot> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
      const auto expiry = parse_date(r.text(i, 1));
      const auto day = parse_date(r.text(i, 2));
      const auto lot = parse_epoch(r.text(i, 3));  // a whole number
      if (!expiry || !day || !lot || !valid_lot(*lot) || r.text(i, 0).empty()) continue;
      out.push_back({std::string(r.text(i, 0)), *expiry, *day, *lot});
    }
    return out;
  });
}

void PostgresBarRepository::scan(UtcSeconds from, UtcSeconds to,
                                 const std::function<void(const StrikeBar&)>& fn) {
  // PostgreSQL timestamps end at year 294276; "everything" is asked as the whole time line.
  constexpr std::int64_t kFirst = -210866803200, kLast = 9224318015999;
  const std::string from_text = std::to_string(std::clamp(epoch_seconds(from), kFirst, kLast));
  const std::string to_text = std::to_string(std::clamp(epoch_seconds(to), kFirst, kLast));
  const std::string doing = "reading bars from " + server_;
  with_reader([&](pg::Connection& connection, bool& produced) {
    const char* params[] = {from_text.c_str(), to_text.c_str()};
    if (!PQsendQueryPrepared(connection.handle(), kSelectBars, 2, params, nullptr, nullptr, 0)) {
      connection.fail(doing);
    }
    PQsetSingleRowMode(connection.handle());
    pg::BarRowReader reader;
    StrikeBar bar;
    std::exception_ptr callback_error;
    std::string failure;
    std::uint64_t skipped = 0;
    // Every result is consumed, also after a failure, so the connection stays usable.
    while (PGresult* raw = PQgetResult(connection.handle())) {
      pg::Result result(raw);
      const ExecStatusType status = PQresultStatus(raw);
      if (status == PGRES_SINGLE_TUPLE) {
        if (callback_error) continue;
        if (!reader.read(result, 0, bar)) {
          ++skipped;
          continue;
        }
        produced = true;
        try {
          fn(bar);
        } catch (...) {
          callback_error = std::current_exception();
        }
      } else if (status != PGRES_TUPLES_OK) {
        const char* message = PQresultErrorMessage(raw);
        failure = doing + " failed: " + (message && *message ? message : "connection lost");
        while (!failure.empty() && failure.back() == '\n') failure.pop_back();
      }
    }
    skipped_rows_ += skipped;
    if (callback_error) std::rethrow_exception(callback_error);
    if (!failure.empty()) throw StorageError(failure);
  });
}

std::optional<std::pair<UtcSeconds, UtcSeconds>> PostgresBarRepository::time_range() {
  return with_reader([&](pg::Connection& connection, bool&) {
    pg::Result r = connection.exec(
        "SELECT extract(epoch FROM min(bucket_time))::bigint, extract(epoch FROM "
        "max(bucket_time))::bigint FROM fo_option_strike_bars WHERE timeframe = '1min'",
        "reading the time range of " + server_);
    std::optional<std::pair<UtcSeconds, UtcSeconds>> out;
    if (r.rows() == 1 && !r.is_null(0, 0)) {
      auto first = parse_epoch(r.text(0, 0));
      auto last = parse_epoch(r.text(0, 1));
      if (first && last) out = std::make_pair(utc_seconds(*first), utc_seconds(*last));
    }
    return out;
  });
}

RepositoryHealth PostgresBarRepository::health() {
  try {
    with_reader([&](pg::Connection& connection, bool&) {
      connection.exec("SELECT 1", "checking PostgreSQL at " + server_);
    });
    return {};
  } catch (const StorageError& e) {
    return {false, e.what()};
  }
}

namespace {

std::vector<ContractDay> contract_days_of(pg::Result& r) {
  std::vector<ContractDay> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    const auto day = parse_date(r.text(i, 0));
    const auto expiry = parse_date(r.text(i, 2));
    const auto first = parse_epoch(r.text(i, 3));
    const auto last = parse_epoch(r.text(i, 4));
    if (!day || !expiry || !first || !last || r.text(i, 1).empty()) continue;
    const BarSource source = r.is_null(i, 5)
                                 ? BarSource::unknown
                                 : parse_bar_source(r.text(i, 5)).value_or(BarSource::unknown);
    const StoredIvConvention convention =
        r.is_null(i, 6)
            ? StoredIvConvention::unknown
            : parse_stored_iv_convention(r.text(i, 6)).value_or(StoredIvConvention::unknown);
    out.push_back({*day, std::string(r.text(i, 1)), *expiry, utc_seconds(*first),
                   utc_seconds(*last), source, convention});
  }
  return out;
}

constexpr const char* kContractDayColumns =
    "SELECT day::text, symbol, expiry::text, extract(epoch FROM first_bucket)::bigint, "
    "extract(epoch FROM last_bucket)::bigint, source, iv_convention FROM fo_bar_days";

}  // namespace

std::vector<ContractDay> PostgresBarRepository::contract_days() {
  return with_reader([&](pg::Connection& connection, bool&) {
    pg::Result r =
        connection.exec(std::string(kContractDayColumns) + " ORDER BY day, symbol, expiry",
                        "reading the days stored in " + server_);
    return contract_days_of(r);
  });
}

std::vector<ContractDayState> PostgresBarRepository::states_before(Date day) {
  const std::string day_text = format_date(day);
  return with_reader([&](pg::Connection& connection, bool&) {
    const char* params[] = {day_text.c_str()};
    pg::Result r = connection.exec_params(pg::select_states_before_sql(), params,
                                          "reading the day states of " + server_);
    std::vector<ContractDayState> out;
    ContractDayState state;
    for (int row = 0; row < r.rows(); ++row) {
      if (!pg::read_contract_state(r, row, state)) continue;
      // Rows ascend by contract, then day: fold a contract's days into one state.
      if (!out.empty() && out.back().symbol == state.symbol && out.back().expiry == state.expiry &&
          out.back().strike == state.strike) {
        fold_day_state(out.back(), state);
      } else {
        out.push_back(state);
      }
    }
    return out;
  });
}

std::vector<ContractDay> PostgresBarRepository::contract_days_changed_since(UtcSeconds since) {
  const std::string epoch = std::to_string(epoch_seconds(since));
  return with_reader([&](pg::Connection& connection, bool&) {
    const char* params[] = {epoch.c_str()};
    pg::Result r = connection.exec_params(
        std::string(kContractDayColumns) +
            " WHERE updated_at >= to_timestamp($1) ORDER BY first_bucket, symbol, expiry",
        params, "reading the days changed in " + server_);
    return contract_days_of(r);
  });
}

std::vector<ContractDay> PostgresBarRepository::contract_days_between(UtcSeconds from,
                                                                      UtcSeconds to) {
  constexpr std::int64_t kFirst = -210866803200, kLast = 9224318015999;
  const std::string from_text = std::to_string(std::clamp(epoch_seconds(from), kFirst, kLast));
  const std::string to_text = std::to_string(std::clamp(epoch_seconds(to), kFirst, kLast));
  return with_reader([&](pg::Connection& connection, bool&) {
    const char* params[] = {from_text.c_str(), to_text.c_str()};
    pg::Result r = connection.exec_params(
        std::string(kContractDayColumns) +
            " WHERE last_bucket >= to_timestamp($1) AND first_bucket < to_timestamp($2) "
            "ORDER BY day, symbol, expiry",
        params, "reading the days stored in " + server_);
    return contract_days_of(r);
  });
}

std::int64_t PostgresBarRepository::newest_change() {
  return with_reader([&](pg::Connection& connection, bool&) {
    return pg::change_log_position(connection, "reading the change log of " + server_).newest;
  });
}

UtcSeconds PostgresBarRepository::database_time() {
  return with_reader([&](pg::Connection& connection, bool&) {
    pg::Result r = connection.exec("SELECT floor(extract(epoch FROM clock_timestamp()))::bigint",
                                   "reading the clock of " + server_);
    const auto epoch = r.rows() == 1 ? parse_epoch(r.text(0, 0)) : std::nullopt;
    if (!epoch) throw StorageError("unreadable clock from " + server_);
    return utc_seconds(*epoch);
  });
}

void PostgresBarRepository::load_day(Date ist_day,
                                     const std::function<void(const StrikeBar&)>& fn) {
  const UtcSeconds start = ist_day_start(ist_day);
  scan(start, start + hours{24}, fn);
}

}  // namespace strikeline
