// SqliteBarRepository: the embedded bar log (DESIGN.md "Storage"): one SQLite file in WAL mode
// holding 1-minute bars in fo_option_strike_bars and future bars in fo_future_bars
// (schema_migrations.h). It is the BarRepository
// the ingest path writes and the DaySource the chain store reads history from.
//
// Durability: each write() is one IMMEDIATE transaction of prepared upserts and returns only after
// COMMIT with synchronous=FULL. In WAL mode FULL syncs the WAL file at every commit, so an
// acknowledged batch survives a process crash and a power loss; NORMAL would only sync at
// checkpoints and could lose the last commits on power loss. A crash mid-write leaves the batch
// entirely absent (the uncommitted WAL frames are ignored on recovery).
//
// One writer per file (store/sqlite/writer_lock.h): opening takes the file's writer lock. When
// another process holds it, opening fails (StorageError naming the holder), or, with
// WriterLockPolicy::wait_for_it (the successor of a zero-downtime restart), opens the file for
// reading only until take_writer_lock() succeeds; write() without the lock is a StorageError.
// release_writer_lock() gives the file up (a stopping server hands it to its successor).
//
// Opening creates the file if missing, upgrades an older schema (only with the writer lock), and
// refuses (StorageError, file untouched) a file that is not a SQLite database or has a newer
// schema. quick_check() runs SQLite's PRAGMA quick_check (the whole file read once, on a
// connection of its own) for the server's check after start. Writes use one connection;
// reads borrow one from a small pool, so readers (scans, day loads, several at once) never wait
// for a write in progress or for each other; each connection is used by one thread at a time. All
// methods are thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/bar_repository.h"
#include "store/day_source.h"

namespace strikeline {

namespace sqlite {
class Connection;
class Statement;
}  // namespace sqlite

// The last open interest of one contract on a day (the previous close an oi_change refers to).
struct ClosingOpenInterest {
  std::string symbol;
  Expiry expiry;
  Strike strike;
  std::optional<std::int64_t> call_oi, put_oi;
  friend bool operator==(const ClosingOpenInterest&, const ClosingOpenInterest&) = default;
};

namespace sqlite {
class WriterLock;
}

enum class WriterLockPolicy {
  require,      // the file must be free: StorageError when another process writes it
  wait_for_it,  // open for reading when another process writes it; take the lock later
};

class SqliteBarRepository final : public BarRepository, public DaySource {
 public:
  explicit SqliteBarRepository(const std::string& path,
                               WriterLockPolicy policy = WriterLockPolicy::require);
  ~SqliteBarRepository() override;

  // Bars must pass one_minute_bar_problem() (store/bar_validation.h), else StorageError naming
  // the first bad bar and nothing stored.
  void write(std::span<const StrikeBar> bars, BarOrigin origin) override;
  // Future bars in fo_future_bars (schema 6), in the option bars' transaction.
  void write_with_futures(std::span<const StrikeBar> bars, std::span<const FutureBar> futures,
                          BarOrigin origin) override;
  void scan_futures(UtcSeconds from, UtcSeconds to,
                    const std::function<void(const FutureBar&)>& fn) override;
  // Also removes the future bars (any expiry) of those symbols and days that only the simulator
  // wrote.
  std::size_t discard_simulated(std::span<const ContractDayKey> days) override;
  void replace_contract_days(std::span<const ContractDayKey> days, std::span<const StrikeBar> bars,
                             BarOrigin origin) override;
  std::vector<ContractDayKey> daily_days(Date day) override;
  void record_lots(std::span<const ContractLot> lots) override;
  std::vector<ContractLot> contract_lots() override;
  // Rows that cannot be bars (unparsable expiry, non-positive strike) are skipped and counted.
  void scan(UtcSeconds from, UtcSeconds to,
            const std::function<void(const StrikeBar&)>& fn) override;
  std::optional<std::pair<UtcSeconds, UtcSeconds>> time_range() override;
  RepositoryHealth health() override;

  std::vector<ContractDay> contract_days() override;
  void load_day(Date ist_day, const std::function<void(const StrikeBar&)>& fn) override;
  // From fo_contract_states, which every write keeps current (and opening fills for a file
  // written before it existed).
  std::vector<ContractDayState> states_before(Date day) override;

  // Per contract with bars that IST day, the last present call and put oi, ascending by symbol,
  // expiry, strike.
  std::vector<ClosingOpenInterest> closing_open_interest(Date ist_day);

  // "ok" when PRAGMA integrity_check finds nothing wrong, else its report.
  std::string integrity_check();
  // "ok" when PRAGMA quick_check finds nothing wrong, else the first problem it reports. Setting
  // *cancel stops it early (StorageError "interrupted").
  std::string quick_check(const std::atomic<bool>* cancel = nullptr);

  bool holds_writer_lock() const;
  // Who holds the writer lock when this repository does not ("process 1234").
  std::string writer_lock_holder() const;
  // Takes the writer lock if it is free now; true when this repository holds it.
  bool take_writer_lock();
  // Gives the lock up after the write in progress; writes fail from now on.
  void release_writer_lock();
  // Visits the 1-minute bars written at or after `since` (by any process), in bucket order: what a
  // successor re-reads of its predecessor's last writes when it takes the file over.
  void scan_written_since(UtcSeconds since, const std::function<void(const StrikeBar&)>& fn);
  int schema_version();
  std::uint64_t skipped_rows() const { return skipped_rows_.load(); }
  const std::string& path() const { return path_; }

 private:
  void prepare_writes();

  std::string path_;
  mutable std::mutex write_mutex_;
  std::unique_ptr<sqlite::WriterLock> writer_lock_;  // guarded by write_mutex_
  std::string lock_holder_;                          // guarded by write_mutex_
  bool writes_prepared_ = false;
  std::unique_ptr<sqlite::Connection> writer_;
  std::unique_ptr<sqlite::Statement> upsert_bar_;   // one row
  std::unique_ptr<sqlite::Statement> upsert_bars_;  // several rows
  std::unique_ptr<sqlite::Statement> upsert_day_;
  std::unique_ptr<sqlite::Statement> upsert_state_;
  std::unique_ptr<sqlite::Statement> upsert_future_;
  // The write of `bars` inside the open write transaction (bars, catalogue, day states).
  void write_in_transaction(std::span<const StrikeBar> bars, BarOrigin origin,
                            const std::string& doing);
  // Writes the day states of `bars` inside the open write transaction.
  void write_states(std::span<const StrikeBar> bars, const std::string& doing);
  // Fills fo_contract_states from every stored bar (a file upgraded from before it existed).
  void rebuild_states();
  struct Reader;
  class ReaderLease;
  ReaderLease borrow_reader();

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Reader>> idle_readers_;
  std::atomic<std::uint64_t> skipped_rows_{0};
};

}  // namespace strikeline
