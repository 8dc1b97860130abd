// SimulatedDataPolicy: what a writer of real data (serve with the Kite feed or HTTP ingest, an
// import of real data) does about simulated bars already stored for the same contracts (issue 25,
// "provenance is data"). By default it refuses, changing nothing, with an error that names the
// contracts and the two ways on: --discard-simulated removes the contract-days only the simulator
// wrote (one transaction; the count is reported), --allow-mixed keeps them and writes alongside
// (those days then read as mixed). A contract-day already mixed cannot be separated into its
// simulated and real bars: --discard-simulated refuses while one is concerned (--allow-mixed
// takes it as it is).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "store/bar_repository.h"
#include "store/day_source.h"

namespace CLI {
class App;
}

namespace strikeline::app {

enum class SimulatedDataPolicy { refuse, discard, allow_mixed };

struct SimulatedDataFlags {
  bool discard_simulated = false;
  bool allow_mixed = false;
};

// Adds --discard-simulated and --allow-mixed to a command that writes real data.
void add_simulated_data_flags(CLI::App* command, SimulatedDataFlags& flags);

// The policy the flags say; nullopt with *error when both are given.
std::optional<SimulatedDataPolicy> simulated_data_policy(const SimulatedDataFlags& flags,
                                                         std::string* error);

struct SimulatedDataOutcome {
  bool refused = false;
  std::string message;  // why refused, or what was done (empty: nothing simulated concerned)
  std::size_t days_discarded = 0;
  std::size_t bars_discarded = 0;
};

// Applies the policy to the stored contract-days that `concerns` selects, before real data is
// written. Throws StorageError when the store cannot be read or changed (nothing changed).
SimulatedDataOutcome prepare_for_real_data(BarRepository& repository, DaySource& days,
                                           SimulatedDataPolicy policy,
                                           const std::function<bool(const ContractDay&)>& concerns);

}  // namespace strikeline::app
