// PostgresBarRepository: the bar log on PostgreSQL (DESIGN.md "Storage", "Scale-out"): 1-minute
// bars in fo_option_strike_bars with the 5/15-minute rollup tables kept current in the same
// transaction (bar_statements.h) with the day catalogue fo_bar_days, in a schema the migrations
// (schema_migrations.h) created; the constructor does not migrate. It is the BarRepository the
// ingest path writes and the DaySource the chain store reads history from.
//
// Durability: write() is one transaction (COPY into a temporary table, upsert, rollups, NOTIFY,
// the change log's entry: bar_change_log.h) and returns only after COMMIT, so an acknowledged batch
// is on the server's disk (its synchronous_commit setting) and a failed one is entirely absent. A
// read-only repository (a read replica) refuses write() with StorageError and never changes the
// database.
//
// Outages: connections are made on demand; a broken one is dropped and replaced, with exponential
// backoff between connection attempts (100 ms doubling to 5 s), so a server that is down is not
// hammered. While it is down write() and reads throw StorageError quickly, health() reports the
// database unreachable (naming host:port/db), and the caller keeps what it could not write (the
// ingest pipeline retries its pending bars); once it is back the next call reconnects. Writes use
// one connection; reads borrow one from a small pool, so health probes and day loads never wait
// for a write in progress. All methods are thread-safe.
//
// Day partitions (migrations/014, plain PostgreSQL): when the bar tables are partitioned by IST
// day, every write first makes sure the IST days of its bars and future bars have their partitions
// (strikeline_create_bar_partitions, in its own short transaction, once per day and process: an
// import of an old day creates that day's), so no write meets a missing partition; there is no
// DEFAULT partition. maintain_partitions() creates days ahead and applies the database's retention.
// With TimescaleDB's hypertables (not partitioned) none of this runs.
//
// Fencing (writer fail-over, store/postgres/writer_lease.h): once fence_writes() gave it a lease
// term, every bar write (write, write_with_futures, replace_contract_days) first locks the lease
// row (FOR KEY SHARE) where holder and term are this writer's, in the write's transaction: when
// another writer took the lease over, WriteFenced is thrown and nothing is written; while the
// write runs no takeover can complete. The write also records its database time in the term's
// fo_writer_terms row. The partitions a write creates first, and maintain_partitions() (creation
// ahead, retention), are fenced the same way: a follower never runs DDL on the bar tables. Lot
// sizes and --discard-simulated (start-up, idempotent) are not fenced.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/bar_repository.h"
#include "store/day_source.h"

namespace strikeline {

namespace pg {
class Connection;
}

// What one maintain_partitions() pass did.
struct PartitionUpkeep {
  bool partitioned = false;  // false: the bar tables are not partitioned, nothing was done
  int created = 0;           // partitions created by this pass
  // strikeline.retention_interval as this pass's session saw it; nullopt: unset (retention off).
  std::optional<std::string> retention;
  struct Dropped {
    std::string partition;  // e.g. "fo_option_strike_bars_p20250102"
    Date day;               // its IST day
  };
  std::vector<Dropped> dropped;  // ascending by day, then name
};

class PostgresBarRepository final : public BarRepository, public DaySource {
 public:
  // Connects once (StorageError when the server cannot be reached or the schema is missing).
  explicit PostgresBarRepository(std::string conninfo, bool read_only = false);
  ~PostgresBarRepository() override;

  // Bars must pass one_minute_bar_problem() (store/bar_validation.h), else StorageError naming
  // the first bad bar and nothing stored.
  void write(std::span<const StrikeBar> bars, BarOrigin origin) override;
  // Future bars in fo_future_bars (migrations/009), in the option bars' transaction.
  void write_with_futures(std::span<const StrikeBar> bars, std::span<const FutureBar> futures,
                          BarOrigin origin) override;
  void scan_futures(UtcSeconds from, UtcSeconds to,
                    const std::function<void(const FutureBar&)>& fn) override;
  // Also removes the future bars of those symbols and days that only the simulator wrote.
  std::size_t discard_simulated(std::span<const ContractDayKey> days) override;
  void replace_contract_days(std::span<const ContractDayKey> days, std::span<const StrikeBar> bars,
                             BarOrigin origin) override;
  // fo_daily_bar_days (migrations/012).
  std::vector<ContractDayKey> daily_days(Date day) override;
  // fo_contract_lots (migrations/010), in one statement.
  void record_lots(std::span<const ContractLot> lots) override;
  std::vector<ContractLot> contract_lots() override;
  // Rows that cannot be bars (written by something else) are skipped and counted.
  void scan(UtcSeconds from, UtcSeconds to,
            const std::function<void(const StrikeBar&)>& fn) override;
  std::optional<std::pair<UtcSeconds, UtcSeconds>> time_range() override;
  RepositoryHealth health() override;

