// BarRepository: the durable bar log (DESIGN.md "Storage"). write() returns only once the whole
// batch is durable, and a batch is all-or-nothing: after a crash it is either entirely present or
// absent. Writing a bar whose key already exists replaces it (idempotent re-send, late correction).
// Implementations: sqlite/ (embedded default) and postgres/.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/strike_bar.h"

namespace strikeline {

struct RepositoryHealth {
  bool healthy = true;
  std::string detail;  // what failed, when unhealthy
};

class BarRepository {
 public:
  virtual ~BarRepository() = default;

  // Durably stores 1-minute bars (other timeframes are derived). Throws StorageError on failure,
  // in which case nothing of the batch is stored.
  virtual void write(std::span<const StrikeBar> bars) = 0;

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

}  // namespace strikeline
