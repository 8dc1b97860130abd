#include "store/sqlite/sqlite_bar_repository.h"

#include <sqlite3.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "store/bar_validation.h"
#include "store/sqlite/bar_rows.h"
#include "store/sqlite/contract_state_rows.h"
#include "store/sqlite/future_bar_rows.h"
#include "store/sqlite/schema_migrations.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/writer_lock.h"

namespace strikeline {

namespace {

// Rows per upsert statement: fewer statements to step cost less per row (measured best near 32).
constexpr int kRowsPerStatement = 32;

// A day written by another source than the one it has becomes 'mixed' (NULL, stored before
// sources were recorded, counts as market: core/bar_source.h's combined()); so does a day written
// under another IV convention (NULL, unknown, says nothing: core/bar_origin.h's combined()).
constexpr const char* kUpsertDaySql =
    "INSERT INTO fo_bar_days (day, symbol, expiry, first_bucket, last_bucket, source, "
    "iv_convention) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (day, symbol, expiry) DO "
    "UPDATE SET first_bucket = min(first_bucket, excluded.first_bucket), "
    "last_bucket = max(last_bucket, excluded.last_bucket), "
    "source = CASE WHEN coalesce(source, 'market') = excluded.source THEN excluded.source "
    "ELSE 'mixed' END, "
    "iv_convention = CASE WHEN excluded.iv_convention IS NULL THEN iv_convention "
    "WHEN iv_convention IS NULL OR iv_convention = excluded.iv_convention "
    "THEN excluded.iv_convention ELSE 'mixed' END";

void configure(sqlite::Connection& connection) {
  const std::string doing = "configuring " + connection.path();
  connection.exec("PRAGMA busy_timeout = 10000", doing);
  // Only takes effect while the file is still empty (a new database).
  connection.exec("PRAGMA page_size = 16384", doing);
  const std::string mode = connection.query_text("PRAGMA journal_mode = WAL", doing);
  if (mode != "wal") {
    throw StorageError(connection.path() + " cannot use WAL mode (journal mode is '" + mode + "')");
  }
  connection.exec(
      "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; "
      "PRAGMA mmap_size = 1073741824",
      doing);
}

// Rolls back an open transaction unless dismissed.
class TransactionGuard {
 public:
  explicit TransactionGuard(sqlite::Connection& connection) : connection_(connection) {}
  ~TransactionGuard() {
    if (!open_) return;
    try {
      connection_.exec("ROLLBACK", "rolling back");
    } catch (const StorageError&) {
      // The transaction is gone either way; the failure that brought us here is reported.
    }
  }
  void committed() { open_ = false; }

 private:
  sqlite::Connection& connection_;
  bool open_ = true;
};

// Resets a statement when the scope ends (also when a callback throws).
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite::Statement& statement) : statement_(statement) {}
  ~ResetOnExit() { statement_.reset(); }

 private:
  sqlite::Statement& statement_;
};

// Binds a statement over one contract-day (?1 day, ?2 symbol, ?3 expiry) and runs it.
void step_for_contract_day(sqlite::Statement& statement, const std::string& day_text,
                           std::string_view symbol, const std::string& expiry_text,
                           std::string_view doing) {
  ResetOnExit reset(statement);
  statement.bind_text(1, day_text);
  statement.bind_text(2, symbol);
  statement.bind_text(3, expiry_text);
  statement.step(doing);
}

// Binds a statement over the bucket range of one IST day (?1 start, ?2 end, ?3 symbol, and ?4
// expiry unless empty) and runs it; returns the rows it changed.
std::size_t step_for_ist_day(sqlite::Statement& statement, sqlite::Connection& connection, Date day,
                             std::string_view symbol, const std::string& expiry_text,
                             std::string_view doing) {
  const UtcSeconds start = ist_day_start(day);
  ResetOnExit reset(statement);
  statement.bind_int(1, epoch_seconds(start));
  statement.bind_int(2, epoch_seconds(start + std::chrono::hours{24}));
  statement.bind_text(3, symbol);
  if (!expiry_text.empty()) statement.bind_text(4, expiry_text);
  statement.step(doing);
  return static_cast<std::size_t>(sqlite3_changes(connection.handle()));
}