  // From the day catalogue fo_bar_days, which every write keeps current.
  std::vector<ContractDay> contract_days() override;
  void load_day(Date ist_day, const std::function<void(const StrikeBar&)>& fn) override;
  // From fo_contract_states (migrations/006), which every write keeps current.
  std::vector<ContractDayState> states_before(Date day) override;
  // The catalogue rows that writes changed at or after `since` (database time, see
  // database_time()), ascending by first bucket.
  std::vector<ContractDay> contract_days_changed_since(UtcSeconds since);
  // The catalogue rows with bars in [from, to) (their sources, for a replica's chain store).
  std::vector<ContractDay> contract_days_between(UtcSeconds from, UtcSeconds to);
  // The change log's newest number (bar_change_log.h): the writes numbered up to it had committed
  // when it was read.
  std::int64_t newest_change();
  // The database server's clock, to whole seconds (the clock fo_bar_days.updated_at is set by).
  UtcSeconds database_time();
  // The newest 1-minute bucket stored for these symbols (all symbols when empty), from the day
  // catalogue fo_bar_days; nullopt when none.
  std::optional<UtcSeconds> newest_bucket(std::span<const std::string> symbols);
  // From now on every bar write, partition creation and maintain_partitions() pass is checked
  // against lease `term` of `holder` (see above); term 0 (a writer that has not taken the lease
  // yet: a follower) refuses them all. The writing connection is named
  // writer_application_name(holder).
  void fence_writes(std::string holder, std::int64_t term);

  // True when fo_option_strike_bars is partitioned (migrations/014 on plain PostgreSQL).
  bool partitioned() const { return partitioned_; }
  // One upkeep pass of the day partitions, on a connection of its own (so that an ALTER DATABASE
  // ... SET strikeline.retention_interval made since the last pass is seen): creates the partitions
  // of the IST days [first_day, last_day] that are missing, then, when the database sets
  // strikeline.retention_interval, drops the partitions of the days that ended at or before
  // `as_of` (the database's now() when nullopt) minus the interval, with their catalogue rows, in
  // one transaction (strikeline_drop_expired_bar_partitions). Does nothing when not partitioned.
  // A read replica refuses (StorageError); failures throw StorageError and change nothing. Under a
  // fence (fence_writes) the pass is one transaction that holds the lease row: WriteFenced, and
  // nothing created or dropped, unless this writer leads.
  PartitionUpkeep maintain_partitions(Date first_day, Date last_day,
                                      std::optional<UtcSeconds> as_of = std::nullopt);

  const std::string& conninfo() const { return conninfo_; }
  const std::string& server() const { return server_; }  // host:port/db, for messages
  bool read_only() const { return read_only_; }
  std::uint64_t skipped_rows() const { return skipped_rows_.load(); }
  std::uint64_t reconnects() const { return reconnects_.load(); }

 private:
  class ReaderLease;
  std::unique_ptr<pg::Connection> connect(bool writer);
  ReaderLease borrow_reader();
  // StorageError when the bars cannot be written (their source, a bar, a read replica).
  void check_batch(std::span<const StrikeBar> bars, BarOrigin origin) const;
  // write() and replace_contract_days(): one transaction, retried once on a fresh connection.
  void write_replacing(std::span<const ContractDayKey> replaced, std::span<const StrikeBar> bars,
                       std::span<const FutureBar> futures, BarOrigin origin);
  // `range`: the epoch seconds of the first and last bucket written (the change log's entry).
  void write_batch(pg::Connection& connection, const std::string& rows, const std::string& states,
                   const std::string& futures, BarOrigin origin,
                   std::span<const ContractDayKey> replaced,
                   std::pair<std::int64_t, std::int64_t> range);
  // Creates the partitions of `days` this process has not yet seen to exist (no-op when not
  // partitioned); on the writer connection, outside any transaction. Call with write_mutex_ held.
  void ensure_partitions(pg::Connection& connection, const std::set<Date>& days);
  struct Fence {
    std::string holder;
    std::int64_t term = 0;  // 0: none taken yet (a follower): every write is refused
  };
  // In a transaction: locks the lease row at the fence's holder and term (FOR KEY SHARE), else
  // WriteFenced.
  void check_lease(pg::Connection& connection, const Fence& fence, const std::string& doing);
  // In a write's transaction: check_lease() with fence_; a bar write (count_write) also records
  // its time in the term's fo_writer_terms row. Call with write_mutex_ held.
  void check_fence(pg::Connection& connection, const std::string& doing, bool count_write = true);
  // Runs fn on a reader; when the connection turns out broken before fn produced anything, once
  // more on a fresh one (a pooled connection may have died while idle, e.g. a server restart).
  template <typename Fn>
  auto with_reader(Fn&& fn);

  std::string conninfo_, server_;
  bool read_only_;
  bool partitioned_ = false;  // set by the constructor

  std::mutex partitions_mutex_;
  std::set<Date> partition_days_;  // days whose partitions exist (as far as this process knows)

  std::mutex backoff_mutex_;
  std::chrono::steady_clock::time_point next_attempt_{};
  std::chrono::milliseconds delay_{0};
  std::string last_error_;

  std::mutex write_mutex_;
  std::unique_ptr<pg::Connection> writer_;
  std::chrono::steady_clock::time_point next_prune_{};  // of the change log; under write_mutex_
  bool change_log_ = true;      // the schema has fo_bar_changes (015); under write_mutex_
  std::optional<Fence> fence_;  // under write_mutex_
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<pg::Connection>> idle_readers_;
  std::atomic<std::uint64_t> skipped_rows_{0}, reconnects_{0};
};

}  // namespace strikeline
