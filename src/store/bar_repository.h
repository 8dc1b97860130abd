// BarRepository: the durable bar log (DESIGN.md "Storage"). write() returns only once the whole
// batch is durable, and a batch is all-or-nothing: after a crash it is either entirely present or
// absent. Writing a bar whose key already exists replaces it (idempotent re-send, late correction).
// Every write says where its bars came from (core/bar_source.h): the source of each contract's IST
// day is recorded in the same transaction (a day written by both becomes `mixed`), and the day
// catalogue (store/day_source.h, ContractDay::source) reads it back. discard_simulated() removes
// the days that only the simulator wrote.
// Futures (core/future_bar.h) are bars of their own (fo_future_bars), written with the option bars
// of the same batch in one transaction (write_with_futures) and read back by scan_futures().
// Implementations: sqlite/ (embedded default) and postgres/.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bar_source.h"
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

  // Durably stores 1-minute bars (other timeframes are derived) that came from `source` (market or
  // simulator). Throws StorageError on failure, in which case nothing of the batch is stored.
  virtual void write(std::span<const StrikeBar> bars, BarSource source) = 0;
  // Option bars and future bars (1-minute, replaced by key) of one batch, in one transaction, as
  // write(). Future bars must pass future_bar_problem(), else StorageError and nothing stored.
  // The default stores the option bars only (a repository that keeps no futures: test doubles).
  virtual void write_with_futures(std::span<const StrikeBar> bars,
                                  std::span<const FutureBar> futures, BarSource source);
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

inline std::size_t BarRepository::discard_simulated(std::span<const ContractDayKey>) {
  throw StorageError("this bar store cannot discard simulated bars");
}

inline void BarRepository::write_with_futures(std::span<const StrikeBar> bars,
                                              std::span<const FutureBar> futures,
                                              BarSource source) {
  (void)futures;
  write(bars, source);
}

inline void BarRepository::scan_futures(UtcSeconds, UtcSeconds,
                                        const std::function<void(const FutureBar&)>&) {}

}  // namespace strikeline
