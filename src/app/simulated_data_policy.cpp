#include "app/simulated_data_policy.h"

#include <CLI/CLI.hpp>
#include <map>
#include <utility>
#include <vector>

namespace strikeline::app {

namespace {

// "NIFTY 2026-12-10 (2 days), BANKNIFTY 2026-12-31 (1 day)", at most five contracts named.
std::string describe(const std::vector<const ContractDay*>& days) {
  std::map<std::pair<std::string, Expiry>, std::size_t> per_contract;
  for (const ContractDay* d : days) ++per_contract[{d->symbol, d->expiry}];
  std::string out;
  std::size_t shown = 0;
  for (const auto& [contract, count] : per_contract) {
    if (++shown > 5) {
      out += " and " + std::to_string(per_contract.size() - 5) + " more contracts";
      break;
    }
    if (!out.empty()) out += ", ";
    out += contract.first + " " + format_date(contract.second) + " (" + std::to_string(count) +
           (count == 1 ? " day)" : " days)");
  }
  return out;
}

}  // namespace

void add_simulated_data_flags(CLI::App* command, SimulatedDataFlags& flags) {
  command->add_flag(
      "--discard-simulated", flags.discard_simulated,
      "first remove the contract-days of stored bars only the simulator wrote (serve: "
      "all of them; import: those of the files' contracts), in one transaction, "
      "saying how many");
  command->add_flag("--allow-mixed", flags.allow_mixed,
                    "write real data beside the simulator's stored bars of the same contracts "
                    "(those days then read as mixed)");
}

std::optional<SimulatedDataPolicy> simulated_data_policy(const SimulatedDataFlags& flags,
                                                         std::string* error) {
  if (flags.discard_simulated && flags.allow_mixed) {
    *error = "give --discard-simulated or --allow-mixed, not both";
    return std::nullopt;
  }
  if (flags.discard_simulated) return SimulatedDataPolicy::discard;
  if (flags.allow_mixed) return SimulatedDataPolicy::allow_mixed;
  return SimulatedDataPolicy::refuse;
}

SimulatedDataOutcome prepare_for_real_data(
    BarRepository& repository, DaySource& days, SimulatedDataPolicy policy,
    const std::function<bool(const ContractDay&)>& concerns) {
  const std::vector<ContractDay> catalogue = days.contract_days();
  std::vector<const ContractDay*> simulated, mixed;
  for (const ContractDay& day : catalogue) {
    if (!holds_simulated(day.source) || !concerns(day)) continue;
    (day.source == BarSource::mixed ? mixed : simulated).push_back(&day);
  }
  SimulatedDataOutcome out;
  if (simulated.empty() && mixed.empty()) return out;
  std::vector<const ContractDay*> all = simulated;
  all.insert(all.end(), mixed.begin(), mixed.end());
  switch (policy) {
    case SimulatedDataPolicy::allow_mixed:
      out.message = "writing real data beside simulated bars of " + describe(all) +
                    " (--allow-mixed: those days read as mixed)";
      return out;
    case SimulatedDataPolicy::refuse:
      out.refused = true;
      out.message = "the store holds simulated bars (the built-in market simulator's) for " +
                    describe(all) +
                    "; real data is not mixed with them: give --discard-simulated to remove "
                    "them first, or --allow-mixed to keep both (those days then read as mixed)";
      return out;
    case SimulatedDataPolicy::discard:
      break;
  }
  if (!mixed.empty()) {
    out.refused = true;
    out.message = "the store holds days where simulated and real bars are already mixed, for " +
                  describe(mixed) +
                  ", which cannot be separated; give --allow-mixed to write beside them "
                  "(nothing was removed)";
    return out;
  }
  std::vector<BarRepository::ContractDayKey> keys;
  keys.reserve(simulated.size());
  for (const ContractDay* d : simulated) keys.push_back({d->day, d->symbol, d->expiry});
  out.bars_discarded = repository.discard_simulated(keys);
  out.days_discarded = keys.size();
  out.message = "discarded " + std::to_string(out.bars_discarded) + " simulated bars of " +
                std::to_string(out.days_discarded) + " contract-days: " + describe(simulated);
  return out;
}

}  // namespace strikeline::app
