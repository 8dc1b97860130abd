// BarRepository: the durable bar log (DESIGN.md "Storage"). write() returns only once the whole
// batch is durable, and a batch is all-or-nothing: after a crash it is either entirely present or
// absent. Writing a bar whose key already exists replaces it (idempotent re-send, late correction).
// Every write says where its bars came from and which IV convention computed their IVs
// (core/bar_origin.h): the source and the convention of each contract's IST day are recorded in
// the same transaction (a day written by both sources, or under both conventions, becomes
// `mixed`), and the day catalogue (store/day_source.h, ContractDay) reads them back.
// discard_simulated() removes the days that only the simulator wrote. Lot sizes per contract and
// day (core/contract_lot.h) are kept beside the bars: record_lots() stores them, contract_lots()
// reads them back. Futures (core/future_bar.h) are bars of their own (fo_future_bars), written
// with the option bars of the same batch in one transaction (write_with_futures) and read back by
// scan_futures(). Implementations: sqlite/ (embedded default) and postgres/.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bar_origin.h"
#include "core/contract_lot.h"
#include "core/future_bar.h"
#include "core/strike_bar.h"

namespace strikeline {

struct RepositoryHealth {
  bool healthy = true;
  std::string detail;  // what failed, when unhealthy
};

class BarRepository {
 public:
  virtual ~BarRepository() = default;

  // Durably stores 1-minute bars (other timeframes are derived) that came from `origin.source`
  // (market or simulator) with IVs of `origin.iv_convention` (unknown: not computed by the
  // writer); with `origin.daily_bars`, their contract-days are marked daily (daily_days()). Throws
  // StorageError on failure, in which case nothing of the batch is stored.
  virtual void write(std::span<const StrikeBar> bars, BarOrigin origin) = 0;
  // Option bars and future bars (1-minute, replaced by key) of one batch, in one transaction, as
  // write(). Future bars must pass future_bar_problem(), else StorageError and nothing stored.
  // The default stores the option bars only (a repository that keeps no futures: test doubles).
  virtual void write_with_futures(std::span<const StrikeBar> bars,
                                  std::span<const FutureBar> futures, BarOrigin origin);
  // Visits the stored future bars with bucket start in [from, to), ascending by time (the default:
  // none).
  virtual void scan_futures(UtcSeconds from, UtcSeconds to,
                            const std::function<void(const FutureBar&)>& fn);

  // Removes, in one transaction, every bar of the contract-days (symbol, expiry, IST day) given
  // whose recorded source is `simulator` (the others are left alone), with their catalogue rows
  // and day states. Returns the number of 1-minute bars removed. Throws StorageError on failure
  // (nothing removed). The default refuses (a repository that cannot).
  struct ContractDayKey {
    Date day;
    std::string symbol;
    Expiry expiry;
  };
  virtual std::size_t discard_simulated(std::span<const ContractDayKey> days);

  // Replaces every 1-minute bar of the contract-days given with `bars` (each of which belongs to
  // one of them), in one transaction: their day states, catalogue spans and rollups are
  // recomputed from `bars` (a contract-day left without bars leaves the catalogue), each day's
  // source and IV convention combine with `origin` as a write's do, and the days are no longer
  // marked daily. What an import does when minute data of a day takes precedence over that day's
  // daily bar. Throws StorageError (nothing changed). The default refuses.
  virtual void replace_contract_days(std::span<const ContractDayKey> days,
                                     std::span<const StrikeBar> bars, BarOrigin origin);

  // The contract-days of one IST day whose bar of 15:30 IST is an end-of-day file's daily bar
  // (written with BarOrigin::daily_bars, not replaced since), ascending by symbol, expiry. The
  // default: none.
  virtual std::vector<ContractDayKey> daily_days(Date day) {
    (void)day;
    return {};
  }

  // Durably stores the lots contracts traded at (one transaction; a lot already stored for the
  // same symbol, expiry and day is replaced). Lots must be valid_lot(), else StorageError and
  // nothing stored. The default refuses (a repository that cannot).
  virtual void record_lots(std::span<const ContractLot> lots);
  // Every stored lot, ascending by symbol, expiry, day. The default: none.
  virtual std::vector<ContractLot> contract_lots() { return {}; }

  // Visits the stored 1-minute bars with bucket start in [from, to), in ascending time order.
  virtual void scan(UtcSeconds from, UtcSeconds to,
                    const std::function<void(const StrikeBar&)>& fn) = 0;

  // The oldest and newest stored bucket starts (nullopt when empty).
  virtual std::optional<std::pair<UtcSeconds, UtcSeconds>> time_range() = 0;

  virtual RepositoryHealth health() = 0;
};

struct StorageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A write refused because this writer no longer holds the writer lease it wrote under (another
// writer took it over: store/postgres/writer_lease.h). Nothing of the batch is stored; the writer
// must stop writing (it becomes a follower).
struct WriteFenced : StorageError {
  using StorageError::StorageError;
};

inline void BarRepository::record_lots(std::span<const ContractLot> lots) {
  if (!lots.empty()) throw StorageError("this bar store cannot keep lot sizes");
}

inline void BarRepository::replace_contract_days(std::span<const ContractDayKey>,
                                                 std::span<const StrikeBar>, BarOrigin) {
  throw StorageError("this bar store cannot replace a day's bars");
}

inline std::size_t BarRepository::discard_simulated(std::span<const ContractDayKey>) {
  throw StorageError("this bar store cannot discard simulated bars");
}

inline void BarRepository::write_with_futures(std::span<const StrikeBar> bars,
                                              std::span<const FutureBar> futures,
                                              BarOrigin origin) {
  (void)futures;
  write(bars, origin);
}

inline void BarRepository::scan_futures(UtcSeconds, UtcSeconds,
                                        const std::function<void(const FutureBar&)>&) {}

}  // namespace strikeline