constexpr std::size_t kMaxIdleReaders = 4;

}  // namespace

// A read connection with its prepared scan.
struct SqliteBarRepository::Reader {
  explicit Reader(const std::string& path) : connection(path) {
    configure(connection);
    select_bars = std::make_unique<sqlite::Statement>(connection, sqlite::select_bars_sql());
  }
  ~Reader() { select_bars.reset(); }
  sqlite::Connection connection;
  std::unique_ptr<sqlite::Statement> select_bars;
};

// A reader borrowed from the pool, given back (or closed when the pool is full) at scope end.
class SqliteBarRepository::ReaderLease {
 public:
  ReaderLease(SqliteBarRepository& owner, std::unique_ptr<Reader> reader)
      : owner_(owner), reader_(std::move(reader)) {}
  ~ReaderLease() {
    std::lock_guard lock(owner_.readers_mutex_);
    if (owner_.idle_readers_.size() < kMaxIdleReaders) {
      owner_.idle_readers_.push_back(std::move(reader_));
    }
  }
  ReaderLease(const ReaderLease&) = delete;
  ReaderLease& operator=(const ReaderLease&) = delete;
  Reader* operator->() const { return reader_.get(); }

 private:
  SqliteBarRepository& owner_;
  std::unique_ptr<Reader> reader_;
};

SqliteBarRepository::ReaderLease SqliteBarRepository::borrow_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Reader> reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReaderLease(*this, std::move(reader));
    }
  }
  return ReaderLease(*this, std::make_unique<Reader>(path_));
}

SqliteBarRepository::SqliteBarRepository(const std::string& path, WriterLockPolicy policy)
    : path_(path) {
  writer_lock_ = sqlite::WriterLock::try_acquire(path, &lock_holder_);
  if (!writer_lock_ && policy == WriterLockPolicy::require) {
    throw StorageError(path + " is being written by " + lock_holder_ +
                       " (a SQLite file has one writer); stop it first, or start this server "
                       "with --handover to take the file over when it stops");
  }
  writer_ = std::make_unique<sqlite::Connection>(path);
  // Reading the version first also detects a file that is not a database, before any write.
  const std::int64_t version =
      writer_->query_int("PRAGMA user_version", "opening the bar database " + path);
  if (version > sqlite::kSchemaVersion) {
    throw StorageError(path + " has schema version " + std::to_string(version) +
                       ", newer than this strikeline understands (" +
                       std::to_string(sqlite::kSchemaVersion) +
                       "); use a newer strikeline or another database file");
  }
  if (!writer_lock_ && version < sqlite::kSchemaVersion) {
    throw StorageError(path + " needs a schema upgrade (version " + std::to_string(version) +
                       " to " + std::to_string(sqlite::kSchemaVersion) +
                       "), which only its writer may make, and " + lock_holder_ +
                       " writes it; stop that process, then start this one");
  }
  configure(*writer_);
  if (writer_lock_) prepare_writes();
  idle_readers_.push_back(std::make_unique<Reader>(path));
  if (writer_lock_ && version > 0 && version < 3) rebuild_states();  // else refused above
}

SqliteBarRepository::~SqliteBarRepository() {
  // Statements before their connections.
  upsert_bar_.reset();
  upsert_bars_.reset();
  upsert_day_.reset();
  upsert_state_.reset();
  upsert_future_.reset();
}

void SqliteBarRepository::prepare_writes() {
  if (writes_prepared_) return;
  sqlite::migrate(*writer_);
  upsert_bar_ = std::make_unique<sqlite::Statement>(*writer_, sqlite::upsert_bars_sql(1));
  upsert_bars_ =
      std::make_unique<sqlite::Statement>(*writer_, sqlite::upsert_bars_sql(kRowsPerStatement));
  upsert_day_ = std::make_unique<sqlite::Statement>(*writer_, kUpsertDaySql);
  upsert_state_ =
      std::make_unique<sqlite::Statement>(*writer_, sqlite::upsert_contract_state_sql());
  upsert_future_ = std::make_unique<sqlite::Statement>(*writer_, sqlite::upsert_future_bar_sql());
  writes_prepared_ = true;
}

bool SqliteBarRepository::holds_writer_lock() const {
  std::lock_guard lock(write_mutex_);
  return writer_lock_ != nullptr;
}

std::string SqliteBarRepository::writer_lock_holder() const {
  std::lock_guard lock(write_mutex_);
  return writer_lock_ ? std::string("this process") : lock_holder_;
}

bool SqliteBarRepository::take_writer_lock() {
  std::lock_guard lock(write_mutex_);
  if (writer_lock_) return true;
  writer_lock_ = sqlite::WriterLock::try_acquire(path_, &lock_holder_);
  if (!writer_lock_) return false;
  prepare_writes();
  return true;
}

void SqliteBarRepository::release_writer_lock() {
  std::lock_guard lock(write_mutex_);
  writer_lock_.reset();
  lock_holder_ = "another process";
}

void SqliteBarRepository::scan_written_since(UtcSeconds since,
                                             const std::function<void(const StrikeBar&)>& fn) {
  // The bar scan's columns, chosen by write time instead of bucket time (a full scan: it runs
  // once, when a server takes the file over).
  std::string sql = sqlite::select_bars_sql();
  sql = sql.substr(0, sql.find(" FROM ")) +
        " FROM fo_option_strike_bars WHERE timeframe = '1min' AND updated_at >= ?1 "
        "ORDER BY bucket_time, symbol, expiry, strike";
  ReaderLease lease = borrow_reader();
  sqlite::Statement select(lease->connection, sql);
  select.bind_int(1, epoch_seconds(since));
  sqlite::BarRowReader reader;
  StrikeBar bar;
  const std::string doing = "reading the latest writes of " + path_;
  while (select.step(doing)) {
    if (reader.read(select, bar)) fn(bar);
  }
}

namespace {

// The write's checks before anything is stored: the source, and every bar a storable one.
void check_batch(std::span<const StrikeBar> bars, BarSource source) {
  if (source != BarSource::market && source != BarSource::simulator) {
    throw StorageError("bars are written as market or simulator data, not " +
                       std::string(bar_source_name(source)) + "; nothing of the batch was stored");
  }
  OneMinuteBarChecker checker;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (auto problem = checker.problem(bars[i])) {
      throw StorageError("bar #" + std::to_string(i) + " (" + describe_key(bars[i].key) +
                         "): " + *problem + "; nothing of the batch was stored");
    }
  }
}

}  // namespace

void SqliteBarRepository::write(std::span<const StrikeBar> bars, BarOrigin origin) {
  write_with_futures(bars, {}, origin);
}

void SqliteBarRepository::write_with_futures(std::span<const StrikeBar> bars,
                                             std::span<const FutureBar> futures, BarOrigin origin) {
  check_batch(bars, origin.source);
  for (std::size_t i = 0; i < futures.size(); ++i) {
    if (auto problem = future_bar_problem(futures[i])) {
      throw StorageError("future bar #" + std::to_string(i) + " (" + futures[i].key.symbol + " " +
                         format_date(futures[i].key.expiry) + "): " + *problem +
                         "; nothing of the batch was stored");
    }
  }
  if (bars.empty() && futures.empty()) return;
  std::lock_guard lock(write_mutex_);
  if (!writer_lock_) {
    throw StorageError("this server does not write " + path_ + " (" + lock_holder_ +
                       " does); nothing was stored");
  }
  const std::string doing = "writing bars to " + path_;
  writer_->exec("BEGIN IMMEDIATE", doing);
  TransactionGuard transaction(*writer_);
  if (!bars.empty()) write_in_transaction(bars, origin, doing);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  for (const FutureBar& bar : futures) {
    // Bound without a copy (SQLITE_STATIC): the text outlives the step.
    const std::string expiry = format_date(bar.key.expiry);
    ResetOnExit reset(*upsert_future_);
    sqlite::bind_future_bar(*upsert_future_, bar, expiry, now, bar_source_name(origin.source));
    upsert_future_->step(doing);
  }
  writer_->exec("COMMIT", doing);
  transaction.committed();
}

void SqliteBarRepository::replace_contract_days(std::span<const ContractDayKey> days,
                                                std::span<const StrikeBar> bars, BarOrigin origin) {
  check_batch(bars, origin.source);
  // Each replaced day's new span, from its bars.
  std::map<std::tuple<Date, std::string_view, Expiry>,
           std::optional<std::pair<UtcSeconds, UtcSeconds>>>
      spans;
  for (const ContractDayKey& key : days) spans.try_emplace({key.day, key.symbol, key.expiry});
  for (const StrikeBar& bar : bars) {
    auto it = spans.find({ist_date(bar.key.bucket), bar.key.symbol, bar.key.expiry});
    if (it == spans.end()) {
      throw StorageError("bar " + describe_key(bar.key) +
                         " is not of a contract-day being replaced; nothing was stored");
    }
    std::optional<std::pair<UtcSeconds, UtcSeconds>>& span = it->second;
    if (!span) span.emplace(bar.key.bucket, bar.key.bucket);
    span->first = std::min(span->first, bar.key.bucket);
    span->second = std::max(span->second, bar.key.bucket);
  }
  std::lock_guard lock(write_mutex_);
  if (!writer_lock_) {
    throw StorageError("this server does not write " + path_ + " (" + lock_holder_ +
                       " does); nothing was replaced");
  }
  const std::string doing = "replacing a day's bars in " + path_;
  writer_->exec("BEGIN IMMEDIATE", doing);
  TransactionGuard transaction(*writer_);
  sqlite::Statement remove_bars(*writer_,
                                "DELETE FROM fo_option_strike_bars WHERE bucket_time >= ?1 AND "
                                "bucket_time < ?2 AND symbol = ?3 AND expiry = ?4");
  sqlite::Statement remove_states(*writer_,
                                  "DELETE FROM fo_contract_states WHERE day = ?1 AND symbol = ?2 "
                                  "AND expiry = ?3");
  sqlite::Statement remove_day(*writer_,
                               "DELETE FROM fo_bar_days WHERE day = ?1 AND symbol = ?2 AND "
                               "expiry = ?3");
  sqlite::Statement unmark(*writer_,
                           "DELETE FROM fo_daily_bar_days WHERE day = ?1 AND symbol = ?2 AND "
                           "expiry = ?3");
  sqlite::Statement set_span(*writer_,
                             "UPDATE fo_bar_days SET first_bucket = ?4, last_bucket = ?5 WHERE "
                             "day = ?1 AND symbol = ?2 AND expiry = ?3");
  for (const auto& [key, span] : spans) {
    const auto& [day, symbol, expiry] = key;
    const std::string day_text = format_date(day);
    const std::string expiry_text = format_date(expiry);
    step_for_ist_day(remove_bars, *writer_, day, symbol, expiry_text, doing);
    step_for_contract_day(remove_states, day_text, symbol, expiry_text, doing);
    step_for_contract_day(unmark, day_text, symbol, expiry_text, doing);
    // The catalogue row keeps its source and convention (the write below combines them), with
    // the new span; a day left without bars leaves the catalogue.
    if (span) {
      set_span.bind_int(4, epoch_seconds(span->first));
      set_span.bind_int(5, epoch_seconds(span->second));
    }
    step_for_contract_day(span ? set_span : remove_day, day_text, symbol, expiry_text, doing);
  }
  if (!bars.empty()) write_in_transaction(bars, origin, doing);
  writer_->exec("COMMIT", doing);
  transaction.committed();
}

std::vector<BarRepository::ContractDayKey> SqliteBarRepository::daily_days(Date day) {
  ReaderLease lease = borrow_reader();
  sqlite::Statement query(lease->connection,
                          "SELECT symbol, expiry FROM fo_daily_bar_days WHERE day = ?1 ORDER BY "
                          "symbol, expiry");
  const std::string day_text = format_date(day);
  query.bind_text(1, day_text);
  std::vector<ContractDayKey> out;
  while (query.step("reading the daily bars of " + path_)) {
    if (auto expiry = parse_date(query.column_text(1)))
      out.push_back({day, std::string(query.column_text(0)), *expiry});
  }
  return out;
}

void SqliteBarRepository::write_in_transaction(std::span<const StrikeBar> bars, BarOrigin origin,
                                               const std::string& doing) {
  const BarSource source = origin.source;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  using DayKey = std::tuple<Date, std::string_view, Expiry>;
  std::map<DayKey, std::pair<UtcSeconds, UtcSeconds>> days;
  // Expiry texts stay alive until the statement using them has been stepped.
  std::map<Expiry, std::string> expiry_texts;
  const auto expiry_text = [&](Expiry e) -> const std::string& {
    auto [it, inserted] = expiry_texts.try_emplace(e);
    if (inserted) it->second = format_date(e);
    return it->second;
  };
  sqlite::bind_written_at(*upsert_bars_, now);
  sqlite::bind_written_at(*upsert_bar_, now);
  std::size_t i = 0;
  for (; i + kRowsPerStatement <= bars.size(); i += kRowsPerStatement) {
    ResetOnExit reset(*upsert_bars_);
    for (int row = 0; row < kRowsPerStatement; ++row) {
      const StrikeBar& bar = bars[i + static_cast<std::size_t>(row)];
      sqlite::bind_bar(*upsert_bars_, row, bar, expiry_text(bar.key.expiry));
    }
    upsert_bars_->step(doing);
  }
  for (; i < bars.size(); ++i) {
    ResetOnExit reset(*upsert_bar_);
    sqlite::bind_bar(*upsert_bar_, 0, bars[i], expiry_text(bars[i].key.expiry));
    upsert_bar_->step(doing);
  }
  for (const StrikeBar& bar : bars) {
    auto [it, inserted] =
        days.try_emplace(DayKey{ist_date(bar.key.bucket), bar.key.symbol, bar.key.expiry},
                         bar.key.bucket, bar.key.bucket);
    if (!inserted) {
      it->second.first = std::min(it->second.first, bar.key.bucket);
      it->second.second = std::max(it->second.second, bar.key.bucket);
    }
  }
  for (const auto& [key, span] : days) {
    const std::string day_text = format_date(std::get<0>(key));
    const std::string expiry = format_date(std::get<2>(key));
    ResetOnExit reset(*upsert_day_);
    upsert_day_->bind_text(1, day_text);
    upsert_day_->bind_text(2, std::get<1>(key));
    upsert_day_->bind_text(3, expiry);
    upsert_day_->bind_int(4, epoch_seconds(span.first));
    upsert_day_->bind_int(5, epoch_seconds(span.second));
    upsert_day_->bind_text(6, bar_source_name(source));
    if (origin.iv_convention == StoredIvConvention::unknown) {
      upsert_day_->bind_null(7);
    } else {
      upsert_day_->bind_text(7, stored_iv_convention_name(origin.iv_convention));
    }
    upsert_day_->step(doing);
  }
  if (origin.daily_bars) {
    sqlite::Statement mark(*writer_,
                           "INSERT OR IGNORE INTO fo_daily_bar_days (day, symbol, expiry) VALUES "
                           "(?1, ?2, ?3)");
    for (const auto& [key, span] : days) {
      const std::string day_text = format_date(std::get<0>(key));
      const std::string expiry = format_date(std::get<2>(key));
      ResetOnExit reset(mark);
      mark.bind_text(1, day_text);
      mark.bind_text(2, std::get<1>(key));
      mark.bind_text(3, expiry);
      mark.step(doing);
    }
  }
  write_states(bars, doing);
}

void SqliteBarRepository::write_states(std::span<const StrikeBar> bars, const std::string& doing) {
  std::string expiry_text, day_text;
  for (const ContractDayState& state : day_states_of(bars)) {
    expiry_text = format_date(state.expiry);
    day_text = format_date(state.day);
    ResetOnExit reset(*upsert_state_);
    sqlite::bind_contract_state(*upsert_state_, state, expiry_text, day_text);
    upsert_state_->step(doing);
  }
}

void SqliteBarRepository::scan_futures(UtcSeconds from, UtcSeconds to,
                                       const std::function<void(const FutureBar&)>& fn) {
  ReaderLease lease = borrow_reader();
  sqlite::Statement select(lease->connection, sqlite::select_future_bars_sql());
  select.bind_int(1, epoch_seconds(from));
  select.bind_int(2, epoch_seconds(to));
  const std::string doing = "reading future bars from " + path_;
  FutureBar bar;
  std::uint64_t skipped = 0;
  while (select.step(doing)) {
    if (sqlite::read_future_bar(select, bar)) {
      fn(bar);
    } else {
      ++skipped;
    }
  }
  skipped_rows_ += skipped;
}

std::size_t SqliteBarRepository::discard_simulated(std::span<const ContractDayKey> days) {
  std::lock_guard lock(write_mutex_);
  if (!writer_lock_) {
    throw StorageError("this server does not write " + path_ + " (" + lock_holder_ +
                       " does); nothing was removed");
  }
  const std::string doing = "removing simulated bars from " + path_;
  writer_->exec("BEGIN IMMEDIATE", doing);
  TransactionGuard transaction(*writer_);
  sqlite::Statement source(*writer_,
                           "SELECT source FROM fo_bar_days WHERE day = ?1 AND symbol = ?2 AND "
                           "expiry = ?3");
  sqlite::Statement bars(*writer_,
                         "DELETE FROM fo_option_strike_bars WHERE bucket_time >= ?1 AND "
                         "bucket_time < ?2 AND symbol = ?3 AND expiry = ?4");
  sqlite::Statement future_bars(*writer_,
                                "DELETE FROM fo_future_bars WHERE bucket_time >= ?1 AND "
                                "bucket_time < ?2 AND symbol = ?3 AND source = 'simulator'");
  sqlite::Statement states(*writer_,
                           "DELETE FROM fo_contract_states WHERE day = ?1 AND symbol = ?2 AND "
                           "expiry = ?3");
  sqlite::Statement catalogue(*writer_,
                              "DELETE FROM fo_bar_days WHERE day = ?1 AND symbol = ?2 AND "
                              "expiry = ?3");
  std::size_t removed = 0;
  for (const ContractDayKey& key : days) {
    const std::string day_text = format_date(key.day);
    const std::string expiry_text = format_date(key.expiry);
    {
      ResetOnExit reset(source);
      source.bind_text(1, day_text);
      source.bind_text(2, key.symbol);
      source.bind_text(3, expiry_text);
      if (!source.step(doing) || source.is_null(0) ||
          source.column_text(0) != bar_source_name(BarSource::simulator)) {
        continue;  // not (or no longer) only the simulator's
      }
    }
    removed += step_for_ist_day(bars, *writer_, key.day, key.symbol, expiry_text, doing);
    step_for_ist_day(future_bars, *writer_, key.day, key.symbol, "", doing);  // any expiry
    step_for_contract_day(states, day_text, key.symbol, expiry_text, doing);
    step_for_contract_day(catalogue, day_text, key.symbol, expiry_text, doing);
  }
  writer_->exec("COMMIT", doing);
  transaction.committed();
  return removed;
}

void SqliteBarRepository::record_lots(std::span<const ContractLot> lots) {
  for (const ContractLot& lot : lots) {
    if (!valid_lot(lot.lot)) {
      throw StorageError("lot size " + std::to_string(lot.lot) + " of " + lot.symbol + " " +
                         format_date(lot.expiry) + " is not 1 to " + std::to_string(kMaxLotSize) +
                         "; no lot was stored");
    }
  }
  if (lots.empty()) return;
  std::lock_guard lock(write_mutex_);
  if (!writer_lock_) {
    throw StorageError("this server does not write " + path_ + " (" + lock_holder_ +
                       " does); no lot was stored");
  }
  const std::string doing = "writing lot sizes to " + path_;
  writer_->exec("BEGIN IMMEDIATE", doing);
  TransactionGuard transaction(*writer_);
  sqlite::Statement upsert(*writer_,
                           "INSERT INTO fo_contract_lots (symbol, expiry, day, lot_size) VALUES "
                           "(?1, ?2, ?3, ?4) ON CONFLICT (symbol, expiry, day) DO UPDATE SET "
                           "lot_size = excluded.lot_size");
  for (const ContractLot& lot : lots) {
    const std::string expiry = format_date(lot.expiry);
    const std::string day = format_date(lot.day);
    ResetOnExit reset(upsert);
    upsert.bind_text(1, lot.symbol);
    upsert.bind_text(2, expiry);
    upsert.bind_text(3, day);
    upsert.bind_int(4, lot.lot);
    upsert.step(doing);
  }
  writer_->exec("COMMIT", doing);
  transaction.committed();
}

std::vector<ContractLot> SqliteBarRepository::contract_lots() {
  ReaderLease lease = borrow_reader();
  const std::string doing = "reading the lot sizes of " + path_;
  sqlite::Statement query(lease->connection,
                          "SELECT symbol, expiry, day, lot_size FROM fo_contract_lots "
                          "ORDER BY symbol, expiry, day");
  std::vector<ContractLot> out;
  while (query.step(doing)) {
    const auto expiry = parse_date(query.column_text(1));
    const auto day = parse_date(query.column_text(2));
    const std::int64_t lot = query.column_int(3);
    if (!expiry || !day || !valid_lot(lot)) continue;
    out.push_back({std::string(query.column_text(0)), *expiry, *day, lot});
  }
  return out;
}

void SqliteBarRepository::rebuild_states() {
  std::set<Date> days;
  for (const ContractDay& c : contract_days()) days.insert(c.day);
  std::vector<StrikeBar> bars;
  for (Date day : days) {
    bars.clear();
    load_day(day, [&](const StrikeBar& bar) { bars.push_back(bar); });
    std::lock_guard lock(write_mutex_);
    const std::string doing = "filling the day states of " + path_;
    writer_->exec("BEGIN IMMEDIATE", doing);
    TransactionGuard transaction(*writer_);
    write_states(bars, doing);
    writer_->exec("COMMIT", doing);
    transaction.committed();
  }
}

std::vector<ContractDayState> SqliteBarRepository::states_before(Date day) {
  ReaderLease lease = borrow_reader();
  const std::string doing = "reading the day states of " + path_;
  sqlite::Statement query(lease->connection, sqlite::select_states_before_sql());
  const std::string day_text = format_date(day);
  query.bind_text(1, day_text);
  std::vector<ContractDayState> out;
  ContractDayState row;
  while (query.step(doing)) {
    if (!sqlite::read_contract_state(query, row)) continue;
    // Rows come ascending by contract, then day: fold a contract's days into one state.
    if (!out.empty() && out.back().symbol == row.symbol && out.back().expiry == row.expiry &&
        out.back().strike == row.strike) {
      fold_day_state(out.back(), row);
    } else {
      out.push_back(row);
    }
  }
  return out;
}

void SqliteBarRepository::scan(UtcSeconds from, UtcSeconds to,
                               const std::function<void(const StrikeBar&)>& fn) {
  ReaderLease lease = borrow_reader();
  sqlite::Statement& select = *lease->select_bars;
  const std::string doing = "reading bars from " + path_;
  ResetOnExit reset(select);
  select.bind_int(1, epoch_seconds(from));
  select.bind_int(2, epoch_seconds(to));
  sqlite::BarRowReader reader;
  StrikeBar bar;
  std::uint64_t skipped = 0;
  while (select.step(doing)) {
    if (reader.read(select, bar)) {
      fn(bar);
    } else {
      ++skipped;
    }
  }
  skipped_rows_ += skipped;
}

std::optional<std::pair<UtcSeconds, UtcSeconds>> SqliteBarRepository::time_range() {
  ReaderLease lease = borrow_reader();
  // Ordered sub-selects walk the time-first primary key from either end (min()/max() with a
  // WHERE clause would scan the table).
  sqlite::Statement range(lease->connection,
                          "SELECT (SELECT bucket_time FROM fo_option_strike_bars WHERE timeframe = "
                          "'1min' ORDER BY bucket_time LIMIT 1), (SELECT bucket_time FROM "
                          "fo_option_strike_bars WHERE timeframe = '1min' ORDER BY bucket_time "
                          "DESC LIMIT 1)");
  if (!range.step("reading the time range of " + path_) || range.is_null(0)) return std::nullopt;
  return std::make_pair(utc_seconds(range.column_int(0)), utc_seconds(range.column_int(1)));
}

RepositoryHealth SqliteBarRepository::health() {
  try {
    ReaderLease lease = borrow_reader();
    lease->connection.query_int("SELECT count(*) FROM sqlite_master", "checking " + path_);
    return {};
  } catch (const StorageError& e) {
    return {false, e.what()};
  }
}

std::vector<ContractDay> SqliteBarRepository::contract_days() {
  ReaderLease lease = borrow_reader();
  const std::string doing = "reading the day catalogue of " + path_;
  sqlite::Statement query(lease->connection,
                          "SELECT day, symbol, expiry, first_bucket, last_bucket, source, "
                          "iv_convention FROM fo_bar_days ORDER BY day, symbol, expiry");
  std::vector<ContractDay> out;
  while (query.step(doing)) {
    const auto day = parse_date(query.column_text(0));
    const auto expiry = parse_date(query.column_text(2));
    if (!day || !expiry) continue;
    const BarSource source =
        query.is_null(5) ? BarSource::unknown
                         : parse_bar_source(query.column_text(5)).value_or(BarSource::unknown);
    const StoredIvConvention convention = query.is_null(6)
                                              ? StoredIvConvention::unknown
                                              : parse_stored_iv_convention(query.column_text(6))
                                                    .value_or(StoredIvConvention::unknown);
    out.push_back({*day, std::string(query.column_text(1)), *expiry,
                   utc_seconds(query.column_int(3)), utc_seconds(query.column_int(4)), source,
                   convention});
  }
  return out;
}

void SqliteBarRepository::load_day(Date ist_day, const std::function<void(const StrikeBar&)>& fn) {
  const UtcSeconds start = ist_day_start(ist_day);
  scan(start, start + std::chrono::hours{24}, fn);
}

std::vector<ClosingOpenInterest> SqliteBarRepository::closing_open_interest(Date ist_day) {
  ReaderLease lease = borrow_reader();
  const std::string doing = "reading closing open interest from " + path_;
  const UtcSeconds start = ist_day_start(ist_day);
  sqlite::Statement query(lease->connection,
                          "SELECT symbol, expiry, strike, call_oi_sum, put_oi_sum "
                          "FROM fo_option_strike_bars WHERE timeframe = '1min' AND "
                          "bucket_time >= ?1 AND bucket_time < ?2 ORDER BY bucket_time");
  query.bind_int(1, epoch_seconds(start));
  query.bind_int(2, epoch_seconds(start + std::chrono::hours{24}));
  using Key = std::tuple<std::string, Expiry, Strike>;
  std::map<Key, std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>>> last;
  while (query.step(doing)) {
    const auto expiry = parse_date(query.column_text(1));
    const auto strike = Strike::from_double(query.column_double(2));
    if (!expiry || !strike) continue;
    auto& entry = last[Key{std::string(query.column_text(0)), *expiry, *strike}];
    if (!query.is_null(3)) entry.first = query.column_int(3);
    if (!query.is_null(4)) entry.second = query.column_int(4);
  }
  std::vector<ClosingOpenInterest> out;
  out.reserve(last.size());
  for (const auto& [key, oi] : last) {
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), oi.first, oi.second});
  }
  return out;
}

std::string SqliteBarRepository::integrity_check() {
  ReaderLease lease = borrow_reader();
  return lease->connection.query_text("PRAGMA integrity_check",
                                      "checking the integrity of " + path_);
}

std::string SqliteBarRepository::quick_check(const std::atomic<bool>* cancel) {
  if (cancel && cancel->load()) throw StorageError("checking " + path_ + ": interrupted");
  sqlite::Connection connection(path_);
  connection.exec("PRAGMA busy_timeout = 10000", "checking " + path_);
  // The check runs inside one statement step; sqlite3_interrupt() is what stops it early.
  std::atomic<bool> done{false};
  std::thread watcher;
  if (cancel) {
    watcher = std::thread([&] {
      while (!done.load()) {
        if (cancel->load()) {
          sqlite3_interrupt(connection.handle());
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
      }
    });
  }
  struct JoinOnExit {
    std::atomic<bool>& done;
    std::thread& watcher;
    ~JoinOnExit() {
      done = true;
      if (watcher.joinable()) watcher.join();
    }
  } join_on_exit{done, watcher};
  return connection.query_text("PRAGMA quick_check", "checking the integrity of " + path_);
}

int SqliteBarRepository::schema_version() {
  ReaderLease lease = borrow_reader();
  return static_cast<int>(lease->connection.query_int("PRAGMA user_version", "reading " + path_));
}

}  // namespace strikeline
